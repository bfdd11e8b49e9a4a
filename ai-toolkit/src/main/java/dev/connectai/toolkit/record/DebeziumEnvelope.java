package dev.connectai.toolkit.record;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

/**
 * One Debezium change event, with schemas (a struct named {@code *.Envelope}) or without (a map with {@code op},
 * {@code source} and {@code after} keys), so plugins can work on the row state in {@code after} and put an updated
 * row back. {@link EnvelopePolicy#unwrap} decides whether a value is read as one ({@link #isEnvelope}).
 */
public final class DebeziumEnvelope {

    public static final String AFTER = "after";
    public static final String BEFORE = "before";
    public static final String OP = "op";
    public static final String SOURCE = "source";
    /** The suffix of the name Debezium gives every envelope schema. */
    public static final String ENVELOPE_SUFFIX = ".Envelope";

    /**
     * Envelope schemas with a replaced 'after' schema. The result depends only on the two schemas, so every plugin
     * instance may share it; bounded like the per-instance caches of Kafka's SMTs.
     */
    private static final Cache<SchemaPair, Schema> REWRAPPED = new SynchronizedCache<>(new LRUCache<>(64));

    private record SchemaPair(Schema envelope, Schema after) {
    }

    private final Object value;
    private final Schema schema;

    DebeziumEnvelope(Object value, Schema schema) {
        this.value = value;
        this.schema = schema;
    }

    /**
     * Whether {@code value} is a Debezium change event (the test 'auto' applies): a struct whose schema Debezium
     * named {@code *.Envelope}, or that has {@code op}, {@code after} and a {@code source} struct; without schemas,
     * a map with {@code op}, a {@code source} map and {@code after} or {@code before}. {@code source} is what
     * tells a real event from an ordinary record that happens to have an {@code op} field: taking
     * {@code {"op":"d","after":null}} for a delete would remove a point nobody asked to remove.
     */
    public static boolean isEnvelope(Object value, Schema schema) {
        if (schema != null) {
            if (schema.type() != Schema.Type.STRUCT || schema.field(AFTER) == null || schema.field(OP) == null) {
                return false;
            }
            Field source = schema.field(SOURCE);
            return schema.name() != null && schema.name().endsWith(ENVELOPE_SUFFIX)
                    || source != null && source.schema().type() == Schema.Type.STRUCT;
        }
        return value instanceof Map<?, ?> map && map.containsKey(OP) && map.get(SOURCE) instanceof Map
                && (map.containsKey(AFTER) || map.containsKey(BEFORE));
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

    /** The row after the change; null for a delete. */
    public Object after() {
        return field(AFTER);
    }

    /** The schema of {@code after}; null without schemas. */
    public Schema afterSchema() {
        return schema == null ? null : schema.field(AFTER).schema();
    }

    /** The row before the change, when the source captures it (null otherwise). */
    public Object before() {
        return field(BEFORE);
    }

    public Schema beforeSchema() {
        return schema == null || schema.field(BEFORE) == null ? null : schema.field(BEFORE).schema();
    }

    /** A delete: {@code op} is "d", or there is no row after the change. */
    public boolean isDelete() {
        return "d".equals(op(value)) || after() == null;
    }

    /**
     * A copy of this event with {@code after} replaced; with schemas, the envelope schema is rebuilt around
     * {@code afterSchema} once per input schema and cached.
     */
    public SchemaAndValue withAfter(Schema afterSchema, Object after) {
        if (schema == null) {
            Map<Object, Object> copy = new HashMap<>((Map<?, ?>) value);
            copy.put(AFTER, after);
            return new SchemaAndValue(null, copy);
        }
        Struct envelope = (Struct) value;
        SchemaPair key = new SchemaPair(envelope.schema(), afterSchema);
        Schema updatedSchema = REWRAPPED.get(key);
        if (updatedSchema == null) {
            SchemaBuilder builder = SchemaUtil.copySchemaBasics(envelope.schema(), SchemaBuilder.struct());
            for (Field field : envelope.schema().fields()) {
                builder.field(field.name(), field.name().equals(AFTER) ? afterSchema : field.schema());
            }
            if (envelope.schema().isOptional()) {
                builder.optional();
            }
            updatedSchema = builder.build();
            REWRAPPED.put(key, updatedSchema);
        }
        Struct updated = new Struct(updatedSchema);
        for (Field field : envelope.schema().fields()) {
            updated.put(field.name(), field.name().equals(AFTER) ? after : envelope.get(field));
        }
        return new SchemaAndValue(updatedSchema, updated);
    }

    private Object field(String name) {
        if (value instanceof Struct struct) {
            return struct.schema().field(name) == null ? null : struct.get(name);
        }
        return ((Map<?, ?>) value).get(name);
    }
}
