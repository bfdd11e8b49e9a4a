package dev.connectai.synthetic;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** The building blocks both schema compilers assemble. */
final class Generators {

    private Generators() {
    }

    static final class StructGen extends ValueGenerator {
        final Map<String, ValueGenerator> fields;

        StructGen(Schema schema, Map<String, ValueGenerator> fields) {
            super(schema);
            this.fields = fields;
        }

        @Override
        Object next(GenerationContext ctx) {
            Struct s = new Struct(schema);
            fields.forEach((name, g) -> s.put(name, g.next(ctx)));
            return s;
        }
    }

    /** A schemaless object: a map holding the fields it defines, in schema order. */
    static final class ObjectGen extends ValueGenerator {
        final Map<String, ValueGenerator> fields;

        ObjectGen(Map<String, ValueGenerator> fields) {
            super(null);
            this.fields = fields;
        }

        @Override
        Object next(GenerationContext ctx) {
            Map<String, Object> out = new LinkedHashMap<>(fields.size() * 2);
            fields.forEach((name, g) -> out.put(name, g.next(ctx)));
            return out;
        }
    }

    /** An optional value: null with the given probability. */
    static final class NullableGen extends ValueGenerator {
        final ValueGenerator inner;
        final double nullRate;

        NullableGen(Schema schema, ValueGenerator inner, double nullRate) {
            super(schema);
            this.inner = inner;
            this.nullRate = nullRate;
        }

        @Override
        Object next(GenerationContext ctx) {
            return ctx.random.nextDouble() < nullRate ? null : inner.next(ctx);
        }

        @Override
        Object outlier(GenerationContext ctx) {
            return inner.outlier(ctx);
        }
    }

    static final class ChoiceGen extends ValueGenerator {
        final List<Object> values;

        ChoiceGen(Schema schema, List<Object> values) {
            super(schema);
            this.values = values;
        }

        @Override
        Object next(GenerationContext ctx) {
            return values.get(ctx.random.nextInt(values.size()));
        }
    }

    /** Strings from a function of the context (faker expressions, formats, patterns), clipped to a length range. */
    static final class TextGen extends ValueGenerator {
        final Function<GenerationContext, String> source;
        final int minLength;
        final int maxLength;

        TextGen(Schema schema, Function<GenerationContext, String> source, int minLength, int maxLength) {
            super(schema);
            this.source = source;
            this.minLength = minLength;
            this.maxLength = maxLength;
        }

        @Override
        Object next(GenerationContext ctx) {
            String s = source.apply(ctx);
            if (s.length() > maxLength) {
                s = s.substring(0, maxLength);
            }
            StringBuilder sb = new StringBuilder(s);
            while (sb.length() < minLength) {
                sb.append((char) ('a' + ctx.random.nextInt(26)));
            }
            return sb.toString();
        }

        @Override
        Object outlier(GenerationContext ctx) {
            // Extreme strings: very long, with characters many parsers mishandle.
            return "\u202E\u0000 ☃ 𝄞 '; DROP TABLE x; -- " + "x".repeat(10_000);
        }
    }

    /** Integers in [min, max] that are multiples of {@code step}. */
    static final class IntGen extends ValueGenerator {
        final long min;
        final long max;
        final long step;
        final boolean asInt32;

        IntGen(Schema schema, long min, long max, long step, boolean asInt32) {
            super(schema);
            this.min = min;
            this.max = max;
            this.step = step;
            this.asInt32 = asInt32;
        }

        @Override
        Object next(GenerationContext ctx) {
            long first = Math.floorDiv(min + step - 1, step) * step;
            long count = (max - first) / step + 1;
            long v = first + step * (long) (ctx.random.nextDouble() * count);
            return asInt32 ? (Object) (int) v : (Object) v;
        }

        @Override
        Object outlier(GenerationContext ctx) {
            long v = max >= Long.MAX_VALUE / 2 ? max : max + Math.max(1, Math.abs(max)) * 1000;
            return asInt32 ? (Object) (int) Math.min(Integer.MAX_VALUE, v) : (Object) v;
        }
    }

    static final class DoubleGen extends ValueGenerator {
        final double min;
        final double max;
        final boolean exclusiveMin;
        final boolean exclusiveMax;
        final boolean asFloat;

        DoubleGen(Schema schema, double min, double max, boolean exclusiveMin, boolean exclusiveMax, boolean asFloat) {
            super(schema);
            this.min = min;
            this.max = max;
            this.exclusiveMin = exclusiveMin;
            this.exclusiveMax = exclusiveMax;
            this.asFloat = asFloat;
        }

        @Override
        Object next(GenerationContext ctx) {
            double v;
            do {
                v = min + ctx.random.nextDouble() * (max - min);
                v = Math.round(v * 100.0) / 100.0;
            } while (v < min || v > max || exclusiveMin && v <= min || exclusiveMax && v >= max);
            return asFloat ? (Object) (float) v : (Object) v;
        }

        @Override
        Object outlier(GenerationContext ctx) {
            double v = max + Math.max(1, Math.abs(max)) * 1000;
            return asFloat ? (Object) (float) v : (Object) v;
        }
    }

    static final class BoolGen extends ValueGenerator {
        BoolGen(Schema schema) {
            super(schema);
        }

        @Override
        Object next(GenerationContext ctx) {
            return ctx.random.nextBoolean();
        }
    }

    static final class ArrayGen extends ValueGenerator {
        final ValueGenerator items;
        final int minItems;
        final int maxItems;
        final boolean unique;

        ArrayGen(Schema schema, ValueGenerator items, int minItems, int maxItems, boolean unique) {
            super(schema);
            this.items = items;
            this.minItems = minItems;
            this.maxItems = maxItems;
            this.unique = unique;
        }

        @Override
        Object next(GenerationContext ctx) {
            int n = minItems + ctx.random.nextInt(maxItems - minItems + 1);
            List<Object> out = new ArrayList<>(n);
            Set<Object> seen = unique ? new HashSet<>() : null;
            int attempts = 0;
            while (out.size() < n && attempts++ < n * 50) {
                Object v = items.next(ctx);
                if (!unique || seen.add(v)) {
                    out.add(v);
                }
            }
            return out;
        }
    }

    /** A tuple: one generator per position, then {@code rest} for positions past them, {@code length} in all. */
    static final class TupleGen extends ValueGenerator {
        private static final int ATTEMPTS = 50;
        final List<ValueGenerator> prefix;
        final ValueGenerator rest;
        final int length;
        final boolean unique;

        TupleGen(Schema schema, List<ValueGenerator> prefix, ValueGenerator rest, int length, boolean unique) {
            super(schema);
            this.prefix = prefix;
            this.rest = rest;
            this.length = length;
            this.unique = unique;
        }

        @Override
        Object next(GenerationContext ctx) {
            List<Object> out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                ValueGenerator g = i < prefix.size() ? prefix.get(i) : rest;
                Object v = g.next(ctx);
                for (int attempt = 0; unique && out.contains(v) && attempt < ATTEMPTS; attempt++) {
                    v = g.next(ctx);
                }
                out.add(v);
            }
            return out;
        }
    }

    static final class MapGen extends ValueGenerator {
        final ValueGenerator values;

        MapGen(Schema schema, ValueGenerator values) {
            super(schema);
            this.values = values;
        }

        @Override
        Object next(GenerationContext ctx) {
            int n = ctx.random.nextInt(4);
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                out.put(ctx.faker.lorem().word() + i, values.next(ctx));
            }
            return out;
        }
    }

    static final class DecimalGen extends ValueGenerator {
        final int precision;
        final int scale;

        DecimalGen(Schema schema, int precision, int scale) {
            super(schema);
            this.precision = precision;
            this.scale = scale;
        }

        @Override
        Object next(GenerationContext ctx) {
            int digits = Math.max(1, Math.min(precision, 15));
            long bound = (long) Math.pow(10, digits);
            return new BigDecimal(BigInteger.valueOf((long) (ctx.random.nextDouble() * bound)), scale);
        }
    }

    static final class BytesGen extends ValueGenerator {
        final int size;

        BytesGen(Schema schema, int size) {
            super(schema);
            this.size = size;
        }

        @Override
        Object next(GenerationContext ctx) {
            byte[] b = new byte[size < 0 ? 8 + ctx.random.nextInt(8) : size];
            ctx.random.nextBytes(b);
            return b;
        }
    }

    /** Picks one of several generators (oneOf / anyOf): of the same Connect schema, or schemaless. */
    static final class OneOfGen extends ValueGenerator {
        final List<ValueGenerator> branches;

        OneOfGen(Schema schema, List<ValueGenerator> branches) {
            super(schema);
            this.branches = branches;
        }

        @Override
        Object next(GenerationContext ctx) {
            return branches.get(ctx.random.nextInt(branches.size())).next(ctx);
        }
    }

    /**
     * A oneOf: the value must match exactly one branch, so a value that may also match another branch is drawn again
     * (a bounded number of times, choosing the branch afresh each time).
     */
    static final class ExclusiveOneOfGen extends ValueGenerator {
        private static final int ATTEMPTS = 50;
        final OneOfGen inner;
        final List<dev.connectai.toolkit.schema.SchemaNode> branches;
        final boolean constKeyword;

        ExclusiveOneOfGen(OneOfGen inner, List<dev.connectai.toolkit.schema.SchemaNode> branches,
                          boolean constKeyword) {
            super(inner.schema);
            this.inner = inner;
            this.branches = branches;
            this.constKeyword = constKeyword;
        }

        @Override
        Object next(GenerationContext ctx) {
            Object v = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                v = draw(ctx);
                if (v != NONE) {
                    return v;
                }
            }
            return inner.next(ctx);
        }

        static final Object NONE = new Object();

        /**
         * One value matching only its own branch, or {@link #NONE}: one that may match another branch is given a
         * property that makes those fail, where its branch allows any ({@link BranchMatcher#separated}).
         */
        Object draw(GenerationContext ctx) {
            int chosen = ctx.random.nextInt(branches.size());
            Object v = inner.branches.get(chosen).next(ctx);
            for (int i = 0; i < branches.size(); i++) {
                if (i != chosen && BranchMatcher.mayMatch(branches.get(i), v, constKeyword)) {
                    List<dev.connectai.toolkit.schema.SchemaNode> others = new ArrayList<>(branches);
                    others.remove(chosen);
                    Object separated = BranchMatcher.separated(branches.get(chosen), others, v, constKeyword);
                    return separated == null ? NONE : separated;
                }
            }
            return v;
        }
    }

    /** Object branches of a oneOf merged into one struct: the chosen branch's fields are set, the others null. */
    static final class StructUnionGen extends ValueGenerator {
        final List<StructGen> branches;

        StructUnionGen(Schema schema, List<StructGen> branches) {
            super(schema);
            this.branches = branches;
        }

        @Override
        Object next(GenerationContext ctx) {
            StructGen chosen = branches.get(ctx.random.nextInt(branches.size()));
            Struct s = new Struct(schema);
            Map<String, Object> values = new HashMap<>();
            chosen.fields.forEach((name, g) -> values.put(name, g.next(ctx)));
            values.forEach(s::put);
            return s;
        }
    }

    /**
     * A value that must certainly fail each of some schemas ({@code not}, the {@code if} of a conditional not taken):
     * drawn again until it does. The compiler probes the rate first, so the bound is not reached in practice.
     */
    static final class GuardGen extends ValueGenerator {
        static final int ATTEMPTS = 100;
        final ValueGenerator inner;
        final List<com.fasterxml.jackson.databind.JsonNode> excluded;

        GuardGen(ValueGenerator inner, List<com.fasterxml.jackson.databind.JsonNode> excluded) {
            super(inner.schema);
            this.inner = inner;
            this.excluded = excluded;
        }

        @Override
        Object next(GenerationContext ctx) {
            Object v = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                v = inner.next(ctx);
                if (passes(v)) {
                    return v;
                }
            }
            return v;
        }

        boolean passes(Object v) {
            for (com.fasterxml.jackson.databind.JsonNode x : excluded) {
                if (SchemaVerdict.of(x, v) != SchemaVerdict.FAIL) {
                    return false;
                }
            }
            return true;
        }
    }
}
