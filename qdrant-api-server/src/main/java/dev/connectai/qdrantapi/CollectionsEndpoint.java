package dev.connectai.qdrantapi;

import java.util.Map;

import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.ChangeAliases;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.ListAliasesRequest;
import io.qdrant.client.grpc.Collections.ListAliasesResponse;
import io.qdrant.client.grpc.Collections.ListCollectionAliasesRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.Collections.OptimizerStatus;
import io.qdrant.client.grpc.Collections.OptimizersConfigDiff;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Collections.WalConfigDiff;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.JsonWithInt.Value;

/**
 * Qdrant's Collections service: create, describe, list, check and delete collections, and their aliases
 * (UpdateAliases, ListAliases, ListCollectionAliases). Get and CollectionExists resolve an alias to its
 * collection, Delete and ListCollectionAliases take the collection's own name, as in Qdrant.
 */
final class CollectionsEndpoint extends CollectionsGrpc.CollectionsImplBase {

    // Qdrant's built-in defaults, reported for whatever a create request left unset.
    private static final HnswConfigDiff DEFAULT_HNSW = HnswConfigDiff.newBuilder()
            .setM(16).setEfConstruct(100).setFullScanThreshold(10000).setMaxIndexingThreads(0).setOnDisk(false)
            .build();
    private static final OptimizersConfigDiff DEFAULT_OPTIMIZERS = OptimizersConfigDiff.newBuilder()
            .setDeletedThreshold(0.2).setVacuumMinVectorNumber(1000).setDefaultSegmentNumber(0)
            .setIndexingThreshold(10000).setFlushIntervalSec(5).build();
    private static final WalConfigDiff DEFAULT_WAL = WalConfigDiff.newBuilder()
            .setWalCapacityMb(32).setWalSegmentsAhead(0).build();

    private final CollectionRegistry registry;

    CollectionsEndpoint(CollectionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> observer) {
        Unary.answer(observer, clock -> {
            registry.create(request);
            return CollectionOperationResponse.newBuilder().setResult(true).setTime(clock.seconds()).build();
        });
    }

    @Override
    public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> observer) {
        Unary.answer(observer, clock -> {
            StoredCollection collection = registry.get(request.getCollectionName());
            CollectionInfo info = collection.read(() -> describe(collection));
            return GetCollectionInfoResponse.newBuilder().setResult(info).setTime(clock.seconds()).build();
        });
    }

    @Override
    public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> observer) {
        Unary.answer(observer, clock -> {
            ListCollectionsResponse.Builder reply = ListCollectionsResponse.newBuilder();
            for (String name : registry.names()) {
                reply.addCollections(CollectionDescription.newBuilder().setName(name));
            }
            return reply.setTime(clock.seconds()).build();
        });
    }

    @Override
    public void collectionExists(CollectionExistsRequest request,
            StreamObserver<CollectionExistsResponse> observer) {
        Unary.answer(observer, clock -> CollectionExistsResponse.newBuilder()
                .setResult(CollectionExists.newBuilder().setExists(registry.exists(request.getCollectionName())))
                .setTime(clock.seconds()).build());
    }

    @Override
    public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> observer) {
        Unary.answer(observer, clock -> CollectionOperationResponse.newBuilder()
                .setResult(registry.delete(request.getCollectionName())).setTime(clock.seconds()).build());
    }

    @Override
    public void updateAliases(ChangeAliases request, StreamObserver<CollectionOperationResponse> observer) {
        Unary.answer(observer, clock -> {
            registry.updateAliases(request.getActionsList());
            return CollectionOperationResponse.newBuilder().setResult(true).setTime(clock.seconds()).build();
        });
    }

    @Override
    public void listAliases(ListAliasesRequest request, StreamObserver<ListAliasesResponse> observer) {
        Unary.answer(observer, clock -> ListAliasesResponse.newBuilder().addAllAliases(registry.aliases())
                .setTime(clock.seconds()).build());
    }

    @Override
    public void listCollectionAliases(ListCollectionAliasesRequest request,
            StreamObserver<ListAliasesResponse> observer) {
        Unary.answer(observer, clock -> {
            ListAliasesResponse.Builder reply = ListAliasesResponse.newBuilder();
            for (String alias : registry.aliasesOf(request.getCollectionName())) {
                reply.addAliases(io.qdrant.client.grpc.Collections.AliasDescription.newBuilder()
                        .setAliasName(alias).setCollectionName(request.getCollectionName()));
            }
            return reply.setTime(clock.seconds()).build();
        });
    }

    private static CollectionInfo describe(StoredCollection collection) {
        CreateCollection created = collection.request;
        CollectionParams.Builder params = CollectionParams.newBuilder()
                .setShardNumber(created.hasShardNumber() ? created.getShardNumber() : 1)
                .setOnDiskPayload(!created.hasOnDiskPayload() || created.getOnDiskPayload())
                .setReplicationFactor(created.hasReplicationFactor() ? created.getReplicationFactor() : 1)
                .setWriteConsistencyFactor(
                        created.hasWriteConsistencyFactor() ? created.getWriteConsistencyFactor() : 1);
        if (created.hasVectorsConfig()
                && created.getVectorsConfig().getConfigCase() != VectorsConfig.ConfigCase.CONFIG_NOT_SET) {
            params.setVectorsConfig(created.getVectorsConfig());
        } else {
            // A collection created without dense vectors reports an empty map of them, as Qdrant does.
            params.setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.getDefaultInstance()));
        }
        if (created.hasSparseVectorsConfig()) {
            params.setSparseVectorsConfig(collection.schema.sparseConfig(created.getSparseVectorsConfig()));
        }
        if (created.hasShardingMethod()) {
            params.setShardingMethod(created.getShardingMethod());
        }
        CollectionConfig.Builder config = CollectionConfig.newBuilder()
                .setParams(params)
                .setHnswConfig(DEFAULT_HNSW.toBuilder().mergeFrom(created.getHnswConfig()))
                .setOptimizerConfig(DEFAULT_OPTIMIZERS.toBuilder().mergeFrom(created.getOptimizersConfig()))
                .setWalConfig(DEFAULT_WAL.toBuilder().mergeFrom(created.getWalConfig()))
                .putAllMetadata(created.getMetadataMap());
        if (created.hasQuantizationConfig()) {
            config.setQuantizationConfig(created.getQuantizationConfig());
        }
        if (created.hasStrictModeConfig()) {
            config.setStrictModeConfig(created.getStrictModeConfig());
        }
        CollectionInfo.Builder info = CollectionInfo.newBuilder()
                .setStatus(CollectionStatus.Green)
                .setOptimizerStatus(OptimizerStatus.newBuilder().setOk(true))
                .setSegmentsCount(1)
                .setConfig(config)
                .setPointsCount(collection.points().size())
                // Nothing is ever indexed: Qdrant only builds HNSW above 10000 kB of vectors per segment.
                .setIndexedVectorsCount(0);
        for (Map.Entry<String, StoredCollection.PayloadIndex> e : collection.indexes().entrySet()) {
            PayloadSchemaInfo.Builder schema = PayloadSchemaInfo.newBuilder()
                    .setDataType(e.getValue().type)
                    .setPoints(indexedPoints(collection, e.getKey(), e.getValue().type));
            if (e.getValue().params != null) {
                schema.setParams(e.getValue().params);
            }
            info.putPayloadSchema(e.getKey(), schema.build());
        }
        return info.build();
    }

    private static long indexedPoints(StoredCollection collection, String key, PayloadSchemaType type) {
        PayloadPath path = PayloadPath.of(key);
        return collection.points().values().stream()
                .filter(p -> path.values(p.payload).stream().anyMatch(v -> indexable(type, v)))
                .count();
    }

    private static boolean indexable(PayloadSchemaType type, Value v) {
        switch (type) {
            case Keyword:
            case Text:
            case Uuid:
            case Datetime:
                return v.hasStringValue();
            case Integer:
                return v.hasIntegerValue();
            case Float:
                return v.hasDoubleValue() || v.hasIntegerValue();
            case Bool:
                return v.hasBoolValue();
            case Geo:
                return v.hasStructValue();
            default:
                return false;
        }
    }
}
