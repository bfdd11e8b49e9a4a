package dev.connectai.synthetic;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import net.datafaker.Faker;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Compiles an Avro schema into generators of Connect values with the matching Connect schema: records, enums,
 * arrays, maps, nullable unions, fixed/bytes, and the logical types timestamp, date, decimal and uuid. A field's
 * {@code "faker"} property holds a Datafaker expression. Unions of several non-null types have no Connect equivalent
 * here and are rejected by name.
 */
final class AvroCompiler {

    private static final Faker CHECKER = new Faker();

    private final double nullRate;
    private final boolean inferFromNames;

    private AvroCompiler(double nullRate, boolean inferFromNames) {
        this.nullRate = nullRate;
        this.inferFromNames = inferFromNames;
    }

    static ValueGenerator compile(String schemaText, double nullRate, boolean inferFromNames) {
        org.apache.avro.Schema schema;
        try {
            schema = new org.apache.avro.Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            throw new SchemaProblem("$", "not a valid Avro schema: " + e.getMessage());
        }
        if (schema.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new SchemaProblem("$", "the top level must be an Avro record");
        }
        return new AvroCompiler(nullRate, inferFromNames).node(schema, schema.getName(), schema.getName(), false, null);
    }

    private ValueGenerator node(org.apache.avro.Schema s, String path, String name, boolean optional, String faker) {
        LogicalType logical = s.getLogicalType();
        switch (s.getType()) {
            case RECORD: {
                SchemaBuilder sb = SchemaBuilder.struct().name(s.getFullName());
                Map<String, ValueGenerator> fields = new LinkedHashMap<>();
                for (org.apache.avro.Schema.Field f : s.getFields()) {
                    Object prop = f.getObjectProp("faker");
                    ValueGenerator g = node(f.schema(), path + "." + f.name(), f.name(), false,
                            prop == null ? null : prop.toString());
                    fields.put(f.name(), g);
                    sb.field(f.name(), g.schema);
                }
                if (optional) {
                    sb.optional();
                }
                return new Generators.StructGen(sb.build(), fields);
            }
            case UNION: {
                List<org.apache.avro.Schema> types = new ArrayList<>(s.getTypes());
                boolean hasNull = types.removeIf(t -> t.getType() == org.apache.avro.Schema.Type.NULL);
                if (types.size() != 1) {
                    throw new SchemaProblem(path, "union " + s + " has several non-null types; only [\"null\", T] is supported");
                }
                ValueGenerator inner = node(types.get(0), path, name, hasNull, faker);
                return hasNull && nullRate > 0 ? new Generators.NullableGen(inner.schema, inner, nullRate) : inner;
            }
            case ENUM: {
                List<Object> symbols = new ArrayList<>(s.getEnumSymbols());
                return new Generators.ChoiceGen(optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA, symbols);
            }
            case ARRAY: {
                ValueGenerator items = node(s.getElementType(), path + "[]", name, false, faker);
                SchemaBuilder b = SchemaBuilder.array(items.schema);
                return new Generators.ArrayGen(optional ? b.optional().build() : b.build(), items, 0, 3, false);
            }
            case MAP: {
                ValueGenerator values = node(s.getValueType(), path + "{}", name, false, faker);
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
