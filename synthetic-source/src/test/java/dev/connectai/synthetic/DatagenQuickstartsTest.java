package dev.connectai.synthetic;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Confluent datagen's 38 bundled quickstart schemas (a verbatim copy in the shared reference folder): 1,000 records
 * each, and every value of every field annotated with {@code arg.properties} honours its annotation as
 * avro-random-generator documents it: options (one of the listed values), range (min inclusive, max exclusive),
 * regex (a full match), length, iteration (record n holds start + n*step, wrapping at restart). The checks read the
 * annotations from the schema text themselves, not through the generator's code.
 */
class DatagenQuickstartsTest {

    static final int RECORDS = 1000;

    /** The shared reference folder, found from the module or the worktree. */
    static Path reference(String folder) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/reference").resolve(folder);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("shared/reference/" + folder + " not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyAnnotatedFieldOfEveryQuickstartHonoursItsAnnotation() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(reference("datagen-quickstarts"))) {
            files = s.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
        assertThat(files).hasSize(38);
        List<String> failures = new ArrayList<>();
        long checked = 0;
        int passed = 0;
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(text);
            Check check = new Check(file.getFileName().toString());
            try {
                List<SourceRecord> records = SyntheticFixtures.take(SyntheticFixtures.task(Map.of("schema.type",
                        "avro", "schema", text, "null.rate", "0.1"), 0, 1, null), RECORDS);
                assertThat(records).hasSize(RECORDS);
                for (int n = 0; n < RECORDS; n++) {
                    SourceRecord r = records.get(n);
                    ConnectSchema.validateValue(r.valueSchema(), r.value());
                    check.value(avro, null, r.value(), n, "$");
                }
            } catch (RuntimeException | AssertionError e) {
                check.fail("$", "generation failed: " + e);
            }
            checked += check.values;
            if (check.problems.isEmpty()) {
                passed++;
            } else {
                failures.addAll(check.problems.subList(0, Math.min(5, check.problems.size())));
            }
        }
        System.out.printf("datagen quickstarts: %d/%d pass; %d annotated values checked in %d records each%n",
                passed, files.size(), checked, RECORDS);
        failures.forEach(f -> System.out.println("  " + f));
        assertThat(failures).isEmpty();
        assertThat(passed).isEqualTo(38);
    }

    /** Walks one value along its Avro schema, checking each annotation met on the way. */
    private static final class Check {
        final String file;
        final List<String> problems = new ArrayList<>();
        long values;

        Check(String file) {
            this.file = file;
        }

        void fail(String path, String problem) {
            problems.add(file + " " + path + ": " + problem);
        }

        void value(org.apache.avro.Schema s, Map<String, Object> fieldArgs, Object v, int n, String path) {
            if (s.getType() == org.apache.avro.Schema.Type.UNION) {
                if (v == null) {
                    return;
                }
                org.apache.avro.Schema inner = s.getTypes().stream()
                        .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow();
                value(inner, fieldArgs, v, n, path);
                return;
            }
            Map<String, Object> args = fieldArgs != null ? fieldArgs : props(s.getObjectProp("arg.properties"));
            if (args != null && v != null) {
                values++;
                annotation(args, s, v, n, path);
            }
            switch (s.getType()) {
                case RECORD -> {
                    Struct st = (Struct) v;
                    for (org.apache.avro.Schema.Field f : s.getFields()) {
                        value(f.schema(), props(f.getObjectProp("arg.properties")), st.get(f.name()), n,
                                path + "." + f.name());
                    }
                }
                case ARRAY -> {
                    for (Object e : (List<?>) v) {
                        value(s.getElementType(), null, e, -1, path + "[]");
                    }
                }
                case MAP -> {
                    for (Object e : ((Map<?, ?>) v).values()) {
                        value(s.getValueType(), null, e, -1, path + "{}");
                    }
                }
                default -> {
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> props(Object o) {
            return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        }

        private void annotation(Map<String, Object> args, org.apache.avro.Schema s, Object v, int n, String path) {
            Object plain = plain(v);
            if (s.getLogicalType() instanceof org.apache.avro.LogicalTypes.Date) {
                plain = (Long) plain / 86_400_000L; // Avro's date counts days
            }
            if (args.get("options") instanceof List<?> options) {
                Object norm = norm(plain);
                if (options.stream().noneMatch(o -> norm(o).equals(norm))) {
                    fail(path, plain + " is not one of the options " + options);
                }
                return;
            }
            if (args.get("iteration") instanceof Map<?, ?> it) {
                if (n < 0) {
                    return; // inside an array or map datagen counts per element; records are checked at top level
                }
                Object expected = iterationValue(it, s.getType(), n);
                if (!norm(expected).equals(norm(plain))) {
                    fail(path, "record " + n + " holds " + plain + ", iteration " + it + " gives " + expected);
                }
                return;
            }
            if (args.get("range") instanceof Map<?, ?> r && plain instanceof Number num) {
                double x = num.doubleValue();
                if (r.get("min") instanceof Number min && x < min.doubleValue()
                        || r.get("max") instanceof Number max && x >= max.doubleValue()) {
                    fail(path, x + " is outside range " + r);
                }
            }
            if (args.get("regex") instanceof String regex && !Pattern.compile(regex).matcher(plain.toString())
                    .matches()) {
                fail(path, "'" + plain + "' does not match " + regex);
            }
            Object length = args.get("length");
            if (length != null) {
                int len = plain instanceof List<?> l ? l.size() : plain instanceof byte[] b ? b.length
                        : plain.toString().length();
                if (length instanceof Number exact) {
                    boolean ok = args.containsKey("regex") ? len >= exact.intValue() : len == exact.intValue();
                    if (!ok) {
                        fail(path, "length " + len + " breaks length " + exact);
                    }
                } else if (length instanceof Map<?, ?> m) {
                    int min = m.get("min") instanceof Number x ? x.intValue() : 0;
                    int max = m.get("max") instanceof Number x ? x.intValue() : Integer.MAX_VALUE;
                    if (len < min || len > max || max > min && len >= max) {
                        fail(path, "length " + len + " breaks length " + m);
                    }
                }
            }
        }

        /** What record n holds under datagen's iteration (start, step, restart, initial). */
        private static Object iterationValue(Map<?, ?> it, org.apache.avro.Schema.Type type, int n) {
            if (type == org.apache.avro.Schema.Type.BOOLEAN) {
                return Boolean.TRUE.equals(it.get("start")) == (n % 2 == 0);
            }
            BigDecimal start = new BigDecimal(it.get("start").toString());
            BigDecimal restart = it.get("restart") == null ? null : new BigDecimal(it.get("restart").toString());
            BigDecimal step = it.get("step") != null ? new BigDecimal(it.get("step").toString())
                    : restart != null && restart.compareTo(start) < 0 ? BigDecimal.ONE.negate() : BigDecimal.ONE;
            BigDecimal value = it.get("initial") != null ? new BigDecimal(it.get("initial").toString()) : start;
            for (int i = 0; i < n; i++) {
                value = value.add(step);
                if (restart != null && (step.signum() > 0 ? value.compareTo(restart) >= 0
                        : value.compareTo(restart) <= 0)) {
                    value = start;
                }
            }
            return type == org.apache.avro.Schema.Type.STRING ? value.toPlainString() : value;
        }

        /** A Connect value as the plain JSON-like value an annotation speaks of. */
        private static Object plain(Object v) {
            if (v instanceof Struct s) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Field f : s.schema().fields()) {
                    m.put(f.name(), plain(s.get(f)));
                }
                return m;
            }
            if (v instanceof java.util.Date d) {
                return d.getTime();
            }
            if (v instanceof List<?> l) {
                return l.stream().map(Check::plain).toList();
            }
            if (v instanceof Map<?, ?> m) {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, plain(x)));
                return out;
            }
            return v;
        }

        /** Numbers compared at float precision (float fields hold what the schema's decimal rounds to). */
        private static Object norm(Object v) {
            if (v instanceof Number x) {
                return new BigDecimal(x.toString()).round(new MathContext(7)).stripTrailingZeros();
            }
            if (v instanceof List<?> l) {
                return l.stream().map(Check::norm).toList();
            }
            if (v instanceof Map<?, ?> m) {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k.toString(), norm(x)));
                return out;
            }
            return v;
        }
    }
}
