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
        if (value instanceof Struct) {
            return "a STRUCT";
        }
        if (value instanceof Map) {
            return "a MAP";
        }
        if (value instanceof List) {
            return "an ARRAY";
        }
        if (value instanceof byte[]) {
            return "BYTES";
        }
        return "a " + value.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }
}
