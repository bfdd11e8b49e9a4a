package dev.connectai.synthetic;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectai.toolkit.schema.JsonSchema;
import dev.connectai.toolkit.schema.JsonSchemaModel;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator and the LLM validator read one parsed schema: what one generates, the other accepts. */
class SharedSchemaFrontEndTest {

    private static final String REVIEW = """
            {"type": "object", "description": "A product review",
             "properties": {
               "product": {"type": "string", "enum": ["kettle", "toaster", "blender"]},
               "stars": {"type": "integer", "minimum": 1, "maximum": 5},
               "price": {"type": "number", "minimum": 0, "maximum": 300},
               "text": {"type": "string", "minLength": 3, "maxLength": 60},
               "verified": {"type": "boolean"},
               "bought_on": {"type": "string", "format": "date"},
               "reviewer": {"type": "object", "properties": {
                   "name": {"type": "string"}, "email": {"type": ["string", "null"], "format": "email"}},
                   "required": ["name", "email"], "additionalProperties": false},
               "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 4}
             },
             "required": ["product", "stars", "price", "text", "verified", "bought_on", "reviewer", "tags"],
             "additionalProperties": false}
            """;

    @Test
    void oneParseGivesTheGeneratorAndTheValidatorAndTheyAgree() {
        JsonSchema parsed = JsonSchema.parse(REVIEW);
        ValueGenerator generator = JsonSchemaCompiler.compile(parsed, 0.2, true);
        JsonSchemaModel profile = JsonSchemaModel.of(parsed);
        assertThat(profile.connectSchema().fields()).extracting(f -> f.name())
                .containsExactlyElementsOf(generator.schema.fields().stream().map(f -> f.name()).toList());
        GenerationContext ctx = new GenerationContext();
        int nullEmails = 0;
        for (int i = 0; i < 300; i++) {
            ctx.reseed(7, 0, i);
            Object value = generator.next(ctx);
            JsonNode json = SyntheticFixtures.asJson(new SourceRecord(Map.of(), Map.of(), "t", null, generator.schema,
                    value));
            Struct validated = profile.toStruct(json);
            validated.validate();
            assertThat(validated.getInt64("stars")).isEqualTo(((Struct) value).getInt64("stars"));
            nullEmails += validated.getStruct("reviewer").get("email") == null ? 1 : 0;
        }
        assertThat(nullEmails).as("nullable fields are generated null and accepted as null").isBetween(20, 110);
    }

    @Test
    void theConnectorUsesTheProfileOnlyForLlmGeneration() {
        String generatable = "{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}}}";
        var rules = new SyntheticSourceConnector().validate(Map.of("topic", "t", "schema", generatable));
        assertThat(rules.configValues()).allSatisfy(v -> assertThat(v.errorMessages()).isEmpty());
        var llm = new SyntheticSourceConnector().validate(Map.of("topic", "t", "schema", generatable,
                "generator", "llm", "llm.model", "gpt-4o-mini", "llm.base.url", "http://localhost:1"));
        var schema = llm.configValues().stream().filter(v -> v.name().equals("schema")).findFirst().orElseThrow();
        assertThat(schema.errorMessages()).anySatisfy(m -> assertThat(m)
                .contains("LLM generation needs a schema in the extraction subset")
                .contains("unsupported JSON Schema keyword 'pattern' at $.sku"));
    }

    @Test
    void refusalsAreWordedForGeneration() {
        assertThatThrownBy(() -> JsonSchemaCompiler.parse(SyntheticFixtures.JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
                        + "\"contains\":{\"const\":\"x\"}}}}")))
                .isInstanceOf(SchemaProblem.class)
                .hasMessage("$.a: the keyword 'contains' is not supported for generation");
        assertThatThrownBy(() -> JsonSchemaCompiler.compile(SyntheticFixtures.JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"integer\"]}}}"), 0, false))
                .hasMessage("$.a: type [\"string\",\"integer\"] mixes several types; use oneOf of same-typed branches");
        assertThatThrownBy(() -> JsonSchemaCompiler.compile(SyntheticFixtures.JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"description\":\"no type\"}}}"), 0, false))
                .hasMessage("$.a: 'type' is missing");
    }
}
