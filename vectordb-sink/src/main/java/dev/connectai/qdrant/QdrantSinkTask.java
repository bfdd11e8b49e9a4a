package dev.connectai.qdrant;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.connectai.toolkit.PackVersion;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.record.RecordLocation;
import dev.connectai.toolkit.shared.SharedResources;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of records to Qdrant. {@link #put} returns only after every point of the batch is written (or
 * its record reported as bad), so the offsets Connect commits afterwards are always safe; a retriable fault is
 * thrown back and Connect re-delivers the batch, which is harmless because every write is idempotent.
 */
public class QdrantSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(QdrantSinkTask.class);

    private SharedResources.Lease<QdrantConnections.Handle> connection;
    private SharedResources.Lease<EmbeddingModel> model;
    private RecordMapper mapper;
    private QdrantWriter writer;
    private SinkMetrics metrics;
    private ErrantRecordReporter reporter;

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        try {
            QdrantSinkConfig config = new QdrantSinkConfig(props);
            mapper = new RecordMapper(config);
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

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        // Kafka order decides: the last write of a document in the batch is the one that counts.
        Map<String, DocumentWrite> last = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            DocumentWrite write;
            try {
                write = mapper.map(record);
            } catch (DataException e) {
                reportBadRecord(record, e);
                continue;
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
