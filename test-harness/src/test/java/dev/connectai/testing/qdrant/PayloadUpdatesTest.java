package dev.connectai.testing.qdrant;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.qdrant.client.VectorOutputHelper;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.UpdateBatchPoints;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;

/** Get by ids, SetPayload, OverwritePayload and UpdateBatch with payload operations, as Qdrant answers them. */
class PayloadUpdatesTest extends QdrantTargetTest {

    @Test
    void getLeavesOutMissingIdsAndReturnsOnlyTheSelectedPayload() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(point(1, vectors(1f, 2f), Map.of("h", value("x"), "other", value(1))),
                point(2, vectors(3f, 4f), Map.of("other", value(2))))));

        List<RetrievedPoint> got = get(client.retrieveAsync(name, List.of(id(2), id(9), id(1), id(2)),
                WithPayloadSelectorFactory.include(List.of("h")), WithVectorsSelectorFactory.enable(false), null));

        assertThat(got).extracting(p -> p.getId().getNum()).containsExactly(2L, 1L);
        assertThat(got.get(0).getPayloadMap()).isEmpty();
        assertThat(got.get(1).getPayloadMap()).containsOnlyKeys("h");
        assertThat(got.get(1).hasVectors()).isFalse();
        List<RetrievedPoint> plain = get(client.retrieveAsync(io.qdrant.client.grpc.Points.GetPoints.newBuilder()
                .setCollectionName(name).addIds(id(1)).build(), Duration.ofSeconds(10)));
        assertThat(plain.get(0).getPayloadMap()).as("no payload unless asked").isEmpty();
    }

    @Test
    void overwritePayloadReplacesThePayloadAndKeepsTheVector() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(point(1, vectors(1f, 2f), Map.of("a", value(1), "b", value("x"))))));

        get(client.overwritePayloadAsync(name, Map.of("c", value(true)), id(1), true, null, null));

        RetrievedPoint p = stored(name, id(1), true, true).get(0);
        assertThat(p.getPayloadMap()).containsOnlyKeys("c");
        assertThat(VectorOutputHelper.getDenseVector(p.getVectors().getVector()).getDataList()).containsExactly(1f, 2f);
    }

    @Test
    void setPayloadReplacesOnlyTheKeysItNames() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(point(1, vectors(1f, 2f), Map.of("a", value(1), "b", value("x"))))));

        get(client.setPayloadAsync(name, Map.of("b", value("y"), "c", value(3)), id(1), true, null, null));

        RetrievedPoint p = stored(name, id(1), true, false).get(0);
        assertThat(p.getPayloadMap()).containsOnlyKeys("a", "b", "c");
        assertThat(p.getPayloadMap().get("b").getStringValue()).isEqualTo("y");
    }

    @Test
    void aMissingPointFailsWithNotFoundAfterTheOthersAreUpdated() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(point(1, vectors(1f, 2f), Map.of("a", value(1))))));

        Status missing = failure(client.overwritePayloadAsync(name, Map.of("z", value(0)), List.of(id(1), id(5)),
                true, null, null));

        assertThat(missing.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(missing.getDescription()).contains("No point with id 5 found");
        assertThat(stored(name, id(1), true, false).get(0).getPayloadMap()).containsOnlyKeys("z");
        assertThat(stored(name, id(5), true, false)).isEmpty();
    }

    @Test
    void updateBatchAppliesPayloadOperationsInOrder() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(point(1, vectors(1f, 2f), Map.of("a", value(1))),
                point(2, vectors(1f, 2f), Map.of("a", value(2))))));

        var results = get(client.batchUpdateAsync(UpdateBatchPoints.newBuilder().setCollectionName(name)
                .setWait(true)
                .addOperations(overwrite(1, Map.of("b", value("one"))))
                .addOperations(overwrite(2, Map.of("b", value("two"))))
                .addOperations(PointsUpdateOperation.newBuilder().setSetPayload(
                        PointsUpdateOperation.SetPayload.newBuilder().putPayload("c", value(3))
                                .setPointsSelector(selector(1))))
                .build(), Duration.ofSeconds(10)));

        assertThat(results).hasSize(3);
        assertThat(stored(name, id(1), true, false).get(0).getPayloadMap()).containsOnlyKeys("b", "c");
        assertThat(stored(name, id(2), true, false).get(0).getPayloadMap()).containsOnlyKeys("b");
    }

    private static PointsUpdateOperation overwrite(long id, Map<String, io.qdrant.client.grpc.JsonWithInt.Value> payload) {
        return PointsUpdateOperation.newBuilder().setOverwritePayload(PointsUpdateOperation.OverwritePayload.newBuilder()
                .putAllPayload(payload).setPointsSelector(selector(id))).build();
    }

    private static PointsSelector selector(long id) {
        return PointsSelector.newBuilder().setPoints(PointsIdsList.newBuilder().addIds(id(id))).build();
    }
}
