package dev.connectai.toolkit.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A small, strict checker of a JSON value against a schema of an OpenAPI 3.1 document: follows {@code $ref},
 * {@code allOf}, {@code anyOf}, {@code oneOf}; checks {@code type} (also lists and "null"), {@code enum},
 * {@code const}, {@code required}, {@code items}, {@code minItems}, {@code minimum}/{@code maximum}; reports every
 * field the value carries whose schema is {@code deprecated: true}, and every field no schema declares unless an
 * {@code additionalProperties} allows it. Stricter than JSON Schema on purpose: OpenAPI leaves objects open by
 * default, but a field the spec does not list is one the API does not know.
 */
final class OpenApiSchemaCheck {

    private static final int MAX_DEPTH = 64;

    private final JsonNode document;

    private OpenApiSchemaCheck(JsonNode document) {
        this.document = document;
    }

    static OpenApiSchemaCheck load(Path yaml) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).build();
        return new OpenApiSchemaCheck(new ObjectMapper(factory).readTree(yaml.toFile()));
    }

    /** The violations of {@code value} against {@code #/components/schemas/<name>}; empty when it conforms. */
    List<String> violations(String schemaName, JsonNode value) {
        JsonNode schema = document.at("/components/schemas/" + schemaName);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("no schema " + schemaName);
        }
        List<String> out = new ArrayList<>();
        check(schema, value, "$", true, out, 0);
        return out;
    }

    /** Resolves a {@code $ref} chain; sibling keywords of a reference are kept next to the target's. */
    private JsonNode resolve(JsonNode schema, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("$ref chain too deep");
        }
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String pointer = ref.asText();
        if (!pointer.startsWith("#")) {
            throw new IllegalArgumentException("external $ref " + pointer);
        }
        JsonNode target = resolve(document.at(pointer.substring(1)), depth + 1);
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("dangling $ref " + pointer);
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        merged.set("allOf", JsonNodeFactory.instance.arrayNode().add(target));
        schema.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("$ref")) {
                merged.set(e.getKey(), e.getValue());
            }
        });
        return merged;
    }

    private void check(JsonNode rawSchema, JsonNode value, String path, boolean closed, List<String> out, int depth) {
        if (depth > MAX_DEPTH) {
            out.add(path + ": nested too deep to check");
            return;
        }
        JsonNode schema = resolve(rawSchema, depth);
        if (schema.path("deprecated").asBoolean(false)) {
            out.add(path + ": deprecated in the spec");
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            JsonNode branches = schema.get(combinator);
            if (branches != null) {
                List<String> best = null;
                for (JsonNode branch : branches) {
                    ObjectNode rest = schema.deepCopy();
                    rest.remove(combinator);
                    ObjectNode combined = JsonNodeFactory.instance.objectNode();
                    combined.set("allOf", JsonNodeFactory.instance.arrayNode().add(rest).add(branch));
                    List<String> errors = new ArrayList<>();
                    check(combined, value, path, closed, errors, depth + 1);
                    if (best == null || errors.size() < best.size()) {
                        best = errors;
                    }
                    if (errors.isEmpty()) {
                        break;
                    }
                }
                if (best != null && !best.isEmpty()) {
                    out.add(path + ": matches no branch of " + combinator + "; closest: " + String.join("; ", best));
                }
                return;
            }
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null) {
            for (JsonNode part : allOf) {
                check(part, value, path, false, out, depth + 1);
            }
        }
        checkType(schema, value, path, out);
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            out.add(path + ": must be " + schema.get("const"));
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.doubleValue() < schema.get("minimum").doubleValue()) {
                out.add(path + ": below minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.doubleValue() > schema.get("maximum").doubleValue()) {
                out.add(path + ": above maximum " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (properties.has(field.getKey())) {
                    check(properties.get(field.getKey()), field.getValue(), path + "." + field.getKey(), true, out,
                            depth + 1);
                } else if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()
                        && !schema.get("additionalProperties").isEmpty()) {
                    check(schema.get("additionalProperties"), field.getValue(), path + "." + field.getKey(), true,
                            out, depth + 1);
                }
            }
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    out.add(path + ": required field '" + required.asText() + "' missing");
                }
            }
            if (closed && !allowsAdditional(schema, depth)) {
                Set<String> known = knownProperties(schema, depth);
                value.fieldNames().forEachRemaining(name -> {
                    if (!known.contains(name)) {
                        out.add(path + "." + name + ": not a field of this schema");
                    }
                });
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                out.add(path + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "[" + i + "]", true, out, depth + 1);
                }
            }
        }
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value) || (v.isNumber() && value.isNumber() && v.doubleValue() == value.doubleValue())) {
                return true;
            }
        }
        return false;
    }

    private static void checkType(JsonNode schema, JsonNode value, String path, List<String> out) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return;
        }
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        for (String t : types) {
            if (isType(t, value)) {
                return;
            }
        }
        out.add(path + ": " + kind(value) + " where the spec wants " + String.join(" or ", types));
    }

    private static boolean isType(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.doubleValue() % 1 == 0);
            case "number" -> value.isNumber();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Properties declared here or in any part or branch, references followed. */
    private Set<String> knownProperties(JsonNode rawSchema, int depth) {
        Set<String> names = new LinkedHashSet<>();
        if (depth > MAX_DEPTH) {
            return names;
        }
        JsonNode schema = resolve(rawSchema, depth);
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode part : schema.path(combinator)) {
                names.addAll(knownProperties(part, depth + 1));
            }
        }
        return names;
    }

    /** Whether an {@code additionalProperties} here or in an {@code allOf} part lets unlisted fields in. */
    private boolean allowsAdditional(JsonNode rawSchema, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        JsonNode schema = resolve(rawSchema, depth);
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && (additional.asBoolean(false) || additional.isObject())) {
            return true;
        }
        for (JsonNode part : schema.path("allOf")) {
            if (allowsAdditional(part, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
