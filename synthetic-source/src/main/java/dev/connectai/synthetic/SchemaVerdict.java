package dev.connectai.synthetic;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Struct;

/**
 * Whether a generated value certainly satisfies, certainly fails, or may do either, a raw JSON Schema. Used for what
 * generation cannot build in ({@code not X}, the {@code if} of a conditional it chose not to satisfy): a value is kept
 * only when it certainly fails X, so a keyword this class does not judge makes the verdict {@link #UNKNOWN} and the
 * value is drawn again. Never a full validator: it runs only on the small schemas a guard names.
 */
enum SchemaVerdict {
    MATCH, FAIL, UNKNOWN;

    private static final ObjectMapper VALUES = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Keywords that constrain nothing. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "$comment", "examples", "default",
            "markdownDescription", "$id", "id", "$schema", "deprecated", "readOnly", "writeOnly", "deprecationMessage",
            "errorMessage", "definitions", "$defs", "enumDescriptions", "markdownEnumDescriptions", "then", "else");

    /** Compiled patterns, shared: checks run per generated value. Bounded: cleared when full. */
    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    static Pattern pattern(String regex) {
        Pattern p = PATTERNS.get(regex);
        if (p == null) {
            p = Pattern.compile(regex);
            if (PATTERNS.size() > 10_000) {
                PATTERNS.clear();
            }
            PATTERNS.put(regex, p);
        }
        return p;
    }

    SchemaVerdict and(SchemaVerdict o) {
        return this == FAIL || o == FAIL ? FAIL : this == MATCH && o == MATCH ? MATCH : UNKNOWN;
    }

    SchemaVerdict or(SchemaVerdict o) {
        return this == MATCH || o == MATCH ? MATCH : this == FAIL && o == FAIL ? FAIL : UNKNOWN;
    }

    SchemaVerdict negate() {
        return this == MATCH ? FAIL : this == FAIL ? MATCH : UNKNOWN;
    }

    /** The verdict of {@code schema} (refs already inlined; a {@code $ref} left is unknown) on a generated value. */
    static SchemaVerdict of(JsonNode schema, Object value) {
        return check(schema, json(value));
    }

    /** A generated value (Struct, Map, List, scalar) as the JSON the converter writes. */
    static JsonNode json(Object v) {
        if (v instanceof Struct s) {
            ObjectNode o = F.objectNode();
            s.schema().fields().forEach(f -> o.set(f.name(), json(s.get(f))));
            return o;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), json(x)));
            return o;
        }
        if (v instanceof List<?> l) {
            ArrayNode a = F.arrayNode();
            l.forEach(x -> a.add(json(x)));
            return a;
        }
        return VALUES.valueToTree(v);
    }

    static SchemaVerdict check(JsonNode schema, JsonNode v) {
        if (schema.isBoolean()) {
            return schema.asBoolean() ? MATCH : FAIL;
        }
        if (!schema.isObject()) {
            return UNKNOWN;
        }
        SchemaVerdict out = MATCH;
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext() && out != FAIL; ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ANNOTATIONS.contains(e.getKey()) && !e.getKey().startsWith("x-")) {
                out = out.and(keyword(e.getKey(), e.getValue(), schema, v));
            }
        }
        return out;
    }

    private static SchemaVerdict keyword(String k, JsonNode s, JsonNode schema, JsonNode v) {
        switch (k) {
            case "type":
                if (s.isTextual()) {
                    return type(s.asText(), v);
                }
                SchemaVerdict any = FAIL;
                for (JsonNode t : s) {
                    any = any.or(type(t.asText(), v));
                }
                return any;
            case "const":
                return equal(s, v);
            case "enum":
                SchemaVerdict found = FAIL;
                for (JsonNode x : s) {
                    found = found.or(equal(x, v));
                }
                return found;
            case "not":
                return check(s, v).negate();
            case "allOf":
                SchemaVerdict all = MATCH;
                for (JsonNode b : s) {
                    all = all.and(check(b, v));
                }
                return all;
            case "anyOf":
                SchemaVerdict some = FAIL;
                for (JsonNode b : s) {
                    some = some.or(check(b, v));
                }
                return some;
            case "oneOf":
                int matches = 0;
                for (JsonNode b : s) {
                    SchemaVerdict r = check(b, v);
                    if (r == UNKNOWN) {
                        return UNKNOWN;
                    }
                    matches += r == MATCH ? 1 : 0;
                }
                return matches == 1 ? MATCH : FAIL;
            case "if":
                SchemaVerdict cond = check(s, v);
                JsonNode next = cond == MATCH ? schema.get("then") : cond == FAIL ? schema.get("else") : null;
                return cond == UNKNOWN ? UNKNOWN : next == null ? MATCH : check(next, v);
            case "pattern":
                if (!v.isTextual()) {
                    return MATCH;
                }
                try {
                    return pattern(s.asText()).matcher(v.asText()).find() ? MATCH : FAIL;
                } catch (PatternSyntaxException e) {
                    return UNKNOWN;
                }
            case "minLength", "maxLength":
                if (!v.isTextual()) {
                    return MATCH;
                }
                int length = v.asText().codePointCount(0, v.asText().length());
                return (k.equals("minLength") ? length >= s.asInt() : length <= s.asInt()) ? MATCH : FAIL;
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                if (!v.isNumber()) {
                    return MATCH;
                }
                if (!s.isNumber()) {
                    return UNKNOWN; // draft-04's boolean exclusive bounds
                }
                double d = v.asDouble();
                double b = s.asDouble();
                boolean ok = switch (k) {
                    case "minimum" -> d >= b;
                    case "maximum" -> d <= b;
                    case "exclusiveMinimum" -> d > b;
                    default -> d < b;
                };
                return ok ? MATCH : FAIL;
            case "required":
                if (!v.isObject()) {
                    return MATCH;
                }
                for (JsonNode r : s) {
                    if (!v.has(r.asText())) {
                        return FAIL;
                    }
                }
                return MATCH;
            case "properties":
                if (!v.isObject()) {
                    return MATCH;
                }
                SchemaVerdict props = MATCH;
                for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    if (v.has(p.getKey())) {
                        props = props.and(check(p.getValue(), v.get(p.getKey())));
                    }
                }
                return props;
            case "minProperties", "maxProperties":
                if (!v.isObject()) {
                    return MATCH;
                }
                return (k.equals("minProperties") ? v.size() >= s.asInt() : v.size() <= s.asInt()) ? MATCH : FAIL;
            case "items":
                if (!v.isArray()) {
                    return MATCH;
                }
                if (!s.isObject() && !s.isBoolean()) {
                    return UNKNOWN;
                }
                SchemaVerdict items = MATCH;
                for (JsonNode x : v) {
                    items = items.and(check(s, x));
                }
                return items;
            case "minItems", "maxItems":
                if (!v.isArray()) {
                    return MATCH;
                }
                return (k.equals("minItems") ? v.size() >= s.asInt() : v.size() <= s.asInt()) ? MATCH : FAIL;
            case "uniqueItems":
                if (!v.isArray() || !s.asBoolean()) {
                    return MATCH;
                }
                Set<JsonNode> seen = new HashSet<>();
                for (JsonNode x : v) {
                    if (!seen.add(x)) {
                        return x.isNumber() ? UNKNOWN : FAIL;
                    }
                }
                return seen.stream().anyMatch(JsonNode::isNumber) ? UNKNOWN : MATCH;
            case "format":
                return v.isTextual() ? UNKNOWN : MATCH;
            default:
                return UNKNOWN;
        }
    }

    private static SchemaVerdict type(String t, JsonNode v) {
        boolean ok = switch (t) {
            case "null" -> v.isNull();
            case "boolean" -> v.isBoolean();
            case "string" -> v.isTextual();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "number" -> v.isNumber();
            case "integer" -> {
                if (v.isNumber() && !v.isIntegralNumber() && v.asDouble() == Math.rint(v.asDouble())) {
                    yield false; // 3.0: an integer for some drafts, not for others
                }
                yield v.isIntegralNumber();
            }
            default -> false;
        };
        if (!ok && t.equals("integer") && v.isNumber() && v.asDouble() == Math.rint(v.asDouble())) {
            return UNKNOWN;
        }
        return ok ? MATCH : FAIL;
    }

    private static SchemaVerdict equal(JsonNode a, JsonNode v) {
        if (a.isNumber() && v.isNumber()) {
            return a.decimalValue().compareTo(v.decimalValue()) == 0 ? MATCH : FAIL;
        }
        if (a.isContainerNode() || v.isContainerNode()) {
            return a.equals(v) ? MATCH : a.getNodeType() != v.getNodeType() ? FAIL : UNKNOWN;
        }
        return a.equals(v) ? MATCH : FAIL;
    }
}
