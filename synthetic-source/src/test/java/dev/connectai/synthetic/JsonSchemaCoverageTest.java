package dev.connectai.synthetic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.connectai.synthetic.SyntheticFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON Schema constructs of issue 15's coverage list, each on a small schema, every record validated. */
class JsonSchemaCoverageTest {

    private static List<JsonNode> generate(String schema, Map<String, String> extra) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(Map.of("schema", schema, "max.records", "500"));
        props.putAll(extra);
        List<SourceRecord> records = SyntheticFixtures.take(SyntheticFixtures.task(props, 0, 1, null), 500);
        assertThat(records).hasSize(500);
        SyntheticFixtures.assertValid(records, JSON.readTree(schema));
        return records.stream().map(SyntheticFixtures::asJson).toList();
    }

    @Test
    void ifThenElseCasesAreEachTakenAndEachRecordSatisfiesTheConditionals() throws Exception {
        String schema = """
                {"type":"object","required":["kind"],
                 "properties":{"kind":{"enum":["card","bank","cash"]},"number":{"type":"string"},"iban":{"type":"string"}},
                 "allOf":[
                   {"if":{"properties":{"kind":{"const":"card"}}},"then":{"properties":{"number":{"pattern":"^[0-9]{16}$"}}}},
                   {"if":{"properties":{"kind":{"const":"bank"}}},"then":{"properties":{"iban":{"pattern":"^FR[0-9]{12}$"}}},
                    "else":{"properties":{"iban":{"const":"none"}}}}]}""";
        List<JsonNode> out = generate(schema, Map.of());
        assertThat(out).extracting(j -> j.get("kind").asText()).contains("card", "bank", "cash");
        assertThat(out).filteredOn(j -> j.get("kind").asText().equals("card"))
                .allSatisfy(j -> assertThat(j.get("number").asText()).matches("[0-9]{16}"));
        assertThat(out).filteredOn(j -> !j.get("kind").asText().equals("bank"))
                .allSatisfy(j -> assertThat(j.get("iban").asText()).isEqualTo("none"));
    }

    @Test
    void notIsSatisfiedByConstructionOrByDrawingAgain() throws Exception {
        String schema = """
                {"type":"object","properties":{
                   "a":{"type":"string"},"b":{"type":"string"},
                   "colour":{"enum":["red","green","blue"],"not":{"const":"green"}},
                   "word":{"type":"string","minLength":1,"not":{"pattern":"^a"}}},
                 "not":{"required":["a","b"]}}""";
        List<JsonNode> out = generate(schema, Map.of());
        assertThat(out).allSatisfy(j -> {
            assertThat(j.has("a") && j.has("b")).isFalse();
            assertThat(j.get("colour").asText()).isNotEqualTo("green");
        });
    }

    @Test
    void dependenciesMinPropertiesAndPropertyNames() throws Exception {
        String schema = """
                {"type":"object","properties":{"url":{"type":"string"},"type":{"type":"string"},"version":{"type":"integer"}},
                 "dependencies":{"url":["type"],"type":{"properties":{"version":{"type":"integer"}},"required":["version"]}},
                 "patternProperties":{"^x-[a-z]+$":{"type":"integer","minimum":1}},
                 "additionalProperties":false,"minProperties":5,
                 "propertyNames":{"maxLength":12}}""";
        List<JsonNode> out = generate(schema, Map.of());
        assertThat(out).allSatisfy(j -> assertThat(j.size()).isGreaterThanOrEqualTo(5));
    }

    @Test
    void refsToAnotherFileOfTheSchemaFolderAreFollowedAndUrlsAreRefusedByName(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("common.json"), """
                {"$defs":{"id":{"type":"string","pattern":"^ID-[0-9]{4}$"},"ids":{"type":"array","items":{"$ref":"#/$defs/id"}}}}""");
        String schema = """
                {"type":"object","required":["id","others"],
                 "properties":{"id":{"$ref":"common.json#/$defs/id"},"others":{"$ref":"common.json#/$defs/ids"}}}""";
        List<SourceRecord> records = SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema", schema,
                "schema.folder", folder.toString(), "max.records", "200"), 0, 1, null), 200);
        assertThat(records).hasSize(200).allSatisfy(r -> {
            JsonNode j = SyntheticFixtures.asJson(r);
            assertThat(j.get("id").asText()).matches("ID-[0-9]{4}");
            j.get("others").forEach(o -> assertThat(o.asText()).matches("ID-[0-9]{4}"));
        });
        assertThatThrownBy(() -> SyntheticFixtures.task(Map.of("schema", schema), 0, 1, null))
                .hasMessageContaining("refers to common.json, which is not in the local schema folder")
                .hasMessageContaining("#/properties/id");
        String url = "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"https://example.com/s.json#/a\"}}}";
        assertThatThrownBy(() -> SyntheticFixtures.task(Map.of("schema", url), 0, 1, null))
                .hasMessageContaining("#/properties/x: $ref 'https://example.com/s.json#/a' refers to "
                        + "https://example.com/s.json, which cannot be fetched; put a copy named 's.json' in a local "
                        + "schema folder");
        // The fix the message gives: a downloaded copy in the folder, under the URL's last path segment.
        String byUrl = """
                {"type":"object","required":["id"],
                 "properties":{"id":{"$ref":"https://example.com/schemas/common.json#/$defs/id"}}}""";
        assertThat(SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema", byUrl,
                "schema.folder", folder.toString(), "max.records", "50"), 0, 1, null), 50))
                .hasSize(50).allSatisfy(r -> assertThat(SyntheticFixtures.asJson(r).get("id").asText())
                        .matches("ID-[0-9]{4}"));
    }

    @Test
    void mutuallyRecursiveRefsEndAtTheDepthBound() throws Exception {
        String schema = """
                {"type":"object","$defs":{
                   "a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"},"n":{"type":"integer"}},"required":["n"]},
                   "b":{"type":"object","properties":{"a":{"$ref":"#/$defs/a"},"s":{"type":"string"}},"required":["s"]}},
                 "properties":{"root":{"$ref":"#/$defs/a"}},"required":["root"]}""";
        generate(schema, Map.of("recursion.max.depth", "2"));
    }

    @Test
    void oneOfBranchesWithoutADiscriminatorAreSeparatedByAPropertyTheOtherBranchRejects() throws Exception {
        // As vault.json's seal: no branch requires anything, so an {"aws": {...}} object matches both branches unless
        // it carries an 'azure' the second branch rejects (and the first, open, allows).
        String schema = """
                {"type":"object","properties":{"seal":{"type":"array","minItems":1,"items":{"type":"object","oneOf":[
                   {"properties":{"aws":{"type":"object","properties":{"region":{"type":"string"}}}}},
                   {"properties":{"azure":{"type":"object","properties":{"tenant":{"type":"string"}},
                                           "required":["tenant"]}}}]}}},
                 "required":["seal"]}""";
        List<JsonNode> out = generate(schema, Map.of());
        List<JsonNode> seals = out.stream().flatMap(j -> java.util.stream.StreamSupport.stream(
                j.get("seal").spliterator(), false)).toList();
        assertThat(seals).anySatisfy(s -> assertThat(s.path("aws").isObject()).isTrue());
        assertThat(seals).anySatisfy(s -> assertThat(s.path("azure").isObject()).isTrue());
        assertThat(seals).allSatisfy(s -> assertThat(s.path("aws").isObject() && s.path("azure").isObject())
                .isFalse());
    }

    @Test
    void oneOfBranchesDiscriminatedByRequiredPropertiesLeaveOutWhatTheOthersRequire() throws Exception {
        // As dependabot's update: oneOf [{properties: {directory}, required: [directory]}, {… directories …}].
        String schema = """
                {"type":"object","additionalProperties":false,
                 "properties":{"directory":{"type":"string"},"directories":{"type":"array","items":{"type":"string"}},
                               "name":{"type":"string"}},
                 "oneOf":[{"properties":{"directory":{"minLength":1}},"required":["directory"]},
                          {"properties":{"directories":{"minItems":1}},"required":["directories"]}]}""";
        List<JsonNode> out = generate(schema, Map.of());
        assertThat(out).allSatisfy(j -> assertThat(j.has("directory") ^ j.has("directories")).isTrue());
        assertThat(out).anySatisfy(j -> assertThat(j.has("directory")).isTrue());
        assertThat(out).anySatisfy(j -> assertThat(j.has("directories")).isTrue());
    }

    @Test
    void aDraft04OneOfOfConstBranchesMatchesNoValueSoTheOptionalPropertyIsLeftOut() throws Exception {
        // draft-04 has no 'const': each branch holds every value, so no value matches exactly one (web-manifest).
        String schema = """
                {"$schema":"http://json-schema.org/draft-04/schema#","type":"object",
                 "properties":{"name":{"type":"string"},
                               "orientation":{"oneOf":[{"const":"any"},{"const":"natural"}]},
                               "delay":{"oneOf":[{"type":"string","pattern":"^[0-9]{2}:[0-9]{2}$"},{"enum":[null]}]}},
                 "required":["name","delay"]}""";
        Map<String, String> props = Map.of("schema", schema, "max.records", "200");
        List<JsonNode> out = SyntheticFixtures.take(SyntheticFixtures.task(props, 0, 1, null), 200).stream()
                .map(SyntheticFixtures::asJson).toList();
        assertThat(out).hasSize(200).allSatisfy(j -> assertThat(j.has("orientation")).isFalse());
        // an enum of null is compared as one: a string matches the first branch only
        assertThat(out).anySatisfy(j -> assertThat(j.get("delay").asText()).matches("[0-9]{2}:[0-9]{2}"));
        String required = schema.replace("\"required\":[\"name\",\"delay\"]",
                "\"required\":[\"name\",\"delay\",\"orientation\"]");
        assertThatThrownBy(() -> SyntheticFixtures.task(Map.of("schema", required), 0, 1, null))
                .hasMessageContaining("orientation").hasMessageContaining("oneOf branches hold every value");
    }

    /** Records of a schema that declares its draft, each valid under networknt's validator for that draft. */
    private static List<JsonNode> generateForDraft(String schema) throws Exception {
        Map<String, String> props = Map.of("schema", schema, "max.records", "300");
        List<JsonNode> out = SyntheticFixtures.take(SyntheticFixtures.task(props, 0, 1, null), 300).stream()
                .map(SyntheticFixtures::asJson).toList();
        com.networknt.schema.JsonSchema validator = JsonSchemaCorpusTest.validator(JSON.readTree(schema),
                Path.of("."));
        assertThat(out).hasSize(300).allSatisfy(j -> assertThat(validator.validate(j)).as("%s", j).isEmpty());
        return out;
    }

    @Test
    void aRefToAMetaSchemaResolvesToTheBundledCopyWithoutAFolderAndStaysBounded() throws Exception {
        // As aio-connector-metadata's additionalConfigurationSchema: the value is itself a draft-07 schema.
        String schema = """
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["config"],
                 "properties":{"config":{"$ref":"http://json-schema.org/draft-07/schema#"}}}""";
        List<JsonNode> out = generateForDraft(schema);
        assertThat(out).extracting(j -> j.get("config").getNodeType().toString()).contains("OBJECT");
        assertThat(GenerationSchema.metaSchema("https://json-schema.org/draft-04/schema")).isNotNull();
        assertThat(GenerationSchema.metaSchema("http://json-schema.org/draft/2020-12/schema")).isNull();
    }

    @Test
    void tupleItemsOfDraft07AreWrittenPositionByPosition() throws Exception {
        // As tslint's rules: [enabled, option], nothing after them.
        String schema = """
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["rule"],
                 "properties":{"rule":{"type":"array","minItems":2,"additionalItems":false,"items":[
                   {"type":"boolean"},
                   {"oneOf":[{"type":"string","enum":["camel-case","kebab-case"]},
                             {"type":"object","additionalProperties":{"enum":["camel-case"]},"minProperties":1}]}]}}}""";
        List<JsonNode> out = generateForDraft(schema);
        assertThat(out).allSatisfy(j -> {
            assertThat(j.get("rule")).hasSize(2);
            assertThat(j.get("rule").get(0).isBoolean()).isTrue();
        });
        assertThat(out).anySatisfy(j -> assertThat(j.get("rule").get(1).isTextual()).isTrue());
        assertThat(out).anySatisfy(j -> assertThat(j.get("rule").get(1).isObject()).isTrue());
    }

    @Test
    void prefixItemsWithItemsAndContainsOf2020AreHonoured() throws Exception {
        String schema = """
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                 "required":["point","tags"],
                 "properties":{
                   "point":{"type":"array","prefixItems":[{"type":"string","format":"date"},{"type":"integer"}],
                            "items":{"type":"number","minimum":0,"maximum":1},"minItems":4},
                   "tags":{"type":"array","items":{"type":"string"},
                           "contains":{"type":"string","pattern":"^v[0-9]$"},"minContains":2,"maxContains":3}}}""";
        List<JsonNode> out = generateForDraft(schema);
        assertThat(out).allSatisfy(j -> {
            JsonNode point = j.get("point");
            assertThat(point).hasSize(4);
            assertThat(point.get(0).asText()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(point.get(1).isIntegralNumber()).isTrue();
            assertThat(point.get(3).asDouble()).isBetween(0.0, 1.0);
            assertThat(j.get("tags").size()).isBetween(2, 3);
        });
    }

    @Test
    void aTupleThatCannotBeLongEnoughIsRefusedNamingIt() {
        String schema = """
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":["t"],
                 "properties":{"t":{"type":"array","minItems":3,"additionalItems":false,"items":[{"type":"string"}]}}}""";
        assertThatThrownBy(() -> SyntheticFixtures.task(Map.of("schema", schema), 0, 1, null))
                .hasMessageContaining("items is false but minItems is 3, more than the 1 of the tuple");
    }

    @Test
    void allOfOfAStartPatternAndAnEndPatternIsGeneratedFromOnePattern() throws Exception {
        // As claude-code-marketplace's hooks path: drawing from one and checking the other rejects nearly all.
        assertThat(GenerationSchema.prefixAndSuffix("^\\.\\/.*", ".*\\.json$")).isEqualTo("^(?:\\.\\/).*(?:\\.json)$");
        assertThat(GenerationSchema.prefixAndSuffix("^a$", "b$")).isNull();
        assertThat(GenerationSchema.prefixAndSuffix("^(a)", "\\1$")).isNull();
        String schema = """
                {"type":"object","required":["hooks"],"properties":{"hooks":{"type":"string",
                 "allOf":[{"type":"string","pattern":"^\\\\.\\\\/.*"},{"type":"string","pattern":".*\\\\.json$"}]}}}""";
        assertThat(generate(schema, Map.of())).allSatisfy(j -> assertThat(j.get("hooks").asText())
                .startsWith("./").endsWith(".json"));
    }

    @Test
    void recursionThroughAllOfRefsEndsAtTheBound() throws Exception {
        // As grpc-api-gateway's Schema/Item: the recursive $ref sits in an allOf, which merges it in directly.
        String schema = """
                {"type":"object","required":["root"],"properties":{"root":{"$ref":"#/$defs/node"}},
                 "$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},
                   "child":{"allOf":[{"$ref":"#/$defs/node"}]}}}}}""";
        List<JsonNode> out = generate(schema, Map.of("recursion.max.depth", "2"));
        assertThat(out).allSatisfy(j -> assertThat(j.at("/root/child/child/child").isMissingNode()).isTrue());
    }
}
