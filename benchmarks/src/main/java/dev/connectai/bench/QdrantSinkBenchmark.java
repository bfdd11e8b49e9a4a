package dev.connectai.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.connectai.embedding.EmbedText;
import dev.connectai.qdrant.QdrantSinkTask;
import dev.connectai.qdrantapi.QdrantApiServer;
import dev.connectai.testing.SampleTexts;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpsertPoints;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Sink throughput against the in-process Qdrant gRPC server, all in one run:
 * (a) the sink task writing records that carry precomputed 384-dim vectors, against (b) the raw QdrantClient
 * upserting the same points in the same batch size; (c) the sink embedding texts itself in batches with the
 * int8 model, against (d) the embedding SMT per record feeding the sink. Prints; asserts nothing.
 *
 * <p>The sink task is driven directly (records built in memory, as Connect hands them to put()), so the figures
 * leave out Kafka consumption and conversion, which are the same for every sink.
 */
public final class QdrantSinkBenchmark {

    private static final int POINTS = Integer.getInteger("bench.points", 20_000);
    private static final int BATCH = 256;
    private static final int DIM = 384;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    private QdrantSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (QdrantApiServer server = QdrantApiServer.start()) {
            System.out.printf(Locale.ROOT, "Qdrant sink benchmark: in-process Qdrant-API server, %d points of %d dims, "
                    + "batch %d, best of %d rounds, %d cores%n%n", POINTS, DIM, BATCH, ROUNDS, Runtime.getRuntime().availableProcessors());
            List<float[]> vectors = new ArrayList<>(POINTS);
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < POINTS; i++) {
                float[] v = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    v[d] = (float) random.nextGaussian();
                }
                vectors.add(v);
            }
            List<String> texts = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                for (String t : SampleTexts.all()) {
                    texts.add(t + " (" + r + ")"); // distinct texts: no cache hits
                }
            }
            // Full-size warm-up passes: the JIT needs about 40,000 points before the sink reaches its steady speed
            // (measured round by round), and a short warm-up left that ramp inside the timed rounds.
            for (int w = 0; w < 2; w++) {
                rawClient(server, "warmup-raw-" + w, vectors);
                sinkWithVectors(server, "warmup-sink-" + w, vectors);
            }
            sinkEmbedding(server, "warmup-embed", texts.subList(0, 60));
            smtThenSink(server, "warmup-smt", texts.subList(0, 60));
            // Each case runs ROUNDS times, interleaved with its baseline, and keeps its best round: on a shared
            // 2-core machine a single pass moved a ratio by +-0.2 from run to run.
            double a = 0;
            double b = 0;
            double c = 0;
            double d = 0;
            for (int round = 0; round < ROUNDS; round++) {
                b = Math.max(b, rawClient(server, "raw-" + round, vectors));
                a = Math.max(a, sinkWithVectors(server, "sink-" + round, vectors));
                c = Math.max(c, sinkEmbedding(server, "embed-in-sink-" + round, texts));
                d = Math.max(d, smtThenSink(server, "smt-then-sink-" + round, texts));
            }

            System.out.println("| case | per second | ratio | target |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| (a) sink task, precomputed vectors | %.0f points | a/b = %.2f | >= 0.8 |%n", a, a / b);
            System.out.printf(Locale.ROOT, "| (b) raw QdrantClient batched upsert | %.0f points | baseline | |%n", b);
            System.out.printf(Locale.ROOT, "| (c) sink embedding in batches, int8 | %.0f texts | c/d = %.2f | >= 2 |%n", c, c / d);
            System.out.printf(Locale.ROOT, "| (d) EmbedText SMT per record, then sink | %.0f texts | baseline | |%n", d);
        }
    }

    private static double rawClient(QdrantApiServer server, String collection, List<float[]> vectors) throws Exception {
        try (QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1", server.port(), false).build())) {
            client.createCollectionAsync(collection, VectorParams.newBuilder().setSize(DIM).setDistance(Distance.Cosine).build())
                    .get(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            for (int from = 0; from < vectors.size(); from += BATCH) {
                UpsertPoints.Builder req = UpsertPoints.newBuilder().setCollectionName(collection).setWait(true);
                for (int i = from; i < Math.min(vectors.size(), from + BATCH); i++) {
                    List<Float> v = new ArrayList<>(DIM);
                    for (float f : vectors.get(i)) {
                        v.add(f);
                    }
                    req.addPoints(PointStruct.newBuilder().setId(PointIdFactory.id(i)).setVectors(VectorsFactory.vectors(v))
                            .putPayload("n", ValueFactory.value(i)).putPayload("title", ValueFactory.value("doc " + i)));
                }
                client.upsertAsync(req.build()).get(30, TimeUnit.SECONDS);
            }
            return vectors.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static Map<String, String> sinkProps(QdrantApiServer server, String collection) {
        Map<String, String> p = new HashMap<>();
        p.put("qdrant.url", server.grpcUrl());
        p.put("collection.name", collection);
        p.put("collection.auto.create", "true");
        p.put("batch.size", Integer.toString(BATCH));
        return p;
    }

    private static double drive(QdrantSinkTask task, List<SinkRecord> records) {
        long start = System.nanoTime();
        for (int from = 0; from < records.size(); from += 500) {
            task.put(records.subList(from, Math.min(records.size(), from + 500)));
        }
        return records.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static QdrantSinkTask task(Map<String, String> props) {
        QdrantSinkTask task = new QdrantSinkTask();
        task.initialize(new NoDlqContext());
        task.start(props);
        return task;
    }

    private static double sinkWithVectors(QdrantApiServer server, String collection, List<float[]> vectors) {
        List<SinkRecord> records = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            List<Float> v = new ArrayList<>(DIM);
            for (float f : vectors.get(i)) {
                v.add(f);
            }
            Map<String, Object> value = new HashMap<>();
            value.put("embedding", v);
            value.put("n", (long) i);
            value.put("title", "doc " + i);
            records.add(new SinkRecord("t", 0, null, Integer.toString(i), null, value, i));
        }
        QdrantSinkTask task = task(sinkProps(server, collection));
        try {
            return drive(task, records);
        } finally {
            task.stop();
        }
    }

    private static List<SinkRecord> textRecords(List<String> texts) {
        List<SinkRecord> records = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Map<String, Object> value = new HashMap<>();
            value.put("text", texts.get(i));
            records.add(new SinkRecord("t", 0, null, Integer.toString(i), null, value, i));
        }
        return records;
    }

    private static double sinkEmbedding(QdrantApiServer server, String collection, List<String> texts) {
        Map<String, String> props = sinkProps(server, collection);
        props.put("embed.input.field", "text");
        props.put("vector.field", "");
        props.put("model.name", "all-minilm-l6-v2-q");
        QdrantSinkTask task = task(props);
        try {
            return drive(task, textRecords(texts));
        } finally {
            task.stop();
        }
    }

    private static double smtThenSink(QdrantApiServer server, String collection, List<String> texts) {
        EmbedText<SinkRecord> smt = new EmbedText.Value<>();
        smt.configure(Map.of("input.field", "text", "model.name", "all-minilm-l6-v2-q", "cache.size", "0"));
        QdrantSinkTask task = task(sinkProps(server, collection));
        try {
            List<SinkRecord> records = textRecords(texts);
            long start = System.nanoTime();
            List<SinkRecord> transformed = new ArrayList<>(records.size());
            for (SinkRecord r : records) {
                transformed.add(smt.apply(r));
            }
            for (int from = 0; from < transformed.size(); from += 500) {
                task.put(transformed.subList(from, Math.min(transformed.size(), from + 500)));
            }
            return records.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            task.stop();
            smt.close();
        }
    }

    /** A context with no dead letter queue: a bad record would fail the run, as it should in a benchmark. */
    static final class NoDlqContext implements SinkTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<org.apache.kafka.common.TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(org.apache.kafka.common.TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public java.util.Set<org.apache.kafka.common.TopicPartition> assignment() {
            return java.util.Set.of();
        }

        @Override
        public void pause(org.apache.kafka.common.TopicPartition... partitions) {
        }

        @Override
        public void resume(org.apache.kafka.common.TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public org.apache.kafka.connect.sink.ErrantRecordReporter errantRecordReporter() {
            return null;
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
