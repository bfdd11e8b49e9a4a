package dev.connectai.synthetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several related streams from one connector: references, determinism, resumption, rates, config errors. */
class RelatedStreamsTest {

    static final String CUSTOMERS = """
            {"type": "object", "required": ["id", "name", "email"], "properties": {
              "id": {"type": "string", "format": "uuid"},
              "name": {"type": "string", "x-faker": "#{Name.fullName}"},
              "email": {"type": "string", "format": "email"}}}""";
    static final String ORDERS = """
            {"type": "object", "required": ["order_id", "customer_id", "total"], "properties": {
              "order_id": {"type": "string", "format": "uuid"},
              "customer_id": {"type": "string", "x-ref": "customers"},
              "total": {"type": "number", "minimum": 1, "maximum": 500}}}""";
    /** Avro, with the key an iteration and a reference inside a nested record and an array. */
    static final String ITEMS = """
            {"type": "record", "name": "OrderItem", "fields": [
              {"name": "item_id", "type": "long", "arg.properties": {"iteration": {"start": 1}}},
              {"name": "order", "type": {"type": "record", "name": "OrderRef", "fields": [
                 {"name": "id", "type": "string", "x-ref": "orders"}]}},
              {"name": "gift_for", "type": {"type": "array", "items": "string"}, "x-ref": "customers"},
              {"name": "qty", "type": "int", "arg.properties": {"range": {"min": 1, "max": 5}}}]}""";

    static Map<String, String> shop() {
        Map<String, String> p = new HashMap<>();
        p.put("topic", "");
        p.put("streams", "items,orders,customers"); // listed out of order: the references order them
        p.put("streams.time.scale", "0");
        p.put("seed", "5");
        p.put("stream.customers.schema", CUSTOMERS);
        p.put("stream.customers.key.field", "id");
        p.put("stream.customers.records.per.second", "10");
        p.put("stream.orders.schema", ORDERS);
        p.put("stream.orders.key.field", "order_id");
        p.put("stream.orders.records.per.second", "40");
        p.put("stream.orders.topic", "shop.orders");
        p.put("stream.items.schema.type", "avro");
        p.put("stream.items.schema", ITEMS);
        p.put("stream.items.key.field", "item_id");
        p.put("stream.items.records.per.second", "100");
        return p;
    }

    /** Every reference names a key of its stream whose record came earlier in the task's output. */
    private static void assertReferencesPrecede(List<SourceRecord> records, Set<Object> customers, Set<Object> orders) {
        for (SourceRecord r : records) {
            Struct v = (Struct) r.value();
            switch (r.topic()) {
                case "customers" -> assertThat(customers.add(r.key())).as("customer keys are distinct").isTrue();
                case "shop.orders" -> {
                    assertThat(customers).as("order %s", r.sourceOffset()).contains(v.getString("customer_id"));
                    orders.add(r.key());
                }
                case "items" -> {
                    assertThat(orders).as("item %s", r.sourceOffset()).contains(v.getStruct("order").getString("id"));
                    assertThat(customers).containsAll(v.getArray("gift_for"));
                }
                default -> throw new AssertionError("unexpected topic " + r.topic());
            }
        }
    }

    @Test
    void everyReferencedKeyWasEmittedEarlierInTheSameOrAnEarlierPoll() throws Exception {
        SyntheticSourceTask task = SyntheticFixtures.task(shop(), 0, 1, null);
        List<SourceRecord> records = new ArrayList<>();
        int polls = 0;
        while (records.size() < 3000) {
            records.addAll(task.poll());
            polls++;
        }
        assertThat(polls).as("several polls, so references cross poll boundaries").isGreaterThan(2);
        assertReferencesPrecede(records, new HashSet<>(), new HashSet<>());
        // The customers referenced are spread over those emitted, not only the first.
        Set<Object> referenced = new HashSet<>();
        records.stream().filter(r -> r.topic().equals("shop.orders"))
                .forEach(r -> referenced.add(((Struct) r.value()).getString("customer_id")));
        assertThat(referenced.size()).isGreaterThan(50);
        // Rates 10 : 40 : 100 interleave exactly, a referenced stream first at equal times.
        Map<String, Long> counts = new HashMap<>();
        records.forEach(r -> counts.merge(r.topic(), 1L, Long::sum));
        assertThat(counts.get("customers") * 4).isCloseTo(counts.get("shop.orders"), org.assertj.core.data.Offset.offset(4L));
        assertThat(counts.get("customers") * 10).isCloseTo(counts.get("items"), org.assertj.core.data.Offset.offset(10L));
        assertThat(records.get(0).topic()).isEqualTo("customers");
        assertThat(records.get(1).topic()).isEqualTo("shop.orders");
        assertThat(records.get(2).topic()).isEqualTo("items");
        // An offset holds every stream's position after its record.
        assertThat(new HashMap<String, Object>(records.get(2).sourceOffset())).containsEntry("position.customers", 1L)
                .containsEntry("position.orders", 1L).containsEntry("position.items", 1L);
        SyntheticFixtures.assertValid(records, null);
    }

    private static List<String> fingerprints(List<SourceRecord> records) {
        return records.stream().map(r -> r.topic() + "|" + r.key() + "|" + r.value()).toList();
    }

    @Test
    void theSameSeedGivesTheSameRecordsOnEveryTopic() throws Exception {
        List<SourceRecord> a = SyntheticFixtures.take(SyntheticFixtures.task(shop(), 0, 1, null), 1500);
        List<SourceRecord> b = SyntheticFixtures.take(SyntheticFixtures.task(shop(), 0, 1, null), 1500);
        assertThat(fingerprints(a)).isEqualTo(fingerprints(b));
        Map<String, String> reseeded = shop();
        reseeded.put("seed", "6");
        List<SourceRecord> c = SyntheticFixtures.take(SyntheticFixtures.task(reseeded, 0, 1, null), 1500);
        assertThat(c.get(0).key()).isNotEqualTo(a.get(0).key());
        // The interleaving is the schedule's, not the clock's: the paced run gives the same records.
        Map<String, String> paced = shop();
        paced.put("streams.time.scale", "50");
        SyntheticSourceTask pacedTask = SyntheticFixtures.task(paced, 0, 1, null);
        List<SourceRecord> d = new ArrayList<>();
        int nulls = 0;
        while (d.size() < 300) {
            List<SourceRecord> batch = pacedTask.poll();
            if (batch == null) {
                nulls++;
            } else {
                d.addAll(batch);
            }
        }
        assertThat(nulls).as("the paced task waited for its schedule").isGreaterThan(0);
        assertThat(fingerprints(d.subList(0, 300))).isEqualTo(fingerprints(a.subList(0, 300)));
    }

    @Test
    void aRestartFromTheCommittedOffsetContinuesTheSameSequence() throws Exception {
        List<SourceRecord> uninterrupted = SyntheticFixtures.take(SyntheticFixtures.task(shop(), 0, 1, null), 2500);
        Map<String, Object> committed = new HashMap<>(uninterrupted.get(1233).sourceOffset());
        List<SourceRecord> resumed = SyntheticFixtures.take(SyntheticFixtures.task(shop(), 0, 1, committed), 2500 - 1234);
        assertThat(fingerprints(resumed)).isEqualTo(fingerprints(uninterrupted.subList(1234, 2500)));
        // Across the restart no key repeats and references still name keys emitted before them.
        List<SourceRecord> joined = new ArrayList<>(uninterrupted.subList(0, 1234));
        joined.addAll(resumed);
        assertReferencesPrecede(joined, new HashSet<>(), new HashSet<>());
        // An offset of other schemas is another set of streams: start over.
        Map<String, String> changed = shop();
        changed.put("stream.orders.schema", ORDERS.replace("500", "600"));
        SourceRecord first = SyntheticFixtures.take(SyntheticFixtures.task(changed, 0, 1, committed), 1).get(0);
        assertThat(new HashMap<String, Object>(first.sourceOffset())).containsEntry("position.customers", 1L);
    }

    @Test
    void eachTaskReferencesItsOwnKeysAndStopsAtItsShare() throws Exception {
        Map<String, String> p = shop();
        p.put("stream.customers.max.records", "21");
        p.put("stream.orders.max.records", "200");
        p.put("stream.items.max.records", "400");
        int total = 0;
        for (int t = 0; t < 2; t++) {
            List<SourceRecord> records = drain(SyntheticFixtures.task(p, t, 2, null));
            assertReferencesPrecede(records, new HashSet<>(), new HashSet<>());
            assertThat(records.stream().filter(r -> r.topic().equals("customers")).count()).isEqualTo(t == 0 ? 11 : 10);
            total += records.size();
        }
        assertThat(total).isEqualTo(621);
    }

    /** All records of an unpaced task with bounded streams: a poll returns null only when every stream is done. */
    private static List<SourceRecord> drain(SyntheticSourceTask task) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        for (List<SourceRecord> batch = task.poll(); batch != null; batch = task.poll()) {
            out.addAll(batch);
        }
        return out;
    }

    @Test
    void eachStreamRunsAtItsOwnRate() throws Exception {
        Map<String, String> p = shop();
        p.put("streams.time.scale", "1");
        p.put("stream.customers.records.per.second", "20");
        p.put("stream.orders.records.per.second", "100");
        p.put("stream.items.records.per.second", "200");
        SyntheticSourceTask task = SyntheticFixtures.task(p, 0, 1, null);
        List<SourceRecord> records = new ArrayList<>();
        long start = System.nanoTime();
        while (System.nanoTime() - start < 2_000_000_000L) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                records.addAll(batch);
            }
        }
        Map<String, Long> counts = new HashMap<>();
        records.forEach(r -> counts.merge(r.topic(), 1L, Long::sum));
        // Two seconds: about 40 customers, 200 orders, 400 items.
        assertThat(counts.get("customers")).isBetween(30L, 42L);
        assertThat(counts.get("shop.orders")).isBetween(170L, 202L);
        assertThat(counts.get("items")).isBetween(340L, 402L);
    }

    @Test
    void avroStreamsReferenceByAFieldProperty() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("topic", "");
        p.put("streams", "users,clicks");
        p.put("streams.time.scale", "0");
        p.put("schema.type", "avro"); // inherited by both streams
        p.put("stream.users.schema", "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"userid\","
                + "\"type\":\"long\",\"arg.properties\":{\"iteration\":{\"start\":1000}}}]}");
        p.put("stream.users.key.field", "userid");
        p.put("stream.users.records.per.second", "1");
        p.put("stream.clicks.schema", "{\"type\":\"record\",\"name\":\"Click\",\"fields\":[{\"name\":\"user\","
                + "\"type\":[\"null\",\"long\"],\"x-ref\":\"users\"}]}");
        p.put("stream.clicks.records.per.second", "20");
        List<SourceRecord> records = SyntheticFixtures.take(SyntheticFixtures.task(p, 0, 1, null), 2100);
        Set<Object> users = new HashSet<>();
        int nulls = 0;
        for (SourceRecord r : records) {
            if (r.topic().equals("users")) {
                users.add(r.key());
            } else {
                Object user = ((Struct) r.value()).get("user");
                if (user == null) {
                    nulls++; // an optional reference keeps the null rate
                } else {
                    assertThat(users).contains(user);
                }
            }
        }
        assertThat(users).hasSize(100).contains(1000L, 1099L);
        assertThat(nulls).isBetween(100, 300);
    }

    private static String errorOn(Map<String, String> props, String key) {
        List<ConfigValue> values = new SyntheticSourceConnector().validate(props).configValues();
        List<String> errors = new ArrayList<>();
        values.stream().filter(v -> !v.errorMessages().isEmpty())
                .forEach(v -> errors.add(v.name() + ": " + v.errorMessages()));
        assertThat(errors).as("errors").hasSize(1);
        ConfigValue v = values.stream().filter(x -> x.name().equals(key)).findFirst().orElseThrow();
        assertThat(v.errorMessages()).as("errors on %s, all: %s", key, errors).hasSize(1);
        return v.errorMessages().get(0);
    }

    @Test
    void validateNamesTheSettingAtFault() {
        assertThat(new SyntheticSourceConnector().validate(shop()).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());

        Map<String, String> unknown = shop();
        unknown.put("stream.orders.schema", ORDERS.replace("\"x-ref\": \"customers\"", "\"x-ref\": \"clients\""));
        assertThat(errorOn(unknown, "stream.orders.schema")).contains("customer_id", "'clients'",
                "items, orders, customers");

        Map<String, String> cycle = shop();
        cycle.put("stream.customers.schema", CUSTOMERS.replace("\"format\": \"email\"",
                "\"format\": \"email\", \"x-ref\": \"items\""));
        assertThat(errorOn(cycle, "streams")).contains("cycle", "items -> orders -> customers -> items");

        Map<String, String> self = shop();
        self.put("stream.orders.schema", ORDERS.replace("\"x-ref\": \"customers\"", "\"x-ref\": \"orders\""));
        assertThat(errorOn(self, "streams")).contains("orders -> orders");

        Map<String, String> noRate = shop();
        noRate.remove("stream.orders.records.per.second");
        assertThat(errorOn(noRate, "stream.orders.records.per.second")).contains("required and must be > 0");

        Map<String, String> badRate = shop();
        badRate.put("stream.orders.records.per.second", "fast");
        assertThat(errorOn(badRate, "stream.orders.records.per.second")).contains("fast");

        Map<String, String> noKey = shop();
        noKey.remove("stream.customers.key.field");
        assertThat(errorOn(noKey, "stream.customers.key.field")).contains("customer_id", "orders");

        Map<String, String> missingKey = shop();
        missingKey.put("stream.customers.key.field", "customer_no");
        assertThat(errorOn(missingKey, "stream.customers.key.field")).contains("customer_no", "does not exist");

        Map<String, String> wrongType = shop();
        wrongType.put("stream.orders.schema", ORDERS.replace("\"customer_id\": {\"type\": \"string\"",
                "\"customer_id\": {\"type\": \"integer\""));
        assertThat(errorOn(wrongType, "stream.orders.schema")).contains("customer_id", "customers", "INT64");

        Map<String, String> typo = shop();
        typo.put("stream.orders.topik", "x");
        assertThat(errorOn(typo, "stream.orders.topik")).contains("not a setting");

        Map<String, String> unlisted = shop();
        unlisted.put("stream.payments.topic", "x");
        assertThat(errorOn(unlisted, "stream.payments.topic")).contains("not listed");

        Map<String, String> connectorWide = shop();
        connectorWide.put("stream.orders.seed", "3");
        assertThat(errorOn(connectorWide, "stream.orders.seed")).contains("whole connector");

        Map<String, String> topLevel = shop();
        topLevel.put("schema", CUSTOMERS);
        assertThat(errorOn(topLevel, "schema")).contains("stream.<name>.schema");

        Map<String, String> badSchema = shop();
        badSchema.put("stream.items.schema", ITEMS.replace("\"int\"", "\"integer\""));
        assertThat(errorOn(badSchema, "stream.items.schema")).contains("Avro");

        Map<String, String> inUnion = shop();
        inUnion.put("stream.orders.schema", "{\"type\":\"object\",\"required\":[\"order_id\",\"c\"],\"properties\":{"
                + "\"order_id\":{\"type\":\"string\"},\"c\":{\"oneOf\":[{\"type\":\"string\",\"x-ref\":\"customers\"},"
                + "{\"type\":\"integer\"}]}}}");
        assertThat(errorOn(inUnion, "stream.orders.schema")).contains("x-ref", "oneOf");

        Map<String, String> badName = shop();
        badName.put("streams", "customers,orders.v2");
        assertThat(errorOn(badName, "streams")).contains("orders.v2");
    }

    @Test
    void aSingleStreamStillNeedsItsTopicAndARefNeedsStreams() {
        assertThatThrownBy(() -> new SyntheticSourceConfig(Map.of("schema", CUSTOMERS)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic").hasMessageContaining("streams");
        assertThat(errorOn(Map.of("schema", CUSTOMERS), "topic")).contains("is required");
        // Without streams there is nothing to reference: refused rather than filled with unrelated values.
        assertThat(errorOn(Map.of("topic", "t", "schema", ORDERS), "schema")).contains("customer_id", "x-ref",
                "streams");
    }
}
