package dev.connectai.toolkit.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.toolkit.schema.SchemaNode.ArraySchema;
import dev.connectai.toolkit.schema.SchemaNode.BooleanSchema;
import dev.connectai.toolkit.schema.SchemaNode.Extra;
import dev.connectai.toolkit.schema.SchemaNode.Facets;
import dev.connectai.toolkit.schema.SchemaNode.NumberSchema;
import dev.connectai.toolkit.schema.SchemaNode.ObjectSchema;
import dev.connectai.toolkit.schema.SchemaNode.StringSchema;
import dev.connectai.toolkit.schema.SchemaNode.UntypedSchema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The LLM extraction profile of a {@link JsonSchema}: the subset a model can be asked to fill, checked once, then
 * given as a Connect schema, a validator that turns JSON into a matching {@link Struct} (or lists every violation
 * with its JSON path), and the "strict" form OpenAI's structured outputs require. Anything outside the subset is
 * rejected when parsed, naming the keyword and where.
 *
 * <p>The subset: {@code type} object, string, integer, number, boolean, array (and {@code [T, "null"]});
 * {@code properties}, {@code required}, {@code additionalProperties: false}, {@code items}, {@code enum} (strings),
 * {@code format} date and date-time, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength},
 * {@code minItems}/{@code maxItems}, {@code description}, {@code title}.
 */
public final class JsonSchemaModel {

    /** The keywords of the subset, annotations included: any other is refused by name. */
    public static final Set<String> VOCABULARY = Set.of("type", "properties", "required", "additionalProperties",
            "items", "enum", "format", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems",
            "$schema", "$id", "title", "description", "$comment", "examples", "default");

    private final JsonSchema schema;
    private final ObjectSchema root;
    /** Connect schemas of every node, required and optional forms, built once so reads need no locking. */
    private final Map<SchemaNode, Schema> requiredForms;
    private final Map<SchemaNode, Schema> optionalForms;

    private JsonSchemaModel(JsonSchema schema, ObjectSchema root) {
        this.schema = schema;
        this.root = root;
        Map<SchemaNode, Schema> required = new IdentityHashMap<>();
        Map<SchemaNode, Schema> optional = new IdentityHashMap<>();
        build(root, required, optional);
        this.requiredForms = Collections.unmodifiableMap(required);
        this.optionalForms = Collections.unmodifiableMap(optional);
    }

    /** Parses a schema text; {@link IllegalArgumentException} names what is wrong and where. */
    public static JsonSchemaModel parse(String text) {
        return of(JsonSchema.parse(text, VOCABULARY));
    }

    public static JsonSchemaModel parse(JsonNode schema) {
        return of(JsonSchema.parse(schema, VOCABULARY));
    }

    /** The profile of an already parsed schema; refuses it, as {@link #parse(String)} would, if outside the subset. */
    public static JsonSchemaModel of(JsonSchema schema) {
        check(schema.root());
        if (!(schema.root() instanceof ObjectSchema o)) {
            throw JsonSchemaException.at(null, "the top level of the schema must be of type object");
        }
        return new JsonSchemaModel(schema, o);
    }

    public JsonNode source() {
        return schema.source();
    }

    public JsonSchema schema() {
        return schema;
    }

    public Schema connectSchema() {
        return requiredForms.get(root);
    }

    /** The schema as OpenAI strict mode wants it: every property required, optional ones nullable, no extras. */
    public JsonNode strictSchema() {
        return strict(root);
    }

    /** Converts a JSON answer into a Struct of {@link #connectSchema()}, or throws listing every violation. */
    public Struct toStruct(JsonNode value) {
        List<String> errors = new ArrayList<>();
        Object out = convert(root, value, "$", errors);
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

    // --- the subset check -------------------------------------------------------------------------------------

    private static void check(SchemaNode node) {
        Facets f = node.facets();
        String path = node.path();
        if (f.ref() != null) {
            throw JsonSchemaException.keyword(path, "$ref");
        }
        for (String keyword : f.keywords()) {
            if (!VOCABULARY.contains(keyword)) {
                throw JsonSchemaException.keyword(path, keyword);
            }
        }
        JsonNode t = f.declaredType();
        if (t != null && !t.isTextual() && !(t.isArray() && t.size() == 2 && node.nullable())
                || node instanceof UntypedSchema && t != null) {
            throw JsonSchemaException.at(path, "unsupported 'type' " + t + " (one type, or [type, \"null\"])");
        }
        if (t == null && f.enumValues() == null) {
            throw JsonSchemaException.at(path, "'type' is required");
        }
        if (f.enumValues() != null && (!(node instanceof StringSchema)
                || !f.enumValues().stream().allMatch(JsonNode::isTextual))) {
            throw JsonSchemaException.at(path, "only string enums are supported");
        }
        if (node instanceof ObjectSchema o) {
            if (o.properties().isEmpty()) {
                throw JsonSchemaException.at(path, "an object needs 'properties'");
            }
            if (o.additional() != Extra.UNSPECIFIED && o.additional() != Extra.FORBIDDEN) {
                throw JsonSchemaException.at(null, "unsupported 'additionalProperties' at " + path + " (only false)");
            }
            o.properties().values().forEach(JsonSchemaModel::check);
        } else if (node instanceof ArraySchema a) {
            check(a.items());
        }
    }

    /** The date formats become Connect logical types; other formats stay hints to the model, not enforced. */
    private static String format(StringSchema s) {
        return "date".equals(s.format()) || "date-time".equals(s.format()) ? s.format() : null;
    }

    private static boolean optional(ObjectSchema o, String name) {
        return !o.required().contains(name) || o.properties().get(name).nullable();
    }

    // --- Connect schemas --------------------------------------------------------------------------------------

    private static void build(SchemaNode node, Map<SchemaNode, Schema> required, Map<SchemaNode, Schema> optional) {
        if (node instanceof ObjectSchema o) {
            o.properties().values().forEach(n -> build(n, required, optional));
        } else if (node instanceof ArraySchema a) {
            build(a.items(), required, optional);
        }
        required.put(node, connect(node, false, required, optional));
        optional.put(node, connect(node, true, required, optional));
    }

    /** A node's Connect schema; its children's forms are already built. */
    private static Schema connect(SchemaNode node, boolean optional, Map<SchemaNode, Schema> required,
                                  Map<SchemaNode, Schema> optionals) {
        SchemaBuilder b;
        if (node instanceof ObjectSchema o) {
            b = SchemaBuilder.struct();
            o.properties().forEach((name, n) -> b.field(name, (optional(o, name) ? optionals : required).get(n)));
        } else if (node instanceof StringSchema s) {
            String format = format(s);
            b = "date".equals(format) ? Date.builder() : "date-time".equals(format) ? Timestamp.builder()
                    : SchemaBuilder.string();
        } else if (node instanceof NumberSchema n) {
            b = n.integer() ? SchemaBuilder.int64() : SchemaBuilder.float64();
        } else if (node instanceof BooleanSchema) {
            b = SchemaBuilder.bool();
        } else {
            SchemaNode items = ((ArraySchema) node).items();
            b = SchemaBuilder.array((items.nullable() ? optionals : required).get(items));
        }
        if (node.facets().description() != null) {
            b.doc(node.facets().description());
        }
        if (optional) {
            b.optional();
        }
        return b.build();
    }

    private Schema connect(SchemaNode node, boolean optional) {
        return (optional ? optionalForms : requiredForms).get(node);
    }

    // --- the strict form --------------------------------------------------------------------------------------

    private static ObjectNode strict(SchemaNode node) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        if (node instanceof ObjectSchema o) {
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            ArrayNode req = s.putArray("required");
            o.properties().forEach((name, n) -> {
                props.set(name, optional(o, name) ? strictNullable(n) : strict(n));
                req.add(name);
            });
            s.put("additionalProperties", false);
        } else if (node instanceof StringSchema str) {
            s.put("type", "string");
            if (str.facets().enumValues() != null) {
                ArrayNode e = s.putArray("enum");
                str.facets().enumValues().forEach(v -> e.add(v.asText()));
            }
            if (format(str) != null) {
                s.put("format", format(str));
            }
        } else if (node instanceof NumberSchema n) {
            s.put("type", n.integer() ? "integer" : "number");
        } else if (node instanceof BooleanSchema) {
            s.put("type", "boolean");
        } else {
            SchemaNode items = ((ArraySchema) node).items();
            s.put("type", "array");
            s.set("items", items.nullable() ? strictNullable(items) : strict(items));
        }
        if (node.facets().description() != null) {
            s.put("description", node.facets().description());
        }
        return s;
    }

    /** Strict form of a property that may be absent: nullable instead. */
    private static ObjectNode strictNullable(SchemaNode node) {
        ObjectNode s = strict(node);
        JsonNode t = s.get("type");
        if (t != null && t.isTextual()) {
            s.set("type", JsonNodeFactory.instance.arrayNode().add(t.asText()).add("null"));
        }
        if (s.get("enum") instanceof ArrayNode e) {
            e.addNull();
        }
        return s;
    }

    // --- validation -------------------------------------------------------------------------------------------

    private Object convert(SchemaNode node, JsonNode v, String path, List<String> errors) {
        if (v == null || v.isNull()) {
            return null; // optionality is checked by the parent
        }
        if (node instanceof ObjectSchema o) {
            return object(o, v, path, errors);
        } else if (node instanceof StringSchema s) {
            return string(s, v, path, errors);
        } else if (node instanceof NumberSchema n) {
            return number(n, v, path, errors);
        } else if (node instanceof BooleanSchema) {
            if (!v.isBoolean()) {
                errors.add(path + ": expected a boolean, got " + got(v));
                return null;
            }
            return v.asBoolean();
        }
        return array((ArraySchema) node, v, path, errors);
    }

    private Object object(ObjectSchema o, JsonNode v, String path, List<String> errors) {
        if (!v.isObject()) {
            errors.add(path + ": expected an object, got " + got(v));
            return null;
        }
        Struct out = new Struct(connect(o, false));
        v.fieldNames().forEachRemaining(name -> {
            if (!o.properties().containsKey(name)) {
                errors.add(path + "." + name + ": not in the schema");
            }
        });
        o.properties().forEach((name, n) -> {
            JsonNode child = v.get(name);
            if (child == null || child.isNull()) {
                if (!optional(o, name)) {
                    errors.add(path + "." + name + ": required" + (child == null ? " but missing" : " but null"));
                }
                return;
            }
            int before = errors.size();
            Object converted = convert(n, child, path + "." + name, errors);
            if (errors.size() > before) {
                return; // the answer is rejected anyway; a half-built nested struct cannot be placed
            }
            if (converted != null) {
                out.put(name, rehome(converted, connect(n, optional(o, name))));
            }
        });
        return out;
    }

    /** Nested structs are built with the required form; re-home them in the parent's (maybe optional) schema. */
    private static Object rehome(Object value, Schema target) {
        if (!(value instanceof Struct s) || s.schema() == target) {
            return value;
        }
        Struct copy = new Struct(target);
        target.fields().forEach(f -> copy.put(f.name(), s.get(f.name())));
        return copy;
    }

    private static Object string(StringSchema s, JsonNode v, String path, List<String> errors) {
        if (!v.isTextual()) {
            errors.add(path + ": expected a string, got " + got(v));
            return null;
        }
        String text = v.asText();
        List<JsonNode> values = s.facets().enumValues();
        if (values != null && values.stream().noneMatch(x -> x.asText().equals(text))) {
            errors.add(path + ": '" + text + "' is not one of " + values.stream().map(JsonNode::asText).toList());
            return null;
        }
        if (outside(text.length(), s.minLength(), s.maxLength())) {
            errors.add(path + ": length " + text.length() + " is outside " + range(s.minLength(), s.maxLength()));
            return null;
        }
        String format = format(s);
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

    private static Object number(NumberSchema n, JsonNode v, String path, List<String> errors) {
        if (!v.isNumber() || n.integer() && !(v.isIntegralNumber() || v.asDouble() == Math.rint(v.asDouble()))) {
            errors.add(path + ": expected " + (n.integer() ? "an integer" : "a number") + ", got " + got(v));
            return null;
        }
        if (outside(v.asDouble(), n.minimum(), n.maximum())) {
            errors.add(path + ": " + v + " is outside " + range(n.minimum(), n.maximum()));
            return null;
        }
        return n.integer() ? (Object) v.asLong() : (Object) v.asDouble();
    }

    private Object array(ArraySchema a, JsonNode v, String path, List<String> errors) {
        if (!v.isArray()) {
            errors.add(path + ": expected an array, got " + got(v));
            return null;
        }
        if (outside(v.size(), a.minItems(), a.maxItems())) {
            errors.add(path + ": " + v.size() + " items is outside " + range(a.minItems(), a.maxItems()));
            return null;
        }
        SchemaNode items = a.items();
        Schema itemSchema = connect(items, items.nullable());
        List<Object> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if ((item == null || item.isNull()) && !items.nullable()) {
                errors.add(path + "[" + i + "]: null is not allowed");
                continue;
            }
            int before = errors.size();
            Object converted = convert(items, item, path + "[" + i + "]", errors);
            if (errors.size() == before) {
                out.add(rehome(converted, itemSchema));
            }
        }
        return out;
    }

    private static boolean outside(double value, Number min, Number max) {
        return min != null && value < min.doubleValue() || max != null && value > max.doubleValue();
    }

    private static String range(Number min, Number max) {
        return "[" + min + ", " + max + "]";
    }

    private static String got(JsonNode v) {
        String text = v.toString();
        return v.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
