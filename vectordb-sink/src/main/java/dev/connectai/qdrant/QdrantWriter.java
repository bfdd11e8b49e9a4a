package dev.connectai.qdrant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.CodedOutputStream;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.TruncationNotice;
import dev.connectai.toolkit.sparse.Bm25Encoder;
import dev.connectai.toolkit.sparse.SparseVector;
import dev.connectai.toolkit.text.TextChunker;
import io.grpc.Status;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.Vectors;
import io.qdrant.client.VectorFactory;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Writes one batch of records: collapses it to the last write per document, embeds and chunks texts in one
 * model call, checks vectors against the collection, then sends deletes and bounded, parallel upsert requests.
 * Returns only when everything is written, so Connect may commit every offset of the batch.
 */
final class QdrantWriter {

    static final String DOCUMENT_ID = "document_id";
    static final String CHUNK_INDEX = "chunk_index";
    static final String CHUNK_COUNT = "chunk_count";
    static final String CHUNK_TEXT = "text";

    private final QdrantClient client;
    private final QdrantSinkConfig config;
    private final CollectionCatalog catalog;
    private final EmbeddingModel model;
    private final TextChunker chunker;
    /** Null without sparse.bm25.vector. */
    private final Bm25Encoder bm25;
    private final SinkMetrics metrics;
    private final TruncationNotice truncation;
    private final BiConsumer<SinkRecord, DataException> badRecord;
    /** Re-embed only what changed: null when embed.skip.unchanged is off or the sink does not embed. */
    private final UnchangedEmbeddings unchanged;
    private final EmbeddedTextHash textHash;

    QdrantWriter(QdrantClient client, QdrantSinkConfig config, EmbeddingModel model, SinkMetrics metrics,
                 BiConsumer<SinkRecord, DataException> badRecord) {
        this.client = client;
        this.config = config;
        this.catalog = new CollectionCatalog(client, config);
        this.model = model;
        this.chunker = config.chunkSize() > 0 && model != null
                ? new TextChunker(config.chunkSize(), config.chunkOverlap(), model::countTokens) : null;
        this.bm25 = config.bm25Vector() == null ? null : new Bm25Encoder(config.bm25Settings());
        this.metrics = metrics;
        this.truncation = model == null ? null : new TruncationNotice(metrics.label(), config.modelSpec(),
                metrics.truncated::record);
        this.badRecord = badRecord;
        boolean skip = model != null && config.skipUnchanged();
        this.unchanged = skip ? new UnchangedEmbeddings(client, config, chunker != null) : null;
        this.textHash = skip ? new EmbeddedTextHash(config.modelSpec(), config.bm25Vector(),
                config.bm25Vector() == null ? null : config.bm25Settings()) : null;
    }

    /** One point about to be written, and the record it came from. */
    private record PendingPoint(SinkRecord record, PointStruct point) {

        /** A point without vectors: its stored vectors hold, only its payload is written (see UnchangedEmbeddings). */
        boolean payloadOnly() {
            return !point.hasVectors();
        }
    }

    void write(Collection<DocumentWrite> writes) {
        Map<DocumentWrite.Upsert, List<PendingPoint>> points = embedAndBuild(writes);
        Map<String, List<DocumentWrite>> byCollection = new LinkedHashMap<>();
        for (DocumentWrite w : writes) {
            if (w instanceof DocumentWrite.Delete || points.containsKey(w)) {
                byCollection.computeIfAbsent(w.collection(), c -> new ArrayList<>()).add(w);
            }
        }
        for (Map.Entry<String, List<DocumentWrite>> e : byCollection.entrySet()) {
            writeCollection(e.getKey(), e.getValue(), points);
        }
    }

    /** Embeds every text of the batch in one model call (chunks included) and builds the points. */
    private Map<DocumentWrite.Upsert, List<PendingPoint>> embedAndBuild(Collection<DocumentWrite> writes) {
        List<Map.Entry<DocumentWrite.Upsert, List<String>>> texts = new ArrayList<>();
        Map<DocumentWrite.Upsert, List<PendingPoint>> out = new IdentityHashMap<>();
        List<String> allTexts = new ArrayList<>();
        for (DocumentWrite w : writes) {
            if (!(w instanceof DocumentWrite.Upsert u)) {
                continue;
            }
            if (u.text() == null) {
                out.put(u, List.of(new PendingPoint(u.record(), point(u.id(), u.dense(), u.named(), u.payload()))));
                continue;
            }
            List<String> parts;
            if (chunker == null) {
                parts = List.of(u.text());
            } else {
                TextChunker.Chunking chunking = chunker.chunks(u.text(), config.chunkMaxPerDocument());
                if (!chunking.complete() && config.chunkOverflow() == QdrantSinkConfig.ChunkOverflow.FAIL) {
                    badRecord.accept(u.record(), tooManyChunks(chunking));
                    continue;
                }
                parts = chunking.chunks();
            }
            texts.add(Map.entry(u, parts));
        }
        if (unchanged != null) {
            texts = keepUnchanged(texts, out);
        }
        for (Map.Entry<DocumentWrite.Upsert, List<String>> e : texts) {
            allTexts.addAll(e.getValue());
        }
        if (allTexts.isEmpty()) {
            return out;
        }
        List<float[]> vectors;
        try {
            vectors = model.embedAll(allTexts, truncation);
            metrics.embedded.record(allTexts.size());
        } catch (DataException e) {
            // The model rejected something in the batch; find which record by embedding them one by one.
            vectors = null;
        }
        int next = 0;
        for (Map.Entry<DocumentWrite.Upsert, List<String>> e : texts) {
            DocumentWrite.Upsert u = e.getKey();
            List<String> parts = e.getValue();
            List<float[]> own;
            if (vectors != null) {
                own = vectors.subList(next, next + parts.size());
                next += parts.size();
            } else {
                try {
                    own = model.embedAll(parts, truncation);
                    metrics.embedded.record(parts.size());
                } catch (DataException bad) {
                    badRecord.accept(u.record(), bad);
                    continue;
                }
            }
            out.put(u, chunker == null
                    ? List.of(new PendingPoint(u.record(), point(u.id(), toList(own.get(0)), withBm25(u.named(),
                            parts.get(0)), textPayload(u, parts, 0))))
                    : chunkPoints(u, parts, own));
        }
        return out;
    }

    /**
     * The record's named vectors plus the BM25 vector of {@code text}, the text that was embedded. A text of stop
     * words only has an empty BM25 vector, which Qdrant accepts (qdrant/qdrant lib/sparse/src/common/sparse_vector.rs
     * validates only equal lengths and unique indices): the point is found by its dense vector, never by BM25.
     */
    private Map<String, Vector> withBm25(Map<String, Vector> named, String text) {
        if (bm25 == null) {
            return named;
        }
        SparseVector sparse = bm25.encodeDocument(text);
        Map<String, Vector> out = new LinkedHashMap<>(named);
        out.put(config.bm25Vector(), VectorFactory.vector(sparse.valueList(), sparse.indexList()));
        return out;
    }

    /**
     * Puts payload-only points into {@code out} for the documents whose stored points already hold the vectors of
     * their texts, and returns the documents that still need the model.
     */
    private List<Map.Entry<DocumentWrite.Upsert, List<String>>> keepUnchanged(
            List<Map.Entry<DocumentWrite.Upsert, List<String>>> texts, Map<DocumentWrite.Upsert, List<PendingPoint>> out) {
        List<UnchangedEmbeddings.Candidate> candidates = new ArrayList<>();
        Map<String, Boolean> exists = new HashMap<>();
        for (Map.Entry<DocumentWrite.Upsert, List<String>> e : texts) {
            DocumentWrite.Upsert u = e.getKey();
            // A collection not there yet holds no vectors to keep (and asking it would only log an error).
            if (UnchangedEmbeddings.eligible(u) && exists.computeIfAbsent(u.collection(),
                    c -> catalog.ensure(c, null, -1) != null)) {
                List<PointId> ids = new ArrayList<>();
                List<String> hashes = new ArrayList<>();
                for (int i = 0; i < e.getValue().size(); i++) {
                    ids.add(chunker == null ? u.id() : PointIds.chunk(PointIds.text(u.id()), i));
                    hashes.add(textHash.of(e.getValue().get(i)));
                }
                candidates.add(new UnchangedEmbeddings.Candidate(u, ids, hashes));
            }
        }
        if (candidates.isEmpty()) {
            return texts;
        }
        Set<DocumentWrite.Upsert> keep = unchanged.unchanged(candidates);
        List<Map.Entry<DocumentWrite.Upsert, List<String>>> rest = new ArrayList<>();
        for (Map.Entry<DocumentWrite.Upsert, List<String>> e : texts) {
            DocumentWrite.Upsert u = e.getKey();
            if (!keep.contains(u)) {
                rest.add(e);
                continue;
            }
            List<PendingPoint> points = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                PointId id = chunker == null ? u.id() : PointIds.chunk(PointIds.text(u.id()), i);
                points.add(new PendingPoint(u.record(), PointStruct.newBuilder().setId(id)
                        .putAllPayload(textPayload(u, e.getValue(), i)).build()));
            }
            out.put(u, points);
            metrics.skipped.record(e.getValue().size());
        }
        return rest;
    }

    /**
     * The payload of point {@code i} of a document with text: the record's payload, with chunking the chunk fields,
     * and with embed.skip.unchanged the hash of the text its vector is of. An upsert and a payload-only update
     * write exactly this, so the two leave equal payloads.
     */
    private Map<String, Value> textPayload(DocumentWrite.Upsert u, List<String> parts, int i) {
        if (chunker == null && textHash == null) {
            return u.payload();
        }
        Map<String, Value> payload = new LinkedHashMap<>(u.payload());
        if (chunker != null) {
            payload.put(DOCUMENT_ID, ValueFactory.value(PointIds.text(u.id())));
            payload.put(CHUNK_INDEX, ValueFactory.value(i));
            payload.put(CHUNK_COUNT, ValueFactory.value(parts.size()));
            payload.put(CHUNK_TEXT, ValueFactory.value(parts.get(i)));
        }
        if (textHash != null) {
            payload.put(EmbeddedTextHash.FIELD, ValueFactory.value(textHash.of(parts.get(i))));
        }
        return payload;
    }

    private DataException tooManyChunks(TextChunker.Chunking chunking) {
        return new DataException("the text is too long to chunk: its " + chunking.tokens() + " tokens make more than "
                + QdrantSinkConfig.CHUNK_MAX_PER_DOCUMENT + "=" + config.chunkMaxPerDocument() + " chunks of "
                + QdrantSinkConfig.CHUNK_SIZE + "=" + config.chunkSize() + "; raise "
                + QdrantSinkConfig.CHUNK_MAX_PER_DOCUMENT + ", or set " + QdrantSinkConfig.CHUNK_OVERFLOW
                + "=truncate to keep its first " + config.chunkMaxPerDocument() + " chunks");
    }

    private List<PendingPoint> chunkPoints(DocumentWrite.Upsert u, List<String> parts, List<float[]> vectors) {
        String documentId = PointIds.text(u.id());
        List<PendingPoint> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            out.add(new PendingPoint(u.record(), point(PointIds.chunk(documentId, i), toList(vectors.get(i)),
                    withBm25(u.named(), parts.get(i)), textPayload(u, parts, i))));
        }
        return out;
    }

    private void writeCollection(String collection, List<DocumentWrite> writes,
                                 Map<DocumentWrite.Upsert, List<PendingPoint>> points) {
        DocumentWrite.Upsert sample = null;
        boolean payloadOnly = false;
        for (DocumentWrite w : writes) {
            if (w instanceof DocumentWrite.Upsert u) {
                if (points.get(u).get(0).payloadOnly()) {
                    payloadOnly = true; // read from the collection a moment ago: it says nothing about its layout
                    continue;
                }
                sample = u;
                break;
            }
        }
        int embeddedSize = sample == null || sample.text() == null || !points.containsKey(sample) ? -1
                : unnamed(points.get(sample).get(0).point().getVectors()).size();
        CollectionCatalog.Layout layout = sample == null
                ? catalog.ensure(collection, null, -1) : catalog.ensure(collection, sample, embeddedSize);
        if (layout == null) {
            if (payloadOnly) {
                catalog.forget(collection);
                throw new RetriableException("collection " + collection + " vanished since its points were read; "
                        + "Connect retries the batch");
            }
            return; // deletes only, for a collection that does not exist: nothing to delete
        }

        List<PointId> deleteIds = new ArrayList<>();
        List<Filter> deleteFilters = new ArrayList<>();
        List<PendingPoint> upserts = new ArrayList<>();
        List<UnchangedEmbeddings.PayloadOnly> overwrites = new ArrayList<>();
        for (DocumentWrite w : writes) {
            if (w instanceof DocumentWrite.Delete d) {
                if (chunker != null) {
                    deleteFilters.add(documentFilter(PointIds.text(d.id()), 0));
                } else {
                    deleteIds.add(d.id());
                }
                continue;
            }
            DocumentWrite.Upsert u = (DocumentWrite.Upsert) w;
            List<PendingPoint> own = points.get(u);
            if (own.get(0).payloadOnly()) {
                // Same texts, same chunk count: no stale chunks to delete either.
                own.forEach(p -> overwrites.add(new UnchangedEmbeddings.PayloadOnly(p.record(), p.point())));
                continue;
            }
            try {
                for (PendingPoint p : own) {
                    VectorLayoutCheck.check(collection, layout, p.point().getVectors());
                }
            } catch (DataException bad) {
                badRecord.accept(u.record(), bad);
                continue;
            }
            upserts.addAll(own);
            if (chunker != null) {
                // Stale chunks of a document that got shorter.
                deleteFilters.add(documentFilter(PointIds.text(u.id()), own.size()));
            }
        }
        if (!deleteIds.isEmpty()) {
            QdrantErrors.await(client.deleteAsync(collection, deleteIds), config.timeoutMs(), "deleting points from " + collection);
            metrics.deleted.record(deleteIds.size());
        }
        for (Filter f : deleteFilters) {
            QdrantErrors.await(client.deleteAsync(collection, f), config.timeoutMs(), "deleting chunks from " + collection);
            metrics.deleted.record(1);
        }
        upsert(collection, upserts);
        if (!overwrites.isEmpty()) {
            unchanged.overwrite(collection, overwrites, badRecord, this::recordPayloadUpdate);
        }
    }

    private void recordPayloadUpdate(List<UnchangedEmbeddings.PayloadOnly> batch) {
        metrics.payloadUpdated.record(batch.size());
        recordWritten(batch.stream().map(UnchangedEmbeddings.PayloadOnly::record).toList());
    }

    /** Chunks of a document from {@code fromIndex} on. */
    private static Filter documentFilter(String documentId, int fromIndex) {
        Filter.Builder f = Filter.newBuilder().addMust(ConditionFactory.matchKeyword(DOCUMENT_ID, documentId));
        if (fromIndex > 0) {
            f.addMust(ConditionFactory.range(CHUNK_INDEX, Range.newBuilder().setGte(fromIndex).build()));
        }
        return f.build();
    }

    /**
     * Upserts in requests of at most batch.size points and batch.max.bytes serialized bytes, at most
     * max.in.flight.requests at a time. A point over batch.max.bytes on its own goes to the DLQ; a request Qdrant
     * (or a proxy) still rejects as too large is split in halves; a rejected request is retried point by point.
     */
    private void upsert(String collection, List<PendingPoint> upserts) {
        Deque<InFlight> inFlight = new ArrayDeque<>();
        RuntimeException retriable = null;
        for (List<PendingPoint> batch : requests(collection, upserts)) {
            if (inFlight.size() >= config.maxInFlight()) {
                retriable = first(retriable, finish(collection, inFlight.removeFirst()));
            }
            inFlight.addLast(new InFlight(batch, send(collection, batch), System.nanoTime()));
        }
        while (!inFlight.isEmpty()) {
            retriable = first(retriable, finish(collection, inFlight.removeFirst()));
        }
        if (retriable != null) {
            metrics.retries.record(1);
            throw retriable;
        }
    }

    /** Bytes an upsert request spends on things other than its points (collection name, flags), rounded up. */
    private static int requestOverhead(String collection) {
        return 64 + CodedOutputStream.computeStringSize(UpsertPoints.COLLECTION_NAME_FIELD_NUMBER, collection);
    }

    /** What a point adds to an upsert request: the point and its field tag and length. */
    static int requestBytes(PointStruct point) {
        return CodedOutputStream.computeMessageSize(UpsertPoints.POINTS_FIELD_NUMBER, point);
    }

    /** Cuts the points into requests bounded by count and by bytes; reports points too large for any request. */
    private List<List<PendingPoint>> requests(String collection, List<PendingPoint> upserts) {
        long budget = config.batchMaxBytes() - requestOverhead(collection);
        List<List<PendingPoint>> out = new ArrayList<>();
        List<PendingPoint> current = new ArrayList<>();
        long bytes = 0;
        for (PendingPoint p : upserts) {
            int size = requestBytes(p.point());
            if (size > budget) {
                tooLarge(p, size, "over " + QdrantSinkConfig.BATCH_MAX_BYTES + "=" + config.batchMaxBytes());
                continue;
            }
            if (!current.isEmpty() && (current.size() >= config.batchSize() || bytes + size > budget)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(p);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private void tooLarge(PendingPoint p, int size, String why) {
        badRecord.accept(p.record(), new DataException("the point is " + size + " bytes serialized, " + why
                + "; it cannot be written in any upsert request (make the record smaller, e.g. with "
                + QdrantSinkConfig.PAYLOAD_EXCLUDE + ", or raise " + QdrantSinkConfig.BATCH_MAX_BYTES
                + " if Qdrant and every proxy before it accept larger requests)"));
    }

    private record InFlight(List<PendingPoint> batch, ListenableFuture<UpdateResult> call, long startNanos) {
    }

    private ListenableFuture<UpdateResult> send(String collection, List<PendingPoint> batch) {
        UpsertPoints.Builder request = UpsertPoints.newBuilder().setCollectionName(collection)
                .setWait(config.waitForUpserts());
        batch.forEach(p -> request.addPoints(p.point()));
        return client.upsertAsync(request.build());
    }

    /** Waits for one request; returns a retriable failure to raise after the others finish, or null. */
    private RuntimeException finish(String collection, InFlight f) {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(QdrantErrors.waitMs(config.timeoutMs()));
        long leftNanos = f.startNanos() + waitNanos - System.nanoTime();
        String what = "upserting " + f.batch().size() + " points to " + collection;
        try {
            f.call().get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
            recordUpsert(f.batch(), f.startNanos());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.call().cancel(true);
            return new RetriableException("interrupted while upserting to " + collection, e);
        } catch (TimeoutException e) {
            f.call().cancel(true);
            return QdrantErrors.timedOut(what, TimeUnit.NANOSECONDS.toMillis(waitNanos), e);
        } catch (ExecutionException e) {
            return failed(collection, f.batch(), e.getCause(), what);
        }
    }

    private void recordUpsert(List<PendingPoint> batch, long startNanos) {
        metrics.batches.record(1);
        metrics.batchLatency.record((System.nanoTime() - startNanos) / 1e6);
        metrics.upserted.record(batch.size());
        recordWritten(batch.stream().map(PendingPoint::record).toList());
    }

    /** Freshness of the records whose points Qdrant just acknowledged, one entry per point. */
    private void recordWritten(List<SinkRecord> records) {
        long now = System.currentTimeMillis();
        SinkRecord previous = null;
        for (SinkRecord record : records) {
            // A document's chunks sit next to each other: its record counts once per request, not per chunk.
            Long timestamp = record.timestamp();
            if (record != previous && timestamp != null && timestamp >= 0) {
                metrics.written(timestamp, now);
            }
            previous = record;
        }
    }

    /**
     * Handles a failed upsert of {@code batch}: too large is split, rejected points are isolated (both end in the
     * DLQ for what cannot be written), a vanished collection and transient faults are retriable (returned), the
     * rest stops the task (thrown).
     */
    private RuntimeException failed(String collection, List<PendingPoint> batch, Throwable cause, String what) {
        if (QdrantErrors.tooLarge(cause)) {
            return split(collection, batch, cause);
        }
        if (QdrantErrors.rejectsPoints(cause)) {
            return isolate(collection, batch, cause);
        }
        if (QdrantErrors.code(cause) == Status.Code.NOT_FOUND) {
            catalog.forget(collection);
            return new RetriableException("collection " + collection + " vanished during the upsert", cause);
        }
        RuntimeException mapped = QdrantErrors.map(cause, what);
        if (mapped instanceof RetriableException) {
            return mapped;
        }
        throw mapped;
    }

    /**
     * A request over a size limit of Qdrant or a proxy: sends each half on its own, halving again while still too
     * large (at most log2(batch.size) levels), down to a single point, which goes to the DLQ.
     */
    private RuntimeException split(String collection, List<PendingPoint> batch, Throwable cause) {
        if (batch.size() == 1) {
            PendingPoint p = batch.get(0);
            tooLarge(p, requestBytes(p.point()), "and Qdrant (or a proxy) refused it as too large ("
                    + QdrantErrors.status(cause).getDescription() + ")");
            return null;
        }
        int half = batch.size() / 2;
        RuntimeException retriable = null;
        for (List<PendingPoint> part : List.of(batch.subList(0, half), batch.subList(half, batch.size()))) {
            retriable = first(retriable, sendNow(collection, part));
        }
        return retriable;
    }

    /** Sends a request and waits for it, with the same failure handling as a batch in flight. */
    private RuntimeException sendNow(String collection, List<PendingPoint> batch) {
        return finish(collection, new InFlight(batch, send(collection, batch), System.nanoTime()));
    }

    /** Qdrant rejected a batch: send its points one by one so only the bad records go to the DLQ. */
    private RuntimeException isolate(String collection, List<PendingPoint> batch, Throwable cause) {
        if (batch.size() == 1) {
            return reject(batch.get(0), cause);
        }
        for (PendingPoint p : batch) {
            // One point: too large or rejected goes to the DLQ; a transient fault ends the pass (retriable).
            RuntimeException retriable = sendNow(collection, List.of(p));
            if (retriable != null) {
                return retriable;
            }
        }
        return null;
    }

    private RuntimeException reject(PendingPoint p, Throwable cause) {
        badRecord.accept(p.record(), new DataException("Qdrant rejected the point: "
                + QdrantErrors.status(cause).getDescription()));
        return null;
    }

    private static RuntimeException first(RuntimeException a, RuntimeException b) {
        return a != null ? a : b;
    }

    private static PointStruct point(PointId id, List<Float> dense, Map<String, Vector> named, Map<String, Value> payload) {
        PointStruct.Builder p = PointStruct.newBuilder().setId(id).putAllPayload(payload);
        if (dense != null && named.isEmpty()) {
            p.setVectors(VectorsFactory.vectors(dense));
        } else {
            Map<String, Vector> all = new LinkedHashMap<>(named);
            if (dense != null) {
                all.put("", VectorFactory.vector(dense));
            }
            p.setVectors(VectorsFactory.namedVectors(all));
        }
        return p.build();
    }

    /** The embedded (unnamed) vector; among named vectors (BM25, vector.sparse) it is the one named "". */
    private static List<Float> unnamed(Vectors vectors) {
        Vector v = vectors.hasVectors() ? vectors.getVectors().getVectorsOrDefault("", Vector.getDefaultInstance())
                : vectors.getVector();
        return v.hasDense() ? v.getDense().getDataList() : v.getDataList();
    }

    private static List<Float> toList(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float f : v) {
            out.add(f);
        }
        return out;
    }
}
