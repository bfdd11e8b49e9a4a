package dev.connectai.synthetic;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Confluent datagen's {@code arg.properties} annotations on an Avro type, read as avro-random-generator documents them
 * (github.com/confluentinc/avro-random-generator, README "Schema annotations"): {@code options} (values to pick
 * from, for any type), {@code range} ({@code min} inclusive, {@code max} exclusive, for numbers), {@code regex}
 * (strings), {@code length} (a number or {@code {min, max}}, for strings, bytes and arrays; with a regex, a number is
 * the minimum), and {@code iteration} ({@code start}, {@code step}, {@code restart}, {@code initial}: record n holds
 * start + n*step, wrapping at restart; strings hold the number's text, booleans alternate from start). Datagen
 * counts iterations per task; here record n of a task holds iteration n, so restarts resume the sequence.
 */
final class DatagenArgs {

    static final String PROPERTY = "arg.properties";

    private DatagenArgs() {
    }

    /** The annotations of a type, or null when it has none. */
    static Map<String, Object> of(org.apache.avro.Schema s) {
        Object p = s.getObjectProp(PROPERTY);
        return p instanceof Map<?, ?> m ? cast(m) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** The generator that honours the annotations, built on the type's plain generator {@code g}. */
    static ValueGenerator apply(Map<String, Object> args, org.apache.avro.Schema s, ValueGenerator g, String path) {
        org.apache.avro.Schema.Type type = s.getType() == org.apache.avro.Schema.Type.UNION ? null : s.getType();
        if (args.get("options") instanceof List<?> options) {
            if (options.isEmpty()) {
                throw new SchemaProblem(path, PROPERTY + " options is empty");
            }
            List<Object> values = new ArrayList<>();
            for (Object o : options) {
                try {
                    Object v = toConnect(o, g.schema);
                    ConnectSchema.validateValue(g.schema, v);
                    values.add(v);
                } catch (DataException | ClassCastException | IllegalArgumentException e) {
                    throw new SchemaProblem(path, PROPERTY + " option " + o + " does not fit the type: "
                            + e.getMessage());
                }
            }
            return new Generators.ChoiceGen(g.schema, values);
        }
        if (args.get("iteration") instanceof Map<?, ?> it) {
            return iteration(cast(it), type, g.schema, path);
        }
        if (args.get("range") instanceof Map<?, ?> r) {
            Double min = number(r.get("min"));
            Double max = number(r.get("max"));
            ValueGenerator ranged = range(min, max, s, g.schema, path);
            if (ranged != null) {
                return ranged;
            }
        }
        if (type == org.apache.avro.Schema.Type.STRING && args.get("regex") instanceof String regex) {
            return regex(regex, args.get("length"), g.schema, path);
        }
        Object length = args.get("length");
        if (length != null) {
            int[] bounds = lengthBounds(length, path);
            if (type == org.apache.avro.Schema.Type.ARRAY && g instanceof Generators.ArrayGen a) {
                return new Generators.ArrayGen(a.schema, a.items, bounds[0], bounds[1], false);
            }
            if (type == org.apache.avro.Schema.Type.STRING) {
                return new Generators.TextGen(g.schema, c -> letters(c, bounds[0], bounds[1]), 0, Integer.MAX_VALUE);
            }
            if (type == org.apache.avro.Schema.Type.BYTES && !(s.getLogicalType() instanceof LogicalTypes.Decimal)) {
                return new ValueGenerator(g.schema) {
                    @Override
                    Object next(GenerationContext ctx) {
                        byte[] b = new byte[bounds[0] + ctx.random.nextInt(bounds[1] - bounds[0] + 1)];
                        ctx.random.nextBytes(b);
                        return b;
                    }
                };
            }
        }
        return g;
    }

    /** {length} or {min, max} as an inclusive [min, max]: datagen's max is exclusive. */
    private static int[] lengthBounds(Object length, String path) {
        if (length instanceof Number n) {
            return new int[] {n.intValue(), n.intValue()};
        }
        if (length instanceof Map<?, ?> m) {
            Double min = number(m.get("min"));
            Double max = number(m.get("max"));
            int lo = min == null ? 0 : min.intValue();
            int hi = max == null ? lo + 16 : Math.max(lo, max.intValue() - 1);
            if (max != null && max.intValue() < lo) {
                throw new SchemaProblem(path, PROPERTY + " length min " + lo + " > max " + max.intValue());
            }
            return new int[] {lo, hi};
        }
        throw new SchemaProblem(path, PROPERTY + " length must be a number or {min, max}");
    }

    private static String letters(GenerationContext c, int min, int max) {
        int n = min + c.random.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int k = c.random.nextInt(62);
            sb.append((char) (k < 26 ? 'a' + k : k < 52 ? 'A' + k - 26 : '0' + k - 52));
        }
        return sb.toString();
    }

    private static ValueGenerator regex(String regex, Object length, Schema schema, String path) {
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex);
        } catch (RuntimeException e) {
            throw new SchemaProblem(path, PROPERTY + " regex '" + regex + "' is not a valid regular expression");
        }
        RegexGenerator fast = RegexGenerator.compile(regex);
        if (fast != null && !compiled.matcher(fast.next(new java.util.Random(1))).matches()) {
            fast = null;
        }
        RegexGenerator generator = fast;
        String anchored = regex.replaceAll("^\\^", "").replaceAll("\\$$", "");
        int[] bounds = length == null ? null : length instanceof Number n ? new int[] {n.intValue(), Integer.MAX_VALUE}
                : lengthBounds(length, path);
        return new Generators.TextGen(schema, c -> {
            // A match of the wrong length is drawn again rather than cut, which would break the pattern.
            String s = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                s = generator != null ? generator.next(c.random) : c.faker.regexify(anchored);
                if (bounds == null || s.length() >= bounds[0] && s.length() <= bounds[1]) {
                    break;
                }
            }
            return s;
        }, 0, Integer.MAX_VALUE);
    }

    private static ValueGenerator range(Double min, Double max, org.apache.avro.Schema s, Schema schema, String path) {
        if (min != null && max != null && min >= max) {
            throw new SchemaProblem(path, PROPERTY + " range min " + min + " must be less than max " + max);
        }
        switch (s.getType()) {
            case INT:
            case LONG: {
                boolean int32 = s.getType() == org.apache.avro.Schema.Type.INT;
                long lo = min == null ? 0 : (long) Math.ceil(min);
                long hi = max == null ? lo + (int32 ? 100_000 : 10_000_000) : (long) Math.ceil(max) - 1;
                if (schema.name() == null) {
                    return new Generators.IntGen(schema, lo, hi, 1, int32);
                }
                // date (days) and timestamp-millis: the range is in the Avro unit, the value a java.util.Date
                long unit = org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(schema.name()) ? 86_400_000L
                        : Timestamp.LOGICAL_NAME.equals(schema.name()) ? 1 : 0;
                if (unit == 0) {
                    return null;
                }
                return new ValueGenerator(schema) {
                    @Override
                    Object next(GenerationContext ctx) {
                        return new java.util.Date((lo + (long) (ctx.random.nextDouble() * (hi - lo + 1))) * unit);
                    }
                };
            }
            case FLOAT:
            case DOUBLE: {
                double lo = min == null ? 0 : min;
                double hi = max == null ? lo + 1000 : max;
                return new Generators.DoubleGen(schema, lo, hi, false, true,
                        s.getType() == org.apache.avro.Schema.Type.FLOAT);
            }
            case BYTES:
            case FIXED: {
                if (!(s.getLogicalType() instanceof LogicalTypes.Decimal d)) {
                    return null;
                }
                double lo = min == null ? 0 : min;
                double hi = max == null ? lo + 1000 : max;
                int scale = d.getScale();
                return new ValueGenerator(schema) {
                    @Override
                    Object next(GenerationContext ctx) {
                        BigDecimal v = BigDecimal.valueOf(lo + ctx.random.nextDouble() * (hi - lo))
                                .setScale(scale, RoundingMode.FLOOR);
                        return v.compareTo(BigDecimal.valueOf(hi)) >= 0 ? BigDecimal.valueOf(lo)
                                .setScale(scale, RoundingMode.CEILING) : v;
                    }
                };
            }
            default:
                return null;
        }
    }

    private static ValueGenerator iteration(Map<String, Object> it, org.apache.avro.Schema.Type type, Schema schema,
                                            String path) {
        Double start = number(it.get("start"));
        if (start == null) {
            throw new SchemaProblem(path, PROPERTY + " iteration needs 'start'");
        }
        if (type == org.apache.avro.Schema.Type.BOOLEAN) {
            boolean first = Boolean.TRUE.equals(it.get("start"));
            return new ValueGenerator(schema) {
                @Override
                Object next(GenerationContext ctx) {
                    return first == (ctx.sequence % 2 == 0);
                }
            };
        }
        Double restart = number(it.get("restart"));
        Double stepField = number(it.get("step"));
        double step = stepField != null ? stepField : restart != null && restart < start ? -1 : 1;
        if (step == 0 || restart != null && (restart.equals(start) || (restart > start) != (step > 0))) {
            throw new SchemaProblem(path, PROPERTY + " iteration: step " + step + " never reaches restart "
                    + restart + " from start " + start);
        }
        Double initial = number(it.get("initial"));
        long offset = initial == null ? 0 : Math.round((initial - start) / step);
        long period = restart == null ? 0 : (long) Math.ceil((restart - start) / step);
        boolean integral = type == org.apache.avro.Schema.Type.INT || type == org.apache.avro.Schema.Type.LONG
                || type == org.apache.avro.Schema.Type.STRING;
        if (type == null || !integral && type != org.apache.avro.Schema.Type.FLOAT
                && type != org.apache.avro.Schema.Type.DOUBLE) {
            throw new SchemaProblem(path, PROPERTY + " iteration applies to numbers, booleans and strings");
        }
        long startL = (long) (double) start;
        long stepL = (long) step;
        boolean timestamp = Timestamp.LOGICAL_NAME.equals(schema.name());
        return new ValueGenerator(schema) {
            @Override
            Object next(GenerationContext ctx) {
                long k = offset + ctx.sequence;
                if (period > 0) {
                    k = Math.floorMod(k, period);
                }
                switch (type) {
                    case INT:
                        return (int) (startL + k * stepL);
                    case LONG:
                        return timestamp ? new java.util.Date(startL + k * stepL) : (Object) (startL + k * stepL);
                    case STRING:
                        return Long.toString(startL + k * stepL);
                    case FLOAT:
                        return (float) (start + k * step);
                    default:
                        return start + k * step;
                }
            }
        };
    }

    private static Double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    /** A JSON value from the schema (as Avro hands out properties) as a Connect value of {@code schema}. */
    static Object toConnect(Object v, Schema schema) {
        if (v == null) {
            return null;
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return new java.util.Date(((Number) v).longValue());
        }
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(schema.name())) {
            return new java.util.Date(((Number) v).longValue() * 86_400_000L);
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            return new BigDecimal(v.toString()).setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)),
                    RoundingMode.HALF_UP);
        }
        switch (schema.type()) {
            case STRUCT: {
                Struct s = new Struct(schema);
                Map<?, ?> m = (Map<?, ?>) v;
                for (Field f : schema.fields()) {
                    s.put(f, toConnect(m.get(f.name()), f.schema()));
                }
                return s;
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object o : (List<?>) v) {
                    out.add(toConnect(o, schema.valueSchema()));
                }
                return out;
            }
            case MAP: {
                Map<Object, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) v).forEach((k, x) -> out.put(k.toString(), toConnect(x, schema.valueSchema())));
                return out;
            }
            case INT8:
                return ((Number) v).byteValue();
            case INT16:
                return ((Number) v).shortValue();
            case INT32:
                return ((Number) v).intValue();
            case INT64:
                return ((Number) v).longValue();
            case FLOAT32:
                return ((Number) v).floatValue();
            case FLOAT64:
                return ((Number) v).doubleValue();
            case BYTES:
                return v.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            case BOOLEAN:
                return (Boolean) v;
            default:
                return v.toString();
        }
    }
}
