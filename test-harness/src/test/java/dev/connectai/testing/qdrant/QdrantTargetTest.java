package dev.connectai.testing.qdrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.connectai.qdrantapi.FaultInjector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.Vectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.PointIdFactory.id;

/**
 * Shared set-up for tests that go through the official client to {@link QdrantTarget#forTests()}: the same test
 * runs against the in-process server or, with QDRANT_URL set, a real Qdrant. Collections get unique names and
 * are dropped after each test, so a shared real Qdrant is left as it was found.
 */
abstract class QdrantTargetTest {

    static QdrantTarget target;
    static QdrantClient client;

    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void connect() {
        target = QdrantTarget.forTests();
        client = target.client();
    }

    @AfterAll
    static void disconnect() {
        target.close();
    }

    @AfterEach
    void dropCollections() throws Exception {
        target.faults().ifPresent(FaultInjector::clear);
        for (String name : created) {
            if (get(client.collectionExistsAsync(name))) {
                get(client.deleteCollectionAsync(name));
            }
        }
    }

    /** A name no other test run uses, remembered for clean-up. */
    String newName() {
        String name = "qts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        created.add(name);
        return name;
    }

    String collection(int size, Distance distance) throws Exception {
        String name = newName();
        get(client.createCollectionAsync(name, VectorParams.newBuilder().setSize(size).setDistance(distance).build()));
        return name;
    }

    String collection(CreateCollection.Builder request) throws Exception {
        String name = newName();
        get(client.createCollectionAsync(request.setCollectionName(name).build()));
        return name;
    }

    static VectorsConfig named(Map<String, VectorParams> params) {
        return VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.newBuilder().putAllMap(params)).build();
    }

    static VectorParams params(int size, Distance distance) {
        return VectorParams.newBuilder().setSize(size).setDistance(distance).build();
    }

    static PointStruct point(long id, Vectors vectors, Map<String, Value> payload) {
        return PointStruct.newBuilder().setId(id(id)).setVectors(vectors).putAllPayload(payload).build();
    }

    /** The points with this id, read back through Scroll with a has_id filter. */
    static List<RetrievedPoint> stored(String collection, PointId id, boolean withPayload, boolean withVectors)
            throws Exception {
        return get(client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(collection)
                .setFilter(Filter.newBuilder().addMust(hasId(id)))
                .setWithPayload(WithPayloadSelectorFactory.enable(withPayload))
                .setWithVectors(WithVectorsSelectorFactory.enable(withVectors)).build())).getResultList();
    }

    static <T> T get(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** The gRPC status a call failed with, as the client's future reports it. */
    static Status failure(Future<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException) {
                return ((StatusRuntimeException) e.getCause()).getStatus();
            }
            throw new AssertionError("Failed, but not with a gRPC status", e);
        }
        throw new AssertionError("Expected the call to fail");
    }
}
