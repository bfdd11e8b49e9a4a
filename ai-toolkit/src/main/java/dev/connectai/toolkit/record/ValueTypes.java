package dev.connectai.toolkit.record;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;

/** Short, user-facing names of runtime value types for error messages (never the value itself). */
public final class ValueTypes {

    private ValueTypes() {
    }

    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String type;
        if (value instanceof Struct) {
            type = "STRUCT";
        } else if (value instanceof Map) {
            type = "MAP";
        } else if (value instanceof List) {
            type = "ARRAY";
        } else if (value instanceof byte[]) {
            type = "BYTES";
        } else {
            type = value.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
        }
        return ("AEIOU".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }
}
