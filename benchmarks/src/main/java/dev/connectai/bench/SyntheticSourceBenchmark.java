package dev.connectai.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connectai.synthetic.SyntheticSourceTask;
import dev.connectai.testing.ConnectHarness;
import io.confluent.avro.random.generator.Generator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Records/s per task on a 12-field reference schema (nested object, array, enum, date-time, email, bounded numbers,
 * a pattern): (a) our generator, (b) Confluent datagen's engine (avro-random-generator) on the equivalent Avro
 * schema, same run; (c) our connector in a real worker writing to a real broker with the JSON converter. Then our
 * generator on (d) a real-world schema with oneOf and allOf (Prettier's config, SchemaStore, from the shared corpus)
 * and (e) two related streams, orders referencing customers' keys.
 */
public final class SyntheticSourceBenchmark {

    static final String JSON_SCHEMA = """
            {"type":"object","properties":{
              "id":{"type":"string","format":"uuid"},
              "email":{"type":"string","format":"email"},
              "status":{"type":"string","enum":["NEW","PAID","SHIPPED","CANCELLED"]},
              "created_at":{"type":"string","format":"date-time"},
              "sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{4}$"},
              "quantity":{"type":"integer","minimum":1,"maximum":20},
              "price":{"type":"number","minimum":0.5,"maximum":500},
              "discount":{"type":"integer","minimum":0,"maximum":50},
              "gift":{"type":"boolean"},
              "tags":{"type":"array","items":{"type":"string","enum":["a","b","c","d"]},"minItems":0,"maxItems":3},
              "address":{"type":"object","properties":{"zip":{"type":"string","pattern":"^[0-9]{5}$"},
                 "country":{"type":"string","enum":["FR","DE","ES","IT"]}},"required":["zip","country"]},
              "channel":{"type":"string","enum":["web","app","store"]}},
             "required":["id","email","status","created_at","sku","quantity","price","discount","gift","tags","address","channel"]}
            """;

    static final String AVRO_SCHEMA = """
            {"type":"record","name":"Order","fields":[
              {"name":"id","type":{"type":"string","arg.properties":{"regex":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"}}},
              {"name":"email","type":{"type":"string","arg.properties":{"regex":"[a-z]{5,10}\\\\@[a-z]{4,8}\\\\.(com|org|net)"}}},
              {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID","SHIPPED","CANCELLED"]}},
              {"name":"created_at","type":{"type":"long","logicalType":"timestamp-millis","arg.properties":{"range":{"min":1577836800000,"max":1893456000000}}}},
              {"name":"sku","type":{"type":"string","arg.properties":{"regex":"[A-Z]{3}-[0-9]{4}"}}},
              {"name":"quantity","type":{"type":"int","arg.properties":{"range":{"min":1,"max":21}}}},
              {"name":"price","type":{"type":"double","arg.properties":{"range":{"min":0.5,"max":500.0}}}},
              {"name":"discount","type":{"type":"int","arg.properties":{"range":{"min":0,"max":51}}}},
              {"name":"gift","type":"boolean"},
              {"name":"tags","type":{"type":"array","items":{"type":"enum","name":"Tag","symbols":["a","b","c","d"]},"arg.properties":{"length":{"min":0,"max":4}}}},
              {"name":"address","type":{"type":"record","name":"Address","fields":[
                {"name":"zip","type":{"type":"string","arg.properties":{"regex":"[0-9]{5}"}}},
                {"name":"country","type":{"type":"enum","name":"Country","symbols":["FR","DE","ES","IT"]}}]}},
              {"name":"channel","type":{"type":"enum","name":"Channel","symbols":["web","app","store"]}}]}
            """;

    /** A corpus schema with oneOf and allOf that the source accepts (its records are schemaless). */
    static final String CORPUS_SCHEMA = "prettierrc-2.8.8.json";

    static final String CUSTOMERS = """
            {"type":"object","required":["id","name","email"],"properties":{
              "id":{"type":"string","format":"uuid"},"name":{"type":"string","x-faker":"#{Name.fullName}"},
              "email":{"type":"string","format":"email"}}}""";
    static final String ORDERS = """
            {"type":"object","required":["order_id","customer_id","total","status"],"properties":{
              "order_id":{"type":"string","format":"uuid"},"customer_id":{"type":"string","x-ref":"customers"},
              "total":{"type":"number","minimum":1,"maximum":500},
              "status":{"type":"string","enum":["NEW","PAID","SHIPPED"]}}}""";

    private static final int N = Integer.getInteger("bench.records", 200_000);

    private SyntheticSourceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "Synthetic source benchmark: 12-field reference schema, %d records, %d cores%n%n",
                N, Runtime.getRuntime().availableProcessors());
        // Best of three runs each, after a warm-up, so JIT timing noise does not decide the ratio.
        ours(N / 4);
        datagen(N / 4);
        double a = 0;
        double b = 0;
        for (int run = 0; run < 3; run++) {
            a = Math.max(a, ours(N));
            b = Math.max(b, datagen(N));
        }
        Map<String, String> corpus = Map.of("topic", "bench", "schema", Files.readString(corpus(CORPUS_SCHEMA)),
                "batch.size", "5000", "headers.enabled", "false");
        Map<String, String> related = new HashMap<>();
        related.put("streams", "customers,orders");
        related.put("streams.time.scale", "0");
        related.put("batch.size", "5000");
        related.put("headers.enabled", "false");
        related.put("stream.customers.schema", CUSTOMERS);
        related.put("stream.customers.key.field", "id");
        related.put("stream.customers.records.per.second", "1");
        related.put("stream.orders.schema", ORDERS);
        related.put("stream.orders.key.field", "order_id");
        related.put("stream.orders.records.per.second", "10");
        ours(N / 4, corpus);
        ours(N / 4, related);
        double d = 0;
        double e = 0;
        for (int run = 0; run < 3; run++) {
            d = Math.max(d, ours(N, corpus));
            e = Math.max(e, ours(N, related));
        }
        double c = connector(Math.max(N, 500_000));
        System.out.println("| case | records/s per task | ratio | target |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| (a) our generator (SourceTask.poll, Structs) | %.0f | a/b = %.2f | >= 3 |%n", a, a / b);
        System.out.printf(Locale.ROOT, "| (b) avro-random-generator (datagen's engine), GenericRecords | %.0f | baseline | |%n", b);
        System.out.printf(Locale.ROOT, "| (c) our connector, real worker and broker, JSON converter, 1 task | %.0f | | >= 50,000 |%n", c);
        System.out.printf(Locale.ROOT, "| (d) our generator, corpus schema %s (oneOf + allOf, schemaless) | %.0f | d/b = %.2f | |%n",
                CORPUS_SCHEMA, d, d / b);
        System.out.printf(Locale.ROOT, "| (e) our generator, related streams customers + orders (x-ref, 1:10) | %.0f | e/b = %.2f | |%n",
                e, e / b);
    }

    private static double ours(int n) throws InterruptedException {
        return ours(n, Map.of("topic", "bench", "schema", JSON_SCHEMA, "batch.size", "5000", "headers.enabled", "false"));
    }

    /** The shared corpus folder: {@code bench.corpus.dir}, else shared/reference/jsonschema-corpus above here. */
    private static Path corpus(String file) {
        String dir = System.getProperty("bench.corpus.dir");
        if (dir != null) {
            return Path.of(dir, file);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/reference/jsonschema-corpus").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/reference/jsonschema-corpus/" + file + " not found above "
                + Path.of("").toAbsolutePath() + "; set -Dbench.corpus.dir");
    }

    private static double ours(int n, Map<String, String> config) throws InterruptedException {
        SyntheticSourceTask task = new SyntheticSourceTask();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return null;
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(java.util.Collection<Map<String, T>> p) {
                        return Map.of();
                    }
                };
            }

            @Override
            public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                return null;
            }
        });
        task.start(config);
        long start = System.nanoTime();
        long made = 0;
        while (made < n) {
            List<SourceRecord> batch = task.poll();
            made += batch.size();
        }
        return made / ((System.nanoTime() - start) / 1e9);
    }

    /** Generex (datagen's regex engine) reads '@' as "any string", so the e-mail regex escapes it. */
    private static double datagen(int n) {
        Generator generator = new Generator.Builder().schemaString(AVRO_SCHEMA).random(new java.util.Random(42)).build();
        long start = System.nanoTime();
        Object sink = null;
        for (int i = 0; i < n; i++) {
            sink = generator.generate();
        }
        if (sink == null) {
            throw new IllegalStateException();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double connector(int n) throws Exception {
        try (ConnectHarness connect = ConnectHarness.start(1)) {
            connect.createTopic("bench-synthetic", 1);
            Map<String, String> c = new HashMap<>();
            c.put("connector.class", "dev.connectai.synthetic.SyntheticSourceConnector");
            c.put("topic", "bench-synthetic");
            c.put("schema", JSON_SCHEMA);
            c.put("max.records", Integer.toString(n));
            c.put("batch.size", "5000");
            c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            c.put("value.converter.schemas.enable", "false");
            c.put("producer.override.linger.ms", "20");
            c.put("producer.override.batch.size", "524288");
            long start = System.nanoTime();
            connect.cluster().configureConnector("bench", c);
            TopicPartition tp = new TopicPartition("bench-synthetic", 0);
            ConnectHarness.await(() -> {
                try {
                    return connect.cluster().kafka().endOffset(tp) >= n;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofMinutes(5), n + " records in the topic");
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }
}
