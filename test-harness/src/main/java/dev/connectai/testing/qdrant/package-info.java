/**
 * An in-process stand-in for Qdrant that speaks its real gRPC API, for tests on machines without Docker.
 *
 * <p>Implemented: the Qdrant health check; Collections Create, Get, List, CollectionExists, Delete (and Update,
 * acknowledged without effect); Points Upsert, Delete, Get, Scroll, Count, Search, SearchBatch, Query and
 * QueryBatch (nearest-neighbour queries and no-query listing), SetPayload, OverwritePayload, DeletePayload,
 * ClearPayload, UpdateVectors, DeleteVectors, UpdateBatch, CreateFieldIndex and DeleteFieldIndex. Dense, named,
 * sparse and multi-vectors; Cosine, Dot, Euclid and Manhattan; filters with must/should/must_not/min_should,
 * match, range, values_count, is_empty, is_null, has_id, has_vector, nested keys and nested conditions.
 *
 * <p>Refused with UNIMPLEMENTED: prefetch and fusion, recommend, discover, groups, facets, order_by, geo and
 * datetime conditions, aliases, snapshots, sharding and inference. Search is exact (no HNSW), so results can be
 * better than a real Qdrant's approximate ones on large collections; on small ones they are the same.
 */
package dev.connectai.testing.qdrant;
