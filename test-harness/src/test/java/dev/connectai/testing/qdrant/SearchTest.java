package dev.connectai.testing.qdrant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.grpc.Status;
import io.qdrant.client.VectorOutputHelper;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.MultiVectorComparator;
import io.qdrant.client.grpc.Collections.MultiVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SparseVector;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorFactory.multiVector;
import static io.qdrant.client.VectorFactory.vector;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SearchTest extends QdrantTargetTest {

    private static final float EPSILON = 1e-5f;

    @Test
    void cosineSearchRanksByCosineSimilarity() throws Exception {
        String name = collection(2, Distance.Cosine);
        get(client.upsertAsync(name, List.of(
                point(1, vectors(1f, 0f), Map.of("label", value("east"))),
                point(2, vectors(1f, 1f), Map.of("label", value("north-east"))),
                point(3, vectors(0f, 5f), Map.of("label", value("north"))),
                point(4, vectors(-2f, -1f), Map.of("label", value("south-west"))))));

        List<ScoredPoint> hits = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(2f, 0f)).setLimit(3).setWithPayload(enable(true)).build()));

        assertThat(ids(hits)).containsExactly(1L, 2L, 3L);
        assertThat(hits.get(0).getScore()).isCloseTo(1f, within(EPSILON));
        assertThat(hits.get(1).getScore()).isCloseTo((float) Math.sqrt(0.5), within(EPSILON));
        assertThat(hits.get(2).getScore()).isCloseTo(0f, within(EPSILON));
        assertThat(hits.get(0).getPayloadMap()).containsEntry("label", value("east"));
    }

    @Test
    void dotAndEuclidScoresAreReportedAsQdrantDoes() throws Exception {
        String dot = collection(2, Distance.Dot);
        String euclid = collection(2, Distance.Euclid);
        for (String name : List.of(dot, euclid)) {
            get(client.upsertAsync(name, List.of(
                    point(1, vectors(1f, 0f), Map.of()),
                    point(2, vectors(3f, 4f), Map.of()),
                    point(3, vectors(0f, 1f), Map.of()))));
        }

        List<ScoredPoint> byDot = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(dot)
                .setQuery(nearest(1f, 1f)).build()));
        List<ScoredPoint> byDistance = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(euclid)
                .setQuery(nearest(1f, 0f)).build()));

        assertThat(ids(byDot)).containsExactly(2L, 1L, 3L);
        assertThat(byDot.get(0).getScore()).isCloseTo(7f, within(EPSILON));
        // Euclid results come nearest first, scored by the distance itself.
        assertThat(ids(byDistance)).containsExactly(1L, 3L, 2L);
        assertThat(byDistance.get(0).getScore()).isCloseTo(0f, within(EPSILON));
        assertThat(byDistance.get(1).getScore()).isCloseTo((float) Math.sqrt(2), within(EPSILON));
        assertThat(byDistance.get(2).getScore()).isCloseTo((float) Math.sqrt(20), within(EPSILON));
    }

    @Test
    void searchHonoursFilterLimitOffsetAndScoreThreshold() throws Exception {
        String name = collection(2, Distance.Dot);
        for (long i = 1; i <= 6; i++) {
            get(client.upsertAsync(name, List.of(point(i, vectors(i, 0f),
                    Map.of("parity", value(i % 2 == 0 ? "even" : "odd"))))));
        }
        Filter even = Filter.newBuilder().addMust(matchKeyword("parity", "even")).build();

        List<ScoredPoint> filtered = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(1f, 0f)).setFilter(even).build()));
        List<ScoredPoint> paged = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(1f, 0f)).setLimit(2).setOffset(1).build()));
        List<ScoredPoint> above = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(1f, 0f)).setLimit(10).setScoreThreshold(4.5f).build()));

        assertThat(ids(filtered)).containsExactly(6L, 4L, 2L);
        assertThat(ids(paged)).containsExactly(5L, 4L);
        assertThat(ids(above)).containsExactly(6L, 5L);
    }

    @Test
    void namedVectorsAreSearchedThroughUsing() throws Exception {
        String name = collection(CreateCollection.newBuilder().setVectorsConfig(named(Map.of(
                "title", params(2, Distance.Dot), "body", params(3, Distance.Dot)))));
        get(client.upsertAsync(name, List.of(
                point(1, namedVectors(Map.of("title", vector(1f, 0f), "body", vector(0f, 0f, 1f))), Map.of()),
                point(2, namedVectors(Map.of("title", vector(0f, 1f), "body", vector(1f, 0f, 0f))), Map.of()),
                point(3, namedVectors(Map.of("title", vector(1f, 1f))), Map.of()))));

        List<ScoredPoint> byBody = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(1f, 0f, 0f)).setUsing("body").build()));
        Status unknown = failure(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(1f, 0f)).setUsing("summary").build()));

        // Point 3 has no body vector, so it cannot be a candidate.
        assertThat(ids(byBody)).containsExactly(2L, 1L);
        assertThat(unknown.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(unknown.getDescription()).isEqualTo("Wrong input: Not existing vector name error: summary");
    }

    @Test
    void sparseVectorsAreStoredAndScoredByDotProductOverSharedIndices() throws Exception {
        String name = collection(CreateCollection.newBuilder().setSparseVectorsConfig(SparseVectorConfig
                .newBuilder().putMap("bm25", SparseVectorParams.getDefaultInstance())));
        get(client.upsertAsync(name, List.of(
                point(1, namedVectors(Map.of("bm25", vector(List.of(0.5f, 2f), List.of(10, 3)))), Map.of()),
                point(2, namedVectors(Map.of("bm25", vector(List.of(1f), List.of(7)))), Map.of()),
                point(3, namedVectors(Map.of("bm25", vector(List.of(1f, 1f), List.of(3, 7)))), Map.of()))));

        List<ScoredPoint> hits = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(List.of(1f, 3f), List.of(3, 10))).setUsing("bm25").build()));
        RetrievedPoint stored = stored(name, id(1), false, true).get(0);

        // Point 2 shares no index with the query: not a candidate at all.
        assertThat(ids(hits)).containsExactly(1L, 3L);
        assertThat(hits.get(0).getScore()).isCloseTo(3.5f, within(EPSILON));
        assertThat(hits.get(1).getScore()).isCloseTo(1f, within(EPSILON));
        SparseVector sparse = VectorOutputHelper.getSparseVector(
                stored.getVectors().getVectors().getVectorsMap().get("bm25"));
        assertThat(indexToValue(sparse)).containsExactlyInAnyOrderEntriesOf(Map.of(3, 2f, 10, 0.5f));
    }

    @Test
    void multiVectorsAreScoredByMaxSim() throws Exception {
        String name = collection(CreateCollection.newBuilder().setVectorsConfig(named(Map.of("colbert",
                params(2, Distance.Dot).toBuilder().setMultivectorConfig(MultiVectorConfig.newBuilder()
                        .setComparator(MultiVectorComparator.MaxSim)).build()))));
        get(client.upsertAsync(name, List.of(
                point(1, namedVectors(Map.of("colbert", multiVector(new float[][] {{1f, 0f}, {0f, 1f}}))), Map.of()),
                point(2, namedVectors(Map.of("colbert", multiVector(new float[][] {{2f, 2f}}))), Map.of()))));

        List<ScoredPoint> hits = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(new float[][] {{1f, 0f}, {0f, 3f}})).setUsing("colbert").build()));
        RetrievedPoint stored = stored(name, id(1), false, true).get(0);

        // Point 1: max(1, 0) + max(0, 3) = 4; point 2: 2 + 6 = 8.
        assertThat(ids(hits)).containsExactly(2L, 1L);
        assertThat(hits.get(0).getScore()).isCloseTo(8f, within(EPSILON));
        assertThat(hits.get(1).getScore()).isCloseTo(4f, within(EPSILON));
        assertThat(VectorOutputHelper.getMultiVector(stored.getVectors().getVectors().getVectorsMap()
                .get("colbert")).getVectorsList()).extracting(v -> v.getDataList())
                .containsExactly(List.of(1f, 0f), List.of(0f, 1f));
    }

    @Test
    void aQueryByPointIdLeavesThatPointOut() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(
                point(1, vectors(1f, 0f), Map.of()),
                point(2, vectors(2f, 0f), Map.of()),
                point(3, vectors(0f, 1f), Map.of()))));

        List<ScoredPoint> hits = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(id(2))).setLimit(10).build()));

        assertThat(ids(hits)).containsExactly(1L, 3L);
    }

    private static List<Long> ids(List<ScoredPoint> hits) {
        return hits.stream().map(h -> h.getId().getNum()).collect(Collectors.toList());
    }

    private static Map<Integer, Float> indexToValue(SparseVector v) {
        Map<Integer, Float> out = new HashMap<>();
        for (int i = 0; i < v.getIndicesCount(); i++) {
            out.put(v.getIndices(i), v.getValues(i));
        }
        return out;
    }
}
