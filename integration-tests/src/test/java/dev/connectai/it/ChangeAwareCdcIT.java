package dev.connectai.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.PostgresServer;
import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-embed only what changed, end to end: a real worker runs Debezium's PostgreSQL connector over a real
 * PostgreSQL (REPLICA IDENTITY FULL, so updates carry their before row) and the Qdrant sink embedding in-process.
 * Of the updates, 90% change only non-text columns: every payload follows every round of updates, the vectors of
 * rows whose text never changed stay as first written, and the model is called once per inserted row plus once
 * per text change (texts-embedded-total over JMX).
 */
class ChangeAwareCdcIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String COLLECTION = "change-aware-items";
    private static final String SINK = "change-aware-sink";
    private static final int ROWS = 10;
    private static final int ROUNDS = 5;
    private static final int UPDATES_PER_ROUND = 10;

    private static PostgresServer postgres;
    private static QdrantTarget qdrant;
    private static QdrantPoints points;
    private static ConnectHarness connect;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        postgres.createDatabase("catalog");
        postgres.sql("catalog", "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, description text NOT "
                + "NULL, price double precision, stock integer, status text); ALTER TABLE items REPLICA IDENTITY FULL");
        StringBuilder insert = new StringBuilder("INSERT INTO items VALUES ");
        for (int i = 1; i <= ROWS; i++) {
            insert.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'Item ").append(i).append("', '")
                    .append(DESCRIPTIONS[i % DESCRIPTIONS.length]).append("', ").append(10 + i).append(", 5, 'active')");
        }
        postgres.sql("catalog", insert.toString());
        qdrant = QdrantTarget.forTests();
        points = new QdrantPoints(qdrant.client());
        points.drop(COLLECTION);
        connect = ConnectHarness.start(1);
        connect.createTopic("cat.public.items", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (connect != null) {
                connect.close();
            }
            if (qdrant != null) {
                qdrant.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static final String[] DESCRIPTIONS = {
        "Light trail shoes with a grippy sole for muddy mountain paths.",
        "An espresso machine that pumps at fifteen bar and heats up in forty seconds.",
        "A waterproof shell jacket that packs into its own pocket.",
        "A cast iron pan that keeps its heat for searing steaks.",
        "Noise cancelling headphones with a thirty hour battery.",
    };

    @Test
    void payloadsFollowEveryUpdateWhileOnlyTextChangesCallTheModel() throws Exception {
        Map<String, String> debezium = new HashMap<>();
        debezium.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        debezium.put("name", "change-aware-cdc");
        debezium.put("database.hostname", postgres.host());
        debezium.put("database.port", Integer.toString(postgres.port()));
        debezium.put("database.user", PostgresServer.USER);
        debezium.put("database.password", postgres.password());
        debezium.put("database.dbname", "catalog");
        debezium.put("topic.prefix", "cat");
        debezium.put("plugin.name", "pgoutput");
        debezium.put("slot.name", "connect_ai_change_aware");
        debezium.put("publication.autocreate.mode", "filtered");
        debezium.put("table.include.list", "public.items");
        debezium.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        debezium.put("key.converter.schemas.enable", "false");
        debezium.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        debezium.put("value.converter.schemas.enable", "false");
        connect.launch(debezium, 1);

        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "dev.connectai.qdrant.QdrantSinkConnector");
        sink.put("name", SINK);
        sink.put("topics", "cat.public.items");
        sink.put("qdrant.url", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            sink.put("qdrant.api.key", qdrant.apiKey());
        }
        sink.put("collection.name", COLLECTION);
        sink.put("collection.auto.create", "true");
        sink.put("input.envelope", "debezium");
        sink.put("vector.field", "");
        sink.put("embed.input.template", "{name}\n\n{description}");
        sink.put("model.name", "all-minilm-l6-v2-q");
        sink.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        sink.put("key.converter.schemas.enable", "false");
        sink.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        sink.put("value.converter.schemas.enable", "false");
        connect.launch(sink, 1);

        Map<String, Map<String, Object>> table = new LinkedHashMap<>();
        for (int i = 1; i <= ROWS; i++) {
            table.put(Integer.toString(i), row("Item " + i, DESCRIPTIONS[i % DESCRIPTIONS.length], 10.0 + i, 5, "active"));
        }
        awaitPayloads(table, "the snapshot rows as points");
        Map<String, List<Float>> firstVectors = new HashMap<>();
        points.all(COLLECTION).forEach((id, p) -> firstVectors.put(id, QdrantPoints.dense(p)));
        assertThat(metric("texts-embedded-total")).as("one model call per snapshot row").isEqualTo(ROWS);

        Random random = new Random(14);
        List<String> textChanged = new ArrayList<>();
        int update = 0;
        for (int round = 0; round < ROUNDS; round++) {
            StringBuilder sql = new StringBuilder();
            for (int u = 0; u < UPDATES_PER_ROUND; u++, update++) {
                // One update in ten changes the text, each on another row; the rest only price, stock, status.
                String id = Integer.toString(u == 0 ? 1 + round * 2 : 1 + random.nextInt(ROWS));
                Map<String, Object> r = table.get(id);
                if (u == 0) {
                    r.put("description", r.get("description") + " Revised in round " + round + ".");
                    textChanged.add(id);
                    sql.append("UPDATE items SET description = '").append(r.get("description"))
                            .append("' WHERE id = ").append(id).append(";");
                } else {
                    r.put("price", Math.round((5 + random.nextDouble() * 100) * 100) / 100.0);
                    r.put("stock", random.nextInt(100));
                    r.put("status", random.nextBoolean() ? "active" : "on-hold");
                    sql.append("UPDATE items SET price = ").append(r.get("price")).append(", stock = ")
                            .append(r.get("stock")).append(", status = '").append(r.get("status"))
                            .append("' WHERE id = ").append(id).append(";");
                }
            }
            postgres.sql("catalog", sql.toString());
            awaitPayloads(table, "the payloads after round " + round);
        }

        Map<String, RetrievedPoint> stored = points.all(COLLECTION);
        for (Map.Entry<String, RetrievedPoint> e : stored.entrySet()) {
            List<Float> vector = QdrantPoints.dense(e.getValue());
            if (textChanged.contains(e.getKey())) {
                assertThat(vector).as("row %s changed its text: re-embedded", e.getKey())
                        .isNotEqualTo(firstVectors.get(e.getKey()));
            } else {
                assertThat(vector).as("row %s kept its text: vector unchanged", e.getKey())
                        .isEqualTo(firstVectors.get(e.getKey()));
            }
            assertThat(e.getValue().getPayloadMap().get("text_sha256").getStringValue()).hasSize(64);
        }
        assertThat(metric("texts-embedded-total")).as("model calls: inserts plus text changes")
                .isEqualTo(ROWS + textChanged.size());
        assertThat(metric("embeddings-skipped-total")).as("non-text updates kept their vectors").isPositive();
        assertThat(metric("points-payload-updated-total")).isEqualTo(metric("embeddings-skipped-total"));
        assertThat(update).isEqualTo(ROUNDS * UPDATES_PER_ROUND);
    }

    private static Map<String, Object> row(String name, String description, double price, int stock, String status) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("description", description);
        r.put("price", price);
        r.put("stock", stock);
        r.put("status", status);
        return r;
    }

    /** Waits until every point's payload holds its row as the table has it now. */
    private static void awaitPayloads(Map<String, Map<String, Object>> table, String what) throws InterruptedException {
        ConnectHarness.await(() -> {
            Map<String, RetrievedPoint> stored = points.all(COLLECTION);
            if (stored.size() != table.size()) {
                return false;
            }
            for (Map.Entry<String, Map<String, Object>> row : table.entrySet()) {
                RetrievedPoint p = stored.get(row.getKey());
                if (p == null) {
                    return false;
                }
                for (Map.Entry<String, Object> column : row.getValue().entrySet()) {
                    if (!matches(p.getPayloadMap().get(column.getKey()), column.getValue())) {
                        return false;
                    }
                }
            }
            return true;
        }, WAIT, what);
    }

    private static boolean matches(Value v, Object expected) {
        if (v == null) {
            return false;
        }
        if (expected instanceof String s) {
            return v.hasStringValue() && v.getStringValue().equals(s);
        }
        double actual = v.hasIntegerValue() ? v.getIntegerValue() : v.hasDoubleValue() ? v.getDoubleValue() : Double.NaN;
        return Math.abs(actual - ((Number) expected).doubleValue()) < 1e-9;
    }

    private static double metric(String attribute) throws Exception {
        MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        double total = 0;
        for (ObjectName n : jmx.queryNames(new ObjectName("dev.connectai:type=qdrant-sink-metrics,connector=" + SINK
                + ",*"), null)) {
            total += ((Number) jmx.getAttribute(n, attribute)).doubleValue();
        }
        return total;
    }
}
