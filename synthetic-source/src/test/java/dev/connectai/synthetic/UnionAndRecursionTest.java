package dev.connectai.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static dev.connectai.synthetic.SyntheticFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Regression tests for the defects of issue 15: oneOf of objects, and recursive Avro records. */
class UnionAndRecursionTest {

    /** Each branch forbids the other's fields, so a record carrying the other branch's fields as null is invalid. */
    static final String CLOSED_BRANCHES = """
            {"type": "object", "properties": {
               "id": {"type": "integer", "minimum": 1, "maximum": 9},
               "payment": {"oneOf": [
                 {"type": "object", "properties": {"card": {"type": "string", "pattern": "^[0-9]{4}$"}},
                  "required": ["card"], "additionalProperties": false},
                 {"type": "object", "properties": {"iban": {"type": "string", "pattern": "^DE[0-9]{20}$"},
                                                   "bic": {"type": "string", "maxLength": 11}},
                  "required": ["iban"], "additionalProperties": false}]}},
             "required": ["id", "payment"], "additionalProperties": false}
            """;

    /** A branch with a required nested object: merged, its struct used to clash with the merged field's schema. */
    static final String NESTED_BRANCH = """
            {"type": "object", "properties": {
               "target": {"oneOf": [
                 {"type": "object", "properties": {"address": {"type": "object",
                     "properties": {"city": {"type": "string"}}, "required": ["city"]}}, "required": ["address"]},
                 {"type": "object", "properties": {"url": {"type": "string", "format": "uri"}},
                  "required": ["url"]}]}},
             "required": ["target"]}
            """;

    static final String PERSON = """
            {"type": "record", "name": "Person", "namespace": "people", "fields": [
              {"name": "name", "type": "string"},
              {"name": "friends", "type": {"type": "array", "items": "Person"}},
              {"name": "partner", "type": ["null", "Person"]},
              {"name": "pets", "type": {"type": "map", "values": "Person"}}]}
            """;

    @Test
    void oneOfObjectBranchesWriteOnlyTheChosenBranchsFields() throws Exception {
        List<SourceRecord> records = SyntheticFixtures.take(
                SyntheticFixtures.task(Map.of("schema", CLOSED_BRANCHES), 0, 1, null), 1000);
        assertThat(records).hasSize(1000);
        SyntheticFixtures.assertValid(records, JSON.readTree(CLOSED_BRANCHES));
        int cards = 0;
        for (SourceRecord r : records) {
            assertThat(r.valueSchema()).as("branches differ: auto writes the record schemaless").isNull();
            JsonNode payment = SyntheticFixtures.asJson(r).get("payment");
            boolean card = payment.has("card");
            cards += card ? 1 : 0;
            payment.fields().forEachRemaining(f -> assertThat(f.getValue().isNull()).as(payment.toString()).isFalse());
            assertThat(card ? payment.has("iban") : payment.has("card")).as(payment.toString()).isFalse();
        }
        assertThat(cards).as("both branches chosen").isBetween(400, 600);
    }

    @Test
    void connectOutputRefusesWhatOnlyASchemalessRecordCanCarry() {
        assertThatThrownBy(() -> SyntheticFixtures.task(Map.of("schema",
                "{\"type\":\"object\",\"properties\":{\"u\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}}",
                "output.schema", "connect"), 0, 1, null))
                .hasMessageContaining("$.u: oneOf/anyOf branches of different types");
        SyntheticSourceTask none = SyntheticFixtures.task(Map.of("schema", JsonSchemaGenerationTest.ORDER,
                "output.schema", "none"), 0, 1, null);
        assertThat(assertPolls(none, JsonSchemaGenerationTest.ORDER)).allSatisfy(r -> assertThat(r.valueSchema()).isNull());
    }

    @Test
    void oneOfWithARequiredNestedObjectPollsInEveryOutputMode() throws Exception {
        for (String mode : List.of("auto", "connect", "none")) {
            SyntheticSourceTask task = SyntheticFixtures.task(Map.of("schema", NESTED_BRANCH, "output.schema", mode),
                    0, 1, null);
            List<SourceRecord> records = assertPolls(task, NESTED_BRANCH);
            if (mode.equals("connect")) {
                records.forEach(r -> ConnectSchema.validateValue(r.valueSchema(), r.value()));
                assertThat(records).anySatisfy(r -> assertThat(((Struct) r.value()).getStruct("target")
                        .getStruct("address")).isNotNull());
            }
        }
    }

    private static List<SourceRecord> assertPolls(SyntheticSourceTask task, String schema) {
        try {
            List<SourceRecord> records = SyntheticFixtures.take(task, 500);
            assertThat(records).hasSize(500);
            SyntheticFixtures.assertValid(records, JSON.readTree(schema));
            return records;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void recursiveAvroRecordsNestToTheDepthBound() throws Exception {
        for (int depth : new int[] {1, 3}) {
            SyntheticSourceTask task = SyntheticFixtures.task(Map.of("schema.type", "avro", "schema", PERSON,
                    "recursion.max.depth", Integer.toString(depth), "null.rate", "0.2"), 0, 1, null);
            List<SourceRecord> records = SyntheticFixtures.take(task, 300);
            assertThat(records).hasSize(300);
            int deepest = 0;
            for (SourceRecord r : records) {
                ConnectSchema.validateValue(r.valueSchema(), r.value());
                deepest = Math.max(deepest, depth((Struct) r.value()));
            }
            assertThat(deepest).as("recursion.max.depth=" + depth).isEqualTo(depth);
        }
    }

    @Test
    void recursionWithNoWayOutIsRefusedByName() {
        String endless = "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"type\":\"Node\"}]}";
        assertThatThrownBy(() -> SyntheticFixtures.task(Map.of("schema.type", "avro", "schema", endless), 0, 1, null))
                .isInstanceOf(SchemaProblem.class).hasMessageContaining("record Node contains itself");
        var result = new SyntheticSourceConnector().validate(Map.of("topic", "t", "schema.type", "avro",
                "schema", endless));
        var schema = result.configValues().stream().filter(v -> v.name().equals("schema")).findFirst().orElseThrow();
        assertThat(schema.errorMessages()).anySatisfy(m -> assertThat(m).contains("record Node contains itself"));
    }

    /** How many Person records nest in this one, itself included. */
    @SuppressWarnings("unchecked")
    private static int depth(Struct person) {
        List<Struct> inner = new ArrayList<>((List<Struct>) person.get("friends"));
        inner.addAll(((Map<String, Struct>) person.get("pets")).values());
        if (person.get("partner") != null) {
            inner.add(person.getStruct("partner"));
        }
        int d = 0;
        for (Struct s : inner) {
            d = Math.max(d, depth(s));
        }
        return 1 + d;
    }
}
