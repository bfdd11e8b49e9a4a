package dev.connectai.qdrant;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.MultiVectorComparator;
import io.qdrant.client.grpc.Collections.MultiVectorConfig;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.Vector;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each target collection accepts (vector names, kinds and sizes), read once per task, so a record with a
 * wrong vector goes to the DLQ on its own instead of failing the whole batch at Qdrant. Creates missing
 * collections when allowed.
 */
final class CollectionCatalog {

    private static final Logger log = LoggerFactory.getLogger(CollectionCatalog.class);

    private final QdrantClient client;
    private final QdrantSinkConfig config;
    private final Map<String, Layout> layouts = new HashMap<>();

    CollectionCatalog(QdrantClient client, QdrantSinkConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Dense vector sizes by name ("" for the unnamed vector), which of them are multi-vectors, and the sparse
     * vector names; checked by {@link VectorLayoutCheck}.
     */
    record Layout(Map<String, Integer> dense, java.util.Set<String> multi, java.util.Set<String> sparse) {
    }

    void forget(String collection) {
        layouts.remove(collection);
    }

    /**
     * The layout of {@code collection}, creating it from {@code sample} when missing and allowed; null when it is
     * missing and there is no sample (a batch of deletes only): there is nothing to delete and nothing to shape a
     * new collection from. Not remembered, so the next batch looks again.
     */
    Layout ensure(String collection, DocumentWrite.Upsert sample, int embeddedSize) {
        Layout known = layouts.get(collection);
        if (known != null) {
            return known;
        }
        boolean exists = QdrantErrors.await(client.collectionExistsAsync(collection), config.timeoutMs(), "checking collection " + collection);
        if (!exists) {
            if (sample == null) {
                return null;
            }
            if (!config.autoCreate()) {
                throw new ConnectException("Qdrant collection '" + collection + "' does not exist; create it or set "
                        + QdrantSinkConfig.AUTO_CREATE + "=true");
            }
            create(collection, sample, embeddedSize);
        }
        CollectionInfo info = QdrantErrors.await(client.getCollectionInfoAsync(collection), config.timeoutMs(),
                "reading collection " + collection);
        checkBm25(collection, info);
        Layout layout = read(info);
        layouts.put(collection, layout);
        return layout;
    }

    /**
     * The BM25 vector needs its sparse slot, with Qdrant's IDF modifier: without it Qdrant scores the saturated
     * term frequencies alone and every common word weighs as much as a rare one. Fails the task, as a missing
     * collection does: every record would need the same fix.
     */
    private void checkBm25(String collection, CollectionInfo info) {
        String name = config.bm25Vector();
        if (name == null) {
            return;
        }
        SparseVectorParams params = info.getConfig().getParams().getSparseVectorsConfig().getMapMap().get(name);
        String setting = QdrantSinkConfig.BM25_VECTOR + "=" + name;
        if (params == null) {
            throw new ConnectException("Qdrant collection '" + collection + "' has no sparse vector '" + name
                    + "' for the BM25 vectors of " + setting + ". Qdrant cannot add a vector to an existing "
                    + "collection: create the collection with sparse vector '" + name + "' and modifier idf (or let "
                    + "the sink create it, " + QdrantSinkConfig.AUTO_CREATE + "=true), or set "
                    + QdrantSinkConfig.BM25_VECTOR + " to a sparse vector the collection has");
        }
        if (params.getModifier() != Modifier.Idf) {
            throw new ConnectException("Qdrant collection '" + collection + "' has sparse vector '" + name
                    + "' without modifier idf, which the BM25 vectors of " + setting + " need (Qdrant supplies the "
                    + "IDF). Set it on the collection (Qdrant updates a sparse vector's modifier in place): PATCH /collections/" + collection + " with "
                    + "{\"sparse_vectors\": {\"" + name + "\": {\"modifier\": \"idf\"}}}, or set "
                    + QdrantSinkConfig.BM25_VECTOR + " to a sparse vector with modifier idf");
        }
    }

    private static Layout read(CollectionInfo info) {
        Map<String, Integer> dense = new HashMap<>();
        java.util.Set<String> multi = new java.util.HashSet<>();
        VectorsConfig vc = info.getConfig().getParams().getVectorsConfig();
        Map<String, VectorParams> params = vc.hasParams() ? Map.of("", vc.getParams())
                : vc.hasParamsMap() ? vc.getParamsMap().getMapMap() : Map.of();
        params.forEach((name, p) -> {
            dense.put(name, (int) p.getSize());
            if (p.hasMultivectorConfig()) {
                multi.add(name);
            }
        });
        java.util.Set<String> sparse = new java.util.HashSet<>(
                info.getConfig().getParams().getSparseVectorsConfig().getMapMap().keySet());
        return new Layout(dense, multi, sparse);
    }

    private void create(String collection, DocumentWrite.Upsert sample, int embeddedSize) {
        Distance distance = config.distance();
        CreateCollection.Builder create = CreateCollection.newBuilder().setCollectionName(collection);
        Integer configured = config.vectorSize();
        int unnamedSize = sample.dense() != null ? sample.dense().size() : sample.text() != null ? embeddedSize : -1;
        if (unnamedSize > 0 && configured != null) {
            unnamedSize = configured;
        }
        VectorParamsMap.Builder namedParams = VectorParamsMap.newBuilder();
        SparseVectorConfig.Builder sparseParams = SparseVectorConfig.newBuilder();
        for (Map.Entry<String, Vector> e : sample.named().entrySet()) {
            Vector v = e.getValue();
            if (v.hasSparse() || v.hasIndices()) {
                sparseParams.putMap(e.getKey(), SparseVectorParams.getDefaultInstance());
            } else if (v.hasMultiDense()) {
                namedParams.putMap(e.getKey(), params(v.getMultiDense().getVectors(0).getDataCount(), distance)
                        .setMultivectorConfig(MultiVectorConfig.newBuilder()
                                .setComparator(MultiVectorComparator.MaxSim)).build());
            } else {
                int size = v.hasDense() ? v.getDense().getDataCount() : v.getDataCount();
                namedParams.putMap(e.getKey(), params(size, distance).build());
            }
        }
        if (unnamedSize > 0 && namedParams.getMapCount() == 0) {
            create.setVectorsConfig(VectorsConfig.newBuilder().setParams(params(unnamedSize, distance)));
        } else if (namedParams.getMapCount() > 0) {
            if (unnamedSize > 0) {
                throw new ConnectException("cannot auto-create '" + collection + "' with both an unnamed vector and "
                        + "named vectors; Qdrant collections hold one or the other. Create it yourself.");
            }
            create.setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(namedParams));
        }
        String bm25 = config.bm25Vector();
        if (bm25 != null) {
            sparseParams.putMap(bm25, SparseVectorParams.newBuilder().setModifier(Modifier.Idf).build());
        }
        if (sparseParams.getMapCount() > 0) {
            create.setSparseVectorsConfig(sparseParams);
        }
        try {
            QdrantErrors.await(client.createCollectionAsync(create.build()), config.timeoutMs(), "creating collection " + collection);
        } catch (ConnectException e) {
            // Another task may have created it a moment ago.
            if (!Boolean.TRUE.equals(QdrantErrors.await(client.collectionExistsAsync(collection), config.timeoutMs(), "checking " + collection))) {
                throw e;
            }
        }
        log.info("Created Qdrant collection {} ({} distance)", collection, distance);
        for (Map.Entry<String, PayloadSchemaType> index : config.payloadIndexes().entrySet()) {
            QdrantErrors.await(client.createPayloadIndexAsync(collection, index.getKey(), index.getValue(), null, true,
                    null, Duration.ofMillis(config.timeoutMs())), config.timeoutMs(),
                    "creating payload index " + index.getKey());
        }
    }

    private VectorParams.Builder params(int size, Distance distance) {
        return VectorParams.newBuilder().setSize(size).setDistance(distance).setOnDisk(config.onDisk());
    }

    static boolean isNotFound(Throwable t) {
        return QdrantErrors.code(t) == Status.Code.NOT_FOUND;
    }
}
