package dev.connectai.toolkit.record;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.connectai.toolkit.config.ParsingValidator;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * A dotted path such as {@code doc.body} into a {@link Struct} or a {@link Map} value.
 * Resolution distinguishes "missing" (the path does not exist) from "present but null",
 * because the first is a data error and the second follows the user's null policy.
 */
public final class FieldPath {

    private final String text;
    private final List<String> segments;

    private FieldPath(String text) {
        this.text = text;
        this.segments = List.copyOf(Arrays.asList(text.split("\\.", -1)));
    }

    public static FieldPath parse(String text) {
        Objects.requireNonNull(text, "path");
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("a field path must not be empty");
        }
        for (String segment : trimmed.split("\\.", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("field path '" + text + "' has an empty segment");
            }
        }
        return new FieldPath(trimmed);
    }

    /** Validates a setting holding an optional path: empty, or a path {@link #parse} accepts. */
    public static ConfigDef.Validator validator() {
        return ParsingValidator.optional(FieldPath::parse, "a dotted field path such as 'body' or 'doc.body'");
    }

    public List<String> segments() {
        return segments;
    }

    /** Finds the value at this path; the result says whether the path existed and, with schemas, its schema. */
    public Resolved resolve(Object root, Schema rootSchema) {
        Object current = root;
        Schema schema = rootSchema;
        for (int i = 0; i < segments.size(); i++) {
            String name = segments.get(i);
            if (current == null) {
                // A null parent: the field may exist in the schema, but its value is null.
                if (schema != null && schema.type() == Schema.Type.STRUCT) {
                    Field field = schema.field(name);
                    if (field == null) {
                        return Resolved.missing(prefix(i + 1));
                    }
                    schema = field.schema();
                    continue;
                }
                return Resolved.present(null, null);
            }
            if (current instanceof Struct struct) {
                Field field = struct.schema().field(name);
                if (field == null) {
                    return Resolved.missing(prefix(i + 1));
                }
                current = struct.get(field);
                schema = field.schema();
            } else if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(name)) {
                    return Resolved.missing(prefix(i + 1));
                }
                current = map.get(name);
                schema = null;
            } else {
                return Resolved.notAContainer(prefix(i), current);
            }
        }
        return Resolved.present(current, schema);
    }

    private String prefix(int count) {
        return String.join(".", segments.subList(0, count));
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The outcome of resolving a path. {@code problem} is null when the path exists. */
    public record Resolved(Object value, Schema schema, String problem) {

        static Resolved present(Object value, Schema schema) {
            return new Resolved(value, schema, null);
        }

        static Resolved missing(String at) {
            return new Resolved(null, null, "field '" + at + "' does not exist");
        }

        static Resolved notAContainer(String at, Object value) {
            return new Resolved(null, null, "field '" + at + "' is " + ValueTypes.describe(value)
                    + ", not a struct or map, so it has no sub-fields");
        }

        public boolean exists() {
            return problem == null;
        }
    }
}
