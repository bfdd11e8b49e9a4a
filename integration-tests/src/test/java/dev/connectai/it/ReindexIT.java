package dev.connectai.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The re-index command ({@code ./reindex.sh}, run as users run it, in a JVM of its own) against a real Connect
 * worker: a MiniLM pipeline writing through an alias is re-indexed to bge-small while a search loop queries the
 * alias and records keep arriving; and a re-index whose new settings lose documents is refused.
 */
class ReindexIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final int DIMENSIONS = 384; // MiniLM and bge-small alike, so one query vector serves both

    private static ConnectHarness connect;
    private static QdrantTarget qdrant;
    private static QdrantPoints points;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
        points = new QdrantPoints(qdrant.client());
        connect = ConnectHarness.start(1);
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (qdrant != null) {
            qdrant.close();
        }
    }

    @Test
    void reindexesToANewModelWhileSearchKeepsAnsweringThroughTheAlias() throws Exception {
        String topic = "articles";
        String alias = "articles";
        String v1 = "articles-v1";
        String v2 = "articles-v2";
        miniLmPipelineBehindAlias("articles-minilm", topic, 2, alias, v1, v2, 30);
        assertThat(points.exists(alias)).isTrue();
        assertThat(qdrant.client().listCollectionsAsync().get(10, TimeUnit.SECONDS))
                .as("the sink wrote through the alias, creating no collection of its name").doesNotContain(alias);

        SearchLoop search = new SearchLoop(alias);
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            // Records keep arriving during the re-index, faster than offsets are committed (every second here):
            // 40 more documents, one every 250 ms.
            for (int i = 30; i < 70 && producing.get(); i++) {
                produce(topic, topic + i, i);
                sleep(250);
            }
        }, "reindex-it-producer");
        search.start();
        producer.start();
        Run reindex;
        try {
            reindex = reindex("--connector", "articles-minilm", "--alias", alias, "--new-collection", v2,
                    "--set", "model.name=bge-small-en-v1.5-q", "--set", "chunk.size.tokens=128", "--timeout", "300");
        } catch (RuntimeException | Error e) {
            producing.set(false);
            throw e;
        } finally {
            search.stop();
        }

        assertThat(reindex.exitCode()).as(reindex.output()).isZero();
        assertThat(reindex.output()).contains("Switch alias 'articles' from 'articles-v1' to 'articles-v2'",
                "Delete connector articles-minilm", "Keep the old collection 'articles-v1'");
        assertThat(search.failures).as("searches against the alias that failed").isEmpty();
        assertThat(search.empty.get()).as("searches against the alias that found nothing").isZero();
        assertThat(search.done.get()).as("searches run during the re-index").isGreaterThan(100);
        assertThat(qdrant.client().listCollectionAliasesAsync(v2).get(10, TimeUnit.SECONDS)).containsExactly(alias);
        assertThat(connect.restGet("/connectors").toString()).doesNotContain("\"articles-minilm\"")
                .contains("articles-minilm-articles-v2");
        assertThat(points.exists(v1)).as("kept without --drop-old").isTrue();

        producer.join(60_000);
        assertThat(producer.isAlive()).isFalse();
        ConnectHarness.await(() -> documents(v2) == 70, WAIT, "all 70 documents in " + v2);
        List<RetrievedPoint> stored = new ArrayList<>(points.all(v2).values());
        List<String> texts = stored.stream().map(p -> QdrantPoints.text(p, "text")).toList();
        List<float[]> expected = embed("bge-small-en-v1.5-q", texts);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(cosine(QdrantPoints.dense(stored.get(i)), expected.get(i)))
                    .as("point %s carries bge-small's vector of its text", QdrantPoints.id(stored.get(i).getId()))
                    .isGreaterThanOrEqualTo(0.9999);
        }
    }

    @Test
    void refusesToSwitchWhenTheNewCollectionHoldsFewerLiveDocuments() throws Exception {
        String topic = "notes";
        String alias = "notes";
        String v1 = "notes-v1";
        String v2 = "notes-v2";
        miniLmPipelineBehindAlias("notes-minilm", topic, 1, alias, v1, v2, 15);

        // At most one chunk per document: the long documents (every third) go to the dead letter queue.
        Run reindex = reindex("--connector", "notes-minilm", "--alias", alias, "--new-collection", v2,
                "--set", "model.name=bge-small-en-v1.5-q", "--set", "chunk.max.per.document=1", "--timeout", "300");

        assertThat(reindex.exitCode()).as(reindex.output()).isEqualTo(3);
        assertThat(reindex.output()).contains("old 'notes-v1': 15 live document(s)",
                "new 'notes-v2': 10 live document(s)", "REFUSED: the new collection 'notes-v2' holds fewer live "
                        + "documents (10) than the old 'notes-v1' (15); the alias was not switched",
                "Resumed connector notes-minilm", "curl -X DELETE ");
        assertThat(qdrant.client().listCollectionAliasesAsync(v1).get(10, TimeUnit.SECONDS)).containsExactly(alias);
        assertThat(qdrant.client().listCollectionAliasesAsync(v2).get(10, TimeUnit.SECONDS)).isEmpty();
        connect.awaitRunning("notes-minilm", 1);
        produce(topic, topic + 15, 1);
        ConnectHarness.await(() -> documents(v1) == 16, WAIT, "the old connector writes again");
    }

    @Test
    void explainsTheMigrationWhenSearchQueriesACollectionByTheAliasName() throws Exception {
        points.drop("legacy");
        connect.createTopic("legacy", 1);
        qdrant.client().createCollectionAsync("legacy", VectorParams.newBuilder().setSize(DIMENSIONS)
                .setDistance(Distance.Cosine).build()).get(30, TimeUnit.SECONDS);
        connect.launch(sink("legacy-minilm", "legacy", "legacy", Map.of("model.name", "all-minilm-l6-v2")), 1);

        Run reindex = reindex("--connector", "legacy-minilm", "--alias", "legacy", "--new-collection", "legacy-v2",
                "--set", "model.name=bge-small-en-v1.5-q", "--timeout", "60");

        assertThat(reindex.exitCode()).as(reindex.output()).isEqualTo(1);
        assertThat(reindex.output()).contains("FAILED: 'legacy' is a collection, not an alias",
                "--alias legacy-live");
        assertThat(connect.restGet("/connectors").toString()).doesNotContain("legacy-minilm-legacy-v2");
        assertThat(points.exists("legacy-v2")).isFalse();
        connect.awaitRunning("legacy-minilm", 1);
    }

    /** A short document, or (every third) one long enough for several 64-token chunks. */
    private static void produce(String topic, String key, int i) {
        StringBuilder body = new StringBuilder("Note " + i + " explains how parcel " + i + " travels from the "
                + "warehouse to the customer's door.");
        if (i % 3 == 2) {
            for (int p = 0; p < 6; p++) {
                body.append(" Paragraph ").append(p).append(" describes the sorting centre, the carrier's van and the")
                        .append(" signature the driver asks for when the parcel is handed over.");
            }
        }
        try {
            connect.produce(topic, key, JSON.writeValueAsString(Map.of("title", "Delivery " + i,
                    "body", body.toString())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> sink(String name, String topic, String collection, Map<String, String> extra) {
        Map<String, String> c = new HashMap<>();
        c.put("name", name);
        c.put("connector.class", "dev.connectai.qdrant.QdrantSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("qdrant.url", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            c.put("qdrant.api.key", qdrant.apiKey());
        }
        c.put("collection.name", collection);
        c.put("collection.auto.create", "true");
        c.put("id.strategy", "key");
        c.put("embed.input.template", "{title}\n\n{body}");
        c.put("vector.field", "");
        c.put("model.provider", "local");
        c.put("chunk.size.tokens", "64");
        c.put("chunk.overlap.tokens", "8");
        c.put("payload.exclude", "body");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", topic + "-dlq");
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.putAll(extra);
        return c;
    }

    /**
     * A fresh topic, collection {@code v1} behind {@code alias}, and a MiniLM sink connector writing through the
     * alias, holding {@code documents} documents; {@code v2} dropped for the re-index.
     */
    private static void miniLmPipelineBehindAlias(String connector, String topic, int partitions, String alias,
            String v1, String v2, int documents) throws Exception {
        points.drop(v1);
        points.drop(v2);
        connect.createTopic(topic, partitions);
        connect.createTopic(topic + "-dlq", 1);
        qdrant.client().createCollectionAsync(v1, VectorParams.newBuilder().setSize(DIMENSIONS)
                .setDistance(Distance.Cosine).build()).get(30, TimeUnit.SECONDS);
        qdrant.client().createAliasAsync(alias, v1).get(30, TimeUnit.SECONDS);
        connect.launch(sink(connector, topic, alias, Map.of("model.name", "all-minilm-l6-v2")), 1);
        for (int i = 0; i < documents; i++) {
            produce(topic, topic + i, i);
        }
        ConnectHarness.await(() -> documents(v1) == documents, WAIT, documents + " documents in " + v1);
    }

    /** Live documents: distinct document_id values (every point here is a chunk). */
    private static long documents(String collection) {
        return points.all(collection).values().stream().map(p -> QdrantPoints.text(p, "document_id")).distinct()
                .count();
    }

    private record Run(int exitCode, String output) {
    }

    private static Run reindex(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "reindex.sh", "--connect", connectUrl(),
                "--bootstrap-servers", connect.cluster().kafka().bootstrapServers()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true);
        builder.environment().put("QDRANT_URL", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            builder.environment().put("QDRANT_API_KEY", qdrant.apiKey());
        }
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (Exception e) {
                output.append(e);
            }
        });
        reader.start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        System.out.println(output);
        assertThat(finished).as("reindex.sh finished in time: " + output).isTrue();
        return new Run(process.exitValue(), output.toString());
    }

    private static String connectUrl() {
        String url = connect.cluster().endpointForResource("connectors");
        return url.substring(0, url.length() - "/connectors".length());
    }

    /**
     * The document vectors of a catalogue model for the texts, from the test fixture EmbedTexts run with the search
     * command's classpath in a JVM of its own (this JVM's worker holds the tokenizer's native library).
     */
    private static List<float[]> embed(String model, List<String> texts) throws Exception {
        Path dir = Files.createTempDirectory("reindex-it");
        Path in = dir.resolve("texts.json");
        Path out = dir.resolve("vectors.json");
        Files.writeString(in, JSON.writeValueAsString(texts));
        Path source = dir.resolve("EmbedTexts.java");
        try (var s = ReindexIT.class.getResourceAsStream("/reindex/EmbedTexts.java")) {
            Files.write(source, s.readAllBytes());
        }
        String classpath = "demo-runner/target/classes:"
                + Files.readString(REPO.resolve("demo-runner/target/search-classpath.txt")).trim();
        Process process = new ProcessBuilder("java", "-cp", classpath, source.toString(), model, in.toString(),
                out.toString()).directory(REPO.toFile()).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode v : JSON.readTree(Files.readString(out))) {
            float[] f = new float[v.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) v.get(i).asDouble();
            }
            vectors.add(f);
        }
        return vectors;
    }

    private static double cosine(List<Float> a, float[] b) {
        assertThat(a).hasSize(b.length);
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < b.length; i++) {
            dot += a.get(i) * b[i];
            na += a.get(i) * a.get(i);
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queries the alias every few milliseconds, as a search front end would, counting failures and empty results. */
    private static final class SearchLoop {
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger empty = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        SearchLoop(String alias) {
            float[] query = new float[DIMENSIONS];
            java.util.Arrays.fill(query, 1f / (float) Math.sqrt(DIMENSIONS));
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        List<ScoredPoint> hits = qdrant.client().queryAsync(QueryPoints.newBuilder()
                                .setCollectionName(alias).setQuery(QueryFactory.nearest(query)).setLimit(3).build())
                                .get(10, TimeUnit.SECONDS);
                        if (hits.isEmpty()) {
                            empty.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (failures.size() < 20) {
                            failures.add(e.toString());
                        }
                    }
                    done.incrementAndGet();
                    sleep(5);
                }
            }, "reindex-it-search");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }
}
