package dev.connectai.qdrant;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.connectai.toolkit.record.FieldPath;
import dev.connectai.toolkit.record.ValueTypes;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.grpc.Common.PointId;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Deterministic point ids, so a replayed record overwrites its point instead of adding a twin. Qdrant takes
 * unsigned integers and UUIDs; anything else becomes a name-based UUID of its canonical text.
 */
final class PointIds {

    private static final Pattern UNSIGNED = Pattern.compile("\\d{1,18}");
    private static final String NAMESPACE = "connect-ai:";

    private PointIds() {
    }

    /** An id from a key or field value: UUID strings and non-negative integers as they are, others hashed. */
    static PointId fromValue(Object value, String what) {
        if (value == null) {
            throw new DataException(what + " is null, so the point has no id");
        }
        if (value instanceof Struct struct && struct.schema().fields().size() == 1) {
            // Debezium keys are structs of the primary key columns; a one-column key is just that column.
            return fromValue(struct.get(struct.schema().fields().get(0)), what);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            return fromValue(map.values().iterator().next(), what);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            return n >= 0 ? PointIdFactory.id(n) : hashed(Long.toString(n));
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.isEmpty()) {
                throw new DataException(what + " is an empty string, so the point has no id");
            }
            if (UNSIGNED.matcher(t).matches()) {
                return PointIdFactory.id(Long.parseLong(t));
            }
            try {
                if (t.length() == 36) {
                    return PointIdFactory.id(UUID.fromString(t));
                }
            } catch (IllegalArgumentException notAUuid) {
                // falls through to a hashed id
            }
            return hashed(t);
        }
        if (value instanceof Float || value instanceof Double || value instanceof Boolean) {
            return hashed(value.toString());
        }
        if (value instanceof Struct || value instanceof Map || value instanceof List) {
            return hashed(canonical(value));
        }
        throw new DataException(what + " is " + ValueTypes.describe(value) + ", which cannot be a point id");
    }

    static PointId fromFields(Object root, org.apache.kafka.connect.data.Schema schema, List<FieldPath> fields) {
        List<String> parts = new ArrayList<>();
        for (FieldPath path : fields) {
            FieldPath.Resolved r = path.resolve(root, schema);
            if (!r.exists()) {
                throw new DataException("id hash " + r.problem());
            }
            parts.add(canonical(r.value()));
        }
        return hashed(String.join("\u0000", parts));
    }

    static PointId fromCoordinates(String topic, int partition, long offset) {
        return hashed(topic + "/" + partition + "/" + offset);
    }

    /** The id of chunk {@code index} of a document. */
    static PointId chunk(String documentId, int index) {
        return hashed(documentId + "#chunk-" + index);
    }

    static String text(PointId id) {
        return id.hasUuid() ? id.getUuid() : Long.toUnsignedString(id.getNum());
    }

    private static PointId hashed(String text) {
        return PointIdFactory.id(UUID.nameUUIDFromBytes((NAMESPACE + text).getBytes(StandardCharsets.UTF_8)));
    }

    /** A stable text form: struct and map fields sorted by name, so field order never changes an id. */
    static String canonical(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Struct struct) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Field f : struct.schema().fields()) {
                sorted.put(f.name(), struct.get(f));
            }
            return canonical(sorted);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            StringBuilder sb = new StringBuilder("{");
            sorted.forEach((k, v) -> sb.append(k).append('=').append(canonical(v)).append(';'));
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            list.forEach(v -> sb.append(canonical(v)).append(';'));
            return sb.append(']').toString();
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }
}
