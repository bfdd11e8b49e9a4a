package dev.connectai.toolkit.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The subset of JSON Schema the pack understands, parsed once into a Connect schema, a validator that turns JSON
 * into a matching {@link Struct} (or lists every violation with its JSON path), and the "strict" form OpenAI's
 * structured outputs require. Anything outside the subset is rejected when parsed, naming the keyword and where.
 *
 * <p>Supported: {@code type} object, string, integer, number, boolean, array (and {@code [T, "null"]});
 * {@code properties}, {@code required}, {@code additionalProperties: false}, {@code items}, {@code enum} (strings),
 * {@code format} date and date-time, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength},
 * {@code minItems}/{@code maxItems}, {@code description}, {@code title}.
 */
public final class JsonSchemaModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IGNORED = Set.of("$schema", "$id", "title", "description", "$comment", "examples",
            "default");
    private static final Set<String> KNOWN = Set.of("type", "properties", "required", "additionalProperties", "items",
            "enum", "format", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems");

    private final JsonNode source;
    private final Node root;
    private final Schema connectSchema;

    private JsonSchemaModel(JsonNode source, Node root) {
        this.source = source;
        this.root = root;
        this.connectSchema = root.connect(false);
    }

    /** Parses a schema text; {@link IllegalArgumentException} names what is wrong and where. */
    public static JsonSchemaModel parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("the schema is not valid JSON: " + e.getMessage());
        }
        return parse(node);
    }

    public static JsonSchemaModel parse(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            throw new IllegalArgumentException("the schema must be a JSON object");
        }
        Node root = node(schema, "$");
        if (!(root instanceof ObjectNodeType)) {
            throw new IllegalArgumentException("the top level of the schema must be of type object");
        }
        return new JsonSchemaModel(schema, root);
    }

    public JsonNode source() {
        return source;
    }

    public Schema connectSchema() {
        return connectSchema;
    }

    /** The schema as OpenAI strict mode wants it: every property required, optional ones nullable, no extras. */
    public JsonNode strictSchema() {
        return root.strict();
    }

    /** Converts a JSON answer into a Struct of {@link #connectSchema()}, or throws listing every violation. */
    public Struct toStruct(JsonNode value) {
        List<String> errors = new ArrayList<>();
        Object out = root.convert(value, "$", errors);
        if (!errors.isEmpty()) {
            throw new SchemaViolation(errors);
        }
        return (Struct) out;
    }

    /** Every way an answer broke the schema, each with its JSON path. */
    public static final class SchemaViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final List<String> violations;

        public SchemaViolation(List<String> violations) {
            super(String.join("; ", violations));
            this.violations = List.copyOf(violations);
        }

        public List<String> violations() {
            return violations;
        }
    }

    private static Node node(JsonNode s, String path) {
        if (!s.isObject()) {
            throw new IllegalArgumentException(path + ": a schema must be an object");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KNOWN.contains(key) && !IGNORED.contains(key)) {
                throw new IllegalArgumentException("unsupported JSON Schema keyword '" + key + "' at " + path);
            }
        }
        JsonNode typeNode = s.get("type");
        boolean nullable = false;
        String type;
        if (typeNode == null) {
            if (s.has("enum")) {
                type = "string";
            } else {
                throw new IllegalArgumentException(path + ": 'type' is required");
            }
        } else if (typeNode.isTextual()) {
            type = typeNode.asText();
        } else if (typeNode.isArray() && typeNode.size() == 2 && hasNull(typeNode)) {
            nullable = true;
            type = typeNode.get(0).asText().equals("null") ? typeNode.get(1).asText() : typeNode.get(0).asText();
        } else {
            throw new IllegalArgumentException(path + ": unsupported 'type' " + typeNode + " (one type, or [type, \"null\"])");
        }
        String description = s.path("description").asText(null);
        if (s.has("enum") && !type.equals("string")) {
            throw new IllegalArgumentException(path + ": only string enums are supported");
        }
        Node n = switch (type) {
            case "object" -> object(s, path);
            case "string" -> string(s, path);
            case "integer" -> new NumberNodeType(true, s.path("minimum").isNumber() ? s.get("minimum").asDouble() : null,
                    s.path("maximum").isNumber() ? s.get("maximum").asDouble() : null);
            case "number" -> new NumberNodeType(false, s.path("minimum").isNumber() ? s.get("minimum").asDouble() : null,
                    s.path("maximum").isNumber() ? s.get("maximum").asDouble() : null);
            case "boolean" -> new BooleanNodeType();
            case "array" -> array(s, path);
            default -> throw new IllegalArgumentException(path + ": unsupported type '" + type + "'");
        };
        n.nullable = nullable;
        n.description = description;
        return n;
    }

    private static boolean hasNull(JsonNode types) {
        for (JsonNode t : types) {
            if (t.asText().equals("null")) {
                return true;
            }
        }
        return false;
    }

    private static Node object(JsonNode s, String path) {
        JsonNode props = s.get("properties");
        if (props == null || !props.isObject() || props.isEmpty()) {
            throw new IllegalArgumentException(path + ": an object needs 'properties'");
        }
        JsonNode additional = s.get("additionalProperties");
        if (additional != null && !(additional.isBoolean() && !additional.asBoolean())) {
            throw new IllegalArgumentException("unsupported 'additionalProperties' at " + path + " (only false)");
        }
        Set<String> required = new LinkedHashSet<>();
        if (s.has("required")) {
            for (JsonNode r : s.get("required")) {
                if (!props.has(r.asText())) {
                    throw new IllegalArgumentException(path + ": required property '" + r.asText() + "' is not defined");
                }
                required.add(r.asText());
            }
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        props.fields().forEachRemaining(e -> fields.put(e.getKey(), node(e.getValue(), path + "." + e.getKey())));
        return new ObjectNodeType(fields, required);
    }

    private static Node string(JsonNode s, String path) {
        List<String> values = null;
        if (s.has("enum")) {
            values = new ArrayList<>();
            for (JsonNode v : s.get("enum")) {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException(path + ": only string enums are supported");
                }
                values.add(v.asText());
            }
        }
        String format = s.path("format").asText(null);
        if (format != null && !format.equals("date") && !format.equals("date-time")) {
            // Other formats are kept as plain strings: the model sees the hint, we do not enforce it.
            format = null;
        }
        return new StringNodeType(values, format, s.path("minLength").isInt() ? s.get("minLength").asInt() : null,
                s.path("maxLength").isInt() ? s.get("maxLength").asInt() : null);
    }

    private static Node array(JsonNode s, String path) {
        if (!s.has("items")) {
            throw new IllegalArgumentException(path + ": an array needs 'items'");
        }
        return new ArrayNodeType(node(s.get("items"), path + "[]"),
                s.path("minItems").isInt() ? s.get("minItems").asInt() : null,
                s.path("maxItems").isInt() ? s.get("maxItems").asInt() : null);
    }

    /** One schema node: its Connect schema, its strict form and its converter. */
    private abstract static class Node {
        boolean nullable;
        String description;

        abstract Schema connect(boolean optional);

        abstract ObjectNode strictBody();

        ObjectNode strict() {
            ObjectNode body = strictBody();
            if (description != null) {
                body.put("description", description);
            }
            return body;
        }

        /** Adds the description and optionality every Connect schema of a node carries. */
        Schema finish(SchemaBuilder b, boolean optional) {
            if (description != null) {
                b.doc(description);
            }
            if (optional) {
                b.optional();
            }
            return b.build();
        }

        /** Strict form of a property that may be absent: nullable instead. */
        ObjectNode strictNullable() {
            ObjectNode s = strict();
            JsonNode t = s.get("type");
            if (t != null && t.isTextual()) {
                ArrayNode types = JsonNodeFactory.instance.arrayNode().add(t.asText()).add("null");
                s.set("type", types);
            }
            return s;
        }

        abstract Object convertPresent(JsonNode v, String path, List<String> errors);

        Object convert(JsonNode v, String path, List<String> errors) {
            if (v == null || v.isNull()) {
                return null; // optionality is checked by the parent
            }
            return convertPresent(v, path, errors);
        }

        static String got(JsonNode v) {
            String text = v.toString();
            return v.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
        }
    }

    private static final class ObjectNodeType extends Node {
        final Map<String, Node> fields;
        final Set<String> required;
        private final Map<Boolean, Schema> schemas = new LinkedHashMap<>();

        ObjectNodeType(Map<String, Node> fields, Set<String> required) {
            this.fields = fields;
            this.required = required;
        }

        private boolean optional(String name) {
            return !required.contains(name) || fields.get(name).nullable;
        }

        @Override
        Schema connect(boolean optional) {
            return schemas.computeIfAbsent(optional, o -> {
                SchemaBuilder b = SchemaBuilder.struct();
                fields.forEach((name, n) -> b.field(name, n.connect(optional(name))));
                return finish(b, o);
            });
        }

        @Override
        ObjectNode strictBody() {
            ObjectNode s = JsonNodeFactory.instance.objectNode().put("type", "object");
            ObjectNode props = s.putObject("properties");
            ArrayNode req = s.putArray("required");
            fields.forEach((name, n) -> {
                props.set(name, optional(name) ? n.strictNullable() : n.strict());
                req.add(name);
            });
            s.put("additionalProperties", false);
            return s;
        }

        @Override
        Object convertPresent(JsonNode v, String path, List<String> errors) {
            if (!v.isObject()) {
                errors.add(path + ": expected an object, got " + got(v));
                return null;
            }
            Schema schema = connect(false);
            Struct out = new Struct(schema);
            v.fieldNames().forEachRemaining(name -> {
                if (!fields.containsKey(name)) {
                    errors.add(path + "." + name + ": not in the schema");
                }
            });
            fields.forEach((name, n) -> {
                JsonNode child = v.get(name);
                if (child == null || child.isNull()) {
                    if (!optional(name)) {
                        errors.add(path + "." + name + ": required" + (child == null ? " but missing" : " but null"));
                    }
                    return;
                }
                int before = errors.size();
                Object converted = n.convert(child, path + "." + name, errors);
                if (errors.size() > before) {
                    return; // the answer is rejected anyway; a half-built nested struct cannot be placed
                }
                if (converted instanceof Struct nested && n instanceof ObjectNodeType o) {
                    converted = rebuild(nested, o.connect(optional(name)));
                }
                if (converted != null) {
                    out.put(name, converted);
                }
            });
            return out;
        }

        /** Nested structs are built with the required form; re-home them in the parent's (maybe optional) schema. */
        private static Struct rebuild(Struct s, Schema target) {
            if (s.schema() == target) {
                return s;
            }
            Struct copy = new Struct(target);
            target.fields().forEach(f -> copy.put(f.name(), s.get(f.name())));
            return copy;
        }
    }

    private static final class StringNodeType extends Node {
        final List<String> values;
        final String format;
        final Integer minLength;
        final Integer maxLength;

        StringNodeType(List<String> values, String format, Integer minLength, Integer maxLength) {
            this.values = values;
            this.format = format;
            this.minLength = minLength;
            this.maxLength = maxLength;
        }

        @Override
        Schema connect(boolean optional) {
            SchemaBuilder b = "date".equals(format) ? Date.builder() : "date-time".equals(format) ? Timestamp.builder()
                    : SchemaBuilder.string();
            return finish(b, optional);
        }

        @Override
        ObjectNode strictBody() {
            ObjectNode s = JsonNodeFactory.instance.objectNode().put("type", "string");
            if (values != null) {
                ArrayNode e = s.putArray("enum");
                values.forEach(e::add);
            }
            if (format != null) {
                s.put("format", format);
            }
            return s;
        }

        @Override
        ObjectNode strictNullable() {
            ObjectNode s = super.strictNullable();
            if (values != null) {
                ((ArrayNode) s.get("enum")).addNull();
            }
            return s;
        }

        @Override
        Object convertPresent(JsonNode v, String path, List<String> errors) {
            if (!v.isTextual()) {
                errors.add(path + ": expected a string, got " + got(v));
                return null;
            }
            String text = v.asText();
            if (values != null && !values.contains(text)) {
                errors.add(path + ": '" + text + "' is not one of " + values);
                return null;
            }
            if (minLength != null && text.length() < minLength || maxLength != null && text.length() > maxLength) {
                errors.add(path + ": length " + text.length() + " is outside [" + minLength + ", " + maxLength + "]");
                return null;
            }
            try {
                if ("date".equals(format)) {
                    return java.util.Date.from(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
                }
                if ("date-time".equals(format)) {
                    return java.util.Date.from(parseInstant(text));
                }
            } catch (DateTimeParseException e) {
                errors.add(path + ": '" + text + "' is not a " + format + " (ISO 8601)");
                return null;
            }
            return text;
        }

        private static Instant parseInstant(String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return Instant.parse(text);
            }
        }
    }

    private static final class NumberNodeType extends Node {
        final boolean integer;
        final Double minimum;
        final Double maximum;

        NumberNodeType(boolean integer, Double minimum, Double maximum) {
            this.integer = integer;
            this.minimum = minimum;
            this.maximum = maximum;
        }

        @Override
        Schema connect(boolean optional) {
            SchemaBuilder b = integer ? SchemaBuilder.int64() : SchemaBuilder.float64();
            return finish(b, optional);
        }

        @Override
        ObjectNode strictBody() {
            return JsonNodeFactory.instance.objectNode().put("type", integer ? "integer" : "number");
        }

        @Override
        Object convertPresent(JsonNode v, String path, List<String> errors) {
            if (!v.isNumber() || integer && !(v.isIntegralNumber() || v.asDouble() == Math.rint(v.asDouble()))) {
                errors.add(path + ": expected " + (integer ? "an integer" : "a number") + ", got " + got(v));
                return null;
            }
            double d = v.asDouble();
            if (minimum != null && d < minimum || maximum != null && d > maximum) {
                errors.add(path + ": " + v + " is outside [" + minimum + ", " + maximum + "]");
                return null;
            }
            return integer ? (Object) v.asLong() : (Object) d;
        }
    }

    private static final class BooleanNodeType extends Node {
        @Override
        Schema connect(boolean optional) {
            SchemaBuilder b = SchemaBuilder.bool();
            return finish(b, optional);
        }

        @Override
        ObjectNode strictBody() {
            return JsonNodeFactory.instance.objectNode().put("type", "boolean");
        }

        @Override
        Object convertPresent(JsonNode v, String path, List<String> errors) {
            if (!v.isBoolean()) {
                errors.add(path + ": expected a boolean, got " + got(v));
                return null;
            }
            return v.asBoolean();
        }
    }

    private static final class ArrayNodeType extends Node {
        final Node items;
        final Integer minItems;
        final Integer maxItems;

        ArrayNodeType(Node items, Integer minItems, Integer maxItems) {
            this.items = items;
            this.minItems = minItems;
            this.maxItems = maxItems;
        }

        @Override
        Schema connect(boolean optional) {
            SchemaBuilder b = SchemaBuilder.array(items.connect(items.nullable));
            return finish(b, optional);
        }

        @Override
        ObjectNode strictBody() {
            ObjectNode s = JsonNodeFactory.instance.objectNode().put("type", "array");
            s.set("items", items.nullable ? items.strictNullable() : items.strict());
            return s;
        }

        @Override
        Object convertPresent(JsonNode v, String path, List<String> errors) {
            if (!v.isArray()) {
                errors.add(path + ": expected an array, got " + got(v));
                return null;
            }
            if (minItems != null && v.size() < minItems || maxItems != null && v.size() > maxItems) {
                errors.add(path + ": " + v.size() + " items is outside [" + minItems + ", " + maxItems + "]");
                return null;
            }
            List<Object> out = new ArrayList<>(v.size());
            Schema itemSchema = items.connect(items.nullable);
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                if ((item == null || item.isNull()) && !items.nullable) {
                    errors.add(path + "[" + i + "]: null is not allowed");
                    continue;
                }
                int before = errors.size();
                Object converted = items.convert(item, path + "[" + i + "]", errors);
                if (errors.size() > before) {
                    continue;
                }
                if (converted instanceof Struct nested && nested.schema() != itemSchema) {
                    Struct copy = new Struct(itemSchema);
                    itemSchema.fields().forEach(f -> copy.put(f.name(), nested.get(f.name())));
                    converted = copy;
                }
                out.add(converted);
            }
            return out;
        }
    }
}
