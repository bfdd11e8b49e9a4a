package dev.connectai.synthetic;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static dev.connectai.synthetic.SyntheticFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemaGenerationTest {

    static final String ORDER = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Order", "type": "object",
             "$defs": {"money": {"type": "number", "minimum": 0, "exclusiveMaximum": 500, "multipleOf": 0.01}},
             "properties": {
               "order_id": {"type": "string", "format": "uuid"},
               "customer": {"type": "object", "properties": {
                   "name": {"type": "string", "x-faker": "#{Name.fullName}"},
                   "email": {"type": "string", "format": "email"},
                   "city": {"type": "string"},
                   "phone": {"type": ["string", "null"]}},
                 "required": ["name", "email", "city"]},
               "status": {"type": "string", "enum": ["NEW", "PAID", "SHIPPED", "CANCELLED"]},
               "channel": {"const": "web"},
               "total": {"$ref": "#/$defs/money"},
               "quantity": {"type": "integer", "minimum": 1, "maximum": 20},
               "even": {"type": "integer", "exclusiveMinimum": 0, "maximum": 100, "multipleOf": 2},
               "placed_at": {"type": "string", "format": "date-time"},
               "ship_on": {"type": "string", "format": "date"},
               "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
               "code": {"type": "string", "minLength": 5, "maxLength": 8},
               "site": {"type": "string", "format": "uri"},
               "ip": {"type": "string", "format": "ipv4"},
               "host": {"type": "string", "format": "hostname"},
               "gift": {"type": "boolean"},
               "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b", "c", "d"]},
                        "minItems": 1, "maxItems": 4, "uniqueItems": true},
               "lines": {"type": "array", "items": {"type": "object", "properties": {
                   "sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1, "maximum": 5}},
                   "required": ["sku", "qty"]}, "minItems": 1, "maxItems": 3},
               "payment": {"oneOf": [
                   {"type": "object", "properties": {"card_last4": {"type": "string", "pattern": "^[0-9]{4}$"}},
                    "required": ["card_last4"]},
                   {"type": "object", "properties": {"iban": {"type": "string", "pattern": "^DE[0-9]{20}$"}},
                    "required": ["iban"]}]},
               "note": {"type": "string", "maxLength": 40}
             },
             "required": ["order_id", "customer", "status", "channel", "total", "quantity", "even", "placed_at",
                          "ship_on", "sku", "code", "site", "ip", "host", "gift", "tags", "lines", "payment"]}
            """;

    @Test
    void everyConstructProducesRecordsThatPassBothValidators() throws Exception {
        // output.schema=connect: the oneOf of objects below merges into one struct (auto writes such records
        // schemaless, see UnionAndRecursionTest).
        SyntheticSourceTask task = SyntheticFixtures.task(Map.of("schema", ORDER, "output.schema", "connect"), 0, 1,
                null);
        List<SourceRecord> records = SyntheticFixtures.take(task, 500);
        assertThat(records).hasSize(500);
        JsonNode schema = JSON.readTree(ORDER);
        SyntheticFixtures.assertValid(records, schema);
        Set<Object> statuses = new HashSet<>();
        int nullPhones = 0;
        int cards = 0;
        for (SourceRecord r : records) {
            Struct v = (Struct) r.value();
            statuses.add(v.get("status"));
            nullPhones += v.getStruct("customer").get("phone") == null ? 1 : 0;
            assertThat(v.get("note")).as("optional but not nullable: always present").isNotNull();
            cards += v.getStruct("payment").get("card_last4") != null ? 1 : 0;
        }
        assertThat(statuses).containsExactlyInAnyOrder("NEW", "PAID", "SHIPPED", "CANCELLED");
        assertThat(nullPhones).as("a nullable field is null about 10% of the time").isBetween(20, 90);
        assertThat(cards).as("both oneOf branches used").isBetween(150, 350);
        assertThat(records.get(0).valueSchema().name()).isEqualTo("Order");
    }

    @Test
    void unsatisfiableSchemasNameTheField() {
        String[][] cases = {
                {"{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":10,\"maximum\":5}}}", "$.n: no integer"},
                {"{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":3,\"multipleOf\":5}}}", "multipleOf 5"},
                {"{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\",\"exclusiveMinimum\":1,\"exclusiveMaximum\":1}}}", "$.x: no number"},
                {"{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"minLength\":9,\"maxLength\":2}}}", "$.s: minLength 9 > maxLength 2"},
                {"{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"([a-z\"}}}", "$.s: pattern"},
                {"{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"x-faker\":\"#{Nope.nothing}\"}}}", "$.s: unknown faker expression"},
                {"{\"type\":\"object\",\"properties\":{\"r\":{\"$ref\":\"#/$defs/missing\"}}}", "$.r: $ref '#/$defs/missing' does not resolve"},
                {"{\"type\":\"object\",\"$defs\":{\"n\":{\"type\":\"object\",\"properties\":{\"c\":{\"$ref\":\"#/$defs/n\"}}}},\"properties\":{\"r\":{\"$ref\":\"#/$defs/n\"}}}", "recursive"},
                {"{\"type\":\"object\",\"properties\":{\"u\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}}", "$.u: oneOf/anyOf branches of different types"},
                {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"enum\":[\"x\"]},\"minItems\":2,\"uniqueItems\":true}}}", "$.a: uniqueItems"},
                {"{\"type\":\"object\",\"properties\":{\"f\":{\"type\":\"string\",\"format\":\"credit-card\"}}}", "$.f: unsupported format"},
                {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"b\"]}", "required property 'b'"},
                {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"not\":{\"const\":\"x\"}}}}", "$.a: the keyword 'not'"},
                {"{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"other.json#/x\"}}}", "only local $ref"}};
        for (String[] c : cases) {
            assertThatThrownBy(() -> JsonSchemaCompiler.compile(JSON.readTree(c[0]), 0.1, true)).as(c[0])
                    .isInstanceOf(SchemaProblem.class).hasMessageContaining(c[1]);
        }
    }

    @Test
    void validateReportsSchemaProblemsOnTheSchemaField() {
        var result = new SyntheticSourceConnector().validate(Map.of("topic", "t", "schema",
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":10,\"maximum\":5}}}"));
        var schema = result.configValues().stream().filter(v -> v.name().equals("schema")).findFirst().orElseThrow();
        assertThat(schema.errorMessages()).anySatisfy(m -> assertThat(m).contains("$.n: no integer"));
    }

    @Test
    void exampleRecordsInferASchemaToGenerateFrom() throws Exception {
        String example = "{\"id\":\"3f0c1c8e-2b8a-4c47-9d6e-4a4b1f6f1a10\",\"email\":\"ana@example.com\",\"age\":31,"
                + "\"score\":4.5,\"active\":true,\"joined\":\"2024-05-01\",\"tags\":[\"x\"],\"address\":{\"city\":\"Lyon\"}}";
        SyntheticSourceTask task = SyntheticFixtures.task(Map.of("schema.type", "example", "schema", example), 0, 1, null);
        List<SourceRecord> records = SyntheticFixtures.take(task, 100);
        JsonNode inferred = ExampleSchemaInference.infer(JSON.readTree(example));
        assertThat(inferred.at("/properties/email/format").asText()).isEqualTo("email");
        assertThat(inferred.at("/properties/id/format").asText()).isEqualTo("uuid");
        assertThat(inferred.at("/properties/joined/format").asText()).isEqualTo("date");
        SyntheticFixtures.assertValid(records, inferred);
    }
}
