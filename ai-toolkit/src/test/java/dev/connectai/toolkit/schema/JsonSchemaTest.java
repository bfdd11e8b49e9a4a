package dev.connectai.toolkit.schema;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.toolkit.schema.SchemaNode.ArraySchema;
import dev.connectai.toolkit.schema.SchemaNode.Extra;
import dev.connectai.toolkit.schema.SchemaNode.NumberSchema;
import dev.connectai.toolkit.schema.SchemaNode.ObjectSchema;
import dev.connectai.toolkit.schema.SchemaNode.StringSchema;
import dev.connectai.toolkit.schema.SchemaNode.UnionSchema;
import dev.connectai.toolkit.schema.SchemaNode.UntypedSchema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared front end on its own: what the tree holds, what it resolves, what it refuses and how far it goes. */
class JsonSchemaTest {

    private static final String ORDER = """
            {"title": "Order", "type": "object", "additionalProperties": false,
             "$defs": {"money": {"type": "number", "exclusiveMinimum": 0, "maximum": 500, "multipleOf": 0.01,
                                 "description": "EUR"}},
             "properties": {
               "id": {"type": "string", "format": "uuid", "examples": ["3f0c..."]},
               "code": {"type": "string", "pattern": "^[A-Z]{3}$", "minLength": 3, "maxLength": 3,
                        "x-faker": "#{Code.isbn10}"},
               "status": {"enum": ["NEW", "PAID"], "default": "NEW"},
               "channel": {"const": 7},
               "total": {"$ref": "#/$defs/money"},
               "note": {"type": ["null", "string"]},
               "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true},
               "payment": {"anyOf": [{"type": "object", "properties": {"iban": {"type": "string"}}},
                                     {"type": "object", "properties": {"card": {"type": "string"}}}]},
               "mixed": {"type": ["string", "integer"]}
             },
             "required": ["id", "total"]}
            """;

    @Test
    void oneReadHoldsEveryKeywordEitherReaderUses() {
        ObjectSchema root = (ObjectSchema) JsonSchema.parse(ORDER).root();
        assertThat(root.facets().title()).isEqualTo("Order");
        assertThat(root.additional()).isEqualTo(Extra.FORBIDDEN);
        assertThat(root.required()).containsExactly("id", "total");
        assertThat(root.properties().keySet()).containsExactly("id", "code", "status", "channel", "total", "note",
                "tags", "payment", "mixed");

        StringSchema id = (StringSchema) root.properties().get("id");
        assertThat(id.format()).isEqualTo("uuid");
        assertThat(id.path()).isEqualTo("$.id");
        assertThat(id.facets().examples().get(0).asText()).isEqualTo("3f0c...");
        StringSchema code = (StringSchema) root.properties().get("code");
        assertThat(code.pattern()).isEqualTo("^[A-Z]{3}$");
        assertThat(code.minLength()).isEqualTo(3);
        assertThat(code.facets().extension("x-faker").asText()).isEqualTo("#{Code.isbn10}");

        StringSchema status = (StringSchema) root.properties().get("status");
        assertThat(status.facets().typeDeclared()).isFalse();
        assertThat(status.facets().enumValues()).extracting(v -> v.asText()).containsExactly("NEW", "PAID");
        assertThat(status.facets().defaultValue().asText()).isEqualTo("NEW");
        NumberSchema channel = (NumberSchema) root.properties().get("channel");
        assertThat(channel.integer()).isTrue();
        assertThat(channel.facets().constValue().asInt()).isEqualTo(7);

        NumberSchema total = (NumberSchema) root.properties().get("total");
        assertThat(total.facets().ref()).isEqualTo("#/$defs/money");
        assertThat(total.path()).as("a resolved $ref sits where it is used").isEqualTo("$.total");
        assertThat(total.exclusiveMinimum()).isEqualTo(0.0);
        assertThat(total.maximum()).isEqualTo(500.0);
        assertThat(total.multipleOf()).isEqualTo(0.01);
        assertThat(total.facets().description()).isEqualTo("EUR");

        assertThat(root.properties().get("note")).isInstanceOf(StringSchema.class);
        assertThat(root.properties().get("note").nullable()).isTrue();
        ArraySchema tags = (ArraySchema) root.properties().get("tags");
        assertThat(tags.items().path()).isEqualTo("$.tags[]");
        assertThat(tags.minItems()).isEqualTo(1);
        assertThat(tags.maxItems()).isNull();
        assertThat(tags.uniqueItems()).isTrue();
        UnionSchema payment = (UnionSchema) root.properties().get("payment");
        assertThat(payment.branches()).hasSize(2);
        assertThat(payment.branches().get(1).path()).isEqualTo("$.payment/oneOf[1]");
        UntypedSchema mixed = (UntypedSchema) root.properties().get("mixed");
        assertThat(mixed.severalTypes()).isTrue();
    }

    @Test
    void theTreeIsTheParsersOwnCopy() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode property = schema.putObject("properties").putObject("a").put("type", "string");
        property.putArray("enum").add("x");
        property.putArray("examples").add("x");
        JsonSchema parsed = JsonSchema.parse(schema);
        ((ObjectNode) schema.get("properties").get("a")).putArray("enum").add("changed");
        SchemaNode a = ((ObjectSchema) parsed.root()).properties().get("a");
        assertThat(a.facets().enumValues()).extracting(v -> v.asText()).containsExactly("x");
        assertThat(parsed.source().at("/properties/a/enum/0").asText()).isEqualTo("x");
        ((ArrayNode) a.facets().examples()).add("changed");
        assertThat(a.facets().examples()).hasSize(1);
    }

    @Test
    void keywordsNoReaderHonoursAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> JsonSchema.parse("""
                {"type": "object", "properties": {"a": {"type": "object", "properties": {
                    "b": {"type": "string", "not": {"const": "x"}}}}}}
                """)).isInstanceOfSatisfying(JsonSchemaException.class, e -> {
                    assertThat(e.keyword()).isEqualTo("not");
                    assertThat(e.path()).isEqualTo("$.a.b");
                    assertThat(e).hasMessage("unsupported JSON Schema keyword 'not' at $.a.b");
                });
        for (String keyword : JsonSchema.REFUSED) {
            assertThatThrownBy(() -> JsonSchema.parse("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\""
                    + keyword + "\":{}}}}")).as(keyword).hasMessage("unsupported JSON Schema keyword '" + keyword
                    + "' at $.a");
        }
        // A narrower vocabulary refuses before a $ref is even followed.
        assertThatThrownBy(() -> JsonSchema.parse("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/nowhere\"}}}",
                JsonSchemaModel.VOCABULARY)).hasMessage("unsupported JSON Schema keyword '$ref' at $.a");
        // Unknown annotations are kept, not refused.
        SchemaNode root = JsonSchema.parse("{\"type\":\"object\",\"readOnly\":true,\"properties\":{}}").root();
        assertThat(root.facets().keywords()).contains("readOnly");
    }

    @Test
    void refsResolveLocallyAndCyclesAreBounded() {
        SchemaNode chained = ((ObjectSchema) JsonSchema.parse("""
                {"type": "object", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"type": "integer", "minimum": 3}},
                 "properties": {"n": {"$ref": "#/$defs/a"}}}
                """).root()).properties().get("n");
        assertThat(((NumberSchema) chained).minimum()).isEqualTo(3.0);
        for (String[] c : List.of(
                new String[] {"{\"type\":\"object\",\"$defs\":{\"n\":{\"type\":\"object\",\"properties\":{\"c\":{\"$ref\":\"#/$defs/n\"}}}},\"properties\":{\"r\":{\"$ref\":\"#/$defs/n\"}}}",
                        "$.r.c: $ref '#/$defs/n' is recursive"},
                new String[] {"{\"type\":\"object\",\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"properties\":{\"r\":{\"$ref\":\"#/$defs/a\"}}}",
                        "$.r: $ref '#/$defs/a' is recursive"},
                new String[] {"{\"type\":\"object\",\"properties\":{\"r\":{\"$ref\":\"#/$defs/missing\"}}}",
                        "$.r: $ref '#/$defs/missing' does not resolve"},
                new String[] {"{\"type\":\"object\",\"properties\":{\"r\":{\"$ref\":\"other.json#/x\"}}}",
                        "$.r: only local $ref ('#/...') is supported, not 'other.json#/x'"})) {
            assertThatThrownBy(() -> JsonSchema.parse(c[0])).as(c[0]).isInstanceOf(JsonSchemaException.class)
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void depthAndExpansionAreBounded() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i <= JsonSchema.MAX_DEPTH; i++) {
            deep.append("{\"type\":\"object\",\"properties\":{\"x\":");
        }
        deep.append("{\"type\":\"string\"}").append("}}".repeat(JsonSchema.MAX_DEPTH + 1));
        assertThatThrownBy(() -> JsonSchema.parse(deep.toString()))
                .hasMessageContaining("nests deeper than " + JsonSchema.MAX_DEPTH);
        // Each level refers to the next one twice: 2^20 nodes unless the expansion is bounded.
        ObjectNode fanOut = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode defs = fanOut.putObject("$defs");
        for (int i = 0; i < 20; i++) {
            ObjectNode level = defs.putObject("l" + i).put("type", "object");
            ObjectNode props = level.putObject("properties");
            props.putObject("a").put("$ref", "#/$defs/l" + (i + 1));
            props.putObject("b").put("$ref", "#/$defs/l" + (i + 1));
        }
        defs.putObject("l20").put("type", "string");
        fanOut.putObject("properties").putObject("root").put("$ref", "#/$defs/l0");
        assertThatThrownBy(() -> JsonSchema.parse(fanOut))
                .hasMessageContaining("expands to more than " + JsonSchema.MAX_NODES + " nodes");
    }

    @Test
    void theExtractionProfileReadsTheSameTree() {
        JsonSchema parsed = JsonSchema.parse(JsonSchemaModelTest.CUSTOMER);
        JsonSchemaModel profile = JsonSchemaModel.of(parsed);
        assertThat(profile.schema()).isSameAs(parsed);
        assertThat(profile.connectSchema()).isEqualTo(JsonSchemaModel.parse(JsonSchemaModelTest.CUSTOMER).connectSchema());
        // A tree read with the full vocabulary still has to stay inside the subset.
        assertThatThrownBy(() -> JsonSchemaModel.of(JsonSchema.parse(ORDER)))
                .hasMessage("unsupported JSON Schema keyword '$defs' at $");
        assertThatThrownBy(() -> JsonSchemaModel.of(JsonSchema.parse(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"$ref\":\"#/properties/a\"}}}")))
                .hasMessage("unsupported JSON Schema keyword '$ref' at $.b");
        assertThatThrownBy(() -> JsonSchemaModel.of(JsonSchema.parse(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"^a$\"}}}")))
                .hasMessage("unsupported JSON Schema keyword 'pattern' at $.a");
    }
}
