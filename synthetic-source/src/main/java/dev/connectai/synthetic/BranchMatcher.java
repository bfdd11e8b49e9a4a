package dev.connectai.synthetic;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectai.toolkit.schema.SchemaNode;
import dev.connectai.toolkit.schema.SchemaNode.ArraySchema;
import dev.connectai.toolkit.schema.SchemaNode.BooleanSchema;
import dev.connectai.toolkit.schema.SchemaNode.Extra;
import dev.connectai.toolkit.schema.SchemaNode.NumberSchema;
import dev.connectai.toolkit.schema.SchemaNode.ObjectSchema;
import dev.connectai.toolkit.schema.SchemaNode.StringSchema;
import dev.connectai.toolkit.schema.SchemaNode.UnionSchema;
import org.apache.kafka.connect.data.Struct;

/**
 * Whether a generated value could also match another branch of a {@code oneOf}, which the record must not. Errs
 * towards "matches": a keyword it does not check counts as satisfied, so an overlap it cannot rule out is treated as
 * one and the value drawn again. Generation never uses it to accept a value, only to reject one.
 */
final class BranchMatcher {

    private BranchMatcher() {
    }

    /** {@code constKeyword}: false under draft-04, where {@code const} is no keyword and so constrains nothing. */
    static boolean mayMatch(SchemaNode n, Object v, boolean constKeyword) {
        if (v == null) {
            return n.nullable() || n instanceof SchemaNode.UntypedSchema && !n.facets().typeDeclared();
        }
        List<JsonNode> allowed = n.facets().constValue() != null && constKeyword ? List.of(n.facets().constValue())
                : n.facets().enumValues();
        if (!constKeyword && n.facets().constValue() != null && !n.facets().typeDeclared()
                && n.facets().enumValues() == null) {
            return true; // a bare {"const": ...} under draft-04 allows anything
        }
        if (allowed != null && allowed.stream().noneMatch(a -> sameScalar(a, v))) {
            return false;
        }
        JsonNode excluded = n.facets().extension(GenerationSchema.NOT);
        if (excluded != null && v != null) {
            // A value that certainly matches a schema the node excludes ('not', a conditional) fails the node.
            JsonNode value = SchemaVerdict.json(v);
            for (JsonNode x : excluded) {
                if (SchemaVerdict.check(x, value) == SchemaVerdict.MATCH) {
                    return false;
                }
            }
        }
        if (n instanceof UnionSchema u) {
            return u.branches().stream().anyMatch(b -> mayMatch(b, v, constKeyword));
        }
        if (n instanceof StringSchema s) {
            if (!(v instanceof String text)) {
                return false;
            }
            int length = text.codePointCount(0, text.length());
            return (s.minLength() == null || length >= s.minLength())
                    && (s.maxLength() == null || length <= s.maxLength())
                    && (s.pattern() == null || SchemaVerdict.pattern(s.pattern()).matcher(text).find());
        }
        if (n instanceof NumberSchema num) {
            if (!(v instanceof Number x) || num.integer() && !(v instanceof Long || v instanceof Integer)) {
                return false;
            }
            double d = x.doubleValue();
            return (num.minimum() == null || d >= num.minimum()) && (num.maximum() == null || d <= num.maximum())
                    && (num.exclusiveMinimum() == null || d > num.exclusiveMinimum())
                    && (num.exclusiveMaximum() == null || d < num.exclusiveMaximum());
        }
        if (n instanceof BooleanSchema) {
            return v instanceof Boolean;
        }
        if (n instanceof ArraySchema a) {
            if (!(v instanceof List<?> l)) {
                return false;
            }
            if (a.minItems() != null && l.size() < a.minItems() || a.maxItems() != null && l.size() > a.maxItems()) {
                return false;
            }
            for (int i = 0; i < l.size(); i++) {
                SchemaNode item = i < a.prefixItems().size() ? a.prefixItems().get(i) : a.items();
                if (item != null && !mayMatch(item, l.get(i), constKeyword)) {
                    return false;
                }
            }
            return true;
        }
        if (n instanceof ObjectSchema o) {
            Map<String, Object> fields = fields(v);
            if (fields == null) {
                return false;
            }
            for (String r : o.required()) {
                if (fields.get(r) == null && !fields.containsKey(r)) {
                    return false;
                }
            }
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                SchemaNode p = o.properties().get(e.getKey());
                if (p == null ? o.additional() == Extra.FORBIDDEN : !mayMatch(p, e.getValue(), constKeyword)) {
                    return false;
                }
            }
            return true;
        }
        return true;
    }

    /** Values tried for a property that must fail its schema: each fails every schema of another type. */
    private static final List<Object> WRONG = List.of(0L, "0", Boolean.FALSE, List.of(), Map.of());

    /**
     * A oneOf value of {@code chosen} that may match other branches, made to fail them: a property the chosen object
     * does not declare (it is {@link GenerationSchema#OPEN}, so any property is valid there) is added with a value
     * that fails what another branch says of that property. Branches without a required discriminator overlap
     * everywhere else (an object of the first branch is one of the second too); a valid record of such a oneOf
     * must carry such a property. Null when no property does it, or the value still may match another branch.
     */
    static Object separated(SchemaNode chosen, List<SchemaNode> others, Object v, boolean constKeyword) {
        if (!(v instanceof Map<?, ?> original)) {
            return null;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        original.forEach((k, x) -> out.put(String.valueOf(k), x));
        for (SchemaNode other : others) {
            if (mayMatch(other, out, constKeyword) && !fail(other, chosen, out, constKeyword, 0)) {
                return null;
            }
        }
        for (SchemaNode other : others) {
            if (mayMatch(other, out, constKeyword)) {
                return null;
            }
        }
        return oneOfHolds(chosen, out, constKeyword) ? out : null;
    }

    /** Adds to {@code v} a property that makes it fail {@code other}, one {@code chosen} allows with any value. */
    private static boolean fail(SchemaNode other, SchemaNode chosen, Map<String, Object> v, boolean constKeyword,
                                int depth) {
        if (other instanceof UnionSchema u && depth < 8) {
            for (SchemaNode b : u.branches()) {
                if (mayMatch(b, v, constKeyword) && !fail(b, chosen, v, constKeyword, depth + 1)) {
                    return false;
                }
            }
            return !mayMatch(other, v, constKeyword);
        }
        if (!(other instanceof ObjectSchema o)) {
            return false;
        }
        for (Map.Entry<String, SchemaNode> p : o.properties().entrySet()) {
            if (v.containsKey(p.getKey()) || !allowsAny(chosen, p.getKey(), 0)) {
                continue;
            }
            for (Object wrong : WRONG) {
                if (!mayMatch(p.getValue(), wrong, constKeyword)) {
                    v.put(p.getKey(), wrong);
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether every value of {@code n} may also hold {@code name} with any value, and stay valid. */
    private static boolean allowsAny(SchemaNode n, String name, int depth) {
        if (n instanceof ObjectSchema o) {
            JsonNode open = o.facets().extension(GenerationSchema.OPEN);
            return open != null && open.asBoolean() && !o.properties().containsKey(name)
                    && o.facets().extension(GenerationSchema.NOT) == null;
        }
        return n instanceof UnionSchema u && depth < 8 && u.facets().extension(GenerationSchema.NOT) == null
                && u.branches().stream().allMatch(b -> allowsAny(b, name, depth + 1));
    }

    /** A nested oneOf still holds after properties were added: exactly one of its branches may match. */
    private static boolean oneOfHolds(SchemaNode n, Object v, boolean constKeyword) {
        if (!(n instanceof UnionSchema u)) {
            return true;
        }
        List<SchemaNode> matching = u.branches().stream().filter(b -> mayMatch(b, v, constKeyword)).toList();
        if (!u.facets().keywords().contains("oneOf")) {
            return matching.stream().allMatch(b -> oneOfHolds(b, v, constKeyword));
        }
        return matching.size() == 1 && oneOfHolds(matching.get(0), v, constKeyword);
    }

    private static Map<String, Object> fields(Object v) {
        if (v instanceof Struct s) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            s.schema().fields().forEach(f -> m.put(f.name(), s.get(f)));
            return m;
        }
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> cast = (Map<String, Object>) m;
            return cast;
        }
        return null;
    }

    private static boolean sameScalar(JsonNode a, Object v) {
        if (a.isNull()) {
            return v == null;
        }
        if (a.isTextual()) {
            return a.asText().equals(v);
        }
        if (a.isNumber()) {
            return v instanceof Number x && x.doubleValue() == a.asDouble();
        }
        if (a.isBoolean()) {
            return Boolean.valueOf(a.asBoolean()).equals(v);
        }
        return true; // objects and arrays in an enum: not compared, so treated as a possible match
    }
}
