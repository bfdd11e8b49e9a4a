package dev.connectai.synthetic;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Schema;

/**
 * Fields that hold a key of another stream: {@code "x-ref": "<stream>"} on a JSON Schema property or on an Avro
 * field. Such a field must be reached from the top level through objects (properties, Avro records) and arrays
 * (items); inside a oneOf/anyOf branch or a map it is refused, since which branch or key holds it is drawn per record.
 * On an array field it is about the items: the field holds a list of keys.
 */
final class References {

    static final String ANNOTATION = "x-ref";

    /** A field that references a stream: its path ("[]" steps into array items) and the stream's name. */
    record Ref(List<String> path, String stream) {
        String where() {
            return String.join(".", path).replace(".[]", "[]");
        }
    }

    private References() {
    }

    /** The references a stream's schema declares. */
    static List<Ref> declared(SyntheticSourceConfig config) {
        List<Ref> out = new ArrayList<>();
        if (config.schemaType().equals("avro")) {
            org.apache.avro.Schema schema;
            try {
                schema = new org.apache.avro.Schema.Parser().parse(config.schemaText());
            } catch (RuntimeException e) {
                return out; // the compiler names the problem
            }
            avro(schema, new ArrayList<>(), out, new ArrayList<>());
        } else {
            JsonNode schema = GenerationSchema.rewrite(config.jsonSchema(),
                    config.getInt(SyntheticSourceConfig.RECURSION_DEPTH));
            json(schema, new ArrayList<>(), true, "$", out);
        }
        return out;
    }

    private static void avro(org.apache.avro.Schema s, List<String> path, List<Ref> out, List<String> seen) {
        switch (s.getType()) {
            case RECORD -> {
                if (seen.contains(s.getFullName())) {
                    return; // a recursive record: its references are those found the first time
                }
                seen.add(s.getFullName());
                for (org.apache.avro.Schema.Field f : s.getFields()) {
                    List<String> p = new ArrayList<>(path);
                    p.add(f.name());
                    Object ref = f.getObjectProp(ANNOTATION);
                    if (ref != null) {
                        if (!(ref instanceof String name)) {
                            throw new SchemaProblem(String.join(".", p), ANNOTATION + " must name a stream");
                        }
                        out.add(new Ref(p, name));
                    } else {
                        avro(f.schema(), p, out, seen);
                    }
                }
                seen.remove(seen.size() - 1);
            }
            case UNION -> {
                List<org.apache.avro.Schema> types = s.getTypes().stream()
                        .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).toList();
                if (types.size() == 1) {
                    avro(types.get(0), path, out, seen);
                }
            }
            case ARRAY -> {
                List<String> p = new ArrayList<>(path);
                p.add("[]");
                avro(s.getElementType(), p, out, seen);
            }
            default -> {
            }
        }
    }

    /**
     * Collects x-refs reached through properties and items; one met anywhere else (a oneOf branch, a definition,
     * additionalProperties) is refused by name rather than ignored.
     */
    private static void json(JsonNode n, List<String> path, boolean reachable, String where, List<Ref> out) {
        if (n == null || !n.isObject()) {
            if (n != null && n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    json(n.get(i), path, false, where + "/" + i, out);
                }
            }
            return;
        }
        JsonNode ref = n.get(ANNOTATION);
        if (ref != null) {
            if (!reachable || path.isEmpty()) {
                throw new SchemaProblem(where, ANNOTATION + " is supported on a property reached from the top level "
                        + "through properties and items, not inside oneOf/anyOf/allOf branches, definitions or maps");
            }
            if (!ref.isTextual()) {
                throw new SchemaProblem(where, ANNOTATION + " must name a stream");
            }
            out.add(new Ref(List.copyOf(path), ref.asText()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.equals("properties") && e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(p -> {
                    List<String> q = new ArrayList<>(path);
                    q.add(p.getKey());
                    json(p.getValue(), q, reachable, where + "/properties/" + p.getKey(), out);
                });
            } else if (k.equals("items") && e.getValue().isObject()) {
                List<String> q = new ArrayList<>(path);
                q.add("[]");
                json(e.getValue(), q, reachable, where + "/items", out);
            } else if (e.getValue().isContainerNode() && !k.startsWith("x-") && !k.equals("enum")
                    && !k.equals("const") && !k.equals("examples") && !k.equals("default")) {
                json(e.getValue(), path, false, where + "/" + k, out);
            }
        }
    }

    /**
     * The generator with the field at {@code path} replaced by {@code leaf} (given the field's Connect schema, or
     * null when values are schemaless); an optional field stays optional with the same null rate.
     */
    static ValueGenerator install(ValueGenerator g, List<String> path, int i, Function<Schema, ValueGenerator> leaf,
                                  String where) {
        if (g instanceof Generators.NullableGen n) {
            return new Generators.NullableGen(n.schema, install(n.inner, path, i, leaf, where), n.nullRate);
        }
        if (i == path.size()) {
            // On an array, the annotation is about its items: a list of keys.
            return g instanceof Generators.ArrayGen a && a.items != null
                    ? new Generators.ArrayGen(a.schema, install(a.items, path, i, leaf, where), a.minItems,
                            a.maxItems, a.unique)
                    : leaf.apply(g.schema);
        }
        String step = path.get(i);
        if (g instanceof Generators.ArrayGen a && step.equals("[]") && a.items != null) {
            return new Generators.ArrayGen(a.schema, install(a.items, path, i + 1, leaf, where), a.minItems,
                    a.maxItems, a.unique);
        }
        if (g instanceof Generators.StructGen s && s.fields.containsKey(step)) {
            Map<String, ValueGenerator> fields = new LinkedHashMap<>(s.fields);
            fields.put(step, install(s.fields.get(step), path, i + 1, leaf, where));
            return new Generators.StructGen(s.schema, fields);
        }
        if (g instanceof Generators.ObjectGen o && o.fields.containsKey(step)) {
            Map<String, ValueGenerator> fields = new LinkedHashMap<>(o.fields);
            fields.put(step, install(o.fields.get(step), path, i + 1, leaf, where));
            return new Generators.ObjectGen(fields);
        }
        throw new SchemaProblem(where, ANNOTATION + " is supported on a field reached from the top level through "
                + "records/objects and arrays; this one is inside a union or a generated value");
    }

    /** A key of another stream, among those emitted before the record being generated. */
    static final class RefGen extends ValueGenerator {
        private final Streams.Stream owner;
        private final Streams.Stream target;
        private final Streams schedule;

        RefGen(Schema schema, Streams schedule, Streams.Stream owner, Streams.Stream target) {
            super(schema);
            this.schedule = schedule;
            this.owner = owner;
            this.target = target;
        }

        @Override
        Object next(GenerationContext ctx) {
            long available = schedule.available(target, owner, ctx.sequence);
            return target.key((long) (ctx.random.nextDouble() * available));
        }
    }
}
