package dev.connectai.synthetic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import net.datafaker.Faker;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Compiles a JSON Schema into generators of Connect values. Dates and times stay ISO strings so the records,
 * written as JSON, validate against the same JSON Schema. Unsatisfiable schemas fail here, naming the field.
 */
final class JsonSchemaCompiler {

    private static final long DEFAULT_INT_RANGE = 1_000_000;
    private static final long EPOCH_2020 = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    private static final long TEN_YEARS_MS = 315_360_000_000L;
    private static final Faker CHECKER = new Faker();

    private final JsonNode root;
    private final double nullRate;
    private final boolean inferFromNames;
    private final Deque<String> refStack = new ArrayDeque<>();

    private JsonSchemaCompiler(JsonNode root, double nullRate, boolean inferFromNames) {
        this.root = root;
        this.nullRate = nullRate;
        this.inferFromNames = inferFromNames;
    }

    static ValueGenerator compile(JsonNode schema, double nullRate, boolean inferFromNames) {
        JsonSchemaCompiler c = new JsonSchemaCompiler(schema, nullRate, inferFromNames);
        ValueGenerator g = c.node(schema, "$", "record", false);
        if (g.schema.type() != Schema.Type.STRUCT) {
            throw new SchemaProblem("$", "the top level must be an object");
        }
        return g;
    }

    /** Keywords whose meaning the generator cannot honour: refusing them beats producing records that break them. */
    private static final List<String> UNSUPPORTED = List.of("allOf", "not", "if", "then", "else", "patternProperties",
            "dependentSchemas", "dependentRequired", "propertyNames", "contains", "prefixItems", "unevaluatedProperties");

    private ValueGenerator node(JsonNode s, String path, String name, boolean optional) {
        for (String keyword : UNSUPPORTED) {
            if (s.has(keyword)) {
                throw new SchemaProblem(path, "the keyword '" + keyword + "' is not supported for generation");
            }
        }
        if (s.has("$ref") && !s.get("$ref").asText().startsWith("#")) {
            throw new SchemaProblem(path, "only local $ref ('#/...') is supported, not '" + s.get("$ref").asText() + "'");
        }
        if (s.has("$ref")) {
            return ref(s.get("$ref").asText(), path, name, optional);
        }
        if (s.has("oneOf") || s.has("anyOf")) {
            return union(s.has("oneOf") ? s.get("oneOf") : s.get("anyOf"), path, name, optional);
        }
        boolean nullable = nullableType(s);
        String type = type(s, path);
        boolean opt = optional || nullable;
        double rate = s.path("x-null-rate").isNumber() ? s.get("x-null-rate").asDouble() : nullRate;
        ValueGenerator g = switch (type) {
            case "object" -> object(s, path, opt);
            case "string" -> string(s, path, name, opt);
            case "integer" -> integer(s, path, opt);
            case "number" -> number(s, path, opt);
            case "boolean" -> new Generators.BoolGen(opt ? Schema.OPTIONAL_BOOLEAN_SCHEMA : Schema.BOOLEAN_SCHEMA);
            case "array" -> array(s, path, name, opt);
            default -> throw new SchemaProblem(path, "unsupported type '" + type + "'");
        };
        // Only a type that admits null gets nulls: a JSON converter writes a null field as null, which a schema
        // that merely leaves the field out of 'required' rejects.
        return nullable && rate > 0 ? new Generators.NullableGen(g.schema, g, rate) : g;
    }

    private static boolean nullableType(JsonNode s) {
        JsonNode t = s.get("type");
        if (t != null && t.isArray()) {
            for (JsonNode x : t) {
                if (x.asText().equals("null")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String type(JsonNode s, String path) {
        JsonNode t = s.get("type");
        if (t == null) {
            if (s.has("properties")) {
                return "object";
            }
            if (s.has("enum") || s.has("const")) {
                JsonNode sample = s.has("const") ? s.get("const") : s.get("enum").path(0);
                return sample.isTextual() ? "string" : sample.isIntegralNumber() ? "integer" : sample.isNumber() ? "number"
                        : sample.isBoolean() ? "boolean" : "string";
            }
            throw new SchemaProblem(path, "'type' is missing");
        }
        if (t.isTextual()) {
            return t.asText();
        }
        List<String> types = new ArrayList<>();
        t.forEach(x -> {
            if (!x.asText().equals("null")) {
                types.add(x.asText());
            }
        });
        if (types.size() != 1) {
            throw new SchemaProblem(path, "type " + t + " mixes several types; use oneOf of same-typed branches");
        }
        return types.get(0);
    }

    private ValueGenerator ref(String ref, String path, String name, boolean optional) {
        if (!ref.startsWith("#/")) {
            throw new SchemaProblem(path, "only local $ref ('#/...') is supported, not '" + ref + "'");
        }
        if (refStack.contains(ref)) {
            throw new SchemaProblem(path, "$ref '" + ref + "' is recursive; recursive schemas cannot be generated");
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new SchemaProblem(path, "$ref '" + ref + "' does not resolve");
        }
        refStack.push(ref);
        try {
            return node(target, path, name, optional);
        } finally {
            refStack.pop();
        }
    }

    private ValueGenerator union(JsonNode branches, String path, String name, boolean optional) {
        List<ValueGenerator> gens = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            gens.add(node(branches.get(i), path + "/oneOf[" + i + "]", name, false));
        }
        if (gens.isEmpty()) {
            throw new SchemaProblem(path, "oneOf/anyOf has no branches");
        }
        Schema.Type type = gens.get(0).schema.type();
        for (ValueGenerator g : gens) {
            if (g.schema.type() != type) {
                throw new SchemaProblem(path, "oneOf/anyOf branches of different types (" + type + ", "
                        + g.schema.type() + ") cannot be one Connect schema");
            }
        }
        ValueGenerator g;
        if (type == Schema.Type.STRUCT) {
            // The branches' fields together, all optional: each record fills one branch.
            Map<String, Schema> merged = new LinkedHashMap<>();
            List<Generators.StructGen> structs = new ArrayList<>();
            for (ValueGenerator b : gens) {
                Generators.StructGen sg = (Generators.StructGen) (b instanceof Generators.NullableGen n ? n.inner : b);
                structs.add(sg);
                sg.schema.fields().forEach(f -> merged.putIfAbsent(f.name(), optionalCopy(f.schema())));
            }
            SchemaBuilder sb = SchemaBuilder.struct();
            merged.forEach(sb::field);
            if (optional) {
                sb.optional();
            }
            g = new Generators.StructUnionGen(sb.build(), structs);
        } else {
            Schema s = gens.get(0).schema;
            g = new Generators.OneOfGen(optional ? optionalCopy(s) : s, gens);
        }
        return g;
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

    private ValueGenerator object(JsonNode s, String path, boolean optional) {
        JsonNode props = s.path("properties");
        Set<String> required = new LinkedHashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        for (String r : required) {
            if (!props.has(r)) {
                throw new SchemaProblem(path, "required property '" + r + "' is not defined");
            }
        }
        Map<String, ValueGenerator> fields = new LinkedHashMap<>();
        SchemaBuilder sb = SchemaBuilder.struct();
        if (s.has("title")) {
            sb.name(s.get("title").asText().replaceAll("[^A-Za-z0-9_.]", "_"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ValueGenerator g = node(e.getValue(), path + "." + e.getKey(), e.getKey(), !required.contains(e.getKey()));
            fields.put(e.getKey(), g);
            sb.field(e.getKey(), g.schema);
        }
        if (optional) {
            sb.optional();
        }
        return new Generators.StructGen(sb.build(), fields);
    }

    private ValueGenerator string(JsonNode s, String path, String name, boolean optional) {
        Schema schema = optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
        if (s.has("const")) {
            return new Generators.ChoiceGen(schema, List.of(s.get("const").asText()));
        }
        if (s.has("enum")) {
            List<Object> values = new ArrayList<>();
            s.get("enum").forEach(v -> values.add(v.asText()));
            if (values.isEmpty()) {
                throw new SchemaProblem(path, "enum is empty");
            }
            return new Generators.ChoiceGen(schema, values);
        }
        int minLength = s.path("minLength").asInt(0);
        int maxLength = s.path("maxLength").asInt(Integer.MAX_VALUE);
        if (minLength > maxLength) {
            throw new SchemaProblem(path, "minLength " + minLength + " > maxLength " + maxLength);
        }
        Function<GenerationContext, String> source;
        if (s.has("x-faker")) {
            String expression = s.get("x-faker").asText();
            try {
                CHECKER.expression(expression);
            } catch (RuntimeException e) {
                throw new SchemaProblem(path, "unknown faker expression '" + expression + "': " + e.getMessage());
            }
            source = c -> c.faker.expression(expression);
        } else if (s.has("pattern")) {
            String pattern = s.get("pattern").asText();
            try {
                Pattern compiled = Pattern.compile(pattern);
                String sample = CHECKER.regexify(pattern);
                if (!compiled.matcher(sample).find()) {
                    throw new SchemaProblem(path, "pattern '" + pattern + "' cannot be generated reliably");
                }
            } catch (PatternSyntaxException e) {
                throw new SchemaProblem(path, "pattern '" + pattern + "' is not a valid regular expression");
            } catch (SchemaProblem e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SchemaProblem(path, "pattern '" + pattern + "' cannot be generated: " + e.getMessage());
            }
            String anchored = pattern.replaceAll("^\\^", "").replaceAll("\\$$", "");
            RegexGenerator fast = RegexGenerator.compile(pattern);
            if (fast != null && !Pattern.compile(pattern).matcher(fast.next(new java.util.Random(1))).find()) {
                fast = null;
            }
            RegexGenerator compiled = fast;
            // Clipping a pattern match to a length range would break the pattern.
            return new Generators.TextGen(schema, compiled != null ? c -> compiled.next(c.random)
                    : c -> c.faker.regexify(anchored), 0, Integer.MAX_VALUE);
        } else if (s.has("format")) {
            source = format(s.get("format").asText(), path);
        } else if (inferFromNames && FakerNames.forName(name) != null) {
            source = FakerNames.forName(name);
        } else {
            source = c -> c.faker.lorem().word();
        }
        return new Generators.TextGen(schema, source, minLength, maxLength);
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
            case "hostname" -> c -> c.faker.internet().domainName();
            default -> throw new SchemaProblem(path, "unsupported format '" + format + "'");
        };
    }

    private ValueGenerator integer(JsonNode s, String path, boolean optional) {
        Schema schema = optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA;
        if (s.has("enum") || s.has("const")) {
            List<Object> values = new ArrayList<>();
            (s.has("const") ? List.of(s.get("const")) : iterable(s.get("enum"))).forEach(v -> values.add(v.asLong()));
            return new Generators.ChoiceGen(schema, values);
        }
        long min = s.has("minimum") ? (long) Math.ceil(s.get("minimum").asDouble()) : 0;
        long max = s.has("maximum") ? (long) Math.floor(s.get("maximum").asDouble()) : min + DEFAULT_INT_RANGE;
        if (s.has("exclusiveMinimum")) {
            min = Math.max(min, (long) Math.floor(s.get("exclusiveMinimum").asDouble()) + 1);
        }
        if (s.has("exclusiveMaximum")) {
            max = Math.min(max, (long) Math.ceil(s.get("exclusiveMaximum").asDouble()) - 1);
        }
        if (!s.has("maximum") && !s.has("exclusiveMaximum") && max < min) {
            max = min + DEFAULT_INT_RANGE;
        }
        long step = s.has("multipleOf") ? s.get("multipleOf").asLong() : 1;
        if (step <= 0) {
            throw new SchemaProblem(path, "multipleOf must be positive");
        }
        long first = Math.floorDiv(min + step - 1, step) * step;
        if (min > max || first > max) {
            throw new SchemaProblem(path, "no integer satisfies minimum " + min + ", maximum " + max
                    + (step > 1 ? " and multipleOf " + step : ""));
        }
        return new Generators.IntGen(schema, min, max, step, false);
    }

    private ValueGenerator number(JsonNode s, String path, boolean optional) {
        Schema schema = optional ? Schema.OPTIONAL_FLOAT64_SCHEMA : Schema.FLOAT64_SCHEMA;
        if (s.has("enum") || s.has("const")) {
            List<Object> values = new ArrayList<>();
            (s.has("const") ? List.of(s.get("const")) : iterable(s.get("enum"))).forEach(v -> values.add(v.asDouble()));
            return new Generators.ChoiceGen(schema, values);
        }
        boolean exMin = s.has("exclusiveMinimum");
        boolean exMax = s.has("exclusiveMaximum");
        double min = exMin ? s.get("exclusiveMinimum").asDouble() : s.path("minimum").asDouble(0);
        double max = exMax ? s.get("exclusiveMaximum").asDouble() : s.has("maximum") ? s.get("maximum").asDouble() : min + 1000;
        if (min > max || (exMin || exMax) && min >= max) {
            throw new SchemaProblem(path, "no number satisfies minimum " + min + " and maximum " + max);
        }
        if (s.has("multipleOf")) {
            double m = s.get("multipleOf").asDouble();
            long lo = (long) Math.ceil(min / m);
            long hi = (long) Math.floor(max / m);
            if (exMin && lo * m <= min) {
                lo++;
            }
            if (exMax && hi * m >= max) {
                hi--;
            }
            if (lo > hi) {
                throw new SchemaProblem(path, "no multiple of " + m + " lies in [" + min + ", " + max + "]");
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

    private ValueGenerator array(JsonNode s, String path, String name, boolean optional) {
        if (!s.has("items")) {
            throw new SchemaProblem(path, "an array needs 'items'");
        }
        ValueGenerator items = node(s.get("items"), path + "[]", singular(name), false);
        int min = s.path("minItems").asInt(0);
        int max = s.path("maxItems").asInt(Math.max(min, 3));
        if (min > max) {
            throw new SchemaProblem(path, "minItems " + min + " > maxItems " + max);
        }
        boolean unique = s.path("uniqueItems").asBoolean(false);
        if (unique && items instanceof Generators.ChoiceGen c && c.values.size() < min) {
            throw new SchemaProblem(path, "uniqueItems with minItems " + min + " but only " + c.values.size() + " values");
        }
        SchemaBuilder b = SchemaBuilder.array(items.schema);
        if (optional) {
            b.optional();
        }
        return new Generators.ArrayGen(b.build(), items, min, max, unique);
    }

    private static String singular(String name) {
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
