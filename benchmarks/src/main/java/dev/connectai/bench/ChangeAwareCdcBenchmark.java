package dev.connectai.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.connectai.qdrant.QdrantSinkTask;
import dev.connectai.qdrantapi.QdrantApiServer;
import dev.connectai.testing.SampleTexts;
import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Re-embed only what changed, in one run: a Debezium-shaped CDC stream of updates (before and after rows, as with
 * REPLICA IDENTITY FULL) where 90% change only non-text columns (price, stock, status), written by the sink task
 * embedding in-process with the int8 MiniLM, with embed.skip.unchanged=true against =false. Both sides start from
 * the same inserted table; only the update stream is timed. Prints records/s of each, the ratio, and the model
 * calls (texts embedded) of each. Asserts nothing.
 */
public final class ChangeAwareCdcBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 600);
    private static final int UPDATES = Integer.getInteger("bench.updates", 3_000);
    private static final double TEXT_CHANGES = 0.10;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int PUT = 500;
    private static final int STRIDE = 7; // coprime with ROWS

    private ChangeAwareCdcBenchmark() {
    }

    /** One run's figures. */
    private record Run(double recordsPerSecond, double textsEmbedded) {
    }

    public static void main(String[] args) throws Exception {
        if (ROWS % STRIDE == 0 || ROWS < PUT) {
            throw new IllegalArgumentException("bench.rows must be at least " + PUT + " and not a multiple of " + STRIDE);
        }
        List<Map<String, Object>> table = new ArrayList<>();
        List<String> texts = SampleTexts.all();
        for (int i = 0; i < ROWS; i++) {
            table.add(row(i, texts.get(i % texts.size()) + " (item " + i + ")", 10.0 + i, 5, "active"));
        }
        List<SinkRecord> inserts = new ArrayList<>();
        for (Map<String, Object> r : table) {
            inserts.add(change(r.get("id"), null, r, inserts.size()));
        }
        Random random = new Random(14);
        List<SinkRecord> updates = new ArrayList<>();
        int textChanges = 0;
        List<Map<String, Object>> current = new ArrayList<>(table);
        // Exactly one update in ten changes the text, at random places in the stream.
        List<Boolean> changesText = new ArrayList<>();
        for (int u = 0; u < UPDATES; u++) {
            changesText.add(u < Math.round(UPDATES * TEXT_CHANGES));
        }
        java.util.Collections.shuffle(changesText, random);
        for (int u = 0; u < UPDATES; u++) {
            // Rows in a stride that visits every row once per ROWS updates: no row twice within one put(), so
            // the sink's collapsing of a batch to the last write per document does not thin either stream.
            int i = (int) ((long) u * STRIDE % ROWS);
            Map<String, Object> before = current.get(i);
            Map<String, Object> after = new LinkedHashMap<>(before);
            if (changesText.get(u)) {
                after.put("description", texts.get(random.nextInt(texts.size())) + " (item " + i + ", rev " + u + ")");
                textChanges++;
            } else {
                after.put("price", Math.round((5 + random.nextDouble() * 100) * 100) / 100.0);
                after.put("stock", random.nextInt(100));
                after.put("status", random.nextBoolean() ? "active" : "on-hold");
            }
            current.set(i, after);
            updates.add(change(i, before, after, ROWS + u));
        }
        try (QdrantApiServer server = QdrantApiServer.start()) {
            System.out.printf(Locale.ROOT, "Change-aware CDC benchmark: %d rows, %d Debezium updates (%d change the "
                    + "text, %.0f%%), int8 all-MiniLM-L6-v2 in the sink, in-process Qdrant-API server, best of %d "
                    + "rounds, %d cores%n%n", ROWS, UPDATES, textChanges, 100.0 * textChanges / UPDATES, ROUNDS,
                    Runtime.getRuntime().availableProcessors());
            run(server, "warmup-on", true, inserts.subList(0, 120), updates.subList(0, 300));
            run(server, "warmup-off", false, inserts.subList(0, 120), updates.subList(0, 300));
            Run on = null;
            Run off = null;
            for (int round = 0; round < ROUNDS; round++) {
                Run a = run(server, "skip-on-" + round, true, inserts, updates);
                Run b = run(server, "skip-off-" + round, false, inserts, updates);
                on = on == null || a.recordsPerSecond() > on.recordsPerSecond() ? a : on;
                off = off == null || b.recordsPerSecond() > off.recordsPerSecond() ? b : off;
            }
            System.out.println("| update stream | records/s | texts embedded (model calls) |");
            System.out.println("|---|---:|---:|");
            System.out.printf(Locale.ROOT, "| embed.skip.unchanged=true | %.0f | %.0f |%n", on.recordsPerSecond(),
                    on.textsEmbedded());
            System.out.printf(Locale.ROOT, "| embed.skip.unchanged=false | %.0f | %.0f |%n", off.recordsPerSecond(),
                    off.textsEmbedded());
            System.out.printf(Locale.ROOT, "%nrecords/s ratio: %.1fx (target >= 5x); model calls: %.1f%% fewer "
                    + "(target >= 90%%); text changes in the stream: %d%n", on.recordsPerSecond() / off.recordsPerSecond(),
                    100.0 * (1 - on.textsEmbedded() / off.textsEmbedded()), textChanges);
        }
    }

    private static Map<String, Object> row(int id, String description, double price, int stock, String status) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("description", description);
        r.put("price", price);
        r.put("stock", stock);
        r.put("status", status);
        return r;
    }

    /** A Debezium change event without schemas (JsonConverter with schemas.enable=false). */
    private static SinkRecord change(Object id, Map<String, Object> before, Map<String, Object> after, long offset) {
        Map<String, Object> envelope = new HashMap<>();
        envelope.put("op", before == null ? "c" : "u");
        envelope.put("source", Map.of("connector", "postgresql", "db", "shop", "table", "products"));
        envelope.put("before", before);
        envelope.put("after", after);
        envelope.put("ts_ms", offset);
        return new SinkRecord("shop.public.products", 0, null, id.toString(), null, envelope, offset);
    }

    private static Run run(QdrantApiServer server, String collection, boolean skip, List<SinkRecord> inserts,
                           List<SinkRecord> updates) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "cdc-bench-" + collection);
        props.put("qdrant.url", server.grpcUrl());
        props.put("collection.name", collection);
        props.put("collection.auto.create", "true");
        props.put("embed.input.field", "description");
        props.put("model.name", "all-minilm-l6-v2-q");
        props.put("embed.skip.unchanged", Boolean.toString(skip));
        QdrantSinkTask task = new QdrantSinkTask();
        task.initialize(new QdrantSinkBenchmark.NoDlqContext());
        task.start(props);
        try {
            put(task, inserts);
            double embeddedBefore = embedded(props.get("name"));
            long start = System.nanoTime();
            put(task, updates);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run(updates.size() / seconds, embedded(props.get("name")) - embeddedBefore);
        } finally {
            task.stop();
        }
    }

    private static void put(QdrantSinkTask task, List<SinkRecord> records) {
        for (int from = 0; from < records.size(); from += PUT) {
            task.put(records.subList(from, Math.min(records.size(), from + PUT)));
        }
    }

    private static double embedded(String connector) {
        return PluginMetrics.registry().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("qdrant-sink-metrics")
                        && e.getKey().name().equals("texts-embedded-total")
                        && connector.equals(e.getKey().tags().get("connector")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
}
