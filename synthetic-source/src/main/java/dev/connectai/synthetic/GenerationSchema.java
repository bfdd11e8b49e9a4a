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
 * <li>{@code patternProperties} and {@code propertyNames} are dropped once the declared properties honour them
 *     (a declared property matching a pattern gets its schema merged in; one propertyNames rejects is left out);
 *     {@code minProperties} adds names they allow, {@code maxProperties} leaves out optional properties;</li>
 * <li>{@code dependencies}/{@code dependentRequired}/{@code dependentSchemas}: every declared property is written, so
 *     each trigger fires and what it requires is merged in;</li>
 * <li>{@code not X} becomes what makes X fail where that can be built (an optional property left out, a property
 *     that fails its schema), else a guard ({@link #NOT}) the compiler checks per value;</li>
 * <li>{@code if}/{@code then}/{@code else}: one {@code anyOf} case per conditional taken, plus one where none is
 *     ({@link #conditionals});</li>
 * <li>local {@code $ref}s are inlined, $refs to other files of the schema folder bundled first; one that reaches
 *     itself is unrolled {@code recursion.max.depth} times, where the optional property, array (then empty) or anyOf
 *     branch that recurses is left out. A $ref to a URL is refused by name.</li>
 * </ul>
 * A merge no value satisfies throws {@link Unsatisfiable}: an optional property or a union branch built from it is
 * left out, which changes nothing a validator accepts. Other keywords reach the front end unchanged and are refused
 * there by name.
 */
final class GenerationSchema {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Schemas a value must certainly fail (from {@code not} and from conditionals), checked by the compiler. */
    static final String NOT = "x-not";
    /** A union whose branches may be dropped when they cannot be generated (the cases of conditionals). */
    static final String DROPPABLE = "x-droppable";
    /** The if/then/else conditionals of a schema and of its merged allOf branches, until they are expanded. */
    private static final String CONDITIONALS = "x-conditionals";
    /** How many conditionals one object may carry: they become that many union branches plus one. */
    private static final int MAX_CONDITIONALS = 24;
    /**
     * An object that allows any further property with any value (no additionalProperties but true, no pattern or
     * name or count limit, no guard): a oneOf value of it may carry a property that makes another branch fail.
     */
    static final String OPEN = "x-open";
    /** Keywords that limit which further properties an object may hold, or what it may hold at all. */
    private static final Set<String> CLOSING = Set.of("patternProperties", "propertyNames", "maxProperties",
            "dependencies", "dependentRequired", "dependentSchemas", "unevaluatedProperties", "not", NOT,
            CONDITIONALS, "oneOf", "anyOf", "allOf", "$ref", "if", "enum", "const");
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "$comment", "examples", "default",
            "markdownDescription", "$id", "id", "$schema", "deprecated", "readOnly", "writeOnly", "deprecationMessage",
            "errorMessage", "definitions", "$defs", "enumDescriptions", "markdownEnumDescriptions", "format");
    private static final int MAX_DEPTH = 64;
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "definitions", "$defs");
    private static final Set<String> SCHEMA_LISTS = Set.of("oneOf", "anyOf");
    private static final Set<String> SCHEMA_VALUES = Set.of("items", "additionalProperties");

    /** How many nodes unrolling recursive $refs may create, so mutual recursion cannot blow up memory. */
    static final int MAX_NODES = 100_000;
    /** Beyond this many nodes, recursive $refs are unrolled once only; beyond four times it, not at all. */
    private static final int SOFT_NODES = 4_000;
    /** A recursive $ref met at the depth bound: the nearest optional property, array or union branch ends it. */
    private static final ObjectNode CUT = F.objectNode();

    /** A merge that no value satisfies: an optional property or a case of a conditional built from it is left out. */
    static final class Unsatisfiable extends SchemaProblem {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String path, String message) {
            super(path, message);
        }
    }

    private final JsonNode document;
    private final int recursionDepth;
    private final Set<String> recursive;
    private final List<String> refStack = new ArrayList<>();
    /** Where the walk is, as a JSON pointer into the schema as written (through $refs, the place of use). */
    private final java.util.ArrayDeque<String> pointer = new java.util.ArrayDeque<>();
    private int nodes;
    /** How much {@link #inline} has copied; past {@link #MAX_INLINED}, $refs in guards stay unresolved. */
    private int inlined;
    private static final int MAX_INLINED = 5_000;

    /** False under draft-04, whose validators ignore {@code const}. */
    private final boolean constKeyword;

    private GenerationSchema(JsonNode document, int recursionDepth) {
        this.document = document;
        this.constKeyword = !document.path("$schema").asText("").contains("draft-04");
        this.recursionDepth = recursionDepth;
        this.recursive = recursiveRefs(document);
    }

    static JsonNode rewrite(JsonNode schema) {
        return rewrite(schema, 3);
    }

    static JsonNode rewrite(JsonNode schema, int recursionDepth) {
        return rewrite(schema, recursionDepth, null);
    }

    /**
     * {@code recursionDepth}: how often a recursive $ref is unrolled in one value; {@code folder}: where the other
     * documents a $ref names ("common.json#/$defs/id") are read from, or null.
     */
    static JsonNode rewrite(JsonNode schema, int recursionDepth, java.nio.file.Path folder) {
        if (!schema.isObject()) {
            return schema;
        }
        schema = bundled((ObjectNode) schema.deepCopy(), folder);
        JsonNode out = new GenerationSchema(schema, recursionDepth).node(schema, 0);
        if (out instanceof ObjectNode o) {
            o.remove(BUNDLED);
        }
        if (out == CUT) {
            throw new SchemaProblem("#", "a recursive $ref can only end through an optional property, an array or "
                    + "a oneOf/anyOf branch, and this one has none");
        }
        return out;
    }

    /** Where the documents a schema's $refs name are put in it, so that every $ref is local. */
    private static final String BUNDLED = "x-bundled";
    /** How many documents of a folder one schema may pull in. */
    private static final int MAX_DOCUMENTS = 32;

    /**
     * The schema with the other documents its $refs name (files of {@code folder}) copied under {@link #BUNDLED},
     * their $refs rewritten to point there. A $ref to a URL, or to a file not in the folder, is left as written and
     * refused by name where it is used.
     */
    private static JsonNode bundled(ObjectNode root, java.nio.file.Path folder) {
        ObjectNode store = F.objectNode();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        relink(root, "", folder, store, todo);
        while (!todo.isEmpty()) {
            String file = todo.pop();
            if (store.has(key(file))) {
                continue;
            }
            if (store.size() >= MAX_DOCUMENTS) {
                throw new SchemaProblem("#", "the schema's $refs pull in more than " + MAX_DOCUMENTS + " documents");
            }
            JsonNode doc;
            try {
                String meta = metaSchema(file);
                doc = meta != null ? readMetaSchema(meta)
                        : new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve(file).toFile());
            } catch (java.io.IOException e) {
                throw new SchemaProblem("#", "$ref to " + file + ": the file in " + folder + " cannot be read: "
                        + e.getMessage());
            }
            store.set(key(file), doc);
            relink(doc, "/" + BUNDLED + "/" + key(file), folder, store, todo);
        }
        if (!store.isEmpty()) {
            root.set(BUNDLED, store);
        }
        return root;
    }

    /** Rewrites the $refs of one document (placed at {@code base} in the root) to local ones. */
    private static void relink(JsonNode n, String base, java.nio.file.Path folder, ObjectNode store,
                               java.util.Deque<String> todo) {
        if (n instanceof ObjectNode o && o.path("$ref").isTextual()) {
            String ref = o.get("$ref").asText();
            if (ref.startsWith("#")) {
                o.put("$ref", "#" + base + ref.substring(1));
            } else if (metaSchema(ref.replaceAll("#.*", "")) != null) {
                String url = ref.replaceAll("#.*", "");
                String fragment = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : "";
                todo.add(url);
                o.put("$ref", "#/" + BUNDLED + "/" + key(url) + fragment);
            } else if (folder != null && (!ref.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")
                    || ref.matches("^(?i)https?://[^#]*[^/#]+(#.*)?$"))) {
                // A $ref to a URL is looked for in the folder under the URL's last path segment: where users put a
                // downloaded copy (https://json.schemastore.org/base.json -> base.json), as the refusal says.
                String file = ref.replaceAll("#.*", "").replaceAll("^(?i)https?://.*/", "");
                String fragment = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : "";
                java.nio.file.Path path = folder.resolve(file).normalize();
                if (!java.nio.file.Files.isRegularFile(path) && java.nio.file.Files.isRegularFile(
                        folder.resolve(file + ".json"))) {
                    file = file + ".json";
                    path = folder.resolve(file).normalize();
                }
                if (path.startsWith(folder.normalize()) && java.nio.file.Files.isRegularFile(path)) {
                    todo.add(file);
                    o.put("$ref", "#/" + BUNDLED + "/" + key(file) + fragment);
                }
            }
        }
        for (JsonNode child : n) {
            relink(child, base, folder, store, todo);
        }
    }

    /**
     * The bundled copy (a resource in metaschemas/) of the JSON Schema meta-schema at {@code url}, or null: a $ref to a
     * meta-schema resolves offline, as validators resolve it.
     */
    static String metaSchema(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^https?://json-schema\\.org/(draft-0[467])/schema$")
                .matcher(url);
        return m.matches() ? "metaschemas/" + m.group(1) + ".json" : null;
    }

    private static JsonNode readMetaSchema(String resource) throws java.io.IOException {
        try (java.io.InputStream in = GenerationSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new java.io.IOException("resource " + resource + " missing from the plugin");
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
    }

    private static String key(String file) {
        return file.replace("~", "_").replace("/", "_");
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
        // $refs that allOf branches name are merged in without passing the $ref branch below: counted here, so a
        // recursion through them ends at the bound too.
        List<String> via = new ArrayList<>();
        for (JsonNode b : in.path("allOf")) {
            String r = b.path("$ref").asText("");
            if (recursive.contains(r)) {
                if (atBound(r, depth)) {
                    return CUT;
                }
                via.add(r);
            }
        }
        refStack.addAll(via);
        try {
            return rewritten(in, depth);
        } finally {
            for (int i = 0; i < via.size(); i++) {
                refStack.remove(refStack.size() - 1);
            }
        }
    }

    /** Whether a recursive $ref met here ends the recursion (see {@link #CUT}). */
    private boolean atBound(String ref, int depth) {
        long seen = refStack.stream().filter(ref::equals).count();
        // Past SOFT_NODES (mutual recursion multiplies), or deep in the schema, it ends at its first repetition.
        return seen >= recursionDepth || seen >= 1 && (nodes > SOFT_NODES || depth > MAX_DEPTH / 2)
                || nodes > 4 * SOFT_NODES;
    }

    private JsonNode rewritten(JsonNode in, int depth) {
        if (in.isBoolean()) {
            return in.asBoolean() ? F.objectNode() : in;
        }
        if (!in.isObject() || depth > MAX_DEPTH) {
            return in;
        }
        if (++nodes > MAX_NODES) {
            throw new SchemaProblem(where(), "the schema expands to more than " + MAX_NODES + " nodes when its "
                    + "recursive $refs are unrolled " + recursionDepth + " levels deep");
        }
        String ref = in.path("$ref").asText("");
        // Local $refs are inlined (the front end would expand them anyway), so a definition nested under a
        // container the walk does not know is read too; recursive ones are unrolled to the depth bound.
        if (ref.startsWith("#")) {
            if (recursive.contains(ref) && atBound(ref, depth)) {
                return CUT;
            }
            JsonNode target = document.at(ref.substring(1));
            if (target.isMissingNode()) {
                return in;
            }
            if (target == in) {
                throw new SchemaProblem(where(), "$ref '" + ref + "' refers to itself");
            }
            refStack.add(ref);
            try {
                return node(target, depth + 1);
            } finally {
                refStack.remove(refStack.size() - 1);
            }
        }
        if (!ref.isEmpty()) {
            throw new SchemaProblem(where(), externalRef(ref));
        }
        ObjectNode s = in.has("allOf") ? merged((ObjectNode) in, depth) : ((ObjectNode) in).deepCopy();
        lift(s);
        for (int round = 0; round < 8 && (s.has("not") || hasDependencies(s)); round++) {
            s = negations(s, depth);
            s = dependencies(s, depth);
        }
        JsonNode conditionals = s.remove(CONDITIONALS);
        if (conditionals != null && !conditionals.isEmpty()) {
            return conditionals(s, conditionals, depth);
        }
        allowedValues(s);
        distribute(s);
        nullOnly(s);
        open(s);
        arrayForms(s);
        for (String key : iterable(s.fieldNames())) {
            JsonNode v = s.get(key);
            if (SCHEMA_MAPS.contains(key) && v.isObject()) {
                ObjectNode out = F.objectNode();
                boolean cut = false;
                for (Map.Entry<String, JsonNode> e : iterable(v.fields())) {
                    boolean optional = !required(s).contains(e.getKey());
                    JsonNode child;
                    pointer.addLast(key + "/" + e.getKey());
                    try {
                        // A property declared 'true' takes any value: it is typed as the empty schema {} is.
                        child = node(key.equals("properties") && e.getValue().isBoolean() && e.getValue().asBoolean()
                                ? F.objectNode() : e.getValue(), depth + 1);
                    } catch (Unsatisfiable u) {
                        if (!key.equals("properties") || !optional) {
                            throw u;
                        }
                        child = F.booleanNode(false); // an optional property no value satisfies is left out
                    } finally {
                        pointer.removeLast();
                    }
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
                if (key.equals("properties")) {
                    for (String r : required(s)) {
                        if (out.path(r).isBoolean() && !out.get(r).asBoolean()) {
                            throw new Unsatisfiable(where(), "required property '" + r + "' may not appear");
                        }
                    }
                }
                s.set(key, out);
            } else if (SCHEMA_LISTS.contains(key) && v.isArray()) {
                if (key.equals("oneOf")) {
                    everyValueBranches(v);
                }
                ArrayNode out = F.arrayNode();
                boolean anyCut = false;
                for (int i = 0; i < v.size(); i++) {
                    pointer.addLast(key + "/" + i);
                    JsonNode child;
                    try {
                        child = node(v.get(i), depth + 1);
                    } catch (Unsatisfiable u) {
                        continue; // no value matches this branch: leaving it out changes nothing, even for oneOf
                    } finally {
                        pointer.removeLast();
                    }
                    anyCut |= child == CUT;
                    if (child != CUT) {
                        out.add(child); // an anyOf branch at the recursion bound is dropped
                    } else if (key.equals("oneOf")) {
                        return CUT; // a oneOf value must also fail the dropped branch, which nothing would check
                    }
                }
                if (out.isEmpty()) {
                    if (v.isEmpty() || anyCut) {
                        return CUT;
                    }
                    throw new Unsatisfiable(where(), "no branch of " + key + " can be satisfied");
                }
                s.set(key, out);
            } else if (key.equals("items") && v.isBoolean() && !v.asBoolean()) {
                if (s.path("minItems").asInt(0) > prefixSize(s)) {
                    throw new Unsatisfiable(where(), "items is false but minItems is " + s.get("minItems")
                            + (prefixSize(s) > 0 ? ", more than the " + prefixSize(s) + " of the tuple" : ""));
                }
                s.set(key, F.objectNode().put("type", "string")); // no item beyond the prefix may appear
                atMost(s, prefixSize(s));
            } else if (SCHEMA_VALUES.contains(key) && (v.isObject() || v.isBoolean() && key.equals("items"))) {
                pointer.addLast(key);
                JsonNode child;
                try {
                    // 'items': true takes any value, typed as the empty schema {} is (false is kept: no items)
                    child = node(key.equals("items") && v.isBoolean() && v.asBoolean() ? F.objectNode() : v,
                            depth + 1);
                } finally {
                    pointer.removeLast();
                }
                if (child != CUT) {
                    s.set(key, child);
                } else if (key.equals("additionalProperties")) {
                    s.remove(key); // no extra keys are written anyway
                } else if (s.path("minItems").asInt(0) <= prefixSize(s)) {
                    s.set(key, F.objectNode().put("type", "string")); // at the recursion bound: the prefix only
                    atMost(s, prefixSize(s));
                } else {
                    return CUT;
                }
            }
        }
        if (s.path("prefixItems").isArray() && !prefix(s, depth)) {
            return CUT;
        }
        undeclaredRequired(s);
        if (s.path("properties").isObject() || s.has("minProperties") || s.has("maxProperties")) {
            propertyCount(s, depth);
        }
        patterns(s, depth);
        nullBranches(s);
        if ("array".equals(s.path("type").asText()) && !s.has("items") && !s.has("$ref")) {
            s.set("items", F.objectNode().put("type", "string"));
        }
        long outerArrays = pointer.stream().filter("items"::equals).count();
        if (s.has("items") && !s.has("maxItems") && outerArrays > 0) {
            // Arrays within arrays multiply a value's size: unbounded ones hold fewer items the deeper they sit.
            s.put("maxItems", Math.max(Math.max(s.path("minItems").asInt(0), prefixSize(s)),
                    outerArrays == 1 ? 2 : 1));
        }
        if (s.path("type").isArray() && (s.has("enum") || s.has("const"))) {
            s.remove("type"); // the listed values say their own types
        } else if (s.path("type").isArray()) {
            typeList(s);
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
     * const beside enum, and guards beside either: the values left are settled here, so a oneOf branch that allows
     * none is known to be unsatisfiable (and is left out).
     */
    private void allowedValues(ObjectNode s) {
        if (s.has("const") && s.path("enum").isArray()) {
            boolean listed = false;
            for (JsonNode e : s.get("enum")) {
                listed |= SchemaVerdict.check(F.objectNode().set("const", e), s.get("const")) == SchemaVerdict.MATCH;
            }
            if (!listed) {
                throw new Unsatisfiable(where(), "const " + abbreviate(s.get("const")) + " is not in the enum");
            }
            s.remove("enum");
        }
        JsonNode values = s.has("const") ? F.arrayNode().add(s.get("const")) : s.get("enum");
        if (values != null && values.isArray() && s.path("type").isTextual()) {
            ArrayNode typed = F.arrayNode();
            values.forEach(v -> {
                if (SchemaVerdict.check(F.objectNode().set("type", s.get("type")), v) == SchemaVerdict.MATCH
                        || v.isNull() && s.path("x-null-rate").isNumber()) {
                    typed.add(v);
                }
            });
            if (typed.isEmpty()) {
                throw new Unsatisfiable(where(), "no enum/const value is of type " + s.get("type"));
            }
        }
        if (values != null && values.isArray() && s.path(NOT).isArray()) {
            ArrayNode kept = F.arrayNode();
            values.forEach(v -> {
                boolean ok = true;
                for (JsonNode x : s.get(NOT)) {
                    ok &= SchemaVerdict.check(x, v) == SchemaVerdict.FAIL;
                }
                if (ok) {
                    kept.add(v);
                }
            });
            if (kept.isEmpty()) {
                throw new Unsatisfiable(where(), "'not' excludes every enum/const value");
            }
        }
    }

    /** The walk's place as a JSON pointer ("#/properties/a/items"). */
    private String where() {
        return pointer.isEmpty() ? "#" : "#/" + String.join("/", pointer);
    }

    /** Why a $ref to another document is not followed, and the fix. */
    static String externalRef(String ref) {
        if (ref.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return "$ref '" + ref + "' refers to " + ref.replaceAll("#.*", "") + ", which cannot be fetched; put a "
                    + "copy named '" + ref.replaceAll("#.*", "").replaceAll("^.*/", "") + "' in a local schema folder ("
                    + SyntheticSourceConfig.SCHEMA_FOLDER + ")";
        }
        return "$ref '" + ref + "' refers to " + ref.replaceAll("#.*", "") + ", which is not in the local schema "
                + "folder; put it there and set " + SyntheticSourceConfig.SCHEMA_FOLDER;
    }

    /** if/then/else moved aside, to be expanded once the allOf branches (with theirs) are merged. */
    private static void lift(ObjectNode s) {
        JsonNode condition = s.remove("if");
        JsonNode then = s.remove("then");
        JsonNode otherwise = s.remove("else");
        if (condition == null || unconstrained(then) && unconstrained(otherwise)) {
            return; // 'then'/'else' without 'if', or 'if' with empty 'then'/'else', constrain nothing
        }
        ObjectNode c = F.objectNode();
        c.set("if", condition);
        if (then != null) {
            c.set("then", then);
        }
        if (otherwise != null) {
            c.set("else", otherwise);
        }
        (s.path(CONDITIONALS).isArray() ? (ArrayNode) s.get(CONDITIONALS) : s.putArray(CONDITIONALS)).add(c);
    }

    /** Absent, true, or an object of annotations only. */
    private static boolean unconstrained(JsonNode schema) {
        if (schema == null || schema.isBoolean() && schema.asBoolean()) {
            return true;
        }
        if (!schema.isObject()) {
            return false;
        }
        for (String k : iterable(schema.fieldNames())) {
            if (!ANNOTATIONS.contains(k) && !k.startsWith("x-")) {
                return false;
            }
        }
        return true;
    }

    /** {@code not X}: what makes X fail merged in, by construction where it can be, else as a guard. */
    private ObjectNode negations(ObjectNode s, int depth) {
        for (int i = 0; i < 16 && s.has("not"); i++) {
            JsonNode x = s.remove("not");
            s.set("allOf", F.arrayNode().add(negate(x, s, 0)));
            s = merged(s, depth);
        }
        return s;
    }

    /**
     * A schema whose values certainly fail {@code x}: an optional property left out fails a {@code required}; a
     * property's value failing its schema fails {@code properties}; {@code not not Y} is Y; {@code not anyOf} is all
     * of the negations. Anything else becomes a guard ({@link #NOT}) the compiler checks on each value.
     */
    private JsonNode negate(JsonNode x, ObjectNode context, int depth) {
        Set<String> required = required(context);
        if (x.isBoolean()) {
            if (x.asBoolean()) {
                throw new Unsatisfiable(where(), "'not' holds true: no value is valid");
            }
            return F.objectNode();
        }
        if (!x.isObject()) {
            return F.objectNode();
        }
        ObjectNode xs = (ObjectNode) inline(x, 0);
        Set<String> keys = new LinkedHashSet<>();
        xs.fieldNames().forEachRemaining(k -> {
            if (!ANNOTATIONS.contains(k) && !k.startsWith("x-")) {
                keys.add(k);
            }
        });
        if ("object".equals(xs.path("type").asText())) {
            keys.remove("type"); // the values negated here are objects already
        }
        if (keys.isEmpty()) {
            throw new Unsatisfiable(where(), "'not' holds {}: no value is valid");
        }
        if (depth < 8 && keys.equals(Set.of("not"))) {
            return xs.get("not");
        }
        if (depth < 8 && keys.equals(Set.of("anyOf"))) {
            ArrayNode all = F.arrayNode();
            for (JsonNode b : xs.get("anyOf")) {
                all.add(negate(b, context, depth + 1));
            }
            return F.objectNode().set("allOf", all);
        }
        if (keys.contains("required") && (keys.equals(Set.of("required"))
                || keys.equals(Set.of("required", "properties")))) {
            for (JsonNode r : xs.get("required")) {
                if (!required.contains(r.asText())) {
                    return F.objectNode().set("properties", F.objectNode().put(r.asText(), false));
                }
            }
            if (keys.equals(Set.of("required"))) {
                throw new Unsatisfiable(where(), "'not' forbids " + xs.get("required") + ", which are required");
            }
        }
        if (keys.equals(Set.of("properties")) && xs.get("properties").size() == 1) {
            Map.Entry<String, JsonNode> p = xs.get("properties").fields().next();
            if (context.path("additionalProperties").isBoolean() && !context.get("additionalProperties").asBoolean()
                    && !context.path("properties").has(p.getKey()) && !context.has("patternProperties")) {
                throw new Unsatisfiable(where(), "'" + p.getKey() + "' would have to be present, but no such "
                        + "property is allowed");
            }
            ObjectNode out = F.objectNode();
            out.putArray("required").add(p.getKey());
            out.putObject("properties").set(p.getKey(), F.objectNode().set("not", p.getValue()));
            return out;
        }
        ObjectNode guard = F.objectNode();
        guard.putArray(NOT).add(xs);
        return guard;
    }

    /** A copy with its local $refs replaced by what they point to, a few levels deep (a guard is read alone). */
    private JsonNode inline(JsonNode n, int depth) {
        if (n.isArray()) {
            ArrayNode out = F.arrayNode();
            n.forEach(x -> out.add(inline(x, depth)));
            return out;
        }
        if (!n.isObject()) {
            return n;
        }
        String ref = n.path("$ref").asText("");
        if (ref.startsWith("#") && depth < 12 && inlined < MAX_INLINED
                && !document.at(ref.substring(1)).isMissingNode()) {
            inlined += document.at(ref.substring(1)).size();
            return inline(document.at(ref.substring(1)), depth + 1); // beyond the bounds, the $ref is left: unknown
        }
        ObjectNode out = F.objectNode();
        n.fields().forEachRemaining(e -> out.set(e.getKey(), ANNOTATIONS.contains(e.getKey()) ? e.getValue()
                : inline(e.getValue(), depth)));
        return out;
    }

    private static boolean hasDependencies(ObjectNode s) {
        return s.has("dependencies") || s.has("dependentRequired") || s.has("dependentSchemas");
    }

    /**
     * dependencies / dependentRequired / dependentSchemas. Every declared property is written, so a trigger that is
     * declared always fires: its required names become required, its schema is merged in (after which a property it
     * forbids is gone and no longer triggers anything).
     */
    private ObjectNode dependencies(ObjectNode s, int depth) {
        for (String key : List.of("dependencies", "dependentRequired", "dependentSchemas")) {
            JsonNode deps = s.remove(key);
            if (deps == null || !deps.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> d : iterable(deps.fields())) {
                JsonNode trigger = s.path("properties").get(d.getKey());
                if (trigger == null || trigger.isBoolean() && !trigger.asBoolean()) {
                    continue; // never written, never triggers
                }
                if (d.getValue().isArray()) {
                    ArrayNode req = s.path("required").isArray() ? (ArrayNode) s.get("required") : s.putArray("required");
                    Set<String> have = required(s);
                    d.getValue().forEach(r -> {
                        if (!have.contains(r.asText())) {
                            req.add(r.asText());
                        }
                    });
                } else {
                    ObjectNode before = s.deepCopy();
                    try {
                        s.set("allOf", F.arrayNode().add(d.getValue()));
                        s = negations(merged(s, depth), depth);
                        for (String r : required(s)) {
                            if (s.path("properties").path(r).isBoolean() && !s.get("properties").get(r).asBoolean()) {
                                throw new Unsatisfiable(where(), "required property '" + r + "' may not appear");
                            }
                        }
                    } catch (Unsatisfiable e) {
                        if (required(before).contains(d.getKey())) {
                            throw e;
                        }
                        s = before; // the trigger cannot be written with what it brings: it is left out
                        ((ObjectNode) s.get("properties")).put(d.getKey(), false);
                    }
                }
            }
        }
        return s;
    }

    /**
     * if/then/else: one union branch per conditional whose 'if' is made to hold (with its 'then'), the others' 'if'
     * made to fail (with their 'else'), and one branch where every 'if' fails. A branch no value satisfies is left
     * out; the compiler leaves out one it cannot generate ({@link #DROPPABLE}).
     */
    private JsonNode conditionals(ObjectNode s, JsonNode conditionals, int depth) {
        int n = conditionals.size();
        if (n > MAX_CONDITIONALS) {
            throw new SchemaProblem(where(), "more than " + MAX_CONDITIONALS + " if/then/else conditionals on one "
                    + "object");
        }
        ArrayNode branches = F.arrayNode();
        SchemaProblem first = null;
        for (int k = 0; k <= n; k++) {
            ObjectNode base = s.deepCopy();
            try {
                ArrayNode parts = F.arrayNode();
                for (int j = 0; j < n; j++) {
                    JsonNode c = conditionals.get(j);
                    if (j == k) {
                        parts.add(c.get("if"));
                        if (c.has("then")) {
                            parts.add(c.get("then"));
                        }
                    } else {
                        parts.add(negate(c.get("if"), s, 0));
                        if (c.has("else")) {
                            parts.add(c.get("else"));
                        }
                    }
                }
                base.set("allOf", parts);
                JsonNode branch = node(base, depth + 1);
                if (branch != CUT) {
                    branches.add(branch);
                }
            } catch (Unsatisfiable e) {
                first = first == null ? e : first;
            }
        }
        if (branches.isEmpty()) {
            throw new SchemaProblem(where(), "no case of its if/then/else can be generated"
                    + (first == null ? "" : ": " + first.getMessage()));
        }
        if (branches.size() == 1) {
            return branches.get(0);
        }
        ObjectNode out = F.objectNode();
        for (String k : List.of("title", "description")) {
            if (s.has(k)) {
                out.set(k, s.get(k));
            }
        }
        out.set("anyOf", branches);
        out.put(DROPPABLE, true);
        return out;
    }

    /**
     * Every declared property is written: maxProperties leaves out optional ones; minProperties adds names that
     * patternProperties, additionalProperties and propertyNames allow, with the value schema they give.
     */
    private void propertyCount(ObjectNode s, int depth) {
        ObjectNode props = s.path("properties").isObject() ? (ObjectNode) s.get("properties") : null;
        int declared = props == null ? 0 : props.size();
        int max = s.path("maxProperties").isNumber() ? s.get("maxProperties").asInt() : Integer.MAX_VALUE;
        if (declared > max) {
            Set<String> req = required(s);
            List<String> last = iterable(props.fieldNames());
            java.util.Collections.reverse(last);
            for (String name : last) {
                if (props.size() > max && !req.contains(name)) {
                    props.remove(name);
                }
            }
            if (props.size() > max) {
                throw new SchemaProblem(where(), "maxProperties " + max + " is below the " + req.size()
                        + " required properties");
            }
            declared = props.size();
        }
        int min = s.path("minProperties").asInt(0);
        if (min <= declared) {
            return;
        }
        if (props == null) {
            props = s.putObject("properties");
        }
        JsonNode extra = s.get("additionalProperties");
        boolean closed = extra != null && extra.isBoolean() && !extra.asBoolean();
        JsonNode patterns = s.path("patternProperties");
        JsonNode names = s.get("propertyNames");
        List<String> candidates = new ArrayList<>();
        for (String p : iterable(patterns.fieldNames())) {
            RegexGenerator g = regex(p);
            java.util.Random random = new java.util.Random(p.hashCode());
            for (int i = 0; g != null && i < 20; i++) {
                candidates.add(g.next(random));
            }
        }
        if (names != null && names.path("pattern").isTextual() && regex(names.get("pattern").asText()) != null) {
            RegexGenerator g = regex(names.get("pattern").asText());
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < 20; i++) {
                candidates.add(g.next(random));
            }
        }
        for (int i = 1; i <= 20; i++) {
            candidates.add("key" + i);
        }
        ArrayNode req = s.path("required").isArray() ? (ArrayNode) s.get("required") : s.putArray("required");
        for (String name : candidates) {
            if (props.size() >= min) {
                break;
            }
            if (props.has(name) || names != null && SchemaVerdict.check(names, F.textNode(name))
                    != SchemaVerdict.MATCH) {
                continue;
            }
            ArrayNode matching = F.arrayNode();
            for (Map.Entry<String, JsonNode> e : iterable(patterns.fields())) {
                try {
                    if (Pattern.compile(e.getKey()).matcher(name).find()) {
                        matching.add(e.getValue());
                    }
                } catch (PatternSyntaxException ex) {
                    matching.add(F.booleanNode(false)); // unknown: this name is not used
                }
            }
            if (closed && matching.isEmpty()) {
                continue;
            }
            JsonNode value = !matching.isEmpty() ? F.objectNode().set("allOf", matching)
                    : extra != null && extra.isObject() ? extra : F.objectNode();
            try {
                pointer.addLast("properties/" + name);
                JsonNode child = node(value, depth + 1);
                if (child == CUT || child.isBoolean()) {
                    continue;
                }
                props.set(name, child);
                req.add(name);
            } catch (Unsatisfiable e) {
                // another name
            } finally {
                pointer.removeLast();
            }
        }
        if (props.size() < min) {
            throw new SchemaProblem(where(), "minProperties " + min + " asks for more properties than the "
                    + declared + " declared, and no extra name fits patternProperties, additionalProperties and "
                    + "propertyNames");
        }
    }

    private static RegexGenerator regex(String pattern) {
        try {
            RegexGenerator g = RegexGenerator.compile(pattern);
            if (g == null) {
                return null;
            }
            String sample = g.next(new java.util.Random(0));
            return Pattern.compile(pattern).matcher(sample).find() ? g : null;
        } catch (RuntimeException e) {
            return null;
        }
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
            JsonNode list = s.get(key);
            int requiredOnly = 0;
            for (JsonNode b : list) {
                requiredOnly += requiredOnly(b) ? 1 : 0;
            }
            if (key.equals("oneOf") && requiredOnly > 1 && beside.path("type").isArray()) {
                // null satisfies every {required: [...]} branch, so under this oneOf it is never valid
                ArrayNode types = F.arrayNode();
                beside.get("type").forEach(t -> {
                    if (!t.asText().equals("null")) {
                        types.add(t);
                    }
                });
                beside.set("type", types.size() == 1 ? types.get(0) : types);
            }
            for (int i = 0; i < list.size(); i++) {
                ObjectNode both = F.objectNode();
                ArrayNode parts = both.putArray("allOf").add(beside.deepCopy()).add(list.get(i));
                if (key.equals("oneOf") && requiredOnly(list.get(i))) {
                    // oneOf [{required: [a]}, {required: [b]}]: every declared property is written, so this
                    // branch leaves out what the others require, to match them not.
                    Set<String> mine = required(list.get(i));
                    for (int j = 0; j < list.size(); j++) {
                        if (j != i && requiredOnly(list.get(j)) && !mine.containsAll(required(list.get(j)))) {
                            parts.add(F.objectNode().set("not", F.objectNode().set("required",
                                    list.get(j).get("required"))));
                        }
                    }
                }
                branches.add(merged(both, 0));
            }
            for (String k : iterable(beside.fieldNames())) {
                s.remove(k);
            }
            s.set(key, branches);
        }
    }

    private static void closedNames(JsonNode branch, List<java.util.function.Predicate<String>> closed) {
        if (branch.path("additionalProperties").isBoolean() && !branch.get("additionalProperties").asBoolean()) {
            Set<String> names = new LinkedHashSet<>();
            branch.path("properties").fieldNames().forEachRemaining(names::add);
            List<Pattern> patterns = new ArrayList<>();
            for (String p : iterable(branch.path("patternProperties").fieldNames())) {
                try {
                    patterns.add(Pattern.compile(p));
                } catch (PatternSyntaxException e) {
                    return; // unknown: not used to forbid anything
                }
            }
            closed.add(name -> names.contains(name) || patterns.stream().anyMatch(p -> p.matcher(name).find()));
        }
    }

    /**
     * A branch that says which names must be present and, at most, what those and other properties hold ({"required":
     * [a], "properties": {a: …}}): leaving out what it requires makes a value fail it, whatever the value holds else.
     */
    private static boolean requiredOnly(JsonNode b) {
        if (!b.isObject() || !b.path("required").isArray() || b.get("required").isEmpty()) {
            return false;
        }
        for (String k : iterable(b.fieldNames())) {
            if (!k.equals("required") && !k.equals("properties") && !ANNOTATIONS.contains(k)
                    && !(k.equals("type") && "object".equals(b.get(k).asText()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Two oneOf branches that hold every value ({}, true, or only a {@code const} under draft-04, where it constrains
     * nothing) leave no value matching exactly one branch.
     */
    private void everyValueBranches(JsonNode branches) {
        int any = 0;
        for (JsonNode b : branches) {
            boolean all = b.isBoolean() ? b.asBoolean() : b.isObject();
            for (String k : b.isObject() ? iterable(b.fieldNames()) : List.<String>of()) {
                all &= ANNOTATIONS.contains(k) && !k.equals("format") || k.startsWith("x-")
                        || k.equals("const") && !constKeyword;
            }
            any += all ? 1 : 0;
        }
        if (any > 1) {
            throw new Unsatisfiable(where(), any + " oneOf branches hold every value" + (constKeyword ? ""
                    : " ('const' is no keyword of draft-04)") + ", so no value matches exactly one");
        }
    }

    /**
     * One form for arrays: tuple {@code items} (a list, drafts 04 to 2019-09) with {@code additionalItems} become
     * 2020-12's {@code prefixItems} with {@code items}; {@code unevaluatedItems} is the rest where {@code items} says
     * nothing (else it judges no item); {@code contains} is met by every item ({@code items} and it merged), so the
     * count of matches is the length: {@code minContains} (default 1) raises {@code minItems}, {@code maxContains}
     * bounds {@code maxItems}. Draft-04 has no {@code contains}, and its validators ignore it.
     */
    private void arrayForms(ObjectNode s) {
        if (s.path("items").isArray()) {
            s.set("prefixItems", s.remove("items"));
            s.put(TUPLE_AT, "items");
            JsonNode rest = s.remove("additionalItems");
            if (rest != null) {
                s.set("items", rest);
            }
        } else {
            s.remove("additionalItems"); // beside a single items schema (or none) it constrains nothing
        }
        JsonNode unevaluated = s.remove("unevaluatedItems");
        if (unevaluated != null && !s.has("items")) {
            s.set("items", unevaluated);
        }
        JsonNode contains = s.remove("contains");
        JsonNode minContains = s.remove("minContains");
        JsonNode maxContains = s.remove("maxContains");
        if (contains == null || !constKeyword) {
            return;
        }
        int least = minContains != null && minContains.isNumber() ? minContains.asInt() : 1;
        if (least == 0 && maxContains == null) {
            return; // no match is needed and any number allowed
        }
        if (s.path("prefixItems").isArray()) {
            ArrayNode prefix = F.arrayNode();
            s.get("prefixItems").forEach(p -> prefix.add(both(p, contains)));
            s.set("prefixItems", prefix);
        }
        s.set("items", s.has("items") ? both(s.get("items"), contains) : contains.deepCopy());
        if (least > s.path("minItems").asInt(0)) {
            s.put("minItems", least);
        }
        if (maxContains != null && maxContains.isNumber()) {
            atMost(s, maxContains.asInt());
        }
    }

    private static JsonNode both(JsonNode a, JsonNode b) {
        return F.objectNode().set("allOf", F.arrayNode().add(a.deepCopy()).add(b.deepCopy()));
    }

    /** Where a tuple was written (items, before 2020-12), so refusals inside it point there. */
    private static final String TUPLE_AT = "x-tuple-at";

    private static int prefixSize(JsonNode s) {
        return s.path("prefixItems").size();
    }

    private static void atMost(ObjectNode s, int items) {
        if (!s.path("maxItems").isNumber() || s.get("maxItems").asInt() > items) {
            s.put("maxItems", items);
        }
    }

    /**
     * The tuple's schemas rewritten. One that no value satisfies (or that recurses past the bound) ends the tuple
     * there when the array may be that short; false when it may not (the array cannot be written).
     */
    private boolean prefix(ObjectNode s, int depth) {
        ArrayNode out = F.arrayNode();
        JsonNode in = s.get("prefixItems");
        int least = s.path("minItems").asInt(0);
        String written = s.has(TUPLE_AT) ? s.remove(TUPLE_AT).asText() : "prefixItems";
        for (int i = 0; i < in.size(); i++) {
            pointer.addLast(written + "/" + i);
            JsonNode child;
            try {
                child = in.get(i).isBoolean() && !in.get(i).asBoolean() ? CUT : node(in.get(i), depth + 1);
            } catch (Unsatisfiable u) {
                if (i < least) {
                    throw u;
                }
                child = CUT;
            } finally {
                pointer.removeLast();
            }
            if (child == CUT) {
                if (i < least) {
                    return false;
                }
                atMost(s, i);
                break;
            }
            out.add(child);
        }
        s.set("prefixItems", out);
        return true;
    }

    /** Marks an object as {@link #OPEN}, or takes a mark it no longer deserves away. */
    private static void open(ObjectNode s) {
        s.remove(OPEN);
        JsonNode extra = s.get("additionalProperties");
        boolean object = "object".equals(s.path("type").asText()) || !s.has("type") && s.has("properties");
        if (object && (extra == null || extra.isBoolean() && extra.asBoolean() || extra.isObject() && extra.isEmpty())
                && CLOSING.stream().noneMatch(s::has)) {
            s.put(OPEN, true);
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
                copy.remove(List.of("items", "prefixItems", "minItems", "maxItems", "uniqueItems"));
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
        if (s.has("items") || s.has("prefixItems") || s.has("minItems") || s.has("maxItems")) {
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
            // Only declared names are written: those propertyNames refuses must be optional, and are left out.
            boolean allFit = true;
            Set<String> req = required(s);
            for (String name : iterable(s.path("properties").fieldNames())) {
                if (SchemaVerdict.check(inline(names, 0), F.textNode(name)) != SchemaVerdict.MATCH) {
                    if (req.contains(name)) {
                        allFit = false;
                    } else {
                        ((ObjectNode) s.get("properties")).remove(name);
                    }
                }
            }
            if (allFit) {
                s.remove("propertyNames");
            }
        }
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
        lift(out);
        // A branch closed with additionalProperties false forbids what the other branches declare.
        List<java.util.function.Predicate<String>> closed = new ArrayList<>();
        closedNames(out, closed);
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
                    String r = branch.get("$ref").asText();
                    throw new SchemaProblem(where(), r.startsWith("#") ? "allOf branch $ref '" + r
                            + "' does not resolve" : externalRef(r));
                }
                ObjectNode rest = ((ObjectNode) branch).deepCopy();
                rest.remove("$ref");
                rest.setAll(target);
                branch = rest;
            }
            if (branch.isBoolean()) {
                if (!branch.asBoolean()) {
                    throw new Unsatisfiable(where(), "allOf holds 'false': no value is valid");
                }
                continue;
            }
            if (branch.has("allOf")) {
                if (depth > MAX_DEPTH) {
                    throw new SchemaProblem(where(), "allOf nests deeper than " + MAX_DEPTH + " levels");
                }
                branch = merged((ObjectNode) branch, depth + 1);
            }
            ObjectNode copy = ((ObjectNode) branch).deepCopy();
            lift(copy);
            closedNames(copy, closed);
            mergeInto(out, copy);
        }
        if (!closed.isEmpty() && out.path("properties").isObject()) {
            ObjectNode props = (ObjectNode) out.get("properties");
            for (java.util.function.Predicate<String> allowed : closed) {
                for (String name : iterable(props.fieldNames())) {
                    if (!allowed.test(name)) {
                        props.put(name, false);
                    }
                }
            }
        }
        return out;
    }

    private void mergeInto(ObjectNode out, ObjectNode b) {
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
                case CONDITIONALS, NOT -> ((ArrayNode) old).addAll((ArrayNode) v.deepCopy());
                case "not" -> out.set(k, F.objectNode().set("anyOf", F.arrayNode().add(old).add(v.deepCopy())));
                case "pattern" -> {
                    String both = prefixAndSuffix(old.asText(), v.asText());
                    if (both != null) {
                        out.put(k, both);
                    } else if (!old.equals(v)) {
                        // A second pattern cannot be generated from at once: values of the first are drawn until
                        // they match it too.
                        ArrayNode guards = out.path(NOT).isArray() ? (ArrayNode) out.get(NOT) : out.putArray(NOT);
                        guards.add(F.objectNode().set("not", F.objectNode().set("pattern", v)));
                    }
                }
                case "const" -> {
                    if (!old.equals(v)) {
                        throw new Unsatisfiable(where(), "allOf branches require different constants " + abbreviate(old)
                                + " and " + abbreviate(v));
                    }
                }
                case "items", "additionalProperties", "propertyNames", "additionalItems" -> {
                    if (k.equals("items") && (old.isArray() || v.isArray()) && !old.equals(v)) {
                        // A tuple meets a list schema: each position must satisfy both.
                        JsonNode tuple = old.isArray() ? old : v;
                        JsonNode each = old.isArray() ? v : old;
                        ArrayNode both = F.arrayNode();
                        for (int i = 0; i < tuple.size(); i++) {
                            JsonNode other = each.isArray() ? each.path(i) : each;
                            both.add(other.isMissingNode() ? tuple.get(i) : F.objectNode().set("allOf",
                                    F.arrayNode().add(tuple.get(i)).add(other)));
                        }
                        out.set(k, both);
                    } else if (v.isBoolean() && !v.asBoolean() || old.isBoolean() && old.asBoolean()) {
                        out.set(k, v.deepCopy());
                    } else if (old.isObject() && v.isObject() && !old.equals(v)) {
                        out.set(k, F.objectNode().set("allOf", F.arrayNode().add(old).add(v.deepCopy())));
                    }
                }
                case "dependencies", "dependentRequired", "dependentSchemas" -> v.fields().forEachRemaining(p -> {
                    ObjectNode deps = (ObjectNode) old;
                    JsonNode before = deps.get(p.getKey());
                    if (before == null) {
                        deps.set(p.getKey(), p.getValue().deepCopy());
                    } else if (before.isArray() && p.getValue().isArray()) {
                        ((ArrayNode) before).addAll((ArrayNode) p.getValue().deepCopy());
                    } else {
                        deps.set(p.getKey(), F.objectNode().set("allOf", F.arrayNode().add(before)
                                .add(p.getValue().deepCopy())));
                    }
                });
                case "properties", "patternProperties" -> v.fields().forEachRemaining(p -> {
                    ObjectNode props = (ObjectNode) old;
                    JsonNode before = props.get(p.getKey());
                    if (before != null && (before.isBoolean() && !before.asBoolean()
                            || p.getValue().isBoolean() && !p.getValue().asBoolean())) {
                        props.put(p.getKey(), false); // may not appear
                    } else if (props.has(p.getKey())) {
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
                    if (a.isEmpty()) {
                        throw new Unsatisfiable(where(), "allOf branches allow no common enum value");
                    }
                    out.set(k, a);
                }
                case "minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties" ->
                        out.set(k, old.isNumber() && v.isNumber() && v.asDouble() > old.asDouble() ? v : old);
                case "maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties" ->
                        out.set(k, old.isNumber() && v.isNumber() && v.asDouble() < old.asDouble() ? v : old);
                case "oneOf", "anyOf" -> {
                    if (!old.equals(v)) {
                        // One union generates; values are drawn until they also satisfy the other.
                        ArrayNode guards = out.path(NOT).isArray() ? (ArrayNode) out.get(NOT) : out.putArray(NOT);
                        guards.add(F.objectNode().set("not", inline(F.objectNode().set(k, v.deepCopy()), 0)));
                    }
                }
                default -> {
                    // Annotations: the first one stands. Two different constraints cannot be kept in one keyword.
                    if (!old.equals(v) && !ANNOTATIONS.contains(k) && !k.startsWith("x-")) {
                        throw new SchemaProblem(where(), "allOf branches set '" + k + "' differently (" + abbreviate(old)
                                + " and " + abbreviate(v) + "); one generated value cannot be checked against both");
                    }
                }
            }
        }
    }

    /**
     * Two patterns as one, when one only says how a value starts ({@code ^\\./.*}) and the other only how it ends
     * ({@code .*\\.json$}): the start, anything, the end. A match of it matches both (each is searched for, not
     * matched whole). Null for any other pair, or patterns with back-references (their group numbers would shift).
     */
    static String prefixAndSuffix(String a, String b) {
        String start = startsOnly(a) ? a : startsOnly(b) ? b : null;
        String end = start == a ? b : a;
        if (start == null || !endsOnly(end) || (a + b).matches("(?s).*\\\\[1-9k].*")) {
            return null;
        }
        try {
            Pattern.compile(a);
            Pattern.compile(b);
        } catch (PatternSyntaxException e) {
            return null;
        }
        String head = start.substring(1).replaceAll("\\.\\*$", "");
        String tail = end.substring(0, end.length() - 1).replaceAll("^\\.\\*", "");
        return "^(?:" + head + ").*(?:" + tail + ")$";
    }

    private static boolean startsOnly(String p) {
        return p.startsWith("^") && !anchoredEnd(p);
    }

    private static boolean endsOnly(String p) {
        return !p.startsWith("^") && anchoredEnd(p);
    }

    /** Ends with an unescaped {@code $}. */
    private static boolean anchoredEnd(String p) {
        int backslashes = 0;
        for (int i = p.length() - 2; i >= 0 && p.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return p.endsWith("$") && backslashes % 2 == 0;
    }

    private JsonNode intersectTypes(JsonNode a, JsonNode b) {
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
            throw new Unsatisfiable(where(), "allOf branches of types " + a + " and " + b + " have no type in common");
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
