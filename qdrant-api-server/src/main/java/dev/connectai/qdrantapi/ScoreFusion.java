package dev.connectai.qdrantapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Qdrant's two ways of fusing the ranked lists of a query's prefetches into one. Both merge a point found by several
 * prefetches into one result whose score is the sum of its per-list scores, and keep the first list's copy of it.
 * Arithmetic is in float, as Qdrant's is in f32, so scores match to the last bit where the order of additions does.
 *
 * <p>Qdrant sorts the fused list by score only and leaves ties unordered (hash-map order: "Does not break ties"); here
 * equal scores come in id order, which is one of the orders Qdrant may give.
 */
final class ScoreFusion {

    /**
     * Qdrant's default RRF constant: qdrant/qdrant v1.16.2 lib/segment/src/common/reciprocal_rank_fusion.rs
     * {@code DEFAULT_RRF_K = 2} (not the paper's 60), used for {@code Fusion.RRF} and for {@code Rrf} without a
     * {@code k} (lib/shard/src/query/mod.rs {@code From<grpc::Fusion> for FusionInternal}).
     */
    static final int DEFAULT_RRF_K = 2;

    private ScoreFusion() {
    }

    /**
     * Reciprocal rank fusion, after qdrant/qdrant v1.16.2 lib/segment/src/common/reciprocal_rank_fusion.rs
     * {@code rrf_scoring}: each list contributes {@code 1 / (position + k)} with positions counted from 0, so a
     * list's best point gets {@code 1/k}; the input scores are ignored, only the order counts.
     */
    static List<Scored> rrf(List<List<Scored>> lists, int k) {
        Map<PointKey, Scored> fused = new LinkedHashMap<>();
        for (List<Scored> list : lists) {
            for (int position = 0; position < list.size(); position++) {
                Scored hit = list.get(position);
                float score = 1.0f / ((float) position + (float) k);
                fused.merge(hit.point.id, hit.withScore(score), (a, b) -> a.withScore(a.score + b.score));
            }
        }
        return sorted(fused);
    }

    /**
     * Distribution-based score fusion, after qdrant/qdrant v1.16.2 lib/segment/src/common/score_fusion.rs
     * ({@code score_fusion} with {@code ScoreFusion::dbsf()}, {@code distr_norm}, {@code norm},
     * {@code welfords_mean_variance}): each list is normalised to {@code (s - (mean - 3σ)) / 6σ} with the mean and
     * the sample variance (n - 1) from Welford's one-pass method, without clamping to [0, 1]; a list of one point
     * scores it 0.5, a list whose scores are all equal scores them all 0.5; the normalised scores are summed.
     */
    static List<Scored> dbsf(List<List<Scored>> lists) {
        Map<PointKey, Scored> fused = new LinkedHashMap<>();
        for (List<Scored> list : lists) {
            for (Scored hit : distributionNormalised(list)) {
                fused.merge(hit.point.id, hit, (a, b) -> a.withScore(a.score + b.score));
            }
        }
        return sorted(fused);
    }

    private static List<Scored> distributionNormalised(List<Scored> list) {
        List<Scored> out = new ArrayList<>(list.size());
        if (list.size() < 2) {
            for (Scored hit : list) {
                out.add(hit.withScore(0.5f));
            }
            return out;
        }
        float mean = 0f;
        float aggregate = 0f;
        int k = 1;
        for (Scored hit : list) {
            float oldDelta = hit.score - mean;
            mean += oldDelta / (float) k;
            float delta = hit.score - mean;
            aggregate += oldDelta * delta;
            k++;
        }
        float variance = aggregate / ((float) list.size() - 1.0f);
        float stdDev = (float) Math.sqrt(variance);
        float min = mean - 3.0f * stdDev;
        float max = mean + 3.0f * stdDev;
        for (Scored hit : list) {
            out.add(hit.withScore(min == max ? 0.5f : (hit.score - min) / (max - min)));
        }
        return out;
    }

    private static List<Scored> sorted(Map<PointKey, Scored> fused) {
        List<Scored> out = new ArrayList<>(fused.values());
        out.sort(Comparator.comparing((Scored s) -> s.score).reversed().thenComparing(s -> s.point.id));
        return out;
    }
}
