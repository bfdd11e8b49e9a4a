package dev.connectai.qdrantapi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.StrictModeConfig;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;

/**
 * A collection's strict mode, as far as this server enforces it: {@code upsert_max_batchsize} and
 * {@code unindexed_filtering_update}. A collection created with strict mode enabled and any other limit is refused
 * (UNIMPLEMENTED) rather than run without it. Qdrant checks strict mode before the operation reaches its WAL, so
 * these errors come back even with {@code wait=false}. Copies qdrant/qdrant (v1.16.2)
 * lib/storage/src/content_manager/collection_verification.rs {@code check_strict_mode_toc_batch} (only when
 * {@code enabled}), lib/collection/src/operations/verification/update.rs
 * {@code StrictModeVerification for PointInsertOperations::check_custom} and mod.rs {@code check_request_filter}
 * and {@code check_limit_opt}; a {@code CollectionError::StrictMode} becomes {@code StorageError::BadRequest}
 * (lib/storage/src/content_manager/errors.rs), so the answer is INVALID_ARGUMENT "Bad request: ...".
 */
final class StrictMode {

    private static final Set<String> SUPPORTED = Set.of("enabled", "upsert_max_batchsize",
            "unindexed_filtering_update");

    private final Long upsertMaxBatchSize;
    private final boolean unindexedFilteringUpdate;

    private StrictMode(Long upsertMaxBatchSize, boolean unindexedFilteringUpdate) {
        this.upsertMaxBatchSize = upsertMaxBatchSize;
        this.unindexedFilteringUpdate = unindexedFilteringUpdate;
    }

    /** The strict mode a create request asks for; null when it is off. */
    static StrictMode of(StrictModeConfig config) {
        if (!config.hasEnabled() || !config.getEnabled()) {
            return null;
        }
        for (FieldDescriptor f : config.getAllFields().keySet()) {
            if (!SUPPORTED.contains(f.getName())) {
                throw QdrantErrors.notSupportedHere("strict mode " + f.getName());
            }
        }
        return new StrictMode(config.hasUpsertMaxBatchsize() ? config.getUpsertMaxBatchsize() : null,
                !config.hasUnindexedFilteringUpdate() || config.getUnindexedFilteringUpdate());
    }

    void checkUpsert(int points) {
        if (upsertMaxBatchSize != null && points > upsertMaxBatchSize) {
            throw limitExceeded(points, upsertMaxBatchSize, "upsert limit");
        }
    }

    /** An update or delete by filter; only under the collection's lock, which guards its indexes. */
    void checkFilterUpdate(Filter filter, Map<String, StoredCollection.PayloadIndex> indexes) {
        if (unindexedFilteringUpdate) {
            return;
        }
        Unindexed found = firstUnindexed(null, filter, indexes);
        if (found != null) {
            Set<String> names = new TreeSet<>();
            for (Capability c : found.required) {
                names.add(c.schemaName);
            }
            throw QdrantErrors.badRequest("Index required but not found for \"" + found.key
                    + "\" of one of the following types: [" + String.join(", ", names)
                    + "]. Help: Create an index for this key or use a different filter.");
        }
    }

    private static RuntimeException limitExceeded(long value, long limit, String name) {
        return QdrantErrors.badRequest("Limit exceeded " + value + " > " + limit + " for \"" + name
                + "\". Help: Reduce the \"" + name + "\" parameter to or below " + limit + ".");
    }

    // ---- which payload keys a filter needs indexed: lib/collection/src/problems/unindexed_field.rs ----------

    /** Qdrant's FieldIndexType, each with the schema name its error message suggests. */
    private enum Capability {
        INT_MATCH("integer"), INT_RANGE("integer"), KEYWORD_MATCH("keyword"), FLOAT_RANGE("float"),
        TEXT("text"), TEXT_PHRASE("text (with phrase_matching: true)"), BOOL_MATCH("bool"), UUID_MATCH("uuid"),
        UUID_RANGE("uuid"), DATETIME_RANGE("datetime"), GEO("geo");

        final String schemaName;

        Capability(String schemaName) {
            this.schemaName = schemaName;
        }
    }

    private static final class Unindexed {
        final String key;
        final Set<Capability> required;

        Unindexed(String key, Set<Capability> required) {
            this.key = key;
            this.required = required;
        }
    }

    /** Extractor::update_from_filter_once: conditions in must, must_not, should, min_should order. */
    private static Unindexed firstUnindexed(String prefix, Filter filter,
            Map<String, StoredCollection.PayloadIndex> indexes) {
        List<Condition> conditions = new ArrayList<>(filter.getMustList());
        conditions.addAll(filter.getMustNotList());
        conditions.addAll(filter.getShouldList());
        if (filter.hasMinShould()) {
            conditions.addAll(filter.getMinShould().getConditionsList());
        }
        for (Condition c : conditions) {
            Unindexed found = unindexed(prefix, c, indexes);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Unindexed unindexed(String prefix, Condition c, Map<String, StoredCollection.PayloadIndex> indexes) {
        String key;
        Set<Capability> required;
        switch (c.getConditionOneOfCase()) {
            case FIELD:
                key = c.getField().getKey();
                required = required(c.getField());
                break;
            case FILTER:
                return firstUnindexed(prefix, c.getFilter(), indexes);
            case NESTED:
                return firstUnindexed(join(prefix, c.getNested().getKey() + "[]"), c.getNested().getFilter(),
                        indexes);
            case IS_EMPTY:
                key = c.getIsEmpty().getKey();
                required = EnumSet.allOf(Capability.class);
                break;
            case IS_NULL:
                key = c.getIsNull().getKey();
                required = EnumSet.allOf(Capability.class);
                break;
            default:
                // has_id and has_vector need no payload index.
                return null;
        }
        String fullKey = join(prefix, key);
        StoredCollection.PayloadIndex index = indexes.get(fullKey);
        if (index != null) {
            Set<Capability> has = capabilities(index.type, index.params);
            for (Capability r : required) {
                if (has.contains(r)) {
                    return null;
                }
            }
        }
        return required.isEmpty() ? null : new Unindexed(fullKey, required);
    }

    private static String join(String prefix, String key) {
        return prefix == null ? key : prefix + "." + key;
    }

    /** infer_index_from_field_condition. */
    private static Set<Capability> required(FieldCondition f) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        if (f.hasMatch()) {
            Match m = f.getMatch();
            switch (m.getMatchValueCase()) {
                case KEYWORD:
                    strings(List.of(m.getKeyword()), out);
                    break;
                case KEYWORDS:
                    strings(m.getKeywords().getStringsList(), out);
                    break;
                case EXCEPT_KEYWORDS:
                    strings(m.getExceptKeywords().getStringsList(), out);
                    break;
                case INTEGER:
                case INTEGERS:
                case EXCEPT_INTEGERS:
                    out.add(Capability.INT_MATCH);
                    break;
                case BOOLEAN:
                    out.add(Capability.BOOL_MATCH);
                    break;
                case TEXT:
                case TEXT_ANY:
                    out.add(Capability.TEXT);
                    break;
                case PHRASE:
                    out.add(Capability.TEXT_PHRASE);
                    break;
                default:
                    break;
            }
        }
        if (f.hasRange()) {
            out.add(Capability.FLOAT_RANGE);
            out.add(Capability.INT_RANGE);
        }
        if (f.hasDatetimeRange()) {
            out.add(Capability.DATETIME_RANGE);
        }
        if (f.hasGeoBoundingBox() || f.hasGeoRadius() || f.hasGeoPolygon()) {
            out.add(Capability.GEO);
        }
        if (f.hasValuesCount() || f.hasIsEmpty() || f.hasIsNull()) {
            out.addAll(EnumSet.allOf(Capability.class));
        }
        return out;
    }

    private static void strings(List<String> values, Set<Capability> out) {
        boolean allUuids = true;
        for (String s : values) {
            try {
                UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                allUuids = false;
            }
        }
        if (allUuids) {
            out.add(Capability.UUID_MATCH);
        }
        out.add(Capability.KEYWORD_MATCH);
    }

    /** schema_capabilities. */
    private static Set<Capability> capabilities(PayloadSchemaType type, PayloadIndexParams params) {
        switch (type) {
            case Keyword:
                return EnumSet.of(Capability.KEYWORD_MATCH);
            case Integer: {
                Set<Capability> out = EnumSet.noneOf(Capability.class);
                boolean hasParams = params != null && params.hasIntegerIndexParams();
                if (!hasParams || !params.getIntegerIndexParams().hasLookup()
                        || params.getIntegerIndexParams().getLookup()) {
                    out.add(Capability.INT_MATCH);
                }
                if (!hasParams || !params.getIntegerIndexParams().hasRange()
                        || params.getIntegerIndexParams().getRange()) {
                    out.add(Capability.INT_RANGE);
                }
                return out;
            }
            case Uuid:
                return EnumSet.of(Capability.UUID_MATCH, Capability.UUID_RANGE);
            case Bool:
                return EnumSet.of(Capability.BOOL_MATCH);
            case Float:
                return EnumSet.of(Capability.FLOAT_RANGE);
            case Geo:
                return EnumSet.of(Capability.GEO);
            case Text:
                return params != null && params.hasTextIndexParams()
                        && params.getTextIndexParams().getPhraseMatching()
                        ? EnumSet.of(Capability.TEXT, Capability.TEXT_PHRASE) : EnumSet.of(Capability.TEXT);
            case Datetime:
                return EnumSet.of(Capability.DATETIME_RANGE);
            default:
                return EnumSet.noneOf(Capability.class);
        }
    }
}
