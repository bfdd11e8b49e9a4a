package dev.connectai.qdrant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.google.protobuf.CodedOutputStream;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.UpdateBatchPoints;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Re-embed only what changed ({@code embed.skip.unchanged}): finds the documents of a batch whose stored points
 * already hold the vectors of exactly their texts, and writes only the payload of those.
 *
 * <p>The rule, per document with text to embed: a Debezium update whose {@code before} row gives another text than
 * {@code after} changed its text and is embedded, without a lookup. Every other document (a before row with the same
 * text, no before row, not Debezium) is looked up: its points are read by id, payload {@link EmbeddedTextHash#FIELD}
 * and {@link QdrantWriter#CHUNK_COUNT} only, no vectors. It keeps its vectors only when every point it is about to
 * write is stored with the hash of the same text (and, chunked, with the same chunk count, so no surplus chunks
 * exist); then each point's payload is replaced (OverwritePayload: a field the record no longer has disappears, as
 * with an upsert) and the model is not called. A before row equal to after is not trusted alone: the point may be
 * missing (a connector started from a snapshot taken mid-stream, an earlier record dead-lettered, the collection
 * recreated) or hold another model's vector, and the stored hash tells both. Any difference embeds the whole
 * document and upserts it as without this setting (stale chunks of a shorter document are deleted as always).
 * Documents whose record carries vectors of its own (vector.named, vector.sparse, vector.multi) are always upserted,
 * since a payload update would leave those vectors behind.
 */
final class UnchangedEmbeddings {

    /** One document about to be embedded: its write and the texts of its points (one, or one per chunk). */
    record Candidate(DocumentWrite.Upsert write, List<PointId> ids, List<String> hashes) {
    }

    /** What a stored point holds of interest here. */
    private record Stored(String hash, long chunkCount) {
    }

    private final QdrantClient client;
    private final QdrantSinkConfig config;
    private final boolean chunked;

    UnchangedEmbeddings(QdrantClient client, QdrantSinkConfig config, boolean chunked) {
        this.client = client;
        this.config = config;
        this.chunked = chunked;
    }

    /** Whether this document may keep its vectors at all, before any lookup. */
    static boolean eligible(DocumentWrite.Upsert u) {
        return u.named().isEmpty() && (u.previousText() == null || u.previousText().equals(u.text()));
    }

    /**
     * The documents among {@code candidates} whose stored points already hold their vectors: one Get per collection
     * and {@code batch.size} ids, each bounded by {@code qdrant.timeout.ms}.
     */
    Set<DocumentWrite.Upsert> unchanged(List<Candidate> candidates) {
        Map<String, List<Candidate>> byCollection = new HashMap<>();
        for (Candidate c : candidates) {
            byCollection.computeIfAbsent(c.write().collection(), k -> new ArrayList<>()).add(c);
        }
        Set<DocumentWrite.Upsert> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, List<Candidate>> e : byCollection.entrySet()) {
            List<PointId> ids = new ArrayList<>();
            e.getValue().forEach(c -> ids.addAll(c.ids()));
            Map<String, Stored> stored = lookup(e.getKey(), ids);
            for (Candidate c : e.getValue()) {
                if (holds(c, stored)) {
                    out.add(c.write());
                }
            }
        }
        return out;
    }

    private boolean holds(Candidate c, Map<String, Stored> stored) {
        for (int i = 0; i < c.ids().size(); i++) {
            Stored s = stored.get(key(c.ids().get(i)));
            if (s == null || !c.hashes().get(i).equals(s.hash()) || chunked && s.chunkCount() != c.ids().size()) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Stored> lookup(String collection, List<PointId> ids) {
        Map<String, Stored> out = new HashMap<>();
        int step = config.batchSize();
        for (int from = 0; from < ids.size(); from += step) {
            GetPoints request = GetPoints.newBuilder().setCollectionName(collection)
                    .addAllIds(ids.subList(from, Math.min(ids.size(), from + step)))
                    .setWithPayload(WithPayloadSelectorFactory.include(
                            List.of(EmbeddedTextHash.FIELD, QdrantWriter.CHUNK_COUNT)))
                    .setWithVectors(WithVectorsSelectorFactory.enable(false))
                    .build();
            List<RetrievedPoint> points;
            try {
                points = QdrantErrors.await(client.retrieveAsync(request, Duration.ofMillis(config.timeoutMs())),
                        config.timeoutMs(), "reading stored text hashes from " + collection);
            } catch (RuntimeException e) {
                if (e.getCause() != null && QdrantErrors.code(e.getCause()) == Status.Code.NOT_FOUND) {
                    return Map.of(); // no collection yet: nothing is stored, everything is embedded
                }
                throw e;
            }
            for (RetrievedPoint p : points) {
                Value hash = p.getPayloadMap().get(EmbeddedTextHash.FIELD);
                Value count = p.getPayloadMap().get(QdrantWriter.CHUNK_COUNT);
                if (hash != null && hash.hasStringValue()) {
                    out.put(key(p.getId()), new Stored(hash.getStringValue(),
                            count != null && count.hasIntegerValue() ? count.getIntegerValue() : -1));
                }
            }
        }
        return out;
    }

    /** The same point id however it was spelt: Qdrant answers UUIDs in their canonical form. */
    private static String key(PointId id) {
        if (!id.hasUuid()) {
            return Long.toUnsignedString(id.getNum());
        }
        try {
            return UUID.fromString(id.getUuid()).toString();
        } catch (IllegalArgumentException e) {
            return id.getUuid();
        }
    }

    /** A point whose payload is to replace the stored one, and the record it came from. */
    record PayloadOnly(SinkRecord record, PointStruct point) {
    }

    /**
     * Replaces the payload of each point (its vectors stay): OverwritePayload operations by point id in UpdateBatch
     * requests of at most batch.size operations and batch.max.bytes, one request at a time. A point deleted since the
     * lookup fails the request with NOT_FOUND: retriable, and the retry's lookup embeds it. A payload Qdrant rejects
     * is isolated operation by operation and its record goes to the dead letter queue.
     */
    void overwrite(String collection, List<PayloadOnly> points, BiConsumer<SinkRecord, DataException> badRecord,
                   Consumer<List<PayloadOnly>> written) {
        long budget = config.batchMaxBytes() - 64L
                - CodedOutputStream.computeStringSize(UpdateBatchPoints.COLLECTION_NAME_FIELD_NUMBER, collection);
        List<PayloadOnly> current = new ArrayList<>();
        long bytes = 0;
        for (PayloadOnly p : points) {
            int size = CodedOutputStream.computeMessageSize(UpdateBatchPoints.OPERATIONS_FIELD_NUMBER, operation(p));
            if (size > budget) {
                badRecord.accept(p.record(), new DataException("the payload update is " + size + " bytes serialized, "
                        + "over " + QdrantSinkConfig.BATCH_MAX_BYTES + "=" + config.batchMaxBytes() + "; make the "
                        + "record smaller, e.g. with " + QdrantSinkConfig.PAYLOAD_EXCLUDE));
                continue;
            }
            if (!current.isEmpty() && (current.size() >= config.batchSize() || bytes + size > budget)) {
                send(collection, current, badRecord, written);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(p);
            bytes += size;
        }
        if (!current.isEmpty()) {
            send(collection, current, badRecord, written);
        }
    }

    private static PointsUpdateOperation operation(PayloadOnly p) {
        return PointsUpdateOperation.newBuilder().setOverwritePayload(PointsUpdateOperation.OverwritePayload.newBuilder()
                .putAllPayload(p.point().getPayloadMap())
                .setPointsSelector(PointsSelector.newBuilder().setPoints(PointsIdsList.newBuilder()
                        .addIds(p.point().getId())))).build();
    }

    private void send(String collection, List<PayloadOnly> batch, BiConsumer<SinkRecord, DataException> badRecord,
                      Consumer<List<PayloadOnly>> written) {
        UpdateBatchPoints.Builder request = UpdateBatchPoints.newBuilder().setCollectionName(collection)
                .setWait(config.waitForUpserts());
        batch.forEach(p -> request.addOperations(operation(p)));
        String what = "updating the payload of " + batch.size() + " points in " + collection;
        try {
            QdrantErrors.await(client.batchUpdateAsync(request.build(), Duration.ofMillis(config.timeoutMs())),
                    config.timeoutMs(), what);
        } catch (RuntimeException e) {
            // Timeouts and interrupts carry no gRPC status (UNKNOWN): they stay as await mapped them.
            Throwable cause = e.getCause();
            if (cause != null && QdrantErrors.code(cause) == Status.Code.NOT_FOUND) {
                throw new RetriableException(what + ": a point or the collection is gone since the lookup ("
                        + QdrantErrors.status(cause).getDescription() + "); Connect retries the batch, which embeds "
                        + "what is missing", cause);
            }
            if (cause != null && (QdrantErrors.rejectsPoints(cause) || QdrantErrors.tooLarge(cause))) {
                if (batch.size() == 1) {
                    badRecord.accept(batch.get(0).record(), new DataException("Qdrant rejected the payload update: "
                            + QdrantErrors.status(cause).getDescription()));
                    return;
                }
                for (PayloadOnly p : batch) {
                    send(collection, List.of(p), badRecord, written);
                }
                return;
            }
            throw e;
        }
        written.accept(batch);
    }
}
