package dev.connectai.qdrantapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.VectorInput;

/**
 * Qdrant's Query API ({@code QueryPoints}): a nearest-neighbour query, or prefetches (nested to any depth up to
 * Qdrant's 64) whose results the query re-scores (nearest over the prefetched points) or fuses (RRF, DBSF). The
 * steps follow qdrant/qdrant v1.16.2 lib/shard/src/query/planned_query.rs (how a request becomes leaf searches and
 * merge stages), lib/collection/src/shards/local_shard/query.rs ({@code recurse_prefetch}, {@code rescore},
 * {@code fusion_rescore}) and lib/collection/src/collection/query.rs ({@code intermediates_to_final_list}):
 * <ul>
 *   <li>the request's filter is added to every leaf prefetch's own filter, and leaves only search;</li>
 *   <li>a prefetch without {@code limit} keeps 10; with prefetches the root asks each stage for
 *       {@code limit + offset} and skips {@code offset} only at the end, so prefetches need at least that many;</li>
 *   <li>a nested prefetch (or the root) with a nearest query scores its prefetched points, and only those, with
 *       that vector; with a fusion query it fuses the lists of its prefetches in request order;</li>
 *   <li>after fusion a {@code score_threshold} keeps the leading points scoring at least the threshold;</li>
 *   <li>a point referenced by id anywhere in the request is left out of every result.</li>
 * </ul>
 * Everything is computed under one read lock, so a query sees one state of the collection.
 */
final class UniversalQuery {

    /** qdrant/qdrant v1.16.2 lib/collection/src/operations/universal_query/collection_query.rs DEFAULT_LIMIT. */
    static final int DEFAULT_LIMIT = 10;
    /** lib/shard/src/query/planned_query.rs MAX_PREFETCH_DEPTH. */
    private static final int MAX_PREFETCH_DEPTH = 64;

    private UniversalQuery() {
    }

    static List<ScoredPoint> run(StoredCollection c, QueryPoints request) {
        if (request.hasLookupFrom()) {
            throw QdrantErrors.notSupportedHere("lookup_from");
        }
        Query query = request.hasQuery() ? request.getQuery() : null;
        String using = request.hasUsing() ? request.getUsing() : VectorSchema.DEFAULT_NAME;
        validate(query, using, request.getPrefetchCount() > 0, request.hasScoreThreshold());
        int depth = depth(request.getPrefetchList());
        if (depth > MAX_PREFETCH_DEPTH) {
            throw QdrantErrors.wrongInput("Validation failed: prefetches depth " + depth + " exceeds max depth "
                    + MAX_PREFETCH_DEPTH);
        }
        int limit = request.hasLimit() ? (int) request.getLimit() : DEFAULT_LIMIT;
        int offset = request.hasOffset() ? (int) request.getOffset() : 0;
        Float threshold = request.hasScoreThreshold() ? request.getScoreThreshold() : null;
        List<Filter> filters = new ArrayList<>();
        if (request.hasFilter()) {
            filters.add(request.getFilter());
        }
        return c.read(() -> {
            Set<PointKey> excluded = new HashSet<>();
            referencedIds(query, request.getPrefetchList(), excluded);
            List<Scored> hits;
            if (request.getPrefetchCount() == 0) {
                hits = leaf(c, query, using, filters, excluded, limit + offset, threshold);
            } else {
                List<List<Scored>> sources = new ArrayList<>();
                for (PrefetchQuery p : request.getPrefetchList()) {
                    sources.add(prefetch(c, p, filters, excluded));
                }
                hits = merge(c, query, using, sources, limit + offset, threshold);
            }
            List<ScoredPoint> out = new ArrayList<>();
            for (int i = offset; i < hits.size() && out.size() < limit; i++) {
                Scored hit = hits.get(i);
                out.add(PointViews.scored(hit.point, hit.score, request.getWithPayload(), request.getWithVectors()));
            }
            return out;
        });
    }

    /**
     * qdrant/qdrant v1.16.2 lib/collection/src/operations/universal_query/collection_query.rs
     * {@code CollectionQueryRequest::validation}, applied to the request and to every prefetch.
     */
    private static void validate(Query query, String using, boolean hasPrefetches, boolean hasThreshold) {
        if (hasPrefetches && query == null) {
            throw QdrantErrors.badRequest("A query is needed to merge the prefetches. Can't have prefetches "
                    + "without defining a query.");
        }
        if (hasThreshold && query == null) {
            throw QdrantErrors.badRequest("A query is needed to use the score_threshold. Can't have "
                    + "score_threshold without defining a query.");
        }
        if (query != null && isFusion(query) && !using.equals(VectorSchema.DEFAULT_NAME)) {
            throw QdrantErrors.badRequest("Fusion queries cannot be combined with the 'using' field.");
        }
    }

    private static int depth(List<PrefetchQuery> prefetches) {
        int deepest = 0;
        for (PrefetchQuery p : prefetches) {
            deepest = Math.max(deepest, 1 + depth(p.getPrefetchList()));
        }
        return deepest;
    }

    /** Ids used as query vectors, root and nested: collection_query.rs {@code exclude_referenced_ids}. */
    private static void referencedIds(Query query, List<PrefetchQuery> prefetches, Set<PointKey> into) {
        if (query != null && query.getVariantCase() == Query.VariantCase.NEAREST
                && query.getNearest().getVariantCase() == VectorInput.VariantCase.ID) {
            into.add(PointKey.of(query.getNearest().getId()));
        }
        for (PrefetchQuery p : prefetches) {
            referencedIds(p.hasQuery() ? p.getQuery() : null, p.getPrefetchList(), into);
        }
    }

    /** One prefetch's ranked list: a leaf search, or its own prefetches merged by its query. */
    private static List<Scored> prefetch(StoredCollection c, PrefetchQuery p, List<Filter> inherited,
            Set<PointKey> excluded) {
        if (p.hasLookupFrom()) {
            throw QdrantErrors.notSupportedHere("lookup_from");
        }
        Query query = p.hasQuery() ? p.getQuery() : null;
        String using = p.hasUsing() ? p.getUsing() : VectorSchema.DEFAULT_NAME;
        validate(query, using, p.getPrefetchCount() > 0, p.hasScoreThreshold());
        int limit = p.hasLimit() ? (int) p.getLimit() : DEFAULT_LIMIT;
        Float threshold = p.hasScoreThreshold() ? p.getScoreThreshold() : null;
        // Filters are propagated into the leaves (planned_query.rs recurse_prefetches, Filter::merge_opts).
        List<Filter> filters = new ArrayList<>(inherited);
        if (p.hasFilter()) {
            filters.add(p.getFilter());
        }
        if (p.getPrefetchCount() == 0) {
            return leaf(c, query, using, filters, excluded, limit, threshold);
        }
        List<List<Scored>> sources = new ArrayList<>();
        for (PrefetchQuery inner : p.getPrefetchList()) {
            sources.add(prefetch(c, inner, filters, excluded));
        }
        return merge(c, query, using, sources, limit, threshold);
    }

    /** A query over the stored points (planned_query.rs {@code leaf_source_from_scoring_query}). */
    private static List<Scored> leaf(StoredCollection c, Query query, String using, List<Filter> filters,
            Set<PointKey> excluded, int limit, Float threshold) {
        if (query == null) {
            // No query: points in id order, as Scroll would give them, all scored 0.
            List<Scored> out = new ArrayList<>();
            for (StoredPoint p : c.points().values()) {
                if (out.size() == limit) {
                    break;
                }
                if (!excluded.contains(p.id) && matchesAll(filters, p)) {
                    out.add(new Scored(p, 0f));
                }
            }
            return out;
        }
        if (isFusion(query)) {
            throw QdrantErrors.wrongInput("Validation failed: cannot apply Fusion without prefetches");
        }
        return nearest(c, using, queryVector(c, query, using), filters, excluded, null, limit, threshold);
    }

    /** Prefetched lists merged by the stage's query (local_shard/query.rs {@code rescore}). */
    private static List<Scored> merge(StoredCollection c, Query query, String using, List<List<Scored>> sources,
            int limit, Float threshold) {
        if (isFusion(query)) {
            List<Scored> fused = query.getVariantCase() == Query.VariantCase.FUSION
                    ? fuse(query, sources) : ScoreFusion.rrf(sources, rrfK(query));
            List<Scored> out = new ArrayList<>();
            for (Scored hit : fused) {
                if (out.size() == limit || (threshold != null && hit.score < threshold)) {
                    break;
                }
                out.add(hit);
            }
            return out;
        }
        // A vector query re-scores exactly the prefetched points: a search restricted to their ids.
        Set<PointKey> candidates = new HashSet<>();
        for (List<Scored> source : sources) {
            for (Scored hit : source) {
                candidates.add(hit.point.id);
            }
        }
        return nearest(c, using, queryVector(c, query, using), List.of(), Set.of(), candidates, limit, threshold);
    }

    private static List<Scored> fuse(Query query, List<List<Scored>> sources) {
        switch (query.getFusion()) {
            case RRF:
                return ScoreFusion.rrf(sources, ScoreFusion.DEFAULT_RRF_K);
            case DBSF:
                return ScoreFusion.dbsf(sources);
            default:
                throw QdrantErrors.invalidArgument("invalid fusion type value " + query.getFusionValue());
        }
    }

    private static int rrfK(Query query) {
        return query.getRrf().hasK() ? query.getRrf().getK() : ScoreFusion.DEFAULT_RRF_K;
    }

    private static boolean isFusion(Query query) {
        return query.getVariantCase() == Query.VariantCase.FUSION || query.getVariantCase() == Query.VariantCase.RRF;
    }

    /** The vector of a nearest query; any other kind of query is not implemented here. */
    private static StoredVector queryVector(StoredCollection c, Query query, String using) {
        if (query.getVariantCase() != Query.VariantCase.NEAREST) {
            throw QdrantErrors.notSupportedHere("query " + query.getVariantCase());
        }
        VectorInput input = query.getNearest();
        if (input.getVariantCase() != VectorInput.VariantCase.ID) {
            return VectorInputs.fromQuery(input);
        }
        PointKey id = PointKey.of(input.getId());
        StoredPoint p = c.points().get(id);
        if (p == null) {
            throw QdrantErrors.pointNotFound(id);
        }
        StoredVector v = p.vectors.get(using);
        if (v == null) {
            throw QdrantErrors.wrongInput("Vector " + using + " is not found for point " + id);
        }
        return v;
    }

    /**
     * Exact nearest neighbours among the points passing every filter (and, when {@code candidates} is given, among
     * those only): every candidate scored, best first, ties by id. Under the read lock.
     */
    private static List<Scored> nearest(StoredCollection c, String using, StoredVector rawQuery,
            List<Filter> filters, Set<PointKey> excluded, Set<PointKey> candidates, int limit, Float threshold) {
        StoredVector query = c.schema.accept(using, rawQuery);
        if (c.schema.isSparse(using) && c.schema.sparseModifier(using) == Modifier.Idf) {
            query = SparseIdf.weighted((StoredVector.Sparse) query, using, c.points().values());
        }
        VectorParams params = c.schema.dense(using);
        boolean largerIsBetter = params == null || params.hasMultivectorConfig()
                || Similarity.largerIsBetter(params.getDistance());
        List<Scored> hits = new ArrayList<>();
        for (StoredPoint p : c.points().values()) {
            StoredVector v = p.vectors.get(using);
            if (v == null || excluded.contains(p.id) || (candidates != null && !candidates.contains(p.id))
                    || !matchesAll(filters, p)) {
                continue;
            }
            Float score = score(params, query, v);
            if (score == null || (threshold != null && (largerIsBetter ? score < threshold : score > threshold))) {
                continue;
            }
            hits.add(new Scored(p, score));
        }
        Comparator<Scored> byScore = Comparator.comparing(h -> h.score);
        hits.sort((largerIsBetter ? byScore.reversed() : byScore).thenComparing(h -> h.point.id));
        return hits.size() > limit ? new ArrayList<>(hits.subList(0, limit)) : hits;
    }

    private static boolean matchesAll(List<Filter> filters, StoredPoint p) {
        for (Filter f : filters) {
            if (!PointFilter.matches(f, p)) {
                return false;
            }
        }
        return true;
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
