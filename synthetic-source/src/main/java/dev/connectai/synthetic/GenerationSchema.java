package dev.connectai.synthetic;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites a user's JSON Schema into an equivalent-for-generation one that the shared front end reads: every record
 * generated from the rewritten schema is valid under the original. What it does, and why each is safe:
 * <ul>
 * <li>{@code allOf} merged into its parent (properties and required united, bounds tightened, types intersected);</li>
 * <li>a {@code type} list of several types becomes an {@code anyOf} of one copy per type;</li>
 * <li>{@code {"type": "null"}} becomes a field that is always null; a oneOf/anyOf of one branch and null branches
 *     becomes that branch, nullable;</li>
 * <li>a schema with no type and nothing to infer one from ("any value") gets the type its keywords suggest, else
 *     string: a string is a valid "any value";</li>
 * <li>an array without {@code items} gets string items; one with tuple {@code items} (a list) is written empty,
 *     which every tuple allows, unless {@code minItems} asks for more (then refused); {@code true} as a schema becomes {@code {}}; a property
 *     whose schema is {@code false} is left out (it may not appear);</li>
 * <li>{@code patternProperties} and {@code propertyNames} are dropped when no declared property is affected: the
 *     generator writes only declared properties, so extra keys never appear; a declared property matching a pattern
 *     gets that pattern's schema merged in;</li>
 * <li>local {@code $ref}s are inlined; one that reaches itself is unrolled {@code recursion.max.depth} times, where
 *     the optional property, array (then empty) or anyOf branch that recurses is left out.</li>
 * </ul>
 * Other keywords reach the front end unchanged and are refused there by name ({@code dependencies} and a
 * {@code maxProperties} below the declared properties here).
 */
final class GenerationSchema {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "$comment", "examples", "default",
            "markdownDescription", "$id", "id", "$schema", "deprecated", "readOnly", "writeOnly", "deprecationMessage",
            "errorMessage", "definitions", "$defs", "enumDescriptions", "markdownEnumDescriptions", "format");
    private static final int MAX_DEPTH = 64;
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "definitions", "$defs");
    private static final Set<String> SCHEMA_LISTS = Set.of("oneOf", "anyOf");
    private static final Set<String> SCHEMA_VALUES = Set.of("items", "additionalProperties");

    /** How many nodes unrolling recursive $refs may create, so mutual recursion cannot blow up memory. */
    private static final int MAX_NODES = 50_000;
    /** A recursive $ref met at the depth bound: the nearest optional property, array or union branch ends it. */
    private static final ObjectNode CUT = F.objectNode();

    private final JsonNode document;
    private final int recursionDepth;
    private final Set<String> recursive;
    private final List<String> refStack = new ArrayList<>();
    private int nodes;

    private GenerationSchema(JsonNode document, int recursionDepth) {
        this.document = document;
        this.recursionDepth = recursionDepth;
        this.recursive = recursiveRefs(document);
    }

    static JsonNode rewrite(JsonNode schema) {
        return rewrite(schema, 3);
    }

    /** {@code recursionDepth}: how often a recursive $ref is unrolled in one value. */
    static JsonNode rewrite(JsonNode schema, int recursionDepth) {
        if (!schema.isObject()) {
            return schema;
        }
        JsonNode out = new GenerationSchema(schema, recursionDepth).node(schema, 0);
        if (out == CUT) {
            throw new SchemaProblem("$", "a recursive $ref can only end through an optional property, an array or "
                    + "a oneOf/anyOf branch, and this one has none");
        }
        return out;
    }

    /** The local $refs that can reach themselves. */
    private static Set<String> recursiveRefs(JsonNode document) {
        java.util.Map<String, Set<String>> edges = new java.util.HashMap<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        refsIn(document, todo);
        while (!todo.isEmpty()) {
            String r = todo.pop();
            if (edges.containsKey(r)) {
                continue;
            }
            Set<String> out = new LinkedHashSet<>();
            java.util.ArrayDeque<String> found = new java.util.ArrayDeque<>();
            refsIn(document.at(r.substring(1)), found);
            out.addAll(found);
            edges.put(r, out);
            todo.addAll(found);
        }
        Set<String> result = new LinkedHashSet<>();
        for (String r : edges.keySet()) {
            Set<String> seen = new LinkedHashSet<>();
            java.util.ArrayDeque<String> walk = new java.util.ArrayDeque<>(edges.get(r));
            while (!walk.isEmpty()) {
                String x = walk.pop();
                if (x.equals(r)) {
                    result.add(r);
                    break;
                }
                if (seen.add(x)) {
                    walk.addAll(edges.getOrDefault(x, Set.of()));
                }
            }
        }
        return result;
    }

    private static void refsIn(JsonNode n, java.util.Deque<String> out) {
        if (n.isObject()) {
            JsonNode r = n.get("$ref");
            if (r != null && r.isTextual() && r.asText().startsWith("#")) {
                out.add(r.asText());
            }
            n.forEach(v -> refsIn(v, out));
        } else if (n.isArray()) {
            n.forEach(v -> refsIn(v, out));
        }
    }

    private JsonNode node(JsonNode in, int depth) {
        if (in.isBoolean()) {
            return in.asBoolean() ? F.objectNode() : in;
        }
        if (!in.isObject() || depth > MAX_DEPTH) {
            return in;
        }
        if (++nodes > MAX_NODES) {
            throw new SchemaProblem("$", "the schema expands to more than " + MAX_NODES + " nodes when its "
                    + "recursive $refs are unrolled " + recursionDepth + " levels deep");
        }
        String ref = in.path("$ref").asText("");
        // Local $refs are inlined (the front end would expand them anyway), so a definition nested under a
        // container the walk does not know is read too; recursive ones are unrolled to the depth bound.
        if (ref.startsWith("#")) {
            if (recursive.contains(ref) && refStack.stream().filter(ref::equals).count() >= recursionDepth) {
                return CUT;
            }
            JsonNode target = document.at(ref.substring(1));
            if (target.isMissingNode()) {
                return in;
            }
            refStack.add(ref);
            try {
                return node(target, depth + 1);
            } finally {
                refStack.remove(refStack.size() - 1);
            }
        }
        ObjectNode s = in.has("allOf") ? merged((ObjectNode) in, depth) : ((ObjectNode) in).deepCopy();
        distribute(s);
        nullOnly(s);
        for (String key : iterable(s.fieldNames())) {
            JsonNode v = s.get(key);
            if (SCHEMA_MAPS.contains(key) && v.isObject()) {
                ObjectNode out = F.objectNode();
                boolean cut = false;
                for (Map.Entry<String, JsonNode> e : iterable(v.fields())) {
                    JsonNode child = node(e.getValue(), depth + 1);
                    boolean optional = !required(s).contains(e.getKey());
                    if (child == CUT) {
                        if (!key.equals("properties")) {
                            out.set(e.getKey(), e.getValue()); // a definition: kept as written, used only via $ref
                        } else if (!optional) {
                            cut = true;
                        }
                        // an optional property at the recursion bound is left out
                    } else if (!(key.equals("properties") && child.isBoolean() && !child.asBoolean() && optional)) {
                        out.set(e.getKey(), child);
                    }
                }
                if (cut) {
                    return CUT;
                }
                s.set(key, out);
            } else if (SCHEMA_LISTS.contains(key) && v.isArray()) {
                ArrayNode out = F.arrayNode();
                for (JsonNode b : v) {
                    JsonNode child = node(b, depth + 1);
                    if (child != CUT) {
                        out.add(child); // an anyOf branch at the recursion bound is dropped
                    } else if (key.equals("oneOf")) {
                        return CUT; // a oneOf value must also fail the dropped branch, which nothing would check
                    }
                }
                if (out.isEmpty()) {
                    return CUT;
                }
                s.set(key, out);
            } else if (SCHEMA_VALUES.contains(key) && (v.isObject() || v.isBoolean() && key.equals("items"))) {
                JsonNode child = node(v, depth + 1);
                if (child != CUT) {
                    s.set(key, child);
                } else if (key.equals("additionalProperties")) {
                    s.remove(key); // no extra keys are written anyway
                } else if (s.path("minItems").asInt(0) == 0) {
                    s.set(key, F.objectNode().put("type", "string")); // an array at the recursion bound is empty
                    s.put("maxItems", 0);
                } else {
                    return CUT;
                }
            }
        }
        if (s.path("items").isArray() && s.path("minItems").asInt(0) == 0) {
            // Tuple items (drafts 04 to 2019-09): an empty array satisfies any tuple and any additionalItems.
            s.set("items", F.objectNode().put("type", "string"));
            s.put("maxItems", 0);
            s.remove("additionalItems");
        }
        undeclaredRequired(s);
        patterns(s, depth);
        nullBranches(s);
        if ("array".equals(s.path("type").asText()) && !s.has("items") && !s.has("$ref")) {
            s.set("items", F.objectNode().put("type", "string"));
        }
        if (s.path("type").isArray() && (s.has("enum") || s.has("const"))) {
            s.remove("type"); // the listed values say their own types
        } else if (s.path("type").isArray()) {
            typeList(s);
        }
        if (s.has("dependencies")) {
            // draft-07's form of dependentRequired/dependentSchemas, which the front end refuses by those names
            throw new SchemaProblem("$", "the keyword 'dependencies' is not supported for generation");
        }
        int declared = s.path("properties").size();
        if (s.path("maxProperties").isNumber() && s.get("maxProperties").asInt() < declared) {
            throw new SchemaProblem("$", "maxProperties " + s.get("maxProperties").asInt() + " is below the "
                    + declared + " declared properties, which generated objects all hold");
        }
        if (s.path("minProperties").asInt(0) > declared) {
            throw new SchemaProblem("$", "minProperties " + s.get("minProperties").asInt() + " asks for more "
                    + "properties than the " + declared + " declared; generated objects hold declared properties only");
        }
        if (!s.has("type") && !s.has("$ref") && !s.has("oneOf") && !s.has("anyOf") && !s.has("properties")
                && !s.has("enum") && !s.has("const")) {
            s.put("type", impliedType(s));
            if (s.get("type").asText().equals("array") && !s.has("items")) {
                s.set("items", F.objectNode().put("type", "string"));
            }
        }
        return s;
    }

    /**
     * oneOf/anyOf beside other constraints (the front end reads only the branches): each branch gets those
     * constraints merged in, so a value of one branch also satisfies what stands beside the union.
     */
    private void distribute(ObjectNode s) {
        for (String key : SCHEMA_LISTS) {
            if (!s.path(key).isArray()) {
                continue;
            }
            ObjectNode beside = F.objectNode();
            s.fields().forEachRemaining(e -> {
                if (!SCHEMA_LISTS.contains(e.getKey()) && !ANNOTATIONS.contains(e.getKey())
                        && !e.getKey().startsWith("x-")) {
                    beside.set(e.getKey(), e.getValue());
                }
            });
            if (beside.isEmpty()) {
                continue;
            }
            ArrayNode branches = F.arrayNode();
            for (JsonNode b : s.get(key)) {
                ObjectNode both = F.objectNode();
                both.putArray("allOf").add(beside.deepCopy()).add(b);
                branches.add(merged(both, 0));
            }
            for (String k : iterable(beside.fieldNames())) {
                s.remove(k);
            }
            s.set(key, branches);
        }
    }

    /** {"type": "null"}: a string that is always null. */
    private static void nullOnly(ObjectNode s) {
        if ("null".equals(s.path("type").asText()) || s.path("type").isArray() && s.get("type").size() == 1
                && "null".equals(s.get("type").get(0).asText())) {
            s.set("type", F.arrayNode().add("string").add("null"));
            s.put("x-null-rate", 1.0);
        }
    }

    /** oneOf/anyOf of one branch and {"type": "null"} branches: that branch, nullable. */
    private void nullBranches(ObjectNode s) {
        for (String key : SCHEMA_LISTS) {
            JsonNode branches = s.get(key);
            if (branches == null || !branches.isArray()) {
                continue;
            }
            List<JsonNode> others = new ArrayList<>();
            int nulls = 0;
            for (JsonNode b : branches) {
                if (b.path("x-null-rate").asDouble(0) == 1.0 && b.path("type").isArray()) {
                    nulls++;
                } else {
                    others.add(b);
                }
            }
            if (nulls == 0 || others.size() != 1) {
                continue;
            }
            JsonNode only = others.get(0);
            ObjectNode target = only.has("$ref") ? resolved(only) : only.isObject() ? ((ObjectNode) only).deepCopy()
                    : null;
            if (target == null || target.has("$ref") || !target.path("type").isTextual()) {
                continue;
            }
            target.set("type", F.arrayNode().add(target.get("type").asText()).add("null"));
            s.remove(key);
            target.fields().forEachRemaining(e -> {
                if (!s.has(e.getKey()) || e.getKey().equals("type")) {
                    s.set(e.getKey(), e.getValue());
                }
            });
        }
    }

    private ObjectNode resolved(JsonNode ref) {
        String r = ref.get("$ref").asText();
        if (!r.startsWith("#")) {
            return null;
        }
        JsonNode t = document.at(r.substring(1));
        return t.isObject() ? ((ObjectNode) t).deepCopy() : null;
    }

    /** Several types: an anyOf with one copy of the schema per type (null stays with each). */
    private static void typeList(ObjectNode s) {
        List<String> types = new ArrayList<>();
        boolean nullable = false;
        for (JsonNode t : s.get("type")) {
            if (t.asText().equals("null")) {
                nullable = true;
            } else if (!types.contains(t.asText())) {
                types.add(t.asText());
            }
        }
        if (types.contains("integer") && types.contains("number")) {
            types.remove("integer");
        }
        if (types.size() < 2 || s.has("oneOf") || s.has("anyOf")) {
            if (types.size() == 1) {
                s.set("type", nullable ? F.arrayNode().add(types.get(0)).add("null") : F.textNode(types.get(0)));
            }
            return;
        }
        ArrayNode branches = F.arrayNode();
        for (String t : types) {
            ObjectNode copy = s.deepCopy();
            copy.set("type", nullable ? F.arrayNode().add(t).add("null") : F.textNode(t));
            if (!t.equals("array")) {
                copy.remove(List.of("items", "minItems", "maxItems", "uniqueItems"));
            } else if (!copy.has("items")) {
                copy.set("items", F.objectNode().put("type", "string"));
            }
            if (!t.equals("object")) {
                copy.remove(List.of("properties", "required", "additionalProperties"));
            }
            if (!t.equals("string")) {
                copy.remove(List.of("pattern", "format", "minLength", "maxLength"));
            }
            branches.add(copy);
        }
        for (String k : iterable(s.fieldNames())) {
            if (!k.equals("description") && !k.equals("title") && !k.startsWith("$") && !k.equals("definitions")) {
                s.remove(k);
            }
        }
        s.set("anyOf", branches);
    }

    private static String impliedType(ObjectNode s) {
        if (s.has("items") || s.has("minItems") || s.has("maxItems")) {
            return "array";
        }
        if (s.has("minimum") || s.has("maximum") || s.has("exclusiveMinimum") || s.has("exclusiveMaximum")
                || s.has("multipleOf")) {
            return "number";
        }
        if (s.has("additionalProperties") || s.has("patternProperties") || s.has("required")) {
            return "object";
        }
        return "string";
    }

    /** A required property with no schema of its own takes any value (a string) unless extra keys are forbidden. */
    private static void undeclaredRequired(ObjectNode s) {
        if (!s.path("required").isArray() || s.path("additionalProperties").isBoolean()
                && !s.get("additionalProperties").asBoolean() && !s.has("patternProperties")) {
            return;
        }
        for (String r : required(s)) {
            if (!s.path("properties").has(r)) {
                JsonNode extra = s.path("additionalProperties");
                ObjectNode props = s.path("properties").isObject() ? (ObjectNode) s.get("properties")
                        : s.putObject("properties");
                props.set(r, extra.isObject() ? extra.deepCopy() : F.objectNode().put("type", "string"));
            }
        }
    }

    /** patternProperties and propertyNames: dropped when no declared property is affected. */
    private void patterns(ObjectNode s, int depth) {
        JsonNode pp = s.get("patternProperties");
        if (pp != null && pp.isObject()) {
            ObjectNode props = s.path("properties").isObject() ? (ObjectNode) s.get("properties") : null;
            for (Iterator<Map.Entry<String, JsonNode>> it = pp.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Pattern p;
                try {
                    p = Pattern.compile(e.getKey());
                } catch (PatternSyntaxException ex) {
                    return; // left for the front end to refuse
                }
                if (props != null) {
                    for (String name : iterable(props.fieldNames())) {
                        if (p.matcher(name).find()) {
                            ObjectNode both = F.objectNode();
                            both.putArray("allOf").add(props.get(name)).add(e.getValue());
                            props.set(name, node(both, depth + 1));
                        }
                    }
                }
            }
            s.remove("patternProperties");
        }
        JsonNode names = s.get("propertyNames");
        if (names != null) {
            boolean allFit = true;
            for (String name : iterable(s.path("properties").fieldNames())) {
                allFit &= nameFits(names, name);
            }
            if (allFit) {
                s.remove("propertyNames");
            }
        }
    }

    private static boolean nameFits(JsonNode names, String name) {
        if (names.isBoolean()) {
            return names.asBoolean();
        }
        for (String k : iterable(names.fieldNames())) {
            switch (k) {
                case "pattern" -> {
                    try {
                        if (!Pattern.compile(names.get(k).asText()).matcher(name).find()) {
                            return false;
                        }
                    } catch (PatternSyntaxException e) {
                        return false;
                    }
                }
                case "maxLength" -> {
                    if (name.length() > names.get(k).asInt()) {
                        return false;
                    }
                }
                case "minLength" -> {
                    if (name.length() < names.get(k).asInt()) {
                        return false;
                    }
                }
                case "enum" -> {
                    boolean found = false;
                    for (JsonNode v : names.get(k)) {
                        found |= v.asText().equals(name);
                    }
                    if (!found) {
                        return false;
                    }
                }
                case "type", "description", "title", "$comment" -> {
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private static Set<String> required(JsonNode s) {
        Set<String> out = new LinkedHashSet<>();
        s.path("required").forEach(r -> out.add(r.asText()));
        return out;
    }

    /** The schema with its allOf branches (and a $ref beside them) merged in. */
    private ObjectNode merged(ObjectNode in, int depth) {
        ObjectNode out = in.deepCopy();
        out.remove("allOf");
        List<JsonNode> branches = new ArrayList<>();
        if (out.has("$ref")) {
            branches.add(F.objectNode().set("$ref", out.remove("$ref")));
        }
        in.get("allOf").forEach(branches::add);
        for (JsonNode b : branches) {
            JsonNode branch = b;
            for (int hops = 0; branch.isObject() && branch.has("$ref") && hops < MAX_DEPTH; hops++) {
                ObjectNode target = resolved(branch);
                if (target == null) {
                    throw new SchemaProblem("$", "allOf branch $ref '" + branch.get("$ref").asText()
                            + "' does not resolve locally");
                }
                ObjectNode rest = ((ObjectNode) branch).deepCopy();
                rest.remove("$ref");
                rest.setAll(target);
                branch = rest;
            }
            if (branch.isBoolean()) {
                if (!branch.asBoolean()) {
                    throw new SchemaProblem("$", "allOf holds 'false': no value is valid");
                }
                continue;
            }
            if (branch.has("allOf")) {
                if (depth > MAX_DEPTH) {
                    throw new SchemaProblem("$", "allOf nests deeper than " + MAX_DEPTH + " levels");
                }
                branch = merged((ObjectNode) branch, depth + 1);
            }
            mergeInto(out, (ObjectNode) branch);
        }
        return out;
    }

    private static void mergeInto(ObjectNode out, ObjectNode b) {
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            JsonNode old = out.get(k);
            if (old == null) {
                out.set(k, v.deepCopy());
                continue;
            }
            switch (k) {
                case "properties" -> v.fields().forEachRemaining(p -> {
                    ObjectNode props = (ObjectNode) old;
                    if (props.has(p.getKey())) {
                        ObjectNode both = F.objectNode();
                        both.putArray("allOf").add(props.get(p.getKey())).add(p.getValue());
                        props.set(p.getKey(), both);
                    } else {
                        props.set(p.getKey(), p.getValue().deepCopy());
                    }
                });
                case "required" -> {
                    Set<String> r = required(out);
                    v.forEach(x -> r.add(x.asText()));
                    ArrayNode a = F.arrayNode();
                    r.forEach(a::add);
                    out.set(k, a);
                }
                case "type" -> out.set(k, intersectTypes(old, v));
                case "enum" -> {
                    ArrayNode a = F.arrayNode();
                    old.forEach(x -> {
                        for (JsonNode y : v) {
                            if (x.equals(y)) {
                                a.add(x);
                                break;
                            }
                        }
                    });
                    out.set(k, a);
                }
                case "minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties" ->
                        out.set(k, old.isNumber() && v.isNumber() && v.asDouble() > old.asDouble() ? v : old);
                case "maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties" ->
                        out.set(k, old.isNumber() && v.isNumber() && v.asDouble() < old.asDouble() ? v : old);
                case "additionalProperties" -> {
                    if (v.isBoolean() && !v.asBoolean()) {
                        out.set(k, v);
                    }
                }
                case "oneOf", "anyOf" -> {
                    if (!old.equals(v)) {
                        throw new SchemaProblem("$", "allOf merges two different " + k + " lists; not supported");
                    }
                }
                default -> {
                    // Annotations: the first one stands. Two different constraints cannot be kept in one keyword.
                    if (!old.equals(v) && !ANNOTATIONS.contains(k) && !k.startsWith("x-")) {
                        throw new SchemaProblem("$", "allOf branches set '" + k + "' differently (" + abbreviate(old)
                                + " and " + abbreviate(v) + "); one generated value cannot be checked against both");
                    }
                }
            }
        }
    }

    private static JsonNode intersectTypes(JsonNode a, JsonNode b) {
        Set<String> x = types(a);
        Set<String> y = types(b);
        if (x.contains("number")) {
            x.add("integer");
        }
        if (y.contains("number")) {
            y.add("integer");
        }
        Set<String> both = new LinkedHashSet<>(x);
        both.retainAll(y);
        if (both.contains("integer") && both.contains("number") && !(types(a).contains("number")
                && types(b).contains("number"))) {
            both.remove("number");
        }
        if (both.isEmpty()) {
            throw new SchemaProblem("$", "allOf branches of types " + a + " and " + b + " have no type in common");
        }
        if (both.size() == 1) {
            return F.textNode(both.iterator().next());
        }
        ArrayNode out = F.arrayNode();
        both.forEach(out::add);
        return out;
    }

    private static Set<String> types(JsonNode t) {
        Set<String> out = new LinkedHashSet<>();
        if (t.isArray()) {
            t.forEach(x -> out.add(x.asText()));
        } else {
            out.add(t.asText());
        }
        return out;
    }

    private static String abbreviate(JsonNode n) {
        String t = n.toString();
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
