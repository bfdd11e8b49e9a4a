package dev.connectai.testing.qdrant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.ClearPayloadPoints;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeleteFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePayloadPoints;
import io.qdrant.client.grpc.Points.DeletePointVectors;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointVectors;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import io.qdrant.client.grpc.Points.QueryBatchPoints;
import io.qdrant.client.grpc.Points.QueryBatchResponse;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.QueryResponse;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SearchBatchPoints;
import io.qdrant.client.grpc.Points.SearchBatchResponse;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.SetPayloadPoints;
import io.qdrant.client.grpc.Points.UpdateBatchPoints;
import io.qdrant.client.grpc.Points.UpdateBatchResponse;
import io.qdrant.client.grpc.Points.UpdatePointVectors;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.Points.WithVectorsSelector;
import io.qdrant.client.grpc.PointsGrpc;

/**
 * Qdrant's Points service. Every write is applied before the reply, whatever {@code wait} says, and answered
 * {@code Completed}. Methods not overridden here answer UNIMPLEMENTED (recommend, discover, groups, facet, ...).
 */
final class PointsEndpoint extends PointsGrpc.PointsImplBase {

    private static final int DEFAULT_LIMIT = 10;

    private final CollectionRegistry registry;

    PointsEndpoint(CollectionRegistry registry) {
        this.registry = registry;
    }

    // ---- writes -------------------------------------------------------------------------------------------

    @Override
    public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(upsert(registry.get(request.getCollectionName()),
                request.getPointsList(), request.hasUpdateFilter() ? request.getUpdateFilter() : null), clock));
    }

    @Override
    public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(
                deletePoints(registry.get(request.getCollectionName()), request.getPoints()), clock));
    }

    @Override
    public void setPayload(SetPayloadPoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(setPayload(registry.get(request.getCollectionName()),
                request.getPayloadMap(), request.hasPointsSelector() ? request.getPointsSelector() : null,
                request.hasKey() ? request.getKey() : null, false), clock));
    }

    @Override
    public void overwritePayload(SetPayloadPoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(setPayload(registry.get(request.getCollectionName()),
                request.getPayloadMap(), request.hasPointsSelector() ? request.getPointsSelector() : null,
                request.hasKey() ? request.getKey() : null, true), clock));
    }

    @Override
    public void deletePayload(DeletePayloadPoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(deletePayload(registry.get(request.getCollectionName()),
                request.getKeysList(), request.hasPointsSelector() ? request.getPointsSelector() : null), clock));
    }

    @Override
    public void clearPayload(ClearPayloadPoints request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(
                clearPayload(registry.get(request.getCollectionName()), request.getPoints()), clock));
    }

    @Override
    public void updateVectors(UpdatePointVectors request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(updateVectors(registry.get(request.getCollectionName()),
                request.getPointsList(), request.hasUpdateFilter() ? request.getUpdateFilter() : null), clock));
    }

    @Override
    public void deleteVectors(DeletePointVectors request, StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> written(deleteVectors(registry.get(request.getCollectionName()),
                request.getPointsSelector(), request.getVectors().getNamesList()), clock));
    }

    @Override
    public void updateBatch(UpdateBatchPoints request, StreamObserver<UpdateBatchResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            UpdateBatchResponse.Builder reply = UpdateBatchResponse.newBuilder();
            for (PointsUpdateOperation op : request.getOperationsList()) {
                reply.addResult(completed(apply(c, op)));
            }
            return reply.setTime(clock.seconds()).build();
        });
    }

    @SuppressWarnings("deprecation")
    private long apply(StoredCollection c, PointsUpdateOperation op) {
        switch (op.getOperationCase()) {
            case UPSERT:
                return upsert(c, op.getUpsert().getPointsList(),
                        op.getUpsert().hasUpdateFilter() ? op.getUpsert().getUpdateFilter() : null);
            case DELETE_POINTS:
                return deletePoints(c, op.getDeletePoints().getPoints());
            case DELETE_DEPRECATED:
                return deletePoints(c, op.getDeleteDeprecated());
            case SET_PAYLOAD:
                return setPayload(c, op.getSetPayload().getPayloadMap(),
                        op.getSetPayload().hasPointsSelector() ? op.getSetPayload().getPointsSelector() : null,
                        op.getSetPayload().hasKey() ? op.getSetPayload().getKey() : null, false);
            case OVERWRITE_PAYLOAD:
                return setPayload(c, op.getOverwritePayload().getPayloadMap(),
                        op.getOverwritePayload().hasPointsSelector()
                                ? op.getOverwritePayload().getPointsSelector() : null,
                        op.getOverwritePayload().hasKey() ? op.getOverwritePayload().getKey() : null, true);
            case DELETE_PAYLOAD:
                return deletePayload(c, op.getDeletePayload().getKeysList(),
                        op.getDeletePayload().hasPointsSelector() ? op.getDeletePayload().getPointsSelector() : null);
            case CLEAR_PAYLOAD:
                return clearPayload(c, op.getClearPayload().getPoints());
            case CLEAR_PAYLOAD_DEPRECATED:
                return clearPayload(c, op.getClearPayloadDeprecated());
            case UPDATE_VECTORS:
                return updateVectors(c, op.getUpdateVectors().getPointsList(),
                        op.getUpdateVectors().hasUpdateFilter() ? op.getUpdateVectors().getUpdateFilter() : null);
            case DELETE_VECTORS:
                return deleteVectors(c, op.getDeleteVectors().getPointsSelector(),
                        op.getDeleteVectors().getVectors().getNamesList());
            default:
                throw QdrantErrors.invalidArgument("Operation is not set");
        }
    }

    private static long upsert(StoredCollection c, List<PointStruct> points, Filter updateFilter) {
        // Converted and checked before taking the lock: one bad point rejects the whole batch.
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
            vectors.add(c.schema.acceptAll(p.getVectors()));
        }
        return c.write(() -> {
            long op = c.nextOperationId();
            for (int i = 0; i < points.size(); i++) {
                StoredPoint existing = c.points().get(ids.get(i));
                if (updateFilter != null && existing != null && !PointFilter.matches(updateFilter, existing)) {
                    continue;
                }
                c.points().put(ids.get(i),
                        new StoredPoint(ids.get(i), vectors.get(i), points.get(i).getPayloadMap(), op));
            }
            return op;
        });
    }

    private static long deletePoints(StoredCollection c, PointsSelector selector) {
        return c.write(() -> {
            long op = c.nextOperationId();
            for (PointKey id : selected(c, selector)) {
                c.points().remove(id);
            }
            return op;
        });
    }

    private static long setPayload(StoredCollection c, Map<String, Value> values, PointsSelector selector,
            String key, boolean overwrite) {
        return c.write(() -> {
            List<StoredPoint> targets = existing(c, required(selector));
            long op = c.nextOperationId();
            for (StoredPoint p : targets) {
                Map<String, Value> payload;
                if (key != null) {
                    payload = PayloadPath.of(key).mergeAt(p.payload, values, overwrite);
                } else if (overwrite) {
                    payload = values;
                } else {
                    payload = new LinkedHashMap<>(p.payload);
                    payload.putAll(values);
                }
                c.points().put(p.id, p.withPayload(payload, op));
            }
            return op;
        });
    }

    private static long deletePayload(StoredCollection c, List<String> keys, PointsSelector selector) {
        return c.write(() -> {
            List<StoredPoint> targets = existing(c, required(selector));
            long op = c.nextOperationId();
            for (StoredPoint p : targets) {
                Map<String, Value> payload = p.payload;
                for (String key : keys) {
                    payload = PayloadPath.of(key).removeFrom(payload);
                }
                c.points().put(p.id, p.withPayload(payload, op));
            }
            return op;
        });
    }

    private static long clearPayload(StoredCollection c, PointsSelector selector) {
        return c.write(() -> {
            List<StoredPoint> targets = existing(c, selector);
            long op = c.nextOperationId();
            for (StoredPoint p : targets) {
                c.points().put(p.id, p.withPayload(Map.of(), op));
            }
            return op;
        });
    }

    private static long updateVectors(StoredCollection c, List<PointVectors> updates, Filter updateFilter) {
        List<PointKey> ids = new ArrayList<>();
        List<Map<String, StoredVector>> vectors = new ArrayList<>();
        for (PointVectors u : updates) {
            ids.add(PointKey.of(u.getId()));
            vectors.add(c.schema.acceptAll(u.getVectors()));
        }
        return c.write(() -> {
            for (PointKey id : ids) {
                if (!c.points().containsKey(id)) {
                    throw QdrantErrors.pointNotFound(id);
                }
            }
            long op = c.nextOperationId();
            for (int i = 0; i < ids.size(); i++) {
                StoredPoint p = c.points().get(ids.get(i));
                if (updateFilter != null && !PointFilter.matches(updateFilter, p)) {
                    continue;
                }
                Map<String, StoredVector> merged = new LinkedHashMap<>(p.vectors);
                merged.putAll(vectors.get(i));
                c.points().put(p.id, p.withVectors(merged, op));
            }
            return op;
        });
    }

    private static long deleteVectors(StoredCollection c, PointsSelector selector, List<String> names) {
        for (String name : names) {
            if (c.schema.dense(name) == null && !c.schema.isSparse(name)) {
                throw QdrantErrors.wrongInput("Not existing vector name error: " + name);
            }
        }
        return c.write(() -> {
            List<StoredPoint> targets = existing(c, selector);
            long op = c.nextOperationId();
            for (StoredPoint p : targets) {
                Map<String, StoredVector> kept = new LinkedHashMap<>(p.vectors);
                kept.keySet().removeAll(names);
                c.points().put(p.id, p.withVectors(kept, op));
            }
            return op;
        });
    }

    private static PointsSelector required(PointsSelector selector) {
        if (selector == null) {
            throw QdrantErrors.invalidArgument("PointsSelector is expected");
        }
        return selector;
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

    /** The stored points a selector names; naming a missing id is Qdrant's "No point with id ... found". */
    private static List<StoredPoint> existing(StoredCollection c, PointsSelector selector) {
        List<StoredPoint> out = new ArrayList<>();
        for (PointKey id : selected(c, selector)) {
            StoredPoint p = c.points().get(id);
            if (p == null) {
                throw QdrantErrors.pointNotFound(id);
            }
            out.add(p);
        }
        return out;
    }

    @Override
    public void createFieldIndex(CreateFieldIndexCollection request,
            StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            c.write(() -> {
                PayloadIndexParams params = request.hasFieldIndexParams() ? request.getFieldIndexParams() : null;
                PayloadSchemaType type = indexType(c, request, params);
                c.indexes().put(request.getFieldName(), new StoredCollection.PayloadIndex(type, params));
                return null;
            });
            // Index changes go through Qdrant's collection metadata, not the points WAL: no operation id.
            return PointsOperationResponse.newBuilder()
                    .setResult(UpdateResult.newBuilder().setStatus(UpdateStatus.Completed))
                    .setTime(clock.seconds()).build();
        });
    }

    private static PayloadSchemaType indexType(StoredCollection c, CreateFieldIndexCollection request,
            PayloadIndexParams params) {
        if (request.hasFieldType()) {
            switch (request.getFieldType()) {
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
                    throw QdrantErrors.invalidArgument("Unknown field type");
            }
        }
        if (params != null) {
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
                    break;
            }
        }
        // Like Qdrant, fall back to the type of a value already stored under the key.
        PayloadPath path = PayloadPath.of(request.getFieldName());
        for (StoredPoint p : c.points().values()) {
            for (Value v : path.values(p.payload)) {
                if (v.hasStringValue()) {
                    return PayloadSchemaType.Keyword;
                }
                if (v.hasIntegerValue()) {
                    return PayloadSchemaType.Integer;
                }
                if (v.hasDoubleValue()) {
                    return PayloadSchemaType.Float;
                }
                if (v.hasBoolValue()) {
                    return PayloadSchemaType.Bool;
                }
            }
        }
        throw QdrantErrors.wrongInput("Unable to infer type for the field '" + request.getFieldName()
                + "'. Please specify `field_type`");
    }

    @Override
    public void deleteFieldIndex(DeleteFieldIndexCollection request,
            StreamObserver<PointsOperationResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            c.write(() -> c.indexes().remove(request.getFieldName()));
            return PointsOperationResponse.newBuilder()
                    .setResult(UpdateResult.newBuilder().setStatus(UpdateStatus.Completed))
                    .setTime(clock.seconds()).build();
        });
    }

    private static PointsOperationResponse written(long operationId, Unary.Stopwatch clock) {
        return PointsOperationResponse.newBuilder().setResult(completed(operationId)).setTime(clock.seconds())
                .build();
    }

    private static UpdateResult completed(long operationId) {
        return UpdateResult.newBuilder().setOperationId(operationId).setStatus(UpdateStatus.Completed).build();
    }

    // ---- reads --------------------------------------------------------------------------------------------

    @Override
    public void get(GetPoints request, StreamObserver<GetResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            TreeSet<PointKey> ids = new TreeSet<>();
            for (PointId id : request.getIdsList()) {
                ids.add(PointKey.of(id));
            }
            List<RetrievedPoint> found = c.read(() -> {
                List<RetrievedPoint> out = new ArrayList<>();
                for (PointKey id : ids) {
                    StoredPoint p = c.points().get(id);
                    if (p != null) {
                        out.add(PointViews.retrieved(p, request.getWithPayload(), false, request.getWithVectors()));
                    }
                }
                return out;
            });
            return GetResponse.newBuilder().addAllResult(found).setTime(clock.seconds()).build();
        });
    }

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
    public void search(SearchPoints request, StreamObserver<SearchResponse> observer) {
        Unary.answer(observer, clock -> SearchResponse.newBuilder()
                .addAllResult(search(registry.get(request.getCollectionName()), request))
                .setTime(clock.seconds()).build());
    }

    @Override
    public void searchBatch(SearchBatchPoints request, StreamObserver<SearchBatchResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            SearchBatchResponse.Builder reply = SearchBatchResponse.newBuilder();
            for (SearchPoints search : request.getSearchPointsList()) {
                reply.addResult(BatchResult.newBuilder().addAllResult(search(c, search)));
            }
            return reply.setTime(clock.seconds()).build();
        });
    }

    private static List<ScoredPoint> search(StoredCollection c, SearchPoints request) {
        String using = request.hasVectorName() ? request.getVectorName() : VectorSchema.DEFAULT_NAME;
        StoredVector query = request.hasSparseIndices()
                ? VectorInputs.sparse(request.getSparseIndices().getDataList(), request.getVectorList())
                : new StoredVector.Dense(VectorInputs.floats(request.getVectorList()));
        if (request.getLimit() == 0) {
            throw QdrantErrors.validation("limit", "value 0 invalid, must be 1 or larger");
        }
        return nearest(c, using, query, request.hasFilter() ? request.getFilter() : null,
                (int) request.getLimit(), request.hasOffset() ? (int) request.getOffset() : 0,
                request.hasScoreThreshold() ? request.getScoreThreshold() : null,
                request.getWithPayload(), request.getWithVectors());
    }

    @Override
    public void query(QueryPoints request, StreamObserver<QueryResponse> observer) {
        Unary.answer(observer, clock -> QueryResponse.newBuilder()
                .addAllResult(query(registry.get(request.getCollectionName()), request))
                .setTime(clock.seconds()).build());
    }

    @Override
    public void queryBatch(QueryBatchPoints request, StreamObserver<QueryBatchResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection c = registry.get(request.getCollectionName());
            QueryBatchResponse.Builder reply = QueryBatchResponse.newBuilder();
            for (QueryPoints query : request.getQueryPointsList()) {
                reply.addResult(BatchResult.newBuilder().addAllResult(query(c, query)));
            }
            return reply.setTime(clock.seconds()).build();
        });
    }

    private static List<ScoredPoint> query(StoredCollection c, QueryPoints request) {
        if (request.getPrefetchCount() > 0) {
            throw QdrantErrors.notSupportedHere("prefetch (hybrid queries and fusion)");
        }
        if (request.hasLookupFrom()) {
            throw QdrantErrors.notSupportedHere("lookup_from");
        }
        int limit = request.hasLimit() ? (int) request.getLimit() : DEFAULT_LIMIT;
        int offset = request.hasOffset() ? (int) request.getOffset() : 0;
        Filter filter = request.hasFilter() ? request.getFilter() : null;
        if (!request.hasQuery()) {
            // No query: points in id order, as Scroll would give them.
            return c.read(() -> {
                List<ScoredPoint> out = new ArrayList<>();
                int skipped = 0;
                for (StoredPoint p : c.points().values()) {
                    if (out.size() == limit) {
                        break;
                    }
                    if (filter != null && !PointFilter.matches(filter, p)) {
                        continue;
                    }
                    if (skipped++ < offset) {
                        continue;
                    }
                    out.add(PointViews.scored(p, 0f, request.getWithPayload(), request.getWithVectors()));
                }
                return out;
            });
        }
        if (request.getQuery().getVariantCase() != io.qdrant.client.grpc.Points.Query.VariantCase.NEAREST) {
            throw QdrantErrors.notSupportedHere("query " + request.getQuery().getVariantCase());
        }
        String using = request.hasUsing() ? request.getUsing() : VectorSchema.DEFAULT_NAME;
        VectorInput input = request.getQuery().getNearest();
        StoredVector query = input.getVariantCase() == VectorInput.VariantCase.ID
                ? vectorOf(c, PointKey.of(input.getId()), using)
                : VectorInputs.fromQuery(input);
        return nearest(c, using, query, filter, limit, offset,
                request.hasScoreThreshold() ? request.getScoreThreshold() : null,
                request.getWithPayload(), request.getWithVectors());
    }

    private static StoredVector vectorOf(StoredCollection c, PointKey id, String using) {
        return c.read(() -> {
            StoredPoint p = c.points().get(id);
            if (p == null) {
                throw QdrantErrors.pointNotFound(id);
            }
            StoredVector v = p.vectors.get(using);
            if (v == null) {
                throw QdrantErrors.wrongInput("Vector " + using + " is not found for point " + id);
            }
            return v;
        });
    }

    /** Exact nearest neighbours: every candidate scored, best first, ties by id. */
    private static List<ScoredPoint> nearest(StoredCollection c, String using, StoredVector rawQuery,
            Filter filter, int limit, int offset, Float threshold, WithPayloadSelector withPayload,
            WithVectorsSelector withVectors) {
        StoredVector query = c.schema.acceptQuery(using, rawQuery);
        VectorParams params = c.schema.dense(using);
        boolean largerIsBetter = params == null || params.hasMultivectorConfig()
                || Similarity.largerIsBetter(params.getDistance());
        return c.read(() -> {
            List<StoredPoint> hits = new ArrayList<>();
            List<Float> scores = new ArrayList<>();
            for (StoredPoint p : c.points().values()) {
                StoredVector v = p.vectors.get(using);
                if (v == null || (filter != null && !PointFilter.matches(filter, p))) {
                    continue;
                }
                Float score = score(params, query, v);
                if (score == null || (threshold != null
                        && (largerIsBetter ? score < threshold : score > threshold))) {
                    continue;
                }
                hits.add(p);
                scores.add(score);
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < hits.size(); i++) {
                order.add(i);
            }
            Comparator<Integer> byScore = Comparator.comparing(scores::get);
            order.sort((largerIsBetter ? byScore.reversed() : byScore)
                    .thenComparing(i -> hits.get(i).id));
            List<ScoredPoint> out = new ArrayList<>();
            for (int i = offset; i < order.size() && out.size() < limit; i++) {
                int at = order.get(i);
                out.add(PointViews.scored(hits.get(at), scores.get(at), withPayload, withVectors));
            }
            return out;
        });
    }

    private static Float score(VectorParams params, StoredVector query, StoredVector stored) {
        if (params == null) {
            return Similarity.sparseDot((StoredVector.Sparse) query, (StoredVector.Sparse) stored);
        }
        if (params.hasMultivectorConfig()) {
            return Similarity.maxSim(params.getDistance(), ((StoredVector.Multi) query).rows,
                    ((StoredVector.Multi) stored).rows);
        }
        float internal = Similarity.internal(params.getDistance(), ((StoredVector.Dense) query).values,
                ((StoredVector.Dense) stored).values);
        return Similarity.reported(params.getDistance(), internal);
    }
}
