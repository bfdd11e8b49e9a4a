package dev.connectai.qdrant;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.qdrant.client.ValueFactory;
import io.qdrant.client.grpc.JsonWithInt.Value;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a record's fields into Qdrant payload, nested values staying nested. Struct, Map and schemaless JSON
 * values all work (Qdrant's own sink cannot serialise Structs).
 */
final class PayloadMapper {

    private final Set<String> include;
    private final Set<String> exclude;

    PayloadMapper(List<String> include, List<String> exclude, Set<String> vectorFields) {
        this.include = Set.copyOf(include.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        java.util.HashSet<String> ex = new java.util.HashSet<>(vectorFields);
        exclude.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(ex::add);
        this.exclude = Set.copyOf(ex);
    }

    Map<String, Value> payload(Object root) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (root instanceof Struct struct) {
            for (Field f : struct.schema().fields()) {
                if (keep(f.name())) {
                    out.put(f.name(), value(struct.get(f)));
                }
            }
        } else if (root instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String name = String.valueOf(k);
                if (keep(name)) {
                    out.put(name, value(v));
                }
            });
        }
        return out;
    }

    private boolean keep(String name) {
        return (include.isEmpty() || include.contains(name)) && !exclude.contains(name);
    }

    static Value value(Object v) {
        if (v == null) {
            return ValueFactory.nullValue();
        }
        if (v instanceof String s) {
            return ValueFactory.value(s);
        }
        if (v instanceof Boolean b) {
            return ValueFactory.value(b);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ValueFactory.value(((Number) v).longValue());
        }
        if (v instanceof BigDecimal d) {
            return d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    ? ValueFactory.value(d.longValueExact()) : ValueFactory.value(d.doubleValue());
        }
        if (v instanceof Number n) {
            return ValueFactory.value(n.doubleValue());
        }
        if (v instanceof Date d) {
            return ValueFactory.value(d.toInstant().toString());
        }
        if (v instanceof byte[] bytes) {
            return ValueFactory.value(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return ValueFactory.value(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof Struct struct) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (Field f : struct.schema().fields()) {
                fields.put(f.name(), value(struct.get(f)));
            }
            return ValueFactory.value(fields);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Value> fields = new LinkedHashMap<>();
            map.forEach((k, x) -> fields.put(String.valueOf(k), value(x)));
            return ValueFactory.value(fields);
        }
        if (v instanceof List<?> list) {
            List<Value> items = new ArrayList<>(list.size());
            list.forEach(x -> items.add(value(x)));
            return ValueFactory.list(items);
        }
        return ValueFactory.value(v.toString());
    }
}
