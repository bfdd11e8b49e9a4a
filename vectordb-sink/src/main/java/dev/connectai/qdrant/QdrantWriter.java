package dev.connectai.qdrant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

import com.google.common.util.concurrent.ListenableFuture;
import dev.connectai.toolkit.embedding.EmbeddingModel;
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
import io.qdrant.client.VectorFactory;
import org.apache.kafka.connect.errors.ConnectException;
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
    private final SinkMetrics metrics;
    private final BiConsumer<SinkRecord, DataException> badRecord;

    QdrantWriter(QdrantClient client, QdrantSinkConfig config, EmbeddingModel model, SinkMetrics metrics,
                 BiConsumer<SinkRecord, DataException> badRecord) {
        this.client = client;
        this.config = config;
        this.catalog = new CollectionCatalog(client, config);
        this.model = model;
        this.chunker = config.chunkSize() > 0 && model != null
                ? new TextChunker(config.chunkSize(), config.chunkOverlap(), model::countTokens) : null;
        this.metrics = metrics;
        this.badRecord = badRecord;
    }

    /** One point about to be written, and the record it came from. */
    private record PendingPoint(SinkRecord record, PointStruct point) {
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
            allTexts.addAll(parts);
        }
        if (allTexts.isEmpty()) {
            return out;
        }
        List<float[]> vectors;
        try {
            vectors = model.embedAll(allTexts);
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
                    own = model.embedAll(parts);
                    metrics.embedded.record(parts.size());
                } catch (DataException bad) {
                    badRecord.accept(u.record(), bad);
                    continue;
                }
            }
            out.put(u, chunker == null
                    ? List.of(new PendingPoint(u.record(), point(u.id(), toList(own.get(0)), u.named(), u.payload())))
                    : chunkPoints(u, parts, own));
        }
        return out;
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
            Map<String, Value> payload = new LinkedHashMap<>(u.payload());
            payload.put(DOCUMENT_ID, ValueFactory.value(documentId));
            payload.put(CHUNK_INDEX, ValueFactory.value(i));
            payload.put(CHUNK_COUNT, ValueFactory.value(parts.size()));
            payload.put(CHUNK_TEXT, ValueFactory.value(parts.get(i)));
            out.add(new PendingPoint(u.record(), point(PointIds.chunk(documentId, i), toList(vectors.get(i)), u.named(), payload)));
        }
        return out;
    }

    private void writeCollection(String collection, List<DocumentWrite> writes,
                                 Map<DocumentWrite.Upsert, List<PendingPoint>> points) {
        DocumentWrite.Upsert sample = null;
        for (DocumentWrite w : writes) {
            if (w instanceof DocumentWrite.Upsert u) {
                sample = u;
                break;
            }
        }
        int embeddedSize = sample == null || sample.text() == null || !points.containsKey(sample) ? -1
                : unnamed(points.get(sample).get(0).point().getVectors().getVector()).size();
        CollectionCatalog.Layout layout = sample == null
                ? catalog.ensure(collection, null, -1) : catalog.ensure(collection, sample, embeddedSize);
        if (layout == null) {
            return; // deletes only, for a collection that does not exist: nothing to delete
        }

        List<PointId> deleteIds = new ArrayList<>();
        List<Filter> deleteFilters = new ArrayList<>();
        List<PendingPoint> upserts = new ArrayList<>();
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
            QdrantErrors.await(client.deleteAsync(collection, deleteIds), "deleting points from " + collection);
            metrics.deleted.record(deleteIds.size());
        }
        for (Filter f : deleteFilters) {
            QdrantErrors.await(client.deleteAsync(collection, f), "deleting chunks from " + collection);
            metrics.deleted.record(1);
        }
        upsert(collection, upserts);
    }

    /** Chunks of a document from {@code fromIndex} on. */
    private static Filter documentFilter(String documentId, int fromIndex) {
        Filter.Builder f = Filter.newBuilder().addMust(ConditionFactory.matchKeyword(DOCUMENT_ID, documentId));
        if (fromIndex > 0) {
            f.addMust(ConditionFactory.range(CHUNK_INDEX, Range.newBuilder().setGte(fromIndex).build()));
        }
        return f.build();
    }

    /** Upserts in batches, at most max.in.flight.requests at a time; a rejected batch is retried point by point. */
    private void upsert(String collection, List<PendingPoint> upserts) {
        Deque<InFlight> inFlight = new ArrayDeque<>();
        RuntimeException retriable = null;
        for (int start = 0; start < upserts.size(); start += config.batchSize()) {
            List<PendingPoint> batch = upserts.subList(start, Math.min(upserts.size(), start + config.batchSize()));
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
        try {
            f.call().get();
            metrics.batches.record(1);
            metrics.batchLatency.record((System.nanoTime() - f.startNanos()) / 1e6);
            metrics.upserted.record(f.batch().size());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RetriableException("interrupted while upserting to " + collection, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Status.Code code = QdrantErrors.code(cause);
            if (code == Status.Code.INVALID_ARGUMENT) {
                isolate(collection, f.batch());
                return null;
            }
            if (code == Status.Code.NOT_FOUND) {
                catalog.forget(collection);
                return new RetriableException("collection " + collection + " vanished during the upsert", cause);
            }
            RuntimeException mapped = QdrantErrors.map(cause, "upserting " + f.batch().size() + " points to " + collection);
            if (mapped instanceof RetriableException) {
                return mapped;
            }
            throw mapped;
        }
    }

    /** Qdrant rejected a batch: send its points one by one so only the bad records go to the DLQ. */
    private void isolate(String collection, List<PendingPoint> batch) {
        for (PendingPoint p : batch) {
            try {
                QdrantErrors.await(send(collection, List.of(p)), "upserting a point to " + collection);
                metrics.upserted.record(1);
            } catch (ConnectException e) {
                if (e instanceof RetriableException || QdrantErrors.code(e.getCause()) != Status.Code.INVALID_ARGUMENT) {
                    throw e;
                }
                badRecord.accept(p.record(), new DataException("Qdrant rejected the point: "
                        + io.grpc.Status.fromThrowable(e.getCause()).getDescription()));
            }
        }
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

    private static List<Float> unnamed(Vector v) {
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
