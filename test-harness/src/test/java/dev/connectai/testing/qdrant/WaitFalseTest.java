package dev.connectai.testing.qdrant;

import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorFactory.vector;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wait=false}: Qdrant acknowledges once the operation is in its WAL; what its update worker rejects
 * afterwards is dropped with only a log line, while request-level errors still come back.
 */
class WaitFalseTest extends QdrantTargetTest {

    private static UpsertPoints noWait(String collection, PointStruct... points) {
        return UpsertPoints.newBuilder().setCollectionName(collection).setWait(false).addAllPoints(List.of(points))
                .build();
    }

    /** Qdrant applies a collection's operations in order: once a waited write is done, the earlier ones are. */
    private static void settle(String collection, PointStruct marker) throws Exception {
        get(client.upsertAsync(collection, List.of(marker)));
    }

    private String denseAndSparse() throws Exception {
        return collection(CreateCollection.newBuilder()
                .setVectorsConfig(named(Map.of("dense", params(2, Distance.Dot))))
                .setSparseVectorsConfig(SparseVectorConfig.newBuilder()
                        .putMap("bm25", SparseVectorParams.getDefaultInstance())));
    }

    @Test
    void aGoodWriteIsAcknowledgedAndLands() throws Exception {
        String name = collection(2, Distance.Dot);

        UpdateResult result = get(client.upsertAsync(noWait(name, point(1, vectors(1f, 2f), Map.of()))));
        settle(name, point(99, vectors(0f, 1f), Map.of()));

        assertThat(result.getStatus()).isEqualTo(UpdateStatus.Acknowledged);
        assertThat(stored(name, id(1), false, false)).hasSize(1);
    }

    @Test
    void aDenseVectorIntoASparseSlotIsAcknowledgedAndSilentlyDropped() throws Exception {
        String name = denseAndSparse();

        UpdateResult result = get(client.upsertAsync(noWait(name,
                point(1, namedVectors(Map.of("bm25", vector(1f, 2f))), Map.of()))));
        settle(name, point(99, namedVectors(Map.of("dense", vector(1f, 2f))), Map.of()));

        assertThat(result.getStatus()).isEqualTo(UpdateStatus.Acknowledged);
        assertThat(stored(name, id(1), false, false)).isEmpty();
    }

    @Test
    void theSameWriteWithWaitIsRejected() throws Exception {
        String name = denseAndSparse();

        Status status = failure(client.upsertAsync(name, List.of(
                point(1, namedVectors(Map.of("bm25", vector(1f, 2f))), Map.of()))));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("Wrong input: Conversion between sparse and regular vectors failed");
    }

    @Test
    void anUnknownVectorNameIsAcknowledgedAndDropped() throws Exception {
        String name = denseAndSparse();

        UpdateResult result = get(client.upsertAsync(noWait(name,
                point(1, namedVectors(Map.of("image", vector(1f, 2f))), Map.of()))));
        settle(name, point(99, namedVectors(Map.of("dense", vector(1f, 2f))), Map.of()));

        assertThat(result.getStatus()).isEqualTo(UpdateStatus.Acknowledged);
        assertThat(stored(name, id(1), false, false)).isEmpty();
    }

    @Test
    void aWrongDimensionIsDroppedHereAsByQdrant116() throws Exception {
        String name = collection(3, Distance.Dot);

        UpdateResult result;
        try {
            result = get(client.upsertAsync(noWait(name, point(1, vectors(1f, 2f), Map.of()))));
        } catch (java.util.concurrent.ExecutionException rejected) {
            if (target.isInProcess()) {
                throw rejected;
            }
            // Qdrant 1.18.1 and later check dense dimensions before the WAL and answer the error.
            return;
        }
        settle(name, point(99, vectors(0f, 1f, 0f), Map.of()));

        assertThat(result.getStatus()).isEqualTo(UpdateStatus.Acknowledged);
        assertThat(stored(name, id(1), false, false)).isEmpty();
    }

    @Test
    void requestErrorsComeBackEvenWithoutWaiting() throws Exception {
        String name = collection(2, Distance.Dot);
        Value nan = Value.newBuilder().setDoubleValue(Double.NaN).build();

        Status status = failure(client.upsertAsync(noWait(name, point(1, vectors(1f, 2f), Map.of("x", nan)))));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("cannot convert to json number");
    }

    @Test
    void aDeleteWithoutWaitIsAcknowledged() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(point(1, vectors(1f, 2f), Map.of("k", value(1))))));

        UpdateResult result = get(client.deleteAsync(io.qdrant.client.grpc.Points.DeletePoints.newBuilder()
                .setCollectionName(name).setWait(false)
                .setPoints(io.qdrant.client.grpc.Points.PointsSelector.newBuilder()
                        .setPoints(io.qdrant.client.grpc.Points.PointsIdsList.newBuilder().addIds(id(1))))
                .build()));
        settle(name, point(99, vectors(0f, 1f), Map.of()));

        assertThat(result.getStatus()).isEqualTo(UpdateStatus.Acknowledged);
        assertThat(stored(name, id(1), false, false)).isEmpty();
    }
}
