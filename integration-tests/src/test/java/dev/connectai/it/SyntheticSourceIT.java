package dev.connectai.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.testing.ConnectHarness;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The synthetic source in a real worker, loaded from the plugin zip. */
class SyntheticSourceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"id\":{\"type\":\"string\",\"format\":\"uuid\"},\"name\":{\"type\":\"string\",\"x-faker\":\"#{Name.fullName}\"},"
            + "\"email\":{\"type\":\"string\",\"format\":\"email\"},\"stars\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":5}},"
            + "\"required\":[\"id\",\"name\",\"email\",\"stars\"]}";
    private static ConnectHarness connect;

    @BeforeAll
    static void start() {
        connect = ConnectHarness.start(1);
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
    }

    private static Map<String, String> source(String topic, Map<String, String> extra) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "dev.connectai.synthetic.SyntheticSourceConnector");
        c.put("topic", topic);
        c.put("schema", SCHEMA);
        c.put("key.field", "id");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "true");
        c.putAll(extra);
        return c;
    }

    @Test
    void aBoundedRunFillsTheTopicWithExactlyTheRequestedCountAndStaysRunning() throws Exception {
        String topic = "synthetic-reviews";
        connect.createTopic(topic, 2);
        connect.cluster().configureConnector("synthetic", source(topic, Map.of("tasks.max", "2", "max.records", "1000")));
        connect.awaitRunning("synthetic", 2);
        List<ConsumerRecord<byte[], byte[]>> records = connect.consume(1000, Duration.ofSeconds(60), topic);
        Thread.sleep(2000); // give the tasks time to (wrongly) write more
        assertThat(connect.cluster().kafka().endOffset(new org.apache.kafka.common.TopicPartition(topic, 0))
                + connect.cluster().kafka().endOffset(new org.apache.kafka.common.TopicPartition(topic, 1))).isEqualTo(1000);
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode v = JSON.readTree(r.value());
            assertThat(v.at("/schema/type").asText()).isEqualTo("struct");
            assertThat(v.at("/payload/stars").asInt()).isBetween(1, 5);
            assertThat(v.at("/payload/email").asText()).contains("@");
            ids.add(v.at("/payload/id").asText());
            assertThat(new String(r.key())).isEqualTo(v.at("/payload/id").asText());
        }
        assertThat(ids).hasSize(1000);
        assertThat(connect.status("synthetic").tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        connect.cluster().deleteConnector("synthetic");
    }

    @Test
    void aRestartedTaskResumesWithoutRepeatsOrGaps() throws Exception {
        String topic = "synthetic-resume";
        connect.createTopic(topic, 1);
        connect.cluster().configureConnector("resume", source(topic, Map.of("records.per.second", "200",
                "max.records", "600", "seed", "3")));
        connect.awaitRunning("resume", 1);
        ConnectHarness.await(() -> endOffset(topic) >= 150, Duration.ofSeconds(30), "150 records before the restart");
        connect.cluster().restartTask("resume", 0);
        ConnectHarness.await(() -> endOffset(topic) >= 600, Duration.ofSeconds(60), "600 records");
        Thread.sleep(1500);
        List<ConsumerRecord<byte[], byte[]>> records = connect.consume(600, Duration.ofSeconds(30), topic);
        assertThat(endOffset(topic)).as("no repeats: exactly max.records were written").isEqualTo(600);
        Set<Long> sequences = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            sequences.add(Long.parseLong(new String(r.headers().lastHeader("synthetic.sequence").value())));
        }
        assertThat(sequences).hasSize(600);
        assertThat(sequences).allSatisfy(s -> assertThat(s).isBetween(0L, 599L));
        connect.cluster().deleteConnector("resume");
    }

    @Test
    void relatedStreamsReferenceOnlyCustomersAlreadyInTheirTopic() throws Exception {
        connect.createTopic("shop-customers", 1);
        connect.createTopic("shop-orders", 1);
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "dev.connectai.synthetic.SyntheticSourceConnector");
        c.put("streams", "customers,orders");
        c.put("seed", "9");
        c.put("stream.customers.topic", "shop-customers");
        c.put("stream.customers.schema", SCHEMA);
        c.put("stream.customers.key.field", "id");
        c.put("stream.customers.records.per.second", "50");
        c.put("stream.customers.max.records", "100");
        c.put("stream.orders.topic", "shop-orders");
        c.put("stream.orders.schema", "{\"type\":\"object\",\"required\":[\"order_id\",\"customer_id\"],"
                + "\"properties\":{\"order_id\":{\"type\":\"string\",\"format\":\"uuid\"},"
                + "\"customer_id\":{\"type\":\"string\",\"x-ref\":\"customers\"}}}");
        c.put("stream.orders.key.field", "order_id");
        c.put("stream.orders.records.per.second", "200");
        c.put("stream.orders.max.records", "400");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        connect.cluster().configureConnector("related", c);
        connect.awaitRunning("related", 1);
        List<ConsumerRecord<byte[], byte[]>> customers = connect.consume(100, Duration.ofSeconds(60), "shop-customers");
        List<ConsumerRecord<byte[], byte[]>> orders = connect.consume(400, Duration.ofSeconds(60), "shop-orders");
        Map<String, Long> customerTimes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : customers) {
            customerTimes.put(new String(r.key()), r.timestamp());
        }
        assertThat(customerTimes).hasSize(100);
        Set<String> referenced = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : orders) {
            String customer = JSON.readTree(r.value()).path("customer_id").asText();
            assertThat(customerTimes).as("order %s references a customer in shop-customers", new String(r.key()))
                    .containsKey(customer);
            assertThat(customerTimes.get(customer)).as("the customer was written before the order")
                    .isLessThanOrEqualTo(r.timestamp());
            referenced.add(customer);
        }
        assertThat(referenced.size()).isGreaterThan(30);
        connect.cluster().deleteConnector("related");
    }

    private static long endOffset(String topic) {
        try {
            return connect.cluster().kafka().endOffset(new org.apache.kafka.common.TopicPartition(topic, 0));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
