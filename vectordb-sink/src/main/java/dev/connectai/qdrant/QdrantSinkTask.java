package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.connectai.toolkit.PackVersion;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.record.RecordLocation;
import dev.connectai.toolkit.shared.SharedResources;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of records to Qdrant, slice by slice. {@link #put} returns when every point of the batch is
 * written (or its record reported as bad), or when put.max.duration.ms is spent: then the rest is handed back
 * (rewound) and {@link #preCommit} commits only what was written. A retriable fault is thrown back and Connect
 * re-delivers the batch, which is harmless because every write is idempotent.
 */
public class QdrantSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(QdrantSinkTask.class);

    private SharedResources.Lease<QdrantConnections.Handle> connection;
    private SharedResources.Lease<EmbeddingModel> model;
    private RecordMapper mapper;
    private QdrantWriter writer;
    private SinkMetrics metrics;
    private ErrantRecordReporter reporter;
    private long putMaxDurationMs;
    /** Per partition, the first offset the last put() handed back unwritten. */
    private final Map<TopicPartition, Long> handedBack = new HashMap<>();

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        try {
            QdrantSinkConfig config = new QdrantSinkConfig(props);
            mapper = new RecordMapper(config);
            putMaxDurationMs = config.putMaxDurationMs();
            metrics = new SinkMetrics(props.getOrDefault("name", "qdrant-sink"), props.getOrDefault(TASK_ID, "0"));
            connection = QdrantConnections.acquire(config);
            if (config.embeds()) {
                model = SharedEmbeddingModels.acquire(config.modelSpec());
            }
            reporter = errantRecordReporter();
            writer = new QdrantWriter(connection.get().client, config, model == null ? null : model.get(), metrics,
                    this::reportBadRecord);
            log.info("Qdrant sink task started: {} collection={}{}", config.address(), config.collectionTemplate(),
                    config.embeds() ? " embedding with " + config.modelSpec().id() : "");
        } catch (RuntimeException | Error e) {
            // Connect may not call stop() after a failed start: release what was acquired so far.
            stop();
            throw e;
        }
    }

    static final String TASK_ID = "connect.ai.task.id";

    /**
     * Text to embed per slice of a batch: about 16,000 tokens, a few seconds of a local model on two cores, so the
     * time budget is checked often; records without text to embed only count against {@link #SLICE_RECORDS}.
     */
    static final int SLICE_TEXT_CHARS = 64_000;
    static final int SLICE_RECORDS = 10_000;

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        // A put() always follows a poll(), which applied the rewind asked for in the previous put().
        handedBack.clear();
        if (records.isEmpty()) {
            return;
        }
        List<SinkRecord> batch = new ArrayList<>(records);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(putMaxDurationMs);
        int start = 0;
        while (start < batch.size()) {
            start = writeSlice(batch, start);
            if (start < batch.size() && System.nanoTime() - deadline > 0) {
                handBack(batch.subList(start, batch.size()));
                return;
            }
        }
    }

    /**
     * Maps and writes the records from {@code start} until the slice holds {@link #SLICE_TEXT_CHARS} characters of
     * text to embed or {@link #SLICE_RECORDS} records (at least one record); returns where the next slice starts.
     * Within a slice Kafka order decides: the last write of a document is the one that counts. A record that cannot
     * be mapped is reported here, once: it is never part of what is handed back.
     */
    private int writeSlice(List<SinkRecord> batch, int start) {
        Map<String, DocumentWrite> last = new LinkedHashMap<>();
        long textChars = 0;
        int next = start;
        while (next < batch.size() && next - start < SLICE_RECORDS && textChars < SLICE_TEXT_CHARS) {
            SinkRecord record = batch.get(next++);
            DocumentWrite write;
            try {
                write = mapper.map(record);
            } catch (DataException e) {
                reportBadRecord(record, e);
                continue;
            }
            if (write instanceof DocumentWrite.Upsert upsert && upsert.text() != null) {
                textChars += upsert.text().length();
            }
            last.remove(write.documentKey());
            last.put(write.documentKey(), write);
        }
        try {
            writer.write(last.values());
        } catch (RetriableException e) {
            log.warn("Qdrant write will be retried by Connect: {}", e.getMessage());
            throw e;
        }
        return next;
    }

    /**
     * The time budget is spent: the records not yet written go back to Connect. Their partitions are rewound to
     * the first of them, so they come again with a later poll while the consumer keeps polling (no eviction from
     * the group), and {@link #preCommit} never commits past them.
     */
    private void handBack(List<SinkRecord> rest) {
        for (SinkRecord record : rest) {
            handedBack.merge(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset(), Math::min);
        }
        context.offset(handedBack);
        metrics.handedBack.record(rest.size());
        log.info("put() reached {}={} ms: {} record(s) of the batch go back to Connect and come again with the next "
                + "poll", QdrantSinkConfig.PUT_MAX_DURATION_MS, putMaxDurationMs, rest.size());
    }

    /** Offsets up to what was written: never past records handed back by the last put(). */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (handedBack.isEmpty()) {
            return currentOffsets;
        }
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>(currentOffsets);
        handedBack.forEach((tp, first) -> safe.computeIfPresent(tp, (k, offset) ->
                offset.offset() > first ? new OffsetAndMetadata(first, offset.metadata()) : offset));
        return safe;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        partitions.forEach(handedBack::remove);
    }

    private void reportBadRecord(SinkRecord record, DataException e) {
        DataException located = new DataException(e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
        if (reporter == null) {
            throw located;
        }
        metrics.deadLettered.record(1);
        reporter.report(record, located);
    }

    /** Releases everything; safe after a failed or partial start and when called twice. */
    @Override
    public void stop() {
        SinkMetrics m = metrics;
        SharedResources.Lease<EmbeddingModel> md = model;
        SharedResources.Lease<QdrantConnections.Handle> c = connection;
        metrics = null;
        model = null;
        connection = null;
        writer = null;
        try {
            if (m != null) {
                m.close();
            }
        } finally {
            try {
                if (md != null) {
                    md.close();
                }
            } finally {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
