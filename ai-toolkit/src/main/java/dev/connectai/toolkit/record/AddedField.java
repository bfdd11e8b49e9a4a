package dev.connectai.toolkit.record;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

/**
 * The field a transform adds to each record (a field of the same name is replaced). With schemas, the widened
 * schema is built once per input schema and cached, as Kafka's own SMTs do.
 */
public final class AddedField {

    private final String name;
    private final Schema schema;
    private final Cache<Schema, Schema> widened = new SynchronizedCache<>(new LRUCache<>(16));

    public AddedField(String name, Schema schema) {
        this.name = name;
        this.schema = schema;
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    /** {@code input}'s fields, without one named like this field, then this field. */
    public Schema schemaFor(Schema input) {
        Schema updated = widened.get(input);
        if (updated == null) {
            SchemaBuilder builder = SchemaUtil.copySchemaBasics(input, SchemaBuilder.struct());
            for (Field field : input.fields()) {
                if (!field.name().equals(name)) {
                    builder.field(field.name(), field.schema());
                }
            }
            builder.field(name, schema);
            if (input.isOptional()) {
                builder.optional(); // copySchemaBasics does not carry optionality, and Debezium's 'after' needs it
            }
            updated = builder.build();
            widened.put(input, updated);
        }
        return updated;
    }

    /** A copy of {@code input} with this field set to {@code value}. */
    public Struct addTo(Struct input, Object value) {
        Struct out = new Struct(schemaFor(input.schema()));
        for (Field field : input.schema().fields()) {
            if (!field.name().equals(name)) {
                out.put(field.name(), input.get(field));
            }
        }
        return out.put(name, value);
    }

    /** A copy of a schemaless {@code input} with this field set to {@code value}. */
    public Map<Object, Object> addTo(Map<?, ?> input, Object value) {
        Map<Object, Object> out = new HashMap<>(input);
        out.put(name, value);
        return out;
    }
}
