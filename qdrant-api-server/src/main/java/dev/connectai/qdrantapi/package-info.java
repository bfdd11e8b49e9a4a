/**
 * An in-process server that speaks Qdrant's gRPC API (the official {@code QdrantClient} talks to it as to port
 * 6334), for tests and the local demo on machines without Docker. It is not Qdrant: storage is in memory and search
 * is exact.
 *
 * <p>It implements only what the pack's callers use (the sink, the tests, the demo, the search command and the
 * benchmarks): the Qdrant health check (every client's version check); Collections Create, Get, List,
 * CollectionExists and Delete, and collection aliases (UpdateAliases with create, rename and delete actions,
 * ListAliases, ListCollectionAliases; point calls, Get and CollectionExists resolve an alias, Delete and
 * ListCollectionAliases take the collection's own name); Points Upsert, Delete, Scroll, Count, Query
 * (nearest-neighbour queries, no-query listing, and prefetches, nested or not, re-scored by a vector or fused by RRF
 * or DBSF: {@link UniversalQuery}), Get (retrieve by ids), SetPayload, OverwritePayload, UpdateBatch with those two
 * payload operations, and CreateFieldIndex. Sparse vectors with {@code modifier: idf}
 * ({@link SparseIdf}). Dense, named, sparse and multi-vectors; Cosine, Dot, Euclid and Manhattan; filters
 * with must/should/must_not/min_should, match, range, values_count, is_empty, is_null, has_id, has_vector, nested
 * keys and nested conditions. Where real Qdrant's behaviour matters to a client it is copied from Qdrant's source,
 * named where it is copied: NaN payloads rejected, no message-size cap, {@code wait=false} acknowledged with
 * storage-level failures dropped, dense vectors accepted by multi-vector slots, typed payload indexes only,
 * query-by-id without the query point, and strict mode's {@code upsert_max_batchsize} and
 * {@code unindexed_filtering_update} (other strict-mode limits are refused as UNIMPLEMENTED).
 *
 * <p>Every other call answers UNIMPLEMENTED, never a silently wrong answer: among them Search, SearchBatch,
 * QueryBatch, the other payload operations and the vector updates, UpdateBatch's other operations, DeleteFieldIndex,
 * collection updates,
 * formula and MMR queries, lookup_from, recommend, discover, groups, facets, order_by, geo and datetime conditions,
 * snapshots, sharding, inference and the standard gRPC health service. Search is exact (no HNSW), so results can be
 * better than a real Qdrant's approximate ones on large collections; on small ones they are the same.
 */
package dev.connectai.qdrantapi;
