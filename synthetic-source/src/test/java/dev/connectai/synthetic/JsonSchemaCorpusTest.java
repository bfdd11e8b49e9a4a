package dev.connectai.synthetic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static dev.connectai.synthetic.SyntheticFixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 120 real-world schemas of the shared corpus (a sample of SchemaStore): each is either refused with a reason
 * naming the construct, or accepted, and then 1,000 records are generated and every one is validated by networknt's
 * validator for the schema's declared draft, formats asserted. Prints the acceptance figure and the refusals.
 * Acceptance is ratcheted: raise {@link #ACCEPTED_AT_LEAST} as coverage grows.
 */
class JsonSchemaCorpusTest {

    /** Accepted schemas out of 120 at the last change to the compiler. */
    static final int ACCEPTED_AT_LEAST = 115;
    static final int RECORDS = 1000;

    @Test
    void acceptedSchemasGiveOnlyValidRecordsAndRefusalsNameTheirConstruct() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DatagenQuickstartsTest.reference("jsonschema-corpus"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(120);
        Path folder = schemaFolder(files);
        int accepted = 0;
        long records = 0;
        List<String> invalid = new ArrayList<>();
        Map<String, List<String>> refusals = new TreeMap<>();
        Map<String, String> messages = new TreeMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            SyntheticSourceTask task;
            try {
                task = SyntheticFixtures.task(Map.of("schema", text, "max.records", Integer.toString(RECORDS),
                        "schema.folder", folder.toString()), 0, 1, null);
            } catch (SchemaProblem | org.apache.kafka.common.config.ConfigException e) {
                refusals.computeIfAbsent(reason(e.getMessage()), k -> new ArrayList<>()).add(name);
                String m = e.getMessage();
                messages.put(name, m.length() > 400 ? m.substring(0, 150) + " … " + m.substring(m.length() - 250) : m);
                continue;
            }
            accepted++;
            JsonNode schema = JSON.readTree(text);
            JsonSchema validator = validator(schema, folder);
            List<SourceRecord> out = SyntheticFixtures.take(task, RECORDS);
            assertThat(out).as(name).hasSize(RECORDS);
            int bad = 0;
            String first = null;
            for (SourceRecord r : out) {
                JsonNode json = r.value() == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
                        : SyntheticFixtures.asJson(r);
                Set<ValidationMessage> errors;
                try {
                    errors = validator.validate(json);
                } catch (RuntimeException e) {
                    errors = Set.of(ValidationMessage.builder().message("the validator failed: " + e).build());
                }
                if (!errors.isEmpty()) {
                    bad++;
                    first = first != null ? first : errors + " in " + json;
                }
            }
            records += out.size();
            if (bad > 0) {
                invalid.add(name + ": " + bad + "/" + RECORDS + " invalid, e.g. " + abbreviate(first));
            }
        }
        System.out.printf("JSON Schema corpus: %d/%d accepted (%.1f%%); %d records validated; %d accepted schemas "
                + "gave invalid records%n", accepted, files.size(), 100.0 * accepted / files.size(), records,
                invalid.size());
        refusals.forEach((reason, names) -> System.out.printf("  refused (%d) %s: %s%n", names.size(), reason,
                String.join(", ", names)));
        messages.forEach((name, m) -> System.out.println("  refusal of " + name + ": " + m));
        invalid.forEach(i -> System.out.println("  INVALID " + i));
        assertThat(invalid).as("every accepted schema gives only valid records").isEmpty();
        assertThat(accepted).as("accepted schemas (ratchet)").isGreaterThanOrEqualTo(ACCEPTED_AT_LEAST);
    }

    /**
     * The schema folder a user would have: the corpus and the SchemaStore files its schemas refer to
     * (src/test/resources/jsonschema-corpus-refs), copied into one temporary folder.
     */
    private static Path schemaFolder(List<Path> corpus) throws Exception {
        Path folder = Files.createTempDirectory("jsonschema-corpus");
        folder.toFile().deleteOnExit();
        List<Path> all = new ArrayList<>(corpus);
        try (Stream<Path> s = Files.list(Path.of(JsonSchemaCorpusTest.class.getResource("/jsonschema-corpus-refs")
                .toURI()))) {
            s.filter(p -> p.toString().endsWith(".json")).forEach(all::add);
        }
        for (Path p : all) {
            Path copy = Files.copy(p, folder.resolve(p.getFileName().toString()));
            copy.toFile().deleteOnExit();
        }
        return folder;
    }

    /**
     * The draft a schema declares ($schema); draft-07 when it declares none. The other SchemaStore schemas it refers
     * to (by $id, https://json.schemastore.org/...) are read from the corpus folder, offline.
     */
    static JsonSchema validator(JsonNode schema, Path folder) {
        schema = withoutLeadingZeroKeys(schema);
        uniqueItemsOnArraysOnly(schema);
        String declared = schema.path("$schema").asText("");
        VersionFlag flag = declared.contains("draft-04") ? VersionFlag.V4 : declared.contains("draft-06")
                ? VersionFlag.V6 : declared.contains("2019-09") ? VersionFlag.V201909 : declared.contains("2020-12")
                ? VersionFlag.V202012 : VersionFlag.V7;
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        String local = folder.toAbsolutePath().toUri().toString();
        // As json.schemastore.org serves them: "grunt-task" is grunt-task.json.
        java.util.function.Function<String, String> file = url -> {
            String name = url.replaceFirst("^https?://json\\.schemastore\\.org/", "");
            return local + (!name.endsWith(".json") && Files.isRegularFile(folder.resolve(name + ".json"))
                    ? name + ".json" : name);
        };
        return JsonSchemaFactory.getInstance(flag, b -> b.schemaMappers(m -> m
                .mappings(url -> url.matches("^https?://json\\.schemastore\\.org/.*"), file)))
                .getSchema(schema, config);
    }

    /**
     * networknt 1.5.8 resolves "#/definitions/00571/full" as "/definitions/571/full" (it reads a numeric pointer
     * token as an index) and then throws: the definition keys with leading zeros, and the $refs to them, get a
     * prefix in the validator's copy. The schema means the same.
     */
    private static JsonNode withoutLeadingZeroKeys(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        for (String defs : List.of("definitions", "$defs")) {
            if (copy.get(defs) instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                for (String k : List.copyOf(iterable(o.fieldNames()))) {
                    if (k.matches("0\\d+")) {
                        o.set("k" + k, o.remove(k));
                    }
                }
            }
        }
        renameRefs(copy);
        return copy;
    }

    /**
     * networknt 1.5.8 applies {@code uniqueItems} to an object's property values too (it iterates whatever node it is
     * given), so {"severity": "error", "options": "error"} fails {"type": ["object", "array"], "uniqueItems": true}.
     * The keyword is about arrays only: where the type allows more than arrays, the validator's copy says so with
     * {@code anyOf: [{not: {type: array}}, {uniqueItems: true}]}, which every draft reads alike.
     */
    private static void uniqueItemsOnArraysOnly(JsonNode n) {
        for (JsonNode child : n) {
            uniqueItemsOnArraysOnly(child); // first, so the anyOf added below is not rewritten again
        }
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.path("uniqueItems").asBoolean(false)
                && !"array".equals(o.path("type").asText())) {
            com.fasterxml.jackson.databind.node.ObjectNode arraysOnly = JSON.createObjectNode();
            arraysOnly.putArray("anyOf").add(JSON.createObjectNode().set("not", JSON.createObjectNode()
                    .put("type", "array"))).add(JSON.createObjectNode().put("uniqueItems", true));
            o.remove("uniqueItems");
            (o.path("allOf").isArray() ? (com.fasterxml.jackson.databind.node.ArrayNode) o.get("allOf")
                    : o.putArray("allOf")).add(arraysOnly);
        }
    }

    private static void renameRefs(JsonNode n) {
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.path("$ref").isTextual()) {
            o.put("$ref", o.get("$ref").asText().replaceAll("^#/(definitions|\\$defs)/(0\\d+)(?=/|$)", "#/$1/k$2"));
        }
        for (JsonNode child : n) {
            renameRefs(child);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** A refusal's reason without the path, so refusals group by construct. */
    private static String reason(String message) {
        String m = message.replaceAll("^Invalid value \\(schema\\) for configuration schema: ", "");
        int colon = m.indexOf(": ");
        String r = colon > 0 && m.startsWith("$") ? m.substring(colon + 2) : m;
        return abbreviate(r.replaceAll("'[^']*'", "'…'").replaceAll("\\[[^\\]]*\\]", "[…]"));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
