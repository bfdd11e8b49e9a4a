package dev.connectai.testing.qdrant;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.grpc.Status;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.Fusion;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.Rrf;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.Vector;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.fusion;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.QueryFactory.rrf;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorFactory.vector;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hybrid queries: prefetches fused with RRF and DBSF, nested prefetches re-scored by a vector, and the sparse
 * {@code idf} modifier, each against scores worked out by hand from Qdrant's formulas. Like every
 * {@link QdrantTargetTest} these run against a real Qdrant when QDRANT_URL is set, which is what checks the formulas
 * were read right.
 *
 * <p>The fusion fixture: dense vectors {@code (5,0) (4,0) (3,0) (2,0) (1,0)} for points 1..5 (dot product with the
 * query {@code (1,0)} gives 5..1), and a sparse "bm25" vector where term 7 weighs 3 in point 4, 2 in point 3, 1 in
 * point 5; points 1 and 2 only have term 8. The dense prefetch (limit 4) ranks 1, 2, 3, 4; the sparse one ranks 4,
 * 3, 5. Fused, point 4 (last of the dense top 4) comes first.
 */
class HybridQueryTest extends QdrantTargetTest {

    private static final float EPSILON = 1e-5f;

    @Test
    void rrfSumsOneOverPositionPlusTwoWithPositionsCountedFromZero() throws Exception {
        String name = fusionFixture();

        List<ScoredPoint> hits = get(client.queryAsync(hybrid(name, fusion(Fusion.RRF)).build()));

        // Qdrant's k is 2 and the first position is 0, so ranks score 1/2, 1/3, 1/4, 1/5:
        // 4: 1/5 (dense 4th) + 1/2 (sparse 1st) = 0.7; 3: 1/4 + 1/3; 1: 1/2; 2: 1/3; 5: 1/4 (sparse 3rd only).
        assertThat(ids(hits)).containsExactly(4L, 3L, 1L, 2L, 5L);
        assertScores(hits, 0.7f, 1f / 4 + 1f / 3, 0.5f, 1f / 3, 0.25f);
        assertThat(hits.get(0).getPayloadMap()).containsEntry("code", value("p4"));
    }

    @Test
    void rrfWithAnExplicitKUsesIt() throws Exception {
        String name = fusionFixture();

        List<ScoredPoint> hits = get(client.queryAsync(hybrid(name, rrf(Rrf.newBuilder().setK(60).build()))
                .build()));

        // 4: 1/63 + 1/60; 3: 1/62 + 1/61; 1: 1/60; 2: 1/61; 5: 1/62.
        assertThat(ids(hits)).containsExactly(4L, 3L, 1L, 2L, 5L);
        assertThat(hits.get(0).getScore()).isCloseTo(1f / 63 + 1f / 60, within(EPSILON));
        assertThat(hits.get(1).getScore()).isCloseTo(1f / 62 + 1f / 61, within(EPSILON));
    }

    @Test
    void dbsfNormalisesEachListByMeanPlusMinusThreeSampleStandardDeviations() throws Exception {
        String name = fusionFixture();

        List<ScoredPoint> hits = get(client.queryAsync(hybrid(name, fusion(Fusion.DBSF)).build()));

        // Dense scores 5, 4, 3, 2: mean 3.5, sample variance 5/3, so the range is 3.5 -/+ 3 * 1.29099 and a score s
        // becomes (s + 0.372983) / 7.745967: 0.693649, 0.564550, 0.435450, 0.306351.
        // Sparse scores 3, 2, 1: mean 2, sample variance 1, range -1 .. 5: 0.666667, 0.5, 0.333333.
        assertThat(ids(hits)).containsExactly(4L, 3L, 1L, 2L, 5L);
        assertScores(hits, 0.973017f, 0.935450f, 0.693649f, 0.564550f, 0.333333f);
    }

    @Test
    void dbsfScoresTheOnlyResultOfAListOneHalf() throws Exception {
        String name = fusionFixture();
        // Only point 5 is left for the sparse prefetch; the dense one still finds 1 and 2.
        Filter onlyFive = Filter.newBuilder().addMustNot(hasId(List.of(id(3), id(4)))).build();

        List<ScoredPoint> hits = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .addPrefetch(densePrefetch(2)).addPrefetch(sparsePrefetch())
                .setQuery(fusion(Fusion.DBSF)).setFilter(onlyFive).build()));

        // Dense 5, 4: mean 4.5, sample sd 0.707107: (s - 2.378680) / 4.242641 = 0.617851, 0.382149. Sparse: 0.5.
        assertThat(ids(hits)).containsExactly(1L, 5L, 2L);
        assertScores(hits, 0.617851f, 0.5f, 0.382149f);
    }

    @Test
    void theRequestFilterReachesEveryPrefetchAndTheThresholdCutsTheFusedList() throws Exception {
        String name = fusionFixture();
        Filter withoutFour = Filter.newBuilder().addMustNot(hasId(id(4))).build();

        List<ScoredPoint> hits = get(client.queryAsync(hybrid(name, fusion(Fusion.RRF))
                .setFilter(withoutFour).setScoreThreshold(0.5f).build()));

        // Dense ranks 1, 2, 3, 5; sparse 3, 5. 3: 1/4 + 1/2; 5: 1/5 + 1/3; 1: 1/2; 2: 1/3 falls below 0.5.
        assertThat(ids(hits)).containsExactly(3L, 5L, 1L);
        assertScores(hits, 0.75f, 1f / 5 + 1f / 3, 0.5f);
    }

    @Test
    void aNestedFusionIsReScoredByTheOuterVectorOverItsOwnPointsOnly() throws Exception {
        String name = fusionFixture();

        List<ScoredPoint> hits = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .addPrefetch(PrefetchQuery.newBuilder().addPrefetch(densePrefetch(4)).addPrefetch(sparsePrefetch())
                        .setQuery(fusion(Fusion.RRF)).setLimit(2))
                .setQuery(nearest(1f, 0f)).setUsing("dense").setLimit(10).build()));

        // The inner fusion keeps 4 and 3; the dense vector then orders just those two: 3 (3.0), 4 (2.0).
        assertThat(ids(hits)).containsExactly(3L, 4L);
        assertScores(hits, 3f, 2f);
    }

    @Test
    void offsetSkipsFusedResultsAndPrefetchesWithoutLimitKeepTen() throws Exception {
        String name = fusionFixture();

        List<ScoredPoint> hits = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .addPrefetch(PrefetchQuery.newBuilder().setQuery(nearest(1f, 0f)).setUsing("dense"))
                .addPrefetch(sparsePrefetch())
                .setQuery(fusion(Fusion.RRF)).setLimit(2).setOffset(1).build()));

        // Dense ranks all five: 1, 2, 3, 4, 5; sparse 4, 3, 5. Fused: 4 (1/5 + 1/2), 3 (1/4 + 1/3), 1 (1/2),
        // 5 (1/6 + 1/4), 2 (1/3); offset 1, limit 2.
        assertThat(ids(hits)).containsExactly(3L, 1L);
    }

    @Test
    void fusionNeedsPrefetchesAndNoUsing() throws Exception {
        String name = fusionFixture();

        Status withoutPrefetch = failure(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(fusion(Fusion.RRF)).build()));
        Status withUsing = failure(client.queryAsync(hybrid(name, fusion(Fusion.RRF)).setUsing("dense").build()));
        Status prefetchWithoutQuery = failure(client.queryAsync(QueryPoints.newBuilder().setCollectionName(name)
                .addPrefetch(densePrefetch(4)).build()));

        assertThat(withoutPrefetch.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(withoutPrefetch.getDescription()).contains("cannot apply Fusion without prefetches");
        assertThat(withUsing.getDescription()).contains("Fusion queries cannot be combined with the 'using' field.");
        assertThat(prefetchWithoutQuery.getDescription()).contains("A query is needed to merge the prefetches.");
    }

    @Test
    void theIdfModifierWeighsQueryTermsByTheirRarityAmongTheStoredPoints() throws Exception {
        String name = collection(CreateCollection.newBuilder().setSparseVectorsConfig(SparseVectorConfig
                .newBuilder().putMap("bm25", SparseVectorParams.newBuilder().setModifier(Modifier.Idf).build())));
        get(client.upsertAsync(name, List.of(
                point(1, namedVectors(Map.of("bm25", vector(List.of(1f, 1f), List.of(1, 2)))), Map.of()),
                point(2, namedVectors(Map.of("bm25", vector(List.of(1f), List.of(1)))), Map.of()),
                point(3, namedVectors(Map.of("bm25", vector(List.of(1f, 2f), List.of(1, 3)))), Map.of()),
                point(4, namedVectors(Map.of("bm25", vector(List.of(1f), List.of(2)))), Map.of()),
                // Empty (a text of stop words only): Qdrant does not index it, so it counts in no N.
                point(6, namedVectors(Map.of("bm25", vector(List.of(), List.of()))), Map.of()))));
        QueryPoints allThree = QueryPoints.newBuilder().setCollectionName(name)
                .setQuery(nearest(List.of(1f, 1f, 1f), List.of(1, 2, 3))).setUsing("bm25").build();

        List<ScoredPoint> hits = get(client.queryAsync(allThree));
        get(client.upsertAsync(name, List.of(
                point(5, namedVectors(Map.of("bm25", vector(List.of(0.5f), List.of(3)))), Map.of()))));
        List<ScoredPoint> afterInsert = get(client.queryAsync(allThree));

        // N = 4; term 1 is in 3 points, term 2 in 2, term 3 in 1. idf = ln((N - df + 0.5) / (df + 0.5) + 1):
        // 0.356675, 0.693147, 1.203973. Without IDF points 2 and 4 would tie at 1.
        assertThat(ids(hits)).containsExactly(3L, 1L, 4L, 2L);
        assertScores(hits, 0.356675f + 2 * 1.203973f, 0.356675f + 0.693147f, 0.693147f, 0.356675f);
        // Point 5 added: N = 5, term 1 in 3 points (0.538997), terms 2 and 3 in 2 each (0.875469).
        assertThat(ids(afterInsert)).containsExactly(3L, 1L, 4L, 2L, 5L);
        assertScores(afterInsert, 0.538997f + 2 * 0.875469f, 0.538997f + 0.875469f, 0.875469f, 0.538997f,
                0.5f * 0.875469f);
    }

    /** The fixture in the class comment, each point with its code ("p1" ...) as payload. */
    private String fusionFixture() throws Exception {
        String name = collection(CreateCollection.newBuilder()
                .setVectorsConfig(named(Map.of("dense", params(2, Distance.Dot))))
                .setSparseVectorsConfig(SparseVectorConfig.newBuilder()
                        .putMap("bm25", SparseVectorParams.getDefaultInstance())));
        float[] sparse7 = {0f, 0f, 2f, 3f, 1f};
        for (int i = 1; i <= 5; i++) {
            Vector terms = sparse7[i - 1] > 0 ? vector(List.of(sparse7[i - 1]), List.of(7))
                    : vector(List.of(1f), List.of(8));
            get(client.upsertAsync(name, List.of(point(i, namedVectors(Map.of(
                    "dense", vector(6f - i, 0f), "bm25", terms)), Map.of("code", value("p" + i))))));
        }
        return name;
    }

    private static QueryPoints.Builder hybrid(String name, io.qdrant.client.grpc.Points.Query fusion) {
        return QueryPoints.newBuilder().setCollectionName(name)
                .addPrefetch(densePrefetch(4)).addPrefetch(sparsePrefetch())
                .setQuery(fusion).setLimit(10).setWithPayload(enable(true));
    }

    private static PrefetchQuery densePrefetch(int limit) {
        return PrefetchQuery.newBuilder().setQuery(nearest(1f, 0f)).setUsing("dense").setLimit(limit).build();
    }

    private static PrefetchQuery sparsePrefetch() {
        return PrefetchQuery.newBuilder().setQuery(nearest(List.of(1f), List.of(7))).setUsing("bm25")
                .setLimit(10).build();
    }

    private static List<Long> ids(List<ScoredPoint> hits) {
        return hits.stream().map(h -> h.getId().getNum()).collect(Collectors.toList());
    }

    private static void assertScores(List<ScoredPoint> hits, float... expected) {
        assertThat(hits).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(hits.get(i).getScore()).as("score of hit %d", i).isCloseTo(expected[i], within(EPSILON));
        }
    }
}
