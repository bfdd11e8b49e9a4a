package dev.connectai.toolkit.schema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.toolkit.schema.SchemaNode.ArraySchema;
import dev.connectai.toolkit.schema.SchemaNode.BooleanSchema;
import dev.connectai.toolkit.schema.SchemaNode.Extra;
import dev.connectai.toolkit.schema.SchemaNode.Facets;
import dev.connectai.toolkit.schema.SchemaNode.NumberSchema;
import dev.connectai.toolkit.schema.SchemaNode.ObjectSchema;
import dev.connectai.toolkit.schema.SchemaNode.StringSchema;
import dev.connectai.toolkit.schema.SchemaNode.UnionSchema;
import dev.connectai.toolkit.schema.SchemaNode.UntypedSchema;

/**
 * The pack's one JSON Schema front end: a schema read once into an immutable tree of {@link SchemaNode}s, with local
 * {@code $ref}s resolved. Readers (the LLM extraction profile {@link JsonSchemaModel}, the synthetic source's
 * generator compiler) take what they need from the tree and refuse, in their own words, what they cannot honour.
 *
 * <p>Keywords whose meaning no reader can honour ({@link #REFUSED}) are refused here, naming the keyword and where;
 * a caller may narrow the vocabulary further. Other unknown keywords are kept in {@link Facets#keywords()} only.
 * Recursion through {@code $ref} is refused, and nesting and size are bounded so a hostile schema cannot exhaust
 * the stack or memory by {@code $ref} fan-out.
 */
public final class JsonSchema {

    /** Keywords whose meaning no reader honours: refusing them beats output that silently breaks them. */
    public static final List<String> REFUSED = List.of("allOf", "not", "if", "then", "else", "patternProperties",
            "dependentSchemas", "dependentRequired", "propertyNames", "contains", "unevaluatedProperties");
    /** How deep nodes may nest, counting each {@code $ref} followed. */
    public static final int MAX_DEPTH = 64;
    /** How many nodes a schema may expand to once its {@code $ref}s are resolved. */
    public static final int MAX_NODES = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode source;
    private final SchemaNode root;

    private JsonSchema(JsonNode source, Set<String> vocabulary, int maxNodes) {
        this.source = source;
        this.root = new Parser(source, vocabulary, maxNodes).node(source, "$", 0, null);
    }

    /** Parses a schema text; {@link JsonSchemaException} names what is wrong and where. */
    public static JsonSchema parse(String text) {
        return parse(text, null);
    }

    public static JsonSchema parse(JsonNode schema) {
        return parse(schema, null);
    }

    /** As {@link #parse(String)}, refusing any keyword outside {@code vocabulary} (null: the full vocabulary). */
    public static JsonSchema parse(String text, Set<String> vocabulary) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception e) {
            throw JsonSchemaException.at(null, "the schema is not valid JSON: " + e.getMessage());
        }
        return parse(node, vocabulary);
    }

    public static JsonSchema parse(JsonNode schema, Set<String> vocabulary) {
        return parse(schema, vocabulary, MAX_NODES);
    }

    /**
     * As {@link #parse(JsonNode, Set)} with another node bound: for a caller that has already bounded the schema's
     * size itself (the synthetic source unrolls recursive $refs to a depth and counts what that creates).
     */
    public static JsonSchema parse(JsonNode schema, Set<String> vocabulary, int maxNodes) {
        if (schema == null || !schema.isObject()) {
            throw JsonSchemaException.at(null, "the schema must be a JSON object");
        }
        return new JsonSchema(schema.deepCopy(), vocabulary, maxNodes);
    }

    /**
     * The schema as read: a copy taken at parse time, so changing the caller's tree changes nothing here. Handed out
     * as is (prompts print it per record); treat it as read-only.
     */
    public JsonNode source() {
        return source;
    }

    public SchemaNode root() {
        return root;
    }

    /** One walk of one document: the $ref stack and the node count belong to it. */
    private static final class Parser {
        private final JsonNode document;
        private final Set<String> vocabulary;
        private final Deque<String> refs = new ArrayDeque<>();
        private final int maxNodes;
        private int nodes;

        Parser(JsonNode document, Set<String> vocabulary, int maxNodes) {
            this.document = document;
            this.vocabulary = vocabulary;
            this.maxNodes = maxNodes;
        }

        SchemaNode node(JsonNode s, String path, int depth, String viaRef) {
            if (!s.isObject()) {
                throw JsonSchemaException.at(path, "a schema must be an object");
            }
            if (depth > MAX_DEPTH) {
                throw JsonSchemaException.at(path, "the schema nests deeper than " + MAX_DEPTH + " levels");
            }
            if (++nodes > maxNodes) {
                throw JsonSchemaException.at(path, "the schema expands to more than " + maxNodes + " nodes");
            }
            List<String> keywords = new ArrayList<>();
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String keyword = it.next();
                if (REFUSED.contains(keyword) || vocabulary != null && !vocabulary.contains(keyword)) {
                    throw JsonSchemaException.keyword(path, keyword);
                }
                keywords.add(keyword);
            }
            if (s.has("$ref")) {
                return ref(s.get("$ref").asText(), path, depth);
            }
            JsonNode typeNode = s.get("type");
            boolean nullable = false;
            String type;
            if (typeNode == null) {
                type = inferredType(s);
            } else if (typeNode.isTextual()) {
                type = typeNode.asText();
            } else {
                List<String> types = new ArrayList<>();
                for (JsonNode t : typeNode) {
                    if (t.asText().equals("null")) {
                        nullable = true;
                    } else {
                        types.add(t.asText());
                    }
                }
                type = types.size() == 1 ? types.get(0) : null;
            }
            Facets f = facets(s, path, keywords, typeNode, nullable, viaRef);
            if (s.has("oneOf") || s.has("anyOf")) {
                return union(s.has("oneOf") ? s.get("oneOf") : s.get("anyOf"), f, depth);
            }
            if (type == null) {
                return new UntypedSchema(f);
            }
            return switch (type) {
                case "object" -> object(s, f, depth);
                case "string" -> new StringSchema(f, text(s, "format"), text(s, "pattern"), count(s, "minLength"),
                        count(s, "maxLength"));
                case "integer", "number" -> new NumberSchema(f, type.equals("integer"), number(s, "minimum"),
                        number(s, "maximum"), number(s, "exclusiveMinimum"), number(s, "exclusiveMaximum"),
                        number(s, "multipleOf"));
                case "boolean" -> new BooleanSchema(f);
                case "array" -> array(s, f, depth);
                default -> throw JsonSchemaException.at(path, "unsupported type '" + type + "'");
            };
        }

        /** Without 'type': properties make an object, an enum or const value says its own type. */
        private static String inferredType(JsonNode s) {
            if (s.has("properties")) {
                return "object";
            }
            if (s.has("enum") || s.has("const")) {
                JsonNode sample = s.has("const") ? s.get("const") : s.get("enum").path(0);
                return sample.isTextual() ? "string" : sample.isIntegralNumber() ? "integer" : sample.isNumber()
                        ? "number" : sample.isBoolean() ? "boolean" : "string";
            }
            return null;
        }

        private SchemaNode ref(String ref, String path, int depth) {
            if (!ref.startsWith("#/")) {
                throw JsonSchemaException.at(path, "only local $ref ('#/...') is supported, not '" + ref + "'");
            }
            if (refs.contains(ref)) {
                throw JsonSchemaException.at(path, "$ref '" + ref + "' is recursive; recursive schemas cannot be "
                        + "generated");
            }
            JsonNode target = document.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw JsonSchemaException.at(path, "$ref '" + ref + "' does not resolve");
            }
            refs.push(ref);
            try {
                return node(target, path, depth + 1, ref);
            } finally {
                refs.pop();
            }
        }

        private UnionSchema union(JsonNode branches, Facets f, int depth) {
            if (!branches.isArray() || branches.isEmpty()) {
                throw JsonSchemaException.at(f.path(), "oneOf/anyOf has no branches");
            }
            List<SchemaNode> nodes = new ArrayList<>();
            for (int i = 0; i < branches.size(); i++) {
                nodes.add(node(branches.get(i), f.path() + "/oneOf[" + i + "]", depth + 1, null));
            }
            return new UnionSchema(f, List.copyOf(nodes));
        }

        private ObjectSchema object(JsonNode s, Facets f, int depth) {
            JsonNode props = s.path("properties");
            Set<String> required = new LinkedHashSet<>();
            s.path("required").forEach(r -> required.add(r.asText()));
            for (String r : required) {
                if (!props.has(r)) {
                    throw JsonSchemaException.at(f.path(), "required property '" + r + "' is not defined");
                }
            }
            JsonNode additional = s.get("additionalProperties");
            Extra extra = additional == null ? Extra.UNSPECIFIED : !additional.isBoolean() ? Extra.SCHEMA
                    : additional.asBoolean() ? Extra.ALLOWED : Extra.FORBIDDEN;
            Map<String, SchemaNode> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey(), node(e.getValue(), f.path() + "." + e.getKey(), depth + 1, null));
            }
            return new ObjectSchema(f, Collections.unmodifiableMap(fields), Collections.unmodifiableSet(required),
                    extra);
        }

        private ArraySchema array(JsonNode s, Facets f, int depth) {
            JsonNode prefix = s.path("prefixItems");
            if (!s.has("items") && !prefix.isArray()) {
                throw JsonSchemaException.at(f.path(), "an array needs 'items'");
            }
            if (!prefix.isMissingNode() && !prefix.isArray()) {
                throw JsonSchemaException.at(f.path(), "'prefixItems' must be a list of schemas");
            }
            List<SchemaNode> tuple = new ArrayList<>();
            for (int i = 0; i < prefix.size(); i++) {
                tuple.add(node(prefix.get(i), f.path() + "[" + i + "]", depth + 1, null));
            }
            return new ArraySchema(f, s.has("items") ? node(s.get("items"), f.path() + "[]", depth + 1, null) : null,
                    List.copyOf(tuple), count(s, "minItems"), count(s, "maxItems"),
                    s.path("uniqueItems").asBoolean(false));
        }

        private static Facets facets(JsonNode s, String path, List<String> keywords, JsonNode type, boolean nullable,
                                     String viaRef) {
            List<JsonNode> values = null;
            if (s.has("enum")) {
                values = new ArrayList<>();
                for (JsonNode v : s.get("enum")) {
                    values.add(v.deepCopy());
                }
            }
            Map<String, JsonNode> extensions = new LinkedHashMap<>();
            for (String k : keywords) {
                if (k.startsWith("x-")) {
                    extensions.put(k, s.get(k).deepCopy());
                }
            }
            return new Facets(path, List.copyOf(keywords), type == null ? null : type.deepCopy(), nullable, viaRef,
                    text(s, "title"), text(s, "description"), copy(s, "examples"), copy(s, "default"),
                    values == null ? null : Collections.unmodifiableList(values), copy(s, "const"),
                    Collections.unmodifiableMap(extensions));
        }

        private static JsonNode copy(JsonNode s, String keyword) {
            return s.has(keyword) ? s.get(keyword).deepCopy() : null;
        }

        private static String text(JsonNode s, String keyword) {
            return s.hasNonNull(keyword) ? s.get(keyword).asText() : null;
        }

        private static Integer count(JsonNode s, String keyword) {
            return s.path(keyword).isNumber() ? s.get(keyword).asInt() : null;
        }

        private static Double number(JsonNode s, String keyword) {
            return s.path(keyword).isNumber() ? s.get(keyword).asDouble() : null;
        }
    }
}
