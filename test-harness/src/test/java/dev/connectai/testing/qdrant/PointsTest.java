package dev.connectai.testing.qdrant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.grpc.Status;
import io.qdrant.client.VectorOutputHelper;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.MultiVectorComparator;
import io.qdrant.client.grpc.Collections.MultiVectorConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.ListValue;
import io.qdrant.client.grpc.JsonWithInt.Struct;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorFactory.vector;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PointsTest extends QdrantTargetTest {

    @Test
    void upsertReplacesTheWholePoint() throws Exception {
        String name = collection(3, Distance.Dot);
        get(client.upsertAsync(name, List.of(point(7, vectors(1f, 2f, 3f), Map.of("a", value(1), "b", value("x"))))));

        UpdateResult result = get(client.upsertAsync(name, List.of(point(7, vectors(4f, 5f, 6f),
                Map.of("c", value(true))))));

        assertThat(result.getStatus()).isEqualTo(UpdateStatus.Completed);
        RetrievedPoint p = stored(name, id(7), true, true).get(0);
        assertThat(p.getPayloadMap()).containsOnlyKeys("c");
        assertThat(VectorOutputHelper.getDenseVector(p.getVectors().getVector()).getDataList())
                .containsExactly(4f, 5f, 6f);
        assertThat(get(client.countAsync(name))).isEqualTo(1);
    }

    @Test
    void cosineCollectionsStoreNormalisedVectors() throws Exception {
        String name = collection(4, Distance.Cosine);
        get(client.upsertAsync(name, List.of(point(1, vectors(3f, 4f, 0f, 0f), Map.of()))));

        RetrievedPoint p = stored(name, id(1), false, true).get(0);

        List<Float> stored = VectorOutputHelper.getDenseVector(p.getVectors().getVector()).getDataList();
        assertThat(stored.get(0)).isCloseTo(0.6f, within(1e-6f));
        assertThat(stored.get(1)).isCloseTo(0.8f, within(1e-6f));
        assertThat(stored.subList(2, 4)).containsOnly(0f);
    }

    @Test
    void aVectorOfTheWrongDimensionIsRejectedWithNothingWritten() throws Exception {
        String name = collection(4, Distance.Cosine);

        Status status = failure(client.upsertAsync(name, List.of(
                point(1, vectors(1f, 0f, 0f, 0f), Map.of()),
                point(2, vectors(1f, 2f, 3f), Map.of()))));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("Wrong input: Vector dimension error: expected dim: 4, got 3");
        assertThat(get(client.countAsync(name))).isZero();
    }

    @Test
    void vectorNamesMustExistInTheCollection() throws Exception {
        String name = collection(CreateCollection.newBuilder()
                .setVectorsConfig(named(Map.of("text", params(2, Distance.Dot)))));

        Status unknownName = failure(client.upsertAsync(name, List.of(
                point(1, namedVectors(Map.of("image", vector(1f, 2f))), Map.of()))));
        Status unnamed = failure(client.upsertAsync(name, List.of(point(1, vectors(1f, 2f), Map.of()))));

        assertThat(unknownName.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(unknownName.getDescription()).isEqualTo("Wrong input: Not existing vector name error: image");
        assertThat(unnamed.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(unnamed.getDescription()).isEqualTo("Wrong input: Not existing vector name error: ");
    }

    @Test
    void uuidIdsAreNormalisedAndInvalidOnesRejected() throws Exception {
        String name = collection(2, Distance.Dot);
        UUID uuid = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
        PointId upper = PointId.newBuilder().setUuid("550E8400-E29B-41D4-A716-446655440000").build();
        get(client.upsertAsync(name, List.of(PointStruct.newBuilder().setId(upper).setVectors(vectors(1f, 1f))
                .build())));

        List<RetrievedPoint> found = stored(name, id(uuid), false, false);
        Status invalid = failure(client.upsertAsync(name, List.of(PointStruct.newBuilder()
                .setId(PointId.newBuilder().setUuid("not-a-uuid")).setVectors(vectors(1f, 1f)).build())));

        assertThat(found).extracting(p -> p.getId().getUuid()).containsExactly("550e8400-e29b-41d4-a716-446655440000");
        assertThat(invalid.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(invalid.getDescription()).isEqualTo("Unable to parse UUID: not-a-uuid");
    }

    @Test
    void deletesByIdsAndByFilter() throws Exception {
        String name = collection(2, Distance.Dot);
        List<PointStruct> points = new ArrayList<>();
        for (long i = 1; i <= 6; i++) {
            points.add(point(i, vectors(1f, i), Map.of("colour", value(i % 2 == 0 ? "red" : "blue"))));
        }
        get(client.upsertAsync(name, points));

        get(client.deleteAsync(name, List.of(id(1), id(2), id(404))));
        get(client.deleteAsync(name, Filter.newBuilder().addMust(matchKeyword("colour", "red")).build()));

        assertThat(ids(get(client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(name).build()))))
                .containsExactly("3", "5");
    }

    @Test
    void scrollPagesThroughPointsInIdOrder() throws Exception {
        String name = collection(2, Distance.Dot);
        List<PointStruct> points = new ArrayList<>();
        for (long i = 1; i <= 23; i++) {
            points.add(point(i, vectors(1f, 0f), Map.of()));
        }
        points.add(PointStruct.newBuilder().setId(id(UUID.fromString("00000000-0000-0000-0000-000000000001")))
                .setVectors(vectors(0f, 1f)).build());
        Collections.shuffle(points);
        get(client.upsertAsync(name, points));

        ScrollResponse first = get(client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(name)
                .setLimit(10).build()));
        ScrollResponse second = get(client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(name)
                .setLimit(10).setOffset(first.getNextPageOffset()).build()));
        ScrollResponse last = get(client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(name)
                .setLimit(10).setOffset(second.getNextPageOffset()).build()));

        assertThat(ids(first)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(first.getNextPageOffset().getNum()).isEqualTo(11);
        assertThat(ids(second)).startsWith("11").endsWith("20");
        assertThat(ids(last)).containsExactly("21", "22", "23", "00000000-0000-0000-0000-000000000001");
        assertThat(last.hasNextPageOffset()).isFalse();
    }

    @Test
    void countsWithAFilter() throws Exception {
        String name = collection(2, Distance.Dot);
        List<PointStruct> points = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            points.add(point(i, vectors(1f, 0f), Map.of("tenant", value(i <= 3 ? "acme" : "globex"))));
        }
        get(client.upsertAsync(name, points));

        Filter acme = Filter.newBuilder().addMust(matchKeyword("tenant", "acme")).build();

        assertThat(get(client.countAsync(name, acme, true))).isEqualTo(3);
        assertThat(get(client.countAsync(name))).isEqualTo(10);
    }

    @Test
    void concurrentUpsertsAllLand() throws Exception {
        String name = collection(8, Distance.Cosine);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<UpdateResult>> writes = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                List<PointStruct> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    long id = task * 1000L + i;
                    batch.add(point(id, vectors(1f, 2f, 3f, 4f, 5f, 6f, 7f, id), Map.of("task", value(task))));
                }
                writes.add(pool.submit(() -> get(client.upsertAsync(name, batch))));
            }
            for (Future<UpdateResult> write : writes) {
                assertThat(get(write).getStatus()).isEqualTo(UpdateStatus.Completed);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(get(client.countAsync(name))).isEqualTo(400);
    }

    @Test
    void aPayloadWithNaNOrInfinityIsRejectedAsQdrantCannotMakeJsonOfIt() throws Exception {
        String name = collection(2, Distance.Dot);
        Value nan = Value.newBuilder().setDoubleValue(Double.NaN).build();
        Value infinity = Value.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY).build();
        Value nested = Value.newBuilder().setStructValue(Struct.newBuilder().putFields("deep",
                Value.newBuilder().setListValue(ListValue.newBuilder().addValues(value(1)).addValues(infinity))
                        .build())).build();

        Status top = failure(client.upsertAsync(name, List.of(point(1, vectors(1f, 0f), Map.of("price", nan)))));
        Status deep = failure(client.upsertAsync(name, List.of(
                point(2, vectors(1f, 0f), Map.of("ok", value(1.5))),
                point(3, vectors(1f, 0f), Map.of("meta", nested)))));

        assertThat(top.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(top.getDescription()).isEqualTo("cannot convert to json number");
        assertThat(deep.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(deep.getDescription()).isEqualTo("cannot convert to json number");
        assertThat(get(client.countAsync(name))).isZero();
    }

    @Test
    void aPlainDenseVectorIntoAMultiVectorSlotIsStoredAsOneRow() throws Exception {
        String name = collection(CreateCollection.newBuilder().setVectorsConfig(named(Map.of("colbert",
                params(2, Distance.Dot).toBuilder().setMultivectorConfig(MultiVectorConfig.newBuilder()
                        .setComparator(MultiVectorComparator.MaxSim)).build()))));

        UpdateResult result = get(client.upsertAsync(name, List.of(
                point(1, namedVectors(Map.of("colbert", vector(3f, 4f))), Map.of()))));

        assertThat(result.getStatus()).isEqualTo(UpdateStatus.Completed);
        RetrievedPoint p = stored(name, id(1), false, true).get(0);
        assertThat(VectorOutputHelper.getMultiVector(p.getVectors().getVectors().getVectorsMap().get("colbert"))
                .getVectorsList()).extracting(v -> v.getDataList()).containsExactly(List.of(3f, 4f));
    }

    private static List<String> ids(ScrollResponse page) {
        return page.getResultList().stream()
                .map(p -> p.getId().hasUuid() ? p.getId().getUuid() : Long.toString(p.getId().getNum()))
                .collect(Collectors.toList());
    }
}
