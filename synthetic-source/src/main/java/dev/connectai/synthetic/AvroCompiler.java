package dev.connectai.synthetic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import net.datafaker.Faker;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Compiles an Avro schema into generators of Connect values with the matching Connect schema: records, enums,
 * arrays, maps, nullable unions, fixed/bytes, and the logical types timestamp, date, decimal and uuid. A field's
 * {@code "faker"} property holds a Datafaker expression. Unions of several non-null types become the struct
 * Confluent's AvroData makes of them. A record that contains itself nests up to a depth bound, where the array, map or
 * optional that recurses ends (empty or null): Connect schemas cannot be recursive, and datagen's engine overflows.
 */
final class AvroCompiler {

    private static final Faker CHECKER = new Faker();

    private final double nullRate;
    private final boolean inferFromNames;
    private final int maxDepth;
    /** The records being compiled, innermost first: how deep a recursive record already nests. */
    private final Deque<String> records = new ArrayDeque<>();

    private AvroCompiler(double nullRate, boolean inferFromNames, int maxDepth) {
        this.nullRate = nullRate;
        this.inferFromNames = inferFromNames;
        this.maxDepth = maxDepth;
    }

    /** A record met deeper than the recursion bound: the nearest array, map or optional around it must end. */
    private static final class RecursionBound extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String record;

        RecursionBound(String record) {
            super(record, null, false, false);
            this.record = record;
        }
    }

    static ValueGenerator compile(String schemaText, double nullRate, boolean inferFromNames, int maxDepth) {
        org.apache.avro.Schema schema;
        try {
            schema = new org.apache.avro.Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            throw new SchemaProblem("$", "not a valid Avro schema: " + e.getMessage());
        }
        if (schema.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new SchemaProblem("$", "the top level must be an Avro record");
        }
        try {
            return new AvroCompiler(nullRate, inferFromNames, maxDepth).node(schema, schema.getName(),
                    schema.getName(), false, null);
        } catch (RecursionBound e) {
            throw new SchemaProblem("$", "record " + e.record + " contains itself through a field that is always "
                    + "present; recursion can only end through an array, a map or a [\"null\", ...] union");
        }
    }

    /** Compiles a part that may recurse; null when it reaches the recursion bound, so the caller ends it there. */
    private ValueGenerator bounded(Supplier<ValueGenerator> part) {
        int depth = records.size();
        try {
            return part.get();
        } catch (RecursionBound e) {
            while (records.size() > depth) {
                records.pop();
            }
            return null;
        }
    }

    /** The schema of a value that is never generated (always empty or null): the record's name, no fields. */
    private static Schema placeholder(String record, boolean optional) {
        SchemaBuilder b = SchemaBuilder.struct().name(record);
        return optional ? b.optional().build() : b.build();
    }

    /** Connect's name for a union of several non-null types, as Confluent's AvroData converts one. */
    static final String UNION_STRUCT = "io.confluent.connect.avro.Union";

    /**
     * A union of several non-null types as Confluent's AvroData (and so datagen) hands it to Connect: a struct
     * {@value #UNION_STRUCT} with one optional field per type, named by the type (a named type by its name), of which
     * each value sets exactly one. AvroConverter writes it back as the union. A branch that reaches the recursion
     * bound keeps its field and is never chosen.
     */
    private ValueGenerator union(List<org.apache.avro.Schema> types, String path, String name, boolean optional,
                                 String faker) {
        SchemaBuilder sb = SchemaBuilder.struct().name(UNION_STRUCT);
        List<String> names = new ArrayList<>();
        List<ValueGenerator> branches = new ArrayList<>();
        for (org.apache.avro.Schema t : types) {
            boolean named = t.getType() == org.apache.avro.Schema.Type.RECORD
                    || t.getType() == org.apache.avro.Schema.Type.ENUM || t.getType() == org.apache.avro.Schema.Type.FIXED;
            String field = named ? t.getName() : t.getType().getName();
            ValueGenerator g = bounded(() -> node(t, path + "<" + field + ">", name, true, faker));
            sb.field(field, g != null ? g.schema : placeholder(t.getFullName(), true));
            if (g != null) {
                names.add(field);
                branches.add(g);
            }
        }
        if (branches.isEmpty()) {
            throw new RecursionBound(types.get(0).getFullName());
        }
        if (optional) {
            sb.optional();
        }
        Schema schema = sb.build();
        return new ValueGenerator(schema) {
            @Override
            Object next(GenerationContext ctx) {
                int i = ctx.random.nextInt(branches.size());
                Struct out = new Struct(schema);
                out.put(names.get(i), branches.get(i).next(ctx));
                return out;
            }
        };
    }

    private ValueGenerator node(org.apache.avro.Schema s, String path, String name, boolean optional, String faker) {
        ValueGenerator g = plain(s, path, name, optional, faker);
        Map<String, Object> args = DatagenArgs.of(s);
        return args == null ? g : DatagenArgs.apply(args, s, g, path);
    }

    private ValueGenerator plain(org.apache.avro.Schema s, String path, String name, boolean optional, String faker) {
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case RECORD: {
                String recordName = s.getFullName();
                if (records.stream().filter(recordName::equals).count() >= maxDepth) {
                    throw new RecursionBound(recordName);
                }
                records.push(recordName);
                SchemaBuilder sb = SchemaBuilder.struct().name(s.getFullName());
                Map<String, ValueGenerator> fields = new LinkedHashMap<>();
                for (org.apache.avro.Schema.Field f : s.getFields()) {
                    Object prop = f.getObjectProp("faker");
                    ValueGenerator g = node(f.schema(), path + "." + f.name(), f.name(), false,
                            prop == null ? null : prop.toString());
                    if (f.getObjectProp(DatagenArgs.PROPERTY) instanceof Map<?, ?> args) {
                        // Written on the field rather than its type: read as if on the type.
                        @SuppressWarnings("unchecked")
                        Map<String, Object> a = (Map<String, Object>) args;
                        g = DatagenArgs.apply(a, f.schema(), g, path + "." + f.name());
                    }
                    fields.put(f.name(), g);
                    sb.field(f.name(), g.schema);
                }
                if (optional) {
                    sb.optional();
                }
                records.pop();
                return new Generators.StructGen(sb.build(), fields);
            }
            case UNION: {
                List<org.apache.avro.Schema> types = new ArrayList<>(s.getTypes());
                boolean hasNull = types.removeIf(t -> t.getType() == org.apache.avro.Schema.Type.NULL);
                if (types.size() > 1) {
                    ValueGenerator union = union(types, path, name, hasNull || optional, faker);
                    return hasNull && nullRate > 0 ? new Generators.NullableGen(union.schema, union, nullRate) : union;
                }
                ValueGenerator inner = hasNull ? bounded(() -> node(types.get(0), path, name, true, faker))
                        : node(types.get(0), path, name, false, faker);
                if (inner == null) {
                    return new Generators.ChoiceGen(placeholder(types.get(0).getFullName(), true),
                            Collections.singletonList(null));
                }
                return hasNull && nullRate > 0 ? new Generators.NullableGen(inner.schema, inner, nullRate) : inner;
            }
            case ENUM: {
                List<Object> symbols = new ArrayList<>(s.getEnumSymbols());
                return new Generators.ChoiceGen(optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA, symbols);
            }
            case ARRAY: {
                ValueGenerator items = bounded(() -> node(s.getElementType(), path + "[]", name, false, faker));
                if (items == null) {
                    SchemaBuilder b = SchemaBuilder.array(placeholder(s.getElementType().getFullName(), false));
                    return new Generators.ArrayGen(optional ? b.optional().build() : b.build(), null, 0, 0, false);
                }
                SchemaBuilder b = SchemaBuilder.array(items.schema);
                return new Generators.ArrayGen(optional ? b.optional().build() : b.build(), items, 0, 3, false);
            }
            case MAP: {
                ValueGenerator values = bounded(() -> node(s.getValueType(), path + "{}", name, false, faker));
                if (values == null) {
                    SchemaBuilder b = SchemaBuilder.map(Schema.STRING_SCHEMA,
                            placeholder(s.getValueType().getFullName(), false));
                    Schema schema = optional ? b.optional().build() : b.build();
                    return new ValueGenerator(schema) {
                        @Override
                        Object next(GenerationContext ctx) {
                            return Map.of();
                        }
                    };
                }
                SchemaBuilder b = SchemaBuilder.map(Schema.STRING_SCHEMA, values.schema);
                return new Generators.MapGen(optional ? b.optional().build() : b.build(), values);
            }
            case STRING: {
                Schema schema = optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
                Function<GenerationContext, String> source;
                if (faker != null) {
                    try {
                        CHECKER.expression(faker);
                    } catch (RuntimeException e) {
                        throw new SchemaProblem(path, "unknown faker expression '" + faker + "': " + e.getMessage());
                    }
                    source = c -> c.faker.expression(faker);
                } else if (logical instanceof LogicalTypes.Uuid) {
                    source = c -> new UUID(c.random.nextLong(), c.random.nextLong()).toString();
                } else if (inferFromNames && FakerNames.forName(name) != null) {
                    source = FakerNames.forName(name);
                } else {
                    source = c -> c.faker.lorem().word();
                }
                return new Generators.TextGen(schema, source, 0, Integer.MAX_VALUE);
            }
            case INT: {
                if (logical instanceof LogicalTypes.Date) {
                    Schema schema = optional ? Date.builder().optional().build() : Date.SCHEMA;
                    return new ValueGenerator(schema) {
                        @Override
                        Object next(GenerationContext ctx) {
                            return java.util.Date.from(LocalDate.of(2020, 1, 1).plusDays(ctx.random.nextInt(3650))
                                    .atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
                        }
                    };
                }
                return new Generators.IntGen(optional ? Schema.OPTIONAL_INT32_SCHEMA : Schema.INT32_SCHEMA, 0, 100_000, 1, true);
            }
            case LONG: {
                if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
                    Schema schema = optional ? Timestamp.builder().optional().build() : Timestamp.SCHEMA;
                    return new ValueGenerator(schema) {
                        @Override
                        Object next(GenerationContext ctx) {
                            return java.util.Date.from(Instant.parse("2020-01-01T00:00:00Z")
                                    .plusMillis((long) (ctx.random.nextDouble() * 315_360_000_000L)));
                        }
                    };
                }
                return new Generators.IntGen(optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA, 0, 10_000_000, 1, false);
            }
            case FLOAT:
                return new Generators.DoubleGen(optional ? Schema.OPTIONAL_FLOAT32_SCHEMA : Schema.FLOAT32_SCHEMA, 0, 1000, false, false, true);
            case DOUBLE:
                return new Generators.DoubleGen(optional ? Schema.OPTIONAL_FLOAT64_SCHEMA : Schema.FLOAT64_SCHEMA, 0, 1000, false, false, false);
            case BOOLEAN:
                return new Generators.BoolGen(optional ? Schema.OPTIONAL_BOOLEAN_SCHEMA : Schema.BOOLEAN_SCHEMA);
            case BYTES:
            case FIXED: {
                if (logical instanceof LogicalTypes.Decimal d) {
                    SchemaBuilder b = Decimal.builder(d.getScale());
                    return new Generators.DecimalGen(optional ? b.optional().build() : b.build(), d.getPrecision(), d.getScale());
                }
                int size = s.getType() == org.apache.avro.Schema.Type.FIXED ? s.getFixedSize() : -1;
                return new Generators.BytesGen(optional ? Schema.OPTIONAL_BYTES_SCHEMA : Schema.BYTES_SCHEMA, size);
            }
            default:
                throw new SchemaProblem(path, "unsupported Avro type " + s.getType());
        }
    }
}
