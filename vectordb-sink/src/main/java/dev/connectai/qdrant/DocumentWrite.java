package dev.connectai.qdrant;

import java.util.List;
import java.util.Map;

import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.Vector;
import org.apache.kafka.connect.sink.SinkRecord;

/** What one record asks of Qdrant. Within a batch the last write of a document wins, as Kafka's order says. */
sealed interface DocumentWrite permits DocumentWrite.Upsert, DocumentWrite.Delete {

    String collection();

    PointId id();

    SinkRecord record();

    /** Writes with equal keys address the same point (or the same chunked document). */
    default String documentKey() {
        return collection() + "\u0000" + PointIds.text(id());
    }

    /**
     * Upsert a point (or, with chunking, a document's chunks). {@code dense} is the unnamed dense vector;
     * when {@code text} is set the sink embeds it (and chunks it) before writing. {@code previousText} is the
     * text of a Debezium update's {@code before} row, null when there is none (see {@link UnchangedEmbeddings}).
     */
    record Upsert(String collection, PointId id, SinkRecord record, Map<String, Value> payload,
                  List<Float> dense, Map<String, Vector> named, String text, String previousText)
            implements DocumentWrite {

        Upsert(String collection, PointId id, SinkRecord record, Map<String, Value> payload, List<Float> dense,
               Map<String, Vector> named, String text) {
            this(collection, id, record, payload, dense, named, text, null);
        }
    }

    /** Delete a point, or every chunk of a document. */
    record Delete(String collection, PointId id, SinkRecord record) implements DocumentWrite {
    }
}
