package dev.connectai.synthetic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectai.toolkit.schema.JsonSchema;
import dev.connectai.toolkit.schema.JsonSchemaException;
import dev.connectai.toolkit.schema.SchemaNode;
import dev.connectai.toolkit.schema.SchemaNode.ArraySchema;
import dev.connectai.toolkit.schema.SchemaNode.BooleanSchema;
import dev.connectai.toolkit.schema.SchemaNode.Facets;
import dev.connectai.toolkit.schema.SchemaNode.NumberSchema;
import dev.connectai.toolkit.schema.SchemaNode.ObjectSchema;
import dev.connectai.toolkit.schema.SchemaNode.StringSchema;
import dev.connectai.toolkit.schema.SchemaNode.UnionSchema;
import net.datafaker.Faker;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Compiles a parsed JSON Schema ({@link JsonSchema}, the pack's one front end) into generators of Connect values.
 * Dates and times stay ISO strings so the records, written as JSON, validate against the same JSON Schema.
 * Unsatisfiable schemas fail here, naming the field. What is only about generating (faker expressions and name
 * inference, null rates, regular expressions) lives here, not in the model. An instance is the settings of one
 * compilation.
 */
record JsonSchemaCompiler(double nullRate, boolean inferFromNames, Output output, boolean constKeyword) {

    /**
     * How values are built. {@code MERGED_STRUCTS}: Connect schemas throughout, object branches of a oneOf merged into
     * one struct (the other branches' fields null); {@code EXACT_STRUCTS}: Connect schemas only where they say
     * exactly what the JSON Schema says, else {@link NotExpressible}; {@code SCHEMALESS}: maps, lists and scalars,
     * each object holding only the fields its chosen branch defines.
     */
    enum Output { MERGED_STRUCTS, EXACT_STRUCTS, SCHEMALESS }

    /** The schema needs a value Connect's type system cannot state; a schemaless record can carry it. */
    static final class NotExpressible extends SchemaProblem {
        private static final long serialVersionUID = 1L;

        NotExpressible(String path, String message) {
            super(path, message);
        }
    }

    private static final long DEFAULT_INT_RANGE = 1_000_000;
    private static final long EPOCH_2020 = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    private static final long TEN_YEARS_MS = 315_360_000_000L;
    private static final Faker CHECKER = new Faker();
    private static final com.fasterxml.jackson.databind.ObjectMapper VALUES =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Connect values throughout, object branches of a oneOf merged (output.schema=connect). */
    static ValueGenerator compile(JsonNode schema, double nullRate, boolean inferFromNames) {
        return compile(parse(schema), nullRate, inferFromNames);
    }

    static ValueGenerator compile(JsonSchema schema, double nullRate, boolean inferFromNames) {
        return compile(schema, nullRate, inferFromNames, SyntheticSourceConfig.OutputSchema.CONNECT);
    }

    /**
     * {@code auto}: Connect values when Connect's schema says exactly what the JSON Schema says, else schemaless
     * values (the generator's schema is then null); {@code none}: always schemaless.
     */
    static ValueGenerator compile(JsonSchema schema, double nullRate, boolean inferFromNames,
                                  SyntheticSourceConfig.OutputSchema mode) {
        if (!(schema.root() instanceof ObjectSchema) && !(schema.root() instanceof UnionSchema)
                && !(schema.root() instanceof ArraySchema)) {
            throw new SchemaProblem("$", "the top level must be an object or an array");
        }
        return timed(compileMode(schema, nullRate, inferFromNames, mode));
    }

    /** Bounds on one value's cost, so a schema whose values explode is refused at start, not in poll(). */
    private static final long PROBE_NANOS = 3_000_000_000L;

    /**
     * Refuses a schema whose first values take seconds to generate (nested arrays of oneOfs whose retries multiply):
     * the source would crawl or run out of memory.
     */
    private static ValueGenerator timed(ValueGenerator g) {
        GenerationContext probe = new GenerationContext();
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            probe.reseed(0, 0, i);
            g.next(probe);
            if (System.nanoTime() - start > PROBE_NANOS) {
                throw new SchemaProblem("$", "generating " + (i + 1) + " values took over "
                        + PROBE_NANOS / 1_000_000_000L + " s (nested arrays, oneOf branches redrawn to stay exclusive); "
                        + "bound the arrays with maxItems or make the oneOf branches exclusive with 'required'");
            }
        }
        return g;
    }

    private static ValueGenerator compileMode(JsonSchema schema, double nullRate, boolean inferFromNames,
                                              SyntheticSourceConfig.OutputSchema mode) {
        switch (mode) {
            case CONNECT:
                return connectRoot(new JsonSchemaCompiler(nullRate, inferFromNames, Output.MERGED_STRUCTS, constKeyword(schema))
                        .node(schema.root(), "record", false));
            case AUTO:
                try {
                    return connectRoot(new JsonSchemaCompiler(nullRate, inferFromNames, Output.EXACT_STRUCTS, constKeyword(schema))
                            .node(schema.root(), "record", false));
                } catch (NotExpressible e) {
                    // Falls through: the same schema, written schemaless.
                }
                // fall through
            default:
                return new JsonSchemaCompiler(nullRate, inferFromNames, Output.SCHEMALESS, constKeyword(schema))
                        .node(schema.root(), "record", false);
        }
    }

    /** Draft-04 has no {@code const}: a validator of that draft ignores it, and so must the oneOf check. */
    private static boolean constKeyword(JsonSchema schema) {
        return !schema.source().path("$schema").asText("").contains("draft-04");
    }

    private static ValueGenerator connectRoot(ValueGenerator g) {
        if (g.schema.type() != Schema.Type.STRUCT && g.schema.type() != Schema.Type.ARRAY) {
            throw new SchemaProblem("$", "the top level must be an object or an array");
        }
        return g;
    }

    private boolean schemaless() {
        return output == Output.SCHEMALESS;
    }

    /** The Connect schema, or null when values are schemaless. */
    private Schema connect(Schema optional, Schema required, boolean isOptional) {
        return schemaless() ? null : isOptional ? optional : required;
    }

    /** Reads the schema with the shared front end, its refusals worded for generation. */
    static JsonSchema parse(JsonNode schema) {
        try {
            // The rewrite (GenerationSchema) bounds the size it creates; the front end's own bound is for schemas read
            // as written.
            return JsonSchema.parse(schema, null, GenerationSchema.MAX_NODES);
        } catch (JsonSchemaException e) {
            String path = e.path() == null ? "$" : e.path();
            throw new SchemaProblem(path, e.keyword() == null ? e.problem()
                    : "the keyword '" + e.keyword() + "' is not supported for generation");
        }
    }

    private ValueGenerator node(SchemaNode n, String name, boolean optional) {
        ValueGenerator g = unguarded(n, name, optional);
        JsonNode excluded = n.facets().extension(GenerationSchema.NOT);
        return excluded == null || !excluded.isArray() || excluded.isEmpty() ? g : guarded(n, g, excluded);
    }

    /**
     * A value that must certainly fail the schemas in {@code excluded}: a list of values is filtered once; anything
     * else is drawn again per value, after a probe shows that most draws pass.
     */
    private static ValueGenerator guarded(SchemaNode n, ValueGenerator g, JsonNode excluded) {
        List<JsonNode> schemas = new ArrayList<>();
        excluded.forEach(schemas::add);
        Generators.GuardGen guard = new Generators.GuardGen(g, schemas);
        if (g instanceof Generators.ChoiceGen c) {
            List<Object> kept = c.values.stream().filter(guard::passes).toList();
            if (kept.isEmpty()) {
                throw new SchemaProblem(n.path(), "every enum/const value is excluded by 'not' or by a conditional "
                        + "('if') this value must fail");
            }
            return new Generators.ChoiceGen(c.schema, kept);
        }
        GenerationContext probe = new GenerationContext();
        int passed = 0;
        for (int i = 0; i < 200; i++) {
            probe.reseed(0, 0, i);
            passed += guard.passes(g.next(probe)) ? 1 : 0;
        }
        if (passed < 100) {
            throw new SchemaProblem(n.path(), "'not' (or the 'if' of a conditional this value must fail) excludes "
                    + "too many generated values (" + (200 - passed) + " of 200), e.g. "
                    + abbreviate(excluded.toString()) + "; say what is allowed instead of what is not");
        }
        return guard;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    private ValueGenerator unguarded(SchemaNode n, String name, boolean optional) {
        if (n instanceof UnionSchema u) {
            return union(u, name, optional);
        }
        Facets f = n.facets();
        boolean opt = optional || n.nullable();
        JsonNode rate = f.extension("x-null-rate");
        ValueGenerator g;
        List<JsonNode> allowed = f.constValue() != null ? List.of(f.constValue()) : f.enumValues();
        if (allowed != null && !allowed.isEmpty() && !sameKind(allowed, n)) {
            if (!schemaless()) {
                throw new NotExpressible(n.path(), "enum/const values of several types cannot be one Connect schema");
            }
            List<Object> values = new ArrayList<>();
            allowed.forEach(v -> values.add(VALUES.convertValue(v, Object.class)));
            return new Generators.ChoiceGen(null, values);
        }
        if (n instanceof ObjectSchema o) {
            g = object(o, opt);
        } else if (n instanceof StringSchema s) {
            g = string(s, name, opt);
        } else if (n instanceof NumberSchema num) {
            g = num.integer() ? integer(num, opt) : number(num, opt);
        } else if (n instanceof BooleanSchema) {
            Schema schema = connect(Schema.OPTIONAL_BOOLEAN_SCHEMA, Schema.BOOLEAN_SCHEMA, opt);
            List<Object> values = choices(n, JsonNode::asBoolean);
            g = values != null ? new Generators.ChoiceGen(schema, values) : new Generators.BoolGen(schema);
        } else if (n instanceof ArraySchema a) {
            g = array(a, name, opt);
        } else {
            throw new SchemaProblem(n.path(), f.typeDeclared() ? "type " + f.declaredType()
                    + " mixes several types; use oneOf of same-typed branches" : "'type' is missing");
        }
        // Only a type that admits null gets nulls: a JSON converter writes a null field as null, which a schema
        // that merely leaves the field out of 'required' rejects.
        double r = rate != null && rate.isNumber() ? rate.asDouble() : nullRate;
        return n.nullable() && r > 0 ? new Generators.NullableGen(g.schema, g, r) : g;
    }

    private ValueGenerator union(UnionSchema u, String name, boolean optional) {
        if (u.facets().extension(GenerationSchema.DROPPABLE) != null) {
            return cases(u, name, optional);
        }
        if (schemaless()) {
            List<ValueGenerator> gens = new ArrayList<>();
            u.branches().forEach(b -> gens.add(node(b, name, false)));
            return gens.size() == 1 ? gens.get(0) : exclusive(u, new Generators.OneOfGen(null, gens));
        }
        List<ValueGenerator> gens = new ArrayList<>();
        boolean merge = output == Output.MERGED_STRUCTS;
        if (merge && u.branches().stream().anyMatch(b -> b.facets().extension(GenerationSchema.NOT) != null)) {
            throw new NotExpressible(u.path(), "oneOf/anyOf branches with 'not' or conditionals cannot be merged "
                    + "into one struct; set output.schema=auto or none");
        }
        // Merged branches are compiled with every field optional, so the chosen branch's values fit the merged
        // struct's (optional) field schemas.
        u.branches().forEach(b -> gens.add(merge && b instanceof ObjectSchema o ? object(o, false, true)
                : node(b, name, false)));
        Schema.Type type = gens.get(0).schema.type();
        for (ValueGenerator g : gens) {
            if (g.schema.type() != type) {
                throw new NotExpressible(u.path(), "oneOf/anyOf branches of different types (" + type + ", "
                        + g.schema.type() + ") cannot be one Connect schema");
            }
        }
        boolean same = gens.stream().allMatch(g -> g.schema.equals(gens.get(0).schema));
        ValueGenerator g;
        if (type == Schema.Type.STRUCT && !same) {
            if (!merge) {
                throw new NotExpressible(u.path(), "oneOf/anyOf object branches with different fields cannot be "
                        + "one Connect struct without writing the other branches' fields as null");
            }
            // The branches' fields together, all optional: each record fills one branch.
            Map<String, Schema> merged = new LinkedHashMap<>();
            List<Generators.StructGen> structs = new ArrayList<>();
            for (int i = 0; i < gens.size(); i++) {
                ValueGenerator b = gens.get(i);
                Generators.StructGen sg = (Generators.StructGen) (b instanceof Generators.NullableGen n ? n.inner : b);
                structs.add(sg);
                for (org.apache.kafka.connect.data.Field f : sg.schema.fields()) {
                    Schema earlier = merged.putIfAbsent(f.name(), optionalCopy(f.schema()));
                    if (earlier != null && !earlier.equals(optionalCopy(f.schema()))) {
                        throw new SchemaProblem(u.branches().get(i).path(), "field '" + f.name() + "' has "
                                + "different types in the oneOf/anyOf branches, which one merged struct cannot hold; "
                                + "set output.schema=auto or none");
                    }
                }
            }
            SchemaBuilder sb = SchemaBuilder.struct();
            merged.forEach(sb::field);
            if (optional) {
                sb.optional();
            }
            g = new Generators.StructUnionGen(sb.build(), structs);
        } else {
            Schema s = gens.get(0).schema;
            g = exclusive(u, new Generators.OneOfGen(optional ? optionalCopy(s) : s, gens));
        }
        return g;
    }

    /**
     * The cases of if/then/else conditionals (an anyOf): a case that cannot be generated (its values excluded by a
     * condition it must fail) is left out; the others are chosen evenly.
     */
    private ValueGenerator cases(UnionSchema u, String name, boolean optional) {
        List<ValueGenerator> gens = new ArrayList<>();
        SchemaProblem first = null;
        for (SchemaNode b : u.branches()) {
            try {
                gens.add(node(b, name, false));
            } catch (NotExpressible e) {
                throw e;
            } catch (SchemaProblem e) {
                first = first == null ? e : first;
            }
        }
        if (gens.isEmpty()) {
            throw first;
        }
        Schema s = gens.get(0).schema;
        if (!schemaless()) {
            for (ValueGenerator g : gens) {
                if (g.schema == null || !g.schema.equals(s)) {
                    throw new NotExpressible(u.path(), "the cases of an if/then/else differ in fields, which one "
                            + "Connect schema cannot state");
                }
            }
        }
        return gens.size() == 1 ? gens.get(0) : new Generators.OneOfGen(s == null ? null : optional
                ? optionalCopy(s) : s, gens);
    }

    /** A oneOf's value must match no other branch: draws again when it may (anyOf takes the first draw). */
    private ValueGenerator exclusive(UnionSchema u, Generators.OneOfGen g) {
        if (!u.facets().keywords().contains("oneOf")) {
            return g;
        }
        Generators.ExclusiveOneOfGen exclusive = new Generators.ExclusiveOneOfGen(g, u.branches(), constKeyword);
        // Branches that overlap everywhere (objects requiring none of their properties, a draft-04 'const') leave no
        // value matching exactly one: refused here rather than written invalid.
        GenerationContext probe = new GenerationContext();
        int found = 0;
        for (int i = 0; i < 200 && found < 50; i++) {
            probe.reseed(0, 0, i);
            found += exclusive.draw(probe) != Generators.ExclusiveOneOfGen.NONE ? 1 : 0;
        }
        if (found < 50) {
            throw new SchemaProblem(u.path(), "oneOf branches overlap: too few values match exactly one branch ("
                    + found + " of 200 tried); make the branches exclusive, e.g. with 'required', or use anyOf");
        }
        return exclusive;
    }

    private static Schema optionalCopy(Schema s) {
        if (s.isOptional()) {
            return s;
        }
        SchemaBuilder b = switch (s.type()) {
            case STRUCT -> {
                SchemaBuilder sb = SchemaBuilder.struct();
                s.fields().forEach(f -> sb.field(f.name(), f.schema()));
                yield sb;
            }
            case ARRAY -> SchemaBuilder.array(s.valueSchema());
            case MAP -> SchemaBuilder.map(s.keySchema(), s.valueSchema());
            default -> SchemaBuilder.type(s.type());
        };
        return b.optional().build();
    }

    private ValueGenerator object(ObjectSchema o, boolean optional) {
        return object(o, optional, false);
    }

    private ValueGenerator object(ObjectSchema o, boolean optional, boolean fieldsOptional) {
        Map<String, ValueGenerator> fields = new LinkedHashMap<>();
        if (schemaless()) {
            o.properties().forEach((name, n) -> fields.put(name, node(n, name, !o.required().contains(name))));
            return new Generators.ObjectGen(fields);
        }
        SchemaBuilder sb = SchemaBuilder.struct();
        if (o.facets().title() != null) {
            sb.name(o.facets().title().replaceAll("[^A-Za-z0-9_.]", "_"));
        }
        o.properties().forEach((name, n) -> {
            ValueGenerator g = node(n, name, fieldsOptional || !o.required().contains(name));
            fields.put(name, g);
            sb.field(name, g.schema);
        });
        if (optional) {
            sb.optional();
        }
        return new Generators.StructGen(sb.build(), fields);
    }

    private ValueGenerator string(StringSchema s, String name, boolean optional) {
        Schema schema = connect(Schema.OPTIONAL_STRING_SCHEMA, Schema.STRING_SCHEMA, optional);
        List<Object> values = choices(s, JsonNode::asText);
        if (values != null) {
            return new Generators.ChoiceGen(schema, values);
        }
        String path = s.path();
        int minLength = s.minLength() == null ? 0 : s.minLength();
        int maxLength = s.maxLength() == null ? Integer.MAX_VALUE : s.maxLength();
        if (minLength > maxLength) {
            throw new SchemaProblem(path, "minLength " + minLength + " > maxLength " + maxLength);
        }
        Function<GenerationContext, String> source;
        JsonNode faker = s.facets().extension("x-faker");
        if (faker != null) {
            String expression = faker.asText();
            try {
                CHECKER.expression(expression);
            } catch (RuntimeException e) {
                throw new SchemaProblem(path, "unknown faker expression '" + expression + "': " + e.getMessage());
            }
            source = c -> c.faker.expression(expression);
        } else if (s.pattern() != null) {
            String pattern = s.pattern();
            // Lookarounds cannot be generated from: values come from the pattern without them and are drawn until
            // the whole pattern matches.
            String generating = withoutLookarounds(pattern);
            try {
                Pattern compiled = Pattern.compile(pattern);
                String sample = CHECKER.regexify(generating);
                if (generating.equals(pattern) && !compiled.matcher(sample).find()) {
                    throw new SchemaProblem(path, "pattern '" + pattern + "' cannot be generated reliably");
                }
            } catch (PatternSyntaxException e) {
                throw new SchemaProblem(path, "pattern '" + pattern + "' is not a valid regular expression");
            } catch (SchemaProblem e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SchemaProblem(path, "pattern '" + pattern + "' cannot be generated: " + e.getMessage());
            }
            String anchored = generating.replaceAll("^\\^", "").replaceAll("\\$$", "");
            RegexGenerator fast = RegexGenerator.compile(generating);
            if (fast != null && !Pattern.compile(generating).matcher(fast.next(new java.util.Random(1))).find()) {
                fast = null;
            }
            RegexGenerator compiled = fast;
            Function<GenerationContext, String> drawn = compiled != null ? c -> compiled.next(c.random)
                    : c -> c.faker.regexify(anchored);
            Function<GenerationContext, String> match = drawn;
            if (!generating.equals(pattern)) {
                Pattern whole = Pattern.compile(pattern);
                GenerationContext probe = new GenerationContext();
                int ok = 0;
                for (int i = 0; i < 100; i++) {
                    probe.reseed(0, 0, i);
                    ok += whole.matcher(drawn.apply(probe)).find() ? 1 : 0;
                }
                if (ok < 50) {
                    throw new SchemaProblem(path, "pattern '" + pattern + "' cannot be generated reliably: its "
                            + "lookarounds reject " + (100 - ok) + " of 100 values drawn without them");
                }
                match = c -> {
                    String v = drawn.apply(c);
                    for (int i = 0; i < 50 && !whole.matcher(v).find(); i++) {
                        v = drawn.apply(c);
                    }
                    return v;
                };
            }
            if (minLength == 0 && maxLength == Integer.MAX_VALUE) {
                return new Generators.TextGen(schema, match, 0, Integer.MAX_VALUE);
            }
            // Clipping a pattern match to a length range would break the pattern: a match of the wrong length is
            // drawn again instead.
            int lo = minLength;
            int hi = maxLength;
            Function<GenerationContext, String> matching = match;
            return new Generators.TextGen(schema, c -> {
                String v = matching.apply(c);
                for (int i = 0; i < 50 && (v.length() < lo || v.length() > hi); i++) {
                    v = matching.apply(c);
                }
                return v;
            }, 0, Integer.MAX_VALUE);
        } else if (s.format() != null) {
            source = format(s.format(), path);
        } else if (inferFromNames && FakerNames.forName(name) != null) {
            source = FakerNames.forName(name);
        } else {
            source = c -> c.faker.lorem().word();
        }
        return new Generators.TextGen(schema, source, minLength, maxLength);
    }

    /** The pattern with its lookahead and lookbehind groups taken out (escapes and classes respected). */
    static String withoutLookarounds(String pattern) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                out.append(c).append(pattern.charAt(i + 1));
                i += 2;
            } else if (c == '[') {
                int end = classEnd(pattern, i);
                out.append(pattern, i, end);
                i = end;
            } else if (pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i) || pattern.startsWith("(?<=", i)
                    || pattern.startsWith("(?<!", i)) {
                int level = 0;
                int j = i;
                while (j < pattern.length()) {
                    char d = pattern.charAt(j);
                    if (d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == '[') {
                        j = classEnd(pattern, j);
                        continue;
                    }
                    level += d == '(' ? 1 : d == ')' ? -1 : 0;
                    j++;
                    if (level == 0) {
                        break;
                    }
                }
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int classEnd(String pattern, int open) {
        int j = open + 1;
        if (j < pattern.length() && pattern.charAt(j) == '^') {
            j++;
        }
        if (j < pattern.length() && pattern.charAt(j) == ']') {
            j++;
        }
        while (j < pattern.length() && pattern.charAt(j) != ']') {
            j += pattern.charAt(j) == '\\' ? 2 : 1;
        }
        return Math.min(pattern.length(), j + 1);
    }

    private static Function<GenerationContext, String> format(String format, String path) {
        return switch (format) {
            case "email" -> Emails::next;
            case "uuid" -> c -> new UUID(c.random.nextLong(), c.random.nextLong()).toString();
            case "date" -> c -> LocalDate.of(2020, 1, 1).plusDays(c.random.nextInt(3650)).toString();
            case "date-time" -> c -> Instant.ofEpochMilli(EPOCH_2020 + (long) (c.random.nextDouble() * TEN_YEARS_MS)).toString();
            case "time" -> c -> String.format("%02d:%02d:%02d", c.random.nextInt(24), c.random.nextInt(60), c.random.nextInt(60));
            case "uri", "url" -> c -> c.faker.internet().url().startsWith("http") ? c.faker.internet().url()
                    : "https://" + c.faker.internet().domainName() + "/" + c.faker.lorem().word();
            case "ipv4" -> c -> c.faker.internet().ipV4Address();
            case "ipv6" -> c -> c.faker.internet().ipV6Address();
            case "hostname", "idn-hostname" -> c -> c.faker.internet().domainName();
            case "idn-email" -> Emails::next;
            case "iri" -> c -> "https://" + c.faker.internet().domainName() + "/" + c.faker.lorem().word();
            case "uri-reference", "iri-reference" -> c -> c.random.nextBoolean()
                    ? "https://" + c.faker.internet().domainName() + "/" + c.faker.lorem().word()
                    : "/" + c.faker.lorem().word() + "/" + c.faker.lorem().word();
            case "uri-template" -> c -> "https://" + c.faker.internet().domainName() + "/{" + c.faker.lorem().word()
                    + "}";
            case "json-pointer" -> c -> "/" + c.faker.lorem().word() + "/" + c.random.nextInt(10);
            case "relative-json-pointer" -> c -> c.random.nextInt(3) + "/" + c.faker.lorem().word();
            case "regex" -> c -> "^" + c.faker.lorem().word() + "[0-9]{" + (1 + c.random.nextInt(4)) + "}$";
            case "duration" -> c -> "P" + (1 + c.random.nextInt(30)) + "DT" + c.random.nextInt(24) + "H";
            default -> throw new SchemaProblem(path, "unsupported format '" + format + "'");
        };
    }

    private ValueGenerator integer(NumberSchema n, boolean optional) {
        Schema schema = connect(Schema.OPTIONAL_INT64_SCHEMA, Schema.INT64_SCHEMA, optional);
        List<Object> values = choices(n, JsonNode::asLong);
        if (values != null) {
            return new Generators.ChoiceGen(schema, values);
        }
        long min = n.minimum() != null ? (long) Math.ceil(n.minimum()) : 0;
        long max = n.maximum() != null ? (long) Math.floor(n.maximum()) : min + DEFAULT_INT_RANGE;
        if (n.exclusiveMinimum() != null) {
            min = Math.max(min, (long) Math.floor(n.exclusiveMinimum()) + 1);
        }
        if (n.exclusiveMaximum() != null) {
            max = Math.min(max, (long) Math.ceil(n.exclusiveMaximum()) - 1);
        }
        if (n.maximum() == null && n.exclusiveMaximum() == null && max < min) {
            max = min + DEFAULT_INT_RANGE;
        }
        if (max > min && (max - min < 0 || max - min > 1L << 53)) {
            max = min + (1L << 53); // a range wider than a double counts (int64 bounds): its lower part, no overflow
        }
        long step = n.multipleOf() != null ? n.multipleOf().longValue() : 1;
        if (step <= 0) {
            throw new SchemaProblem(n.path(), "multipleOf must be positive");
        }
        long first = Math.floorDiv(min + step - 1, step) * step;
        if (min > max || first > max) {
            throw new SchemaProblem(n.path(), "no integer satisfies minimum " + min + ", maximum " + max
                    + (step > 1 ? " and multipleOf " + step : ""));
        }
        return new Generators.IntGen(schema, min, max, step, false);
    }

    private ValueGenerator number(NumberSchema n, boolean optional) {
        Schema schema = connect(Schema.OPTIONAL_FLOAT64_SCHEMA, Schema.FLOAT64_SCHEMA, optional);
        List<Object> values = choices(n, JsonNode::asDouble);
        if (values != null) {
            return new Generators.ChoiceGen(schema, values);
        }
        boolean exMin = n.exclusiveMinimum() != null;
        boolean exMax = n.exclusiveMaximum() != null;
        double min = exMin ? n.exclusiveMinimum() : n.minimum() != null ? n.minimum() : 0;
        double max = exMax ? n.exclusiveMaximum() : n.maximum() != null ? n.maximum() : min + 1000;
        if (min > max || (exMin || exMax) && min >= max) {
            throw new SchemaProblem(n.path(), "no number satisfies minimum " + min + " and maximum " + max);
        }
        if (n.multipleOf() != null) {
            double m = n.multipleOf();
            long lo = (long) Math.ceil(min / m);
            long hi = (long) Math.floor(max / m);
            if (exMin && lo * m <= min) {
                lo++;
            }
            if (exMax && hi * m >= max) {
                hi--;
            }
            if (lo > hi) {
                throw new SchemaProblem(n.path(), "no multiple of " + m + " lies in [" + min + ", " + max + "]");
            }
            long from = lo;
            long to = hi;
            return new ValueGenerator(schema) {
                @Override
                Object next(GenerationContext ctx) {
                    long k = from + (long) (ctx.random.nextDouble() * (to - from + 1));
                    return java.math.BigDecimal.valueOf(k).multiply(java.math.BigDecimal.valueOf(m)).doubleValue();
                }
            };
        }
        return new Generators.DoubleGen(schema, min, max, exMin, exMax, false);
    }

    /** Whether every enum/const value is of the node's own scalar type, so it converts without loss. */
    private static boolean sameKind(List<JsonNode> values, SchemaNode n) {
        for (JsonNode v : values) {
            boolean ok = n instanceof StringSchema ? v.isTextual() : n instanceof BooleanSchema ? v.isBoolean()
                    : n instanceof NumberSchema num ? (num.integer() ? v.isIntegralNumber() : v.isNumber())
                    : !(n instanceof ObjectSchema || n instanceof ArraySchema);
            if (!ok && !(v.isNull() && n.nullable())) {
                return false;
            }
        }
        return true;
    }

    /** The values a const or enum allows, converted; null when the schema sets neither. */
    private static List<Object> choices(SchemaNode n, Function<JsonNode, Object> value) {
        Facets f = n.facets();
        if (f.constValue() == null && f.enumValues() == null) {
            return null;
        }
        List<Object> values = new ArrayList<>();
        (f.constValue() != null ? List.of(f.constValue()) : f.enumValues()).forEach(v -> values.add(value.apply(v)));
        if (values.isEmpty()) {
            throw new SchemaProblem(n.path(), "enum is empty");
        }
        return values;
    }

    private ValueGenerator array(ArraySchema a, String name, boolean optional) {
        if (!a.prefixItems().isEmpty()) {
            return tuple(a, name, optional);
        }
        ValueGenerator items = node(a.items(), singular(name), false);
        int min = a.minItems() == null ? 0 : a.minItems();
        int max = a.maxItems() == null ? Math.max(min, 3) : a.maxItems();
        if (min > max) {
            throw new SchemaProblem(a.path(), "minItems " + min + " > maxItems " + max);
        }
        max = Math.min(max, min + 10); // maxItems 4094 allows 10 too: records stay small
        boolean unique = a.uniqueItems();
        if (unique && items instanceof Generators.ChoiceGen c && c.values.size() < min) {
            throw new SchemaProblem(a.path(), "uniqueItems with minItems " + min + " but only " + c.values.size()
                    + " values");
        }
        Schema schema = null;
        if (!schemaless()) {
            SchemaBuilder b = SchemaBuilder.array(items.schema);
            schema = optional ? b.optional().build() : b.build();
        }
        return new Generators.ArrayGen(schema, items, min, max, unique);
    }

    /**
     * A tuple: the whole prefix when maxItems allows it, more items (of {@code items}) only as minItems asks. A
     * Connect array when every position has the same Connect schema, else schemaless.
     */
    private ValueGenerator tuple(ArraySchema a, String name, boolean optional) {
        List<ValueGenerator> prefix = new ArrayList<>();
        a.prefixItems().forEach(p -> prefix.add(node(p, singular(name), false)));
        int min = a.minItems() == null ? 0 : a.minItems();
        int length = Math.max(min, Math.min(prefix.size(), a.maxItems() == null ? prefix.size() : a.maxItems()));
        if (a.maxItems() != null && min > a.maxItems()) {
            throw new SchemaProblem(a.path(), "minItems " + min + " > maxItems " + a.maxItems());
        }
        ValueGenerator rest = null;
        if (length > prefix.size()) {
            // without 'items' nothing is said of further items: any value is one, the first position's kind too
            rest = a.items() != null ? node(a.items(), singular(name), false) : prefix.get(0);
        }
        Schema schema = null;
        if (!schemaless()) {
            Schema item = prefix.get(0).schema;
            for (ValueGenerator g : prefix.subList(0, Math.min(length, prefix.size()))) {
                if (!g.schema.equals(item)) {
                    throw new NotExpressible(a.path(), "a tuple whose positions differ in type cannot be one Connect "
                            + "array");
                }
            }
            if (rest != null && !rest.schema.equals(item)) {
                throw new NotExpressible(a.path(), "a tuple whose further items differ in type from its positions "
                        + "cannot be one Connect array");
            }
            SchemaBuilder b = SchemaBuilder.array(item);
            schema = optional ? b.optional().build() : b.build();
        }
        return new Generators.TupleGen(schema, prefix, rest, length, a.uniqueItems());
    }

    private static String singular(String name) {
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }
}
