package dev.connectai.toolkit.schema;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemaModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String CUSTOMER = """
            {"type": "object", "description": "A support request",
             "properties": {
               "name": {"type": "string", "description": "Customer's full name"},
               "email": {"type": ["string", "null"]},
               "order_id": {"type": "integer", "minimum": 1},
               "amount": {"type": "number"},
               "urgent": {"type": "boolean"},
               "priority": {"type": "string", "enum": ["low", "medium", "high"]},
               "ordered_on": {"type": "string", "format": "date"},
               "reported_at": {"type": "string", "format": "date-time"},
               "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
               "address": {"type": "object", "properties": {
                   "city": {"type": "string"}, "zip": {"type": "string"}}, "required": ["city"]},
               "items": {"type": "array", "items": {"type": "object", "properties": {
                   "sku": {"type": "string"}, "qty": {"type": "integer"}}, "required": ["sku", "qty"],
                   "additionalProperties": false}}
             },
             "required": ["name", "order_id", "priority"],
             "additionalProperties": false}
            """;

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void everySupportedConstructMapsToConnect() {
        Schema s = JsonSchemaModel.parse(CUSTOMER).connectSchema();
        assertThat(s.type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(s.doc()).isEqualTo("A support request");
        assertThat(s.field("name").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(s.field("name").schema().isOptional()).isFalse();
        assertThat(s.field("name").schema().doc()).isEqualTo("Customer's full name");
        assertThat(s.field("email").schema().isOptional()).isTrue();
        assertThat(s.field("order_id").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(s.field("amount").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(s.field("urgent").schema().type()).isEqualTo(Schema.Type.BOOLEAN);
        assertThat(s.field("priority").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(s.field("ordered_on").schema().name()).isEqualTo(Date.LOGICAL_NAME);
        assertThat(s.field("reported_at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(s.field("tags").schema().valueSchema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(s.field("address").schema().isOptional()).isTrue();
        assertThat(s.field("address").schema().field("city").schema().isOptional()).isFalse();
        assertThat(s.field("items").schema().valueSchema().field("qty").schema().type()).isEqualTo(Schema.Type.INT64);
    }

    @Test
    void validAnswersBecomeStructs() throws Exception {
        JsonSchemaModel m = JsonSchemaModel.parse(CUSTOMER);
        Struct s = m.toStruct(json("""
                {"name": "Ana Ruiz", "email": null, "order_id": 4821, "amount": 19.5, "urgent": true,
                 "priority": "high", "ordered_on": "2026-11-02", "reported_at": "2026-11-21T10:15:00Z",
                 "tags": ["refund"], "address": {"city": "Lyon", "zip": null},
                 "items": [{"sku": "A-1", "qty": 2}]}
                """));
        s.validate();
        assertThat(s.getInt64("order_id")).isEqualTo(4821L);
        assertThat(s.getStruct("address").getString("city")).isEqualTo("Lyon");
        assertThat(((java.util.Date) s.get("ordered_on")).toInstant().toString()).isEqualTo("2026-11-02T00:00:00Z");
        assertThat(s.getArray("items")).hasSize(1);
        Struct minimal = m.toStruct(json("{\"name\": \"B\", \"order_id\": 1, \"priority\": \"low\"}"));
        minimal.validate();
        assertThat(minimal.get("address")).isNull();
    }

    @Test
    void violationsAreListedWithPaths() throws Exception {
        JsonSchemaModel m = JsonSchemaModel.parse(CUSTOMER);
        assertThatThrownBy(() -> m.toStruct(json("""
                {"name": 7, "order_id": 2.5, "priority": "urgent!!", "extra": 1, "ordered_on": "02/11/2026",
                 "tags": ["a", "b", "c", "d", "e", "f"], "address": {"zip": "1"}, "items": [{"sku": "x"}]}
                """)))
                .isInstanceOfSatisfying(JsonSchemaModel.SchemaViolation.class, v -> assertThat(v.violations())
                        .anyMatch(x -> x.startsWith("$.name: expected a string"))
                        .anyMatch(x -> x.startsWith("$.order_id: expected an integer"))
                        .anyMatch(x -> x.contains("'urgent!!' is not one of [low, medium, high]"))
                        .anyMatch(x -> x.equals("$.extra: not in the schema"))
                        .anyMatch(x -> x.contains("$.ordered_on: '02/11/2026' is not a date"))
                        .anyMatch(x -> x.contains("$.tags: 6 items"))
                        .anyMatch(x -> x.equals("$.address.city: required but missing"))
                        .anyMatch(x -> x.equals("$.items[0].qty: required but missing")));
        assertThatThrownBy(() -> m.toStruct(json("[1,2]"))).hasMessageContaining("$: expected an object");
        assertThatThrownBy(() -> m.toStruct(json("{\"name\":\"x\",\"order_id\":0,\"priority\":\"low\"}")))
                .hasMessageContaining("$.order_id: 0 is outside");
    }

    @Test
    void strictFormMakesEveryPropertyRequiredAndOptionalOnesNullable() {
        JsonNode strict = JsonSchemaModel.parse(CUSTOMER).strictSchema();
        assertThat(strict.get("additionalProperties").asBoolean()).isFalse();
        assertThat(strict.get("required")).hasSize(11);
        assertThat(strict.at("/properties/email/type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(strict.at("/properties/name/type").asText()).isEqualTo("string");
        assertThat(strict.at("/properties/address/type").toString()).isEqualTo("[\"object\",\"null\"]");
        assertThat(strict.at("/properties/address/additionalProperties").asBoolean()).isFalse();
        assertThat(strict.at("/properties/name/description").asText()).isEqualTo("Customer's full name");
    }

    @Test
    void unsupportedConstructsAreRejectedByName() {
        for (String[] c : List.of(
                new String[] {"{\"type\":\"object\",\"properties\":{\"a\":{\"oneOf\":[{\"type\":\"string\"}]}}}", "'oneOf' at $.a"},
                new String[] {"{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/defs/x\"}}}", "'$ref' at $.a"},
                new String[] {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":true}", "additionalProperties"},
                new String[] {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"integer\"]}}}", "$.a: unsupported 'type'"},
                new String[] {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\"}}}", "$.a: an array needs 'items'"},
                new String[] {"{\"type\":\"string\"}", "top level"},
                new String[] {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"b\"]}", "'b' is not defined"},
                new String[] {"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"enum\":[1,2]}}}", "enum"},
                new String[] {"not json", "not valid JSON"})) {
            assertThatThrownBy(() -> JsonSchemaModel.parse(c[0])).as(c[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(c[1]);
        }
    }
}
