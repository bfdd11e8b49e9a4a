package dev.connectai.qdrant;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connectai.toolkit.config.ParsingValidator;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The {@code collection.payload.indexes} setting: {@code field:type} entries, the type one of Qdrant's payload
 * schema types. The choice list is read from the client's {@code PayloadSchemaType} (generated from Qdrant's
 * {@code collections.proto}: Keyword, Integer, Float, Geo, Text, Bool, Datetime, Uuid), so it is never typed by
 * hand. Parsed fully at config time: an index is only created with a new collection, so a typo found later would
 * leave the collection without it for good.
 */
final class PayloadIndexes {

    private PayloadIndexes() {
    }

    /** The field types Qdrant can index, as configured (lower case). */
    static List<String> typeNames() {
        return Arrays.stream(PayloadSchemaType.values())
                .filter(t -> t != PayloadSchemaType.UnknownType && t != PayloadSchemaType.UNRECOGNIZED)
                .map(t -> t.name().toLowerCase(Locale.ROOT))
                .toList();
    }

    /** Field to index type, in the order given; throws {@link IllegalArgumentException} naming the bad entry. */
    static Map<String, PayloadSchemaType> parse(List<String> entries) {
        Map<String, PayloadSchemaType> out = new LinkedHashMap<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String field = colon < 0 ? "" : entry.substring(0, colon).trim();
            String type = colon < 0 ? "" : entry.substring(colon + 1).trim();
            if (field.isEmpty() || type.isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' is not field:type (type one of "
                        + String.join(", ", typeNames()) + ")");
            }
            PayloadSchemaType schemaType = typeOf(type);
            if (schemaType == null) {
                throw new IllegalArgumentException("'" + entry + "': '" + type + "' is not a Qdrant payload index "
                        + "type; use one of " + String.join(", ", typeNames()));
            }
            if (out.put(field, schemaType) != null) {
                throw new IllegalArgumentException("field '" + field + "' is given twice");
            }
        }
        return out;
    }

    private static PayloadSchemaType typeOf(String word) {
        for (PayloadSchemaType t : PayloadSchemaType.values()) {
            if (t != PayloadSchemaType.UnknownType && t != PayloadSchemaType.UNRECOGNIZED && t.name().equalsIgnoreCase(word)) {
                return t;
            }
        }
        return null;
    }

    static ConfigDef.Validator validator() {
        return ParsingValidator.list(PayloadIndexes::parse, "field:type entries, type one of "
                + String.join(", ", typeNames()));
    }
}
