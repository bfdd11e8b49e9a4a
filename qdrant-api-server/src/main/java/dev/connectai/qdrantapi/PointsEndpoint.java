package dev.connectai.qdrantapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import io.qdrant.client.grpc.Points.SetPayloadPoints;
import io.qdrant.client.grpc.Points.UpdateBatchPoints;
import io.qdrant.client.grpc.Points.UpdateBatchResponse;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.PointsGrpc;

/**
 * Qdrant's Points service. Every write is applied before the reply; with {@code wait} it is answered
 * {@code Completed}, without it {@code Acknowledged}, and points that fail the checks Qdrant makes only after
 * acknowledging are dropped with a log line, as Qdrant drops them. Methods not overridden here answer UNIMPLEMENTED (recommend, discover, groups, facet, ...).
 */
final class PointsEndpoint extends PointsGrpc.PointsImplBase {

    private static final System.Logger LOG = System.getLogger(PointsEndpoint.class.getName());

    private static final int DEFAULT_LIMIT = 10;

    private final CollectionRegistry registry;

    PointsEndpoint(CollectionRegistry registry) {
        this.registry = registry;
    }

    // ---- writes -------------------------------------------------------------------------------------------

    @Override
    public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(upsert(registry.get(request.getCollectionName()),
                request.getPointsList(), request.hasUpdateFilter() ? request.getUpdateFilter() : null,
                waits(request.hasWait(), request.getWait())), clock));
    }

    @Override
    public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(deletePoints(registry.get(request.getCollectionName()),
                request.getPoints(), waits(request.hasWait(), request.getWait())), clock));
    }

    @Override
    public void overwritePayload(SetPayloadPoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(payloadWrite(registry.get(request.getCollectionName()),
                List.of(new PayloadChange(request.getPayloadMap(), request.getPointsSelector(), true, false)),
                waits(request.hasWait(), request.getWait())), clock));
    }

    @Override
    public void setPayload(SetPayloadPoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(payloadWrite(registry.get(request.getCollectionName()),
                List.of(new PayloadChange(request.getPayloadMap(), request.getPointsSelector(), false,
                        request.hasKey())), waits(request.hasWait(), request.getWait())), clock));
    }

    /**
     * Qdrant's UpdateBatch applies its operations one after the other, each as its own operation, and stops at the
     * first that fails, whose error is the answer (qdrant/qdrant src/tonic/api/update_common.rs
     * {@code update_batch}: a loop over the operations with {@code ?}; an empty operation is "Operation is missing").
     * Only the payload operations are served here. OverwritePayload ignores a {@code key} ({@code overwrite_payload}
     * there sets it to None); SetPayload with a nested key answers UNIMPLEMENTED here.
     */
    @Override
    public void updateBatch(UpdateBatchPoints request, StreamObserver<UpdateBatchResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            boolean wait = waits(request.hasWait(), request.getWait());
            UpdateBatchResponse.Builder reply = UpdateBatchResponse.newBuilder();
            for (PointsUpdateOperation op : request.getOperationsList()) {
                PayloadChange change;
                switch (op.getOperationCase()) {
                    case OVERWRITE_PAYLOAD -> change = new PayloadChange(op.getOverwritePayload().getPayloadMap(),
                            op.getOverwritePayload().getPointsSelector(), true, false);
                    case OPERATION_NOT_SET -> throw QdrantErrors.invalidArgument("Operation is missing");
                    case SET_PAYLOAD -> change = new PayloadChange(op.getSetPayload().getPayloadMap(),
                            op.getSetPayload().getPointsSelector(), false, op.getSetPayload().hasKey());
                    default -> throw QdrantErrors.notSupportedHere("update_batch operation " + op.getOperationCase());
                }
                Written w = payloadWrite(c, List.of(change), wait);
                reply.addResult(UpdateResult.newBuilder().setOperationId(w.operationId)
                        .setStatus(w.waited ? UpdateStatus.Completed : UpdateStatus.Acknowledged));
            }
            return reply.setTime(clock.seconds()).build();
        });
    }

    /** One SetPayload or OverwritePayload: the payload, the points, and whether it replaces the whole payload. */
    private record PayloadChange(Map<String, Value> payload, PointsSelector selector, boolean overwrite,
                                 boolean nested) {
    }

    /**
     * OverwritePayload replaces a point's whole payload and leaves its vectors alone; SetPayload replaces only the
     * top-level keys it names (qdrant/qdrant lib/collection/src/collection_manager/segments_updater.rs
     * {@code overwrite_payload}: {@code set_full_payload}; {@code set_payload}). Both update the stored points they
     * name and then fail with NOT_FOUND "No point with id .. found" for the first id that is not stored
     * ({@code check_unprocessed_points}); a filter selects stored points only, so it never fails that way.
     */
    private static Written payloadWrite(StoredCollection c, List<PayloadChange> changes, boolean wait) {
        for (PayloadChange change : changes) {
            if (change.nested()) {
                throw QdrantErrors.notSupportedHere("set_payload with a nested key");
            }
            PayloadValues.requireJson(change.payload());
        }
        return new Written(c.write(() -> {
            long op = c.nextOperationId();
            for (PayloadChange change : changes) {
                PointKey missing = null;
                for (PointKey id : selected(c, change.selector())) {
                    StoredPoint existing = c.points().get(id);
                    if (existing == null) {
                        missing = missing == null ? id : missing;
                        continue;
                    }
                    Map<String, Value> payload = change.payload();
                    if (!change.overwrite()) {
                        payload = new LinkedHashMap<>(existing.payload);
                        payload.putAll(change.payload());
                    }
                    c.points().put(id, new StoredPoint(id, existing.vectors, payload, op));
                }
                if (missing != null) {
                    throw QdrantErrors.pointNotFound(missing);
                }
            }
            return op;
        }), wait);
    }

    /** Qdrant's gRPC API reads an absent {@code wait} as false (src/tonic/api/points_api.rs: unwrap_or(false)). */
    private static boolean waits(boolean hasWait, boolean wait) {
        return hasWait && wait;
    }

    /** An applied or acknowledged write: its operation id and whether the client waited for it. */
    private static final class Written {
        final long operationId;
        final boolean waited;

        Written(long operationId, boolean waited) {
            this.operationId = operationId;
            this.waited = waited;
        }
    }

    /**
     * Qdrant's split between what is checked before a write is acknowledged and what only after (qdrant/qdrant
     * v1.16.2): the request is converted first (src/tonic/api/update_common.rs {@code upsert}:
     * {@code PointStruct::try_from}: ids, payload as JSON, vectors read) and strict mode checked
     * (src/common/update.rs {@code do_upsert_points}); errors there come back whatever {@code wait} says. Then
     * the operation is written to the WAL and, with {@code wait=false}, answered {@code Acknowledged}
     * (lib/collection/src/shards/local_shard/shard_ops.rs {@code update}); the vectors are checked against the
     * collection only when the update worker applies it, and a failure there is just logged ("Update operation
     * declined: ...", lib/collection/src/collection_manager/collection_updater.rs
     * {@code handle_update_result}). Qdrant applies a batch's points in hash-map order until one fails, so which
     * of the others land is unspecified; here they are applied in request order up to the first failing point.
     * Since v1.18.1 Qdrant also checks dense dimensions before the WAL (src/common/validate_vectors.rs
     * {@code validate_vector_dimensions}); this server answers as the 1.16.2 it reports itself as.
     */
    private static Written upsert(StoredCollection c, List<PointStruct> points, Filter updateFilter, boolean wait) {
        List<PointKey> ids = new ArrayList<>();
        List<Map<String, StoredVector>> vectors = new ArrayList<>();
        for (PointStruct p : points) {
            if (!p.hasId()) {
                throw QdrantErrors.invalidArgument("Empty ID is not allowed");
            }
            if (!p.hasVectors()) {
                throw QdrantErrors.invalidArgument("Expected some vectors");
            }
            ids.add(PointKey.of(p.getId()));
            PayloadValues.requireJson(p.getPayloadMap());
            vectors.add(VectorSchema.read(p.getVectors()));
        }
        if (c.strictMode != null) {
            c.strictMode.checkUpsert(points.size());
        }
        if (wait) {
            // Checked before taking the lock: one bad point rejects the whole batch.
            List<Map<String, StoredVector>> stored = new ArrayList<>();
            for (Map<String, StoredVector> v : vectors) {
                stored.add(c.schema.acceptAll(v));
            }
            return new Written(c.write(() -> {
                long op = c.nextOperationId();
                for (int i = 0; i < points.size(); i++) {
                    put(c, op, ids.get(i), stored.get(i), points.get(i), updateFilter);
                }
                return op;
            }), true);
        }
        return new Written(c.write(() -> {
            long op = c.nextOperationId();
            for (int i = 0; i < points.size(); i++) {
                Map<String, StoredVector> stored;
                try {
                    stored = c.schema.acceptAll(vectors.get(i));
                } catch (StatusRuntimeException declined) {
                    LOG.log(System.Logger.Level.WARNING, "Update operation declined: "
                            + declined.getStatus().getDescription());
                    break;
                }
                put(c, op, ids.get(i), stored, points.get(i), updateFilter);
            }
            return op;
        }), false);
    }

    /** Under the write lock. */
    private static void put(StoredCollection c, long op, PointKey id, Map<String, StoredVector> vectors,
            PointStruct point, Filter updateFilter) {
        StoredPoint existing = c.points().get(id);
        if (updateFilter != null && existing != null && !PointFilter.matches(updateFilter, existing)) {
            return;
        }
        c.points().put(id, new StoredPoint(id, vectors, point.getPayloadMap(), op));
    }

    private static Written deletePoints(StoredCollection c, PointsSelector selector, boolean wait) {
        return new Written(c.write(() -> {
            if (c.strictMode != null && selector.hasFilter()) {
                c.strictMode.checkFilterUpdate(selector.getFilter(), c.indexes());
            }
            long op = c.nextOperationId();
            for (PointKey id : selected(c, selector)) {
                c.points().remove(id);
            }
            return op;
        }), wait);
    }

    /** Ids a selector names (whether stored or not), or the stored points its filter matches. Under a lock. */
    private static List<PointKey> selected(StoredCollection c, PointsSelector selector) {
        List<PointKey> out = new ArrayList<>();
        switch (selector.getPointsSelectorOneOfCase()) {
            case POINTS:
                for (PointId id : selector.getPoints().getIdsList()) {
                    out.add(PointKey.of(id));
                }
                return out;
            case FILTER:
                for (StoredPoint p : c.points().values()) {
                    if (PointFilter.matches(selector.getFilter(), p)) {
                        out.add(p.id);
                    }
                }
                return out;
            default:
                throw QdrantErrors.invalidArgument("PointsSelector is empty");
        }
    }

    @Override
    public void createFieldIndex(CreateFieldIndexCollection request,
            StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            c.write(() -> {
                PayloadIndexParams params = request.hasFieldIndexParams() ? request.getFieldIndexParams() : null;
                PayloadSchemaType type = indexType(request, params);
                c.indexes().put(request.getFieldName(), new StoredCollection.PayloadIndex(type, params));
                return null;
            });
            // Index changes go through Qdrant's collection metadata, not the points WAL: no operation id.
            return PointsOperationResponse.newBuilder()
                    .setResult(UpdateResult.newBuilder().setStatus(UpdateStatus.Completed))
                    .setTime(clock.seconds()).build();
        });
    }

    /**
     * The index type a request names. Copies qdrant/qdrant src/tonic/api/update_common.rs
     * {@code convert_field_type}: no {@code field_type} at all is "cannot convert field_type"; params of another
     * type do not match; and src/common/update.rs {@code do_create_index}: a type Qdrant cannot read with no params
     * is a bad request ("Can't auto-detect field type"). Qdrant never infers the type from stored values.
     */
    private static PayloadSchemaType indexType(CreateFieldIndexCollection request, PayloadIndexParams params) {
        if (!request.hasFieldType()) {
            throw QdrantErrors.invalidArgument("cannot convert field_type");
        }
        PayloadSchemaType type = schemaType(request.getFieldType());
        if (type == null) {
            if (params != null) {
                throw QdrantErrors.invalidArgument("field type is missing");
            }
            throw QdrantErrors.badRequest(
                    "Can't auto-detect field type, please specify `field_schema` in the request");
        }
        if (params != null && params.getIndexParamsCase() != PayloadIndexParams.IndexParamsCase.INDEXPARAMS_NOT_SET
                && paramsType(params) != type) {
            // Rust's Debug of the prost enum: the variant name without its FieldType prefix.
            throw QdrantErrors.invalidArgument("field_type (" + request.getFieldType().name().substring(
                    "FieldType".length()) + ") and field_index_params do not match");
        }
        return type;
    }

    private static PayloadSchemaType schemaType(io.qdrant.client.grpc.Points.FieldType t) {
        switch (t) {
            case FieldTypeKeyword:
                return PayloadSchemaType.Keyword;
            case FieldTypeInteger:
                return PayloadSchemaType.Integer;
            case FieldTypeFloat:
                return PayloadSchemaType.Float;
            case FieldTypeGeo:
                return PayloadSchemaType.Geo;
            case FieldTypeText:
                return PayloadSchemaType.Text;
            case FieldTypeBool:
                return PayloadSchemaType.Bool;
            case FieldTypeDatetime:
                return PayloadSchemaType.Datetime;
            case FieldTypeUuid:
                return PayloadSchemaType.Uuid;
            default:
                return null;
        }
    }

    private static PayloadSchemaType paramsType(PayloadIndexParams params) {
        switch (params.getIndexParamsCase()) {
            case KEYWORD_INDEX_PARAMS:
                return PayloadSchemaType.Keyword;
            case INTEGER_INDEX_PARAMS:
                return PayloadSchemaType.Integer;
            case FLOAT_INDEX_PARAMS:
                return PayloadSchemaType.Float;
            case GEO_INDEX_PARAMS:
                return PayloadSchemaType.Geo;
            case TEXT_INDEX_PARAMS:
                return PayloadSchemaType.Text;
            case BOOL_INDEX_PARAMS:
                return PayloadSchemaType.Bool;
            case DATETIME_INDEX_PARAMS:
                return PayloadSchemaType.Datetime;
            case UUID_INDEX_PARAMS:
                return PayloadSchemaType.Uuid;
            default:
                return null;
        }
    }

    private static PointsOperationResponse written(Written w, Unary.Stopwatch clock) {
        return PointsOperationResponse.newBuilder()
                .setResult(UpdateResult.newBuilder().setOperationId(w.operationId)
                        .setStatus(w.waited ? UpdateStatus.Completed : UpdateStatus.Acknowledged))
                .setTime(clock.seconds()).build();
    }

    // ---- reads --------------------------------------------------------------------------------------------

    @Override
    public void scroll(ScrollPoints request, StreamObserver<ScrollResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            if (request.hasOrderBy()) {
                throw QdrantErrors.notSupportedHere("scroll with order_by");
            }
            int limit = request.hasLimit() ? request.getLimit() : DEFAULT_LIMIT;
            if (limit == 0) {
                throw QdrantErrors.badRequest("Limit cannot be 0");
            }
            PointKey offset = request.hasOffset() ? PointKey.of(request.getOffset()) : null;
            return c.read(() -> {
                ScrollResponse.Builder reply = ScrollResponse.newBuilder();
                Iterable<StoredPoint> from = offset == null ? c.points().values()
                        : c.points().tailMap(offset, true).values();
                int taken = 0;
                for (StoredPoint p : from) {
                    if (request.hasFilter() && !PointFilter.matches(request.getFilter(), p)) {
                        continue;
                    }
                    if (taken == limit) {
                        reply.setNextPageOffset(p.id.toGrpc());
                        break;
                    }
                    reply.addResult(PointViews.retrieved(p, request.getWithPayload(), true,
                            request.getWithVectors()));
                    taken++;
                }
                return reply.setTime(clock.seconds()).build();
            });
        });
    }

    /**
     * Points by id, as Qdrant's Retrieve: ids not stored are left out, each id comes once, in the order asked
     * (qdrant/qdrant lib/collection/src/collection/point_ops.rs {@code retrieve}); no payload unless asked
     * ({@code with_payload} absent is {@code Bool(false)} there) and no vectors unless asked.
     */
    @Override
    public void get(GetPoints request, StreamObserver<GetResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            return c.read(() -> {
                GetResponse.Builder reply = GetResponse.newBuilder();
                java.util.Set<PointKey> seen = new java.util.HashSet<>();
                for (PointId id : request.getIdsList()) {
                    PointKey key = PointKey.of(id);
                    StoredPoint p = c.points().get(key);
                    if (p != null && seen.add(key)) {
                        reply.addResult(PointViews.retrieved(p,
                                request.hasWithPayload() ? request.getWithPayload() : null, false,
                                request.hasWithVectors() ? request.getWithVectors() : null));
                    }
                }
                return reply.setTime(clock.seconds()).build();
            });
        });
    }

    @Override
    public void count(CountPoints request, StreamObserver<CountResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            long count = c.read(() -> request.hasFilter()
                    ? c.points().values().stream().filter(p -> PointFilter.matches(request.getFilter(), p)).count()
                    : (long) c.points().size());
            return CountResponse.newBuilder().setResult(CountResult.newBuilder().setCount(count))
                    .setTime(clock.seconds()).build();
        });
    }

    @Override
    public void query(QueryPoints request, StreamObserver<QueryResponse> observer) {
        Unary.answer(observer, clock -> QueryResponse.newBuilder()
                .addAllResult(UniversalQuery.run(registry.get(request.getCollectionName()), request))
                .setTime(clock.seconds()).build());
    }
}
