package dev.connectai.toolkit.record;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Recognises Debezium change events, with schemas (a struct named {@code *.Envelope}) or without
 * (a map with {@code op} and {@code after} keys), so plugins can work on the row state in {@code after}.
 */
public final class DebeziumEnvelope {

    public static final String AFTER = "after";
    public static final String BEFORE = "before";
    public static final String OP = "op";

    private DebeziumEnvelope() {
    }

    public static boolean isEnvelope(Object value, Schema schema) {
        if (schema != null) {
            return schema.type() == Schema.Type.STRUCT
                    && schema.field(AFTER) != null
                    && schema.field(OP) != null
                    && (schema.name() == null || schema.name().endsWith(".Envelope")
                        || schema.field("source") != null);
        }
        return value instanceof Map<?, ?> map && map.containsKey(OP) && map.containsKey(AFTER);
    }

    public static String op(Object value) {
        if (value instanceof Struct struct) {
            Object op = struct.get(OP);
            return op == null ? null : op.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Object op = map.get(OP);
            return op == null ? null : op.toString();
        }
        return null;
    }
}
