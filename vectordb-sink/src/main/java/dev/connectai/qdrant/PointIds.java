package dev.connectai.qdrant;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
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
 * Deterministic point ids, so a replayed record overwrites its point instead of adding a twin, and two distinct
 * keys never share a point. Qdrant takes unsigned 64-bit integers and UUIDs, and normalises both (it would read
 * "007" as 7 and an upper-case UUID as its lower-case form), so only their canonical spellings are passed through;
 * every other value becomes a name-based UUID of its exact bytes. {@link #RULES} states which values share a point.
 */
final class PointIds {

    /** Which values share a point id; quoted by the id.strategy documentation. */
    static final String RULES = "Ids: a string that is a canonical unsigned integer (digits only, no sign, "
            + "whitespace or leading zero except '0' itself, at most 18446744073709551615) and an integer value >= 0 "
            + "become that number, so the string '7' and the integer 7 are one point while '007', '+7' and ' 7' are "
            + "others; a canonical UUID string (lower-case, hyphenated 8-4-4-4-12) is used as it is; any other string "
            + "becomes a name-based UUID of its exact UTF-8 bytes (an upper-case UUID is a different string from its "
            + "lower-case form and gets its own id); negative integers, floating-point numbers and booleans count "
            + "as their decimal text ('-5' and -5 are one point); bytes that are valid UTF-8 count as that string, "
            + "other bytes become a UUID of the raw bytes; a struct or map with exactly one field counts as that "
            + "field's value (Debezium's one-column primary keys); any other struct, map or array becomes a UUID of "
            + "a typed encoding, so 1 and '1' inside it differ and field order does not matter. A record key that is "
            + "a string holding U+FFFD, the mark StringConverter leaves for bytes that are not UTF-8, goes to the DLQ: "
            + "distinct byte keys may have become one string; use ByteArrayConverter for such keys. Null, empty and "
            + "blank keys have no id.";

    /** The largest value Qdrant takes as a numeric id, u64::MAX. */
    private static final Pattern UNSIGNED = Pattern.compile("0|[1-9][0-9]{0,19}");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String NAMESPACE = "connect-ai:";
    /*
     * Strings hash as NAMESPACE + their UTF-8 bytes, which never hold 0xFE or 0xFF; raw bytes and typed encodings
     * start with one of those after the namespace, so no two kinds of input can produce the same hash input.
     */
    private static final byte RAW_BYTES = (byte) 0xFF;
    private static final byte TYPED = (byte) 0xFE;

    private PointIds() {
    }

    /**
     * The id of a record key. Unlike field values, a string key may come from StringConverter, which turns every
     * byte sequence that is not UTF-8 into U+FFFD, so such a key no longer tells distinct keys apart.
     */
    static PointId fromKey(Object key) {
        String what = "the record key";
        if (key instanceof String s && s.indexOf('\uFFFD') >= 0) {
            throw new DataException(what + " holds U+FFFD, the replacement character a StringConverter puts for bytes "
                    + "that are not UTF-8, so distinct keys may have become one; set key.converter to "
                    + "org.apache.kafka.connect.converters.ByteArrayConverter to keep such keys apart");
        }
        return fromValue(key, what);
    }

    /** An id from a key or field value, by the rules of {@link #RULES}. */
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
            return fromString(s, what);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            byte[] bytes = bytes(value);
            if (bytes.length == 0) {
                throw new DataException(what + " is empty, so the point has no id");
            }
            String text = utf8(bytes);
            return text != null ? fromString(text, what) : hashed(RAW_BYTES, bytes);
        }
        if (value instanceof Float || value instanceof Double || value instanceof Boolean) {
            return hashed(value.toString());
        }
        if (value instanceof Struct || value instanceof Map || value instanceof List) {
            return hashed(TYPED, typed(value).getBytes(StandardCharsets.UTF_8));
        }
        throw new DataException(what + " is " + ValueTypes.describe(value) + ", which cannot be a point id");
    }

    private static PointId fromString(String s, String what) {
        if (s.isBlank()) {
            throw new DataException(what + " is " + (s.isEmpty() ? "an empty" : "a blank")
                    + " string, so the point has no id");
        }
        if (UNSIGNED.matcher(s).matches()) {
            try {
                return PointIdFactory.id(Long.parseUnsignedLong(s));
            } catch (NumberFormatException aboveU64) {
                return hashed(s);
            }
        }
        if (UUID_TEXT.matcher(s).matches()) {
            return PointIdFactory.id(UUID.fromString(s));
        }
        return hashed(s);
    }

    /**
     * An id from several fields, for id.strategy=hash: tuples of strings without NUL, numbers and booleans hash
     * their texts joined by NUL (as they always have, so those ids are stable); a tuple holding a null, struct, map,
     * array, bytes or a string with NUL hashes a typed encoding instead, so it cannot meet another tuple's text.
     */
    static PointId fromFields(Object root, org.apache.kafka.connect.data.Schema schema, List<FieldPath> fields) {
        List<Object> values = new ArrayList<>();
        boolean plain = true;
        for (FieldPath path : fields) {
            FieldPath.Resolved r = path.resolve(root, schema);
            if (!r.exists()) {
                throw new DataException("id hash " + r.problem());
            }
            Object v = r.value();
            plain &= v instanceof Number || v instanceof Boolean
                    || v instanceof String s && s.indexOf('\u0000') < 0;
            values.add(v);
        }
        if (plain) {
            List<String> parts = new ArrayList<>();
            values.forEach(v -> parts.add(v.toString()));
            return hashed(String.join("\u0000", parts));
        }
        return hashed(TYPED, typed(values).getBytes(StandardCharsets.UTF_8));
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

    private static PointId hashed(byte kind, byte[] content) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(NAMESPACE.getBytes(StandardCharsets.UTF_8));
        input.write(kind);
        input.writeBytes(content);
        return PointIdFactory.id(UUID.nameUUIDFromBytes(input.toByteArray()));
    }

    /** The text of {@code bytes} when they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    /**
     * A typed, length-prefixed text form: each value says its kind, strings their length, structs and maps are
     * sorted by their encoded field names, so two values encode alike only when they are equal (a struct and a
     * map with the same fields and values are one key, as JsonConverter gives either for the same JSON).
     */
    static String typed(Object value) {
        StringBuilder out = new StringBuilder();
        typed(value, out);
        return out.toString();
    }

    private static void typed(Object value, StringBuilder out) {
        if (value == null) {
            out.append('n');
        } else if (value instanceof String s) {
            out.append('s').append(s.length()).append(':').append(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.append('i').append(((Number) value).longValue()).append(';');
        } else if (value instanceof Float || value instanceof Double) {
            out.append('f').append(((Number) value).doubleValue()).append(';');
        } else if (value instanceof BigDecimal d) {
            out.append('d').append(d.toPlainString()).append(';');
        } else if (value instanceof Boolean b) {
            out.append(b ? "b1" : "b0");
        } else if (value instanceof Date d) {
            out.append('t').append(d.getTime()).append(';');
        } else if (value instanceof byte[] || value instanceof ByteBuffer) {
            String b64 = Base64.getEncoder().encodeToString(bytes(value));
            out.append('y').append(b64.length()).append(':').append(b64);
        } else if (value instanceof Struct struct) {
            Map<String, Object> fields = new TreeMap<>();
            for (Field f : struct.schema().fields()) {
                fields.put(typed(f.name()), struct.get(f));
            }
            entries(fields, out);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> fields = new TreeMap<>();
            map.forEach((k, v) -> fields.put(typed(k), v));
            entries(fields, out);
        } else if (value instanceof List<?> list) {
            out.append('[').append(list.size()).append(':');
            list.forEach(v -> typed(v, out));
            out.append(']');
        } else {
            throw new DataException(ValueTypes.describe(value) + " cannot be part of a point id");
        }
    }

    private static void entries(Map<String, Object> encodedKeys, StringBuilder out) {
        out.append('{').append(encodedKeys.size()).append(':');
        encodedKeys.forEach((k, v) -> {
            out.append(k);
            typed(v, out);
        });
        out.append('}');
    }
}
