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
import org.apache.kafka.connect.errors.DataException;

/**
 * Turns a record's fields into Qdrant payload, nested values staying nested. Struct, Map and schemaless JSON
 * values all work (Qdrant's own sink cannot serialise Structs). Nesting is bounded by {@link NestingLimit};
 * NaN and infinite numbers, which JSON cannot hold and Qdrant refuses, become null or fail the record.
 */
final class PayloadMapper {

    private final Set<String> include;
    private final Set<String> exclude;
    private final NestingLimit nesting;
    private final QdrantSinkConfig.NonFinite nonFinite;

    PayloadMapper(List<String> include, List<String> exclude, Set<String> vectorFields, NestingLimit nesting,
                  QdrantSinkConfig.NonFinite nonFinite) {
        this.include = Set.copyOf(include.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        java.util.HashSet<String> ex = new java.util.HashSet<>(vectorFields);
        exclude.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(ex::add);
        this.exclude = Set.copyOf(ex);
        this.nesting = nesting;
        this.nonFinite = nonFinite;
    }

    Map<String, Value> payload(Object root) {
        Map<String, Value> out = new LinkedHashMap<>();
        NestingLimit.Path top = NestingLimit.Path.root("$");
        if (root instanceof Struct struct) {
            for (Field f : struct.schema().fields()) {
                if (keep(f.name())) {
                    out.put(f.name(), value(struct.get(f), top.field(f.name())));
                }
            }
        } else if (root instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String name = String.valueOf(k);
                if (keep(name)) {
                    out.put(name, value(v, top.field(name)));
                }
            });
        }
        return out;
    }

    private boolean keep(String name) {
        return (include.isEmpty() || include.contains(name)) && !exclude.contains(name);
    }

    /** Converts a value at {@code path}; recursion is at most {@link NestingLimit#maxDepth()} deep. */
    private Value value(Object v, NestingLimit.Path path) {
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
                    ? ValueFactory.value(d.longValueExact()) : finite(d.doubleValue(), path);
        }
        if (v instanceof Number n) {
            return finite(n.doubleValue(), path);
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
        if (v instanceof Struct || v instanceof Map || v instanceof List) {
            // The payload itself is level 1, so a container at path depth d is level d + 1.
            if (path.depth() + 1 > nesting.maxDepth()) {
                throw nesting.tooDeep(path);
            }
        }
        if (v instanceof Struct struct) {
            Map<String, Value> fields = new LinkedHashMap<>();
            for (Field f : struct.schema().fields()) {
                fields.put(f.name(), value(struct.get(f), path.field(f.name())));
            }
            return ValueFactory.value(fields);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Value> fields = new LinkedHashMap<>();
            map.forEach((k, x) -> fields.put(String.valueOf(k), value(x, path.field(k))));
            return ValueFactory.value(fields);
        }
        if (v instanceof List<?> list) {
            List<Value> items = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                items.add(value(list.get(i), path.index(i)));
            }
            return ValueFactory.list(items);
        }
        return ValueFactory.value(v.toString());
    }

    /** A double as payload; NaN and ±Infinity have no JSON form, and Qdrant rejects them ("cannot convert to json number"). */
    private Value finite(double d, NestingLimit.Path path) {
        if (Double.isFinite(d)) {
            return ValueFactory.value(d);
        }
        if (nonFinite == QdrantSinkConfig.NonFinite.FAIL) {
            throw new DataException("payload field " + path + " is " + d + ", which JSON and Qdrant cannot store; set "
                    + QdrantSinkConfig.PAYLOAD_NON_FINITE + "=null to store null instead");
        }
        return ValueFactory.nullValue();
    }
}
