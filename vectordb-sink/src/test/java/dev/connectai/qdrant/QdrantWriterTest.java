package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.PointIdFactory;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer against the in-process Qdrant API server (or a real Qdrant when QDRANT_URL is set). */
class QdrantWriterTest {

    private static QdrantTarget qdrant;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
    }

    @AfterAll
    static void stop() {
        qdrant.close();
    }

    private static boolean exists(String collection) throws Exception {
        return qdrant.client().collectionExistsAsync(collection).get();
    }

    @Test
    void tombstonesForAMissingCollectionDeleteNothingAndCreateNothing() throws Exception {
        String collection = "missing-" + System.nanoTime();
        QdrantSinkConfig config = new QdrantSinkConfig(Map.of("collection.name", collection,
                "collection.auto.create", "true", "qdrant.url", qdrant.grpcUrl()));
        List<DataException> bad = new ArrayList<>();
        try (SinkMetrics metrics = new SinkMetrics("writer-test-" + collection, "0")) {
            QdrantWriter writer = new QdrantWriter(qdrant.client(), config, null, metrics, (r, e) -> bad.add(e));
            SinkRecord tombstone = new SinkRecord("docs", 0, null, "7", null, null, 3L);
            writer.write(List.of(new DocumentWrite.Delete(collection, PointIdFactory.id(7), tombstone),
                    new DocumentWrite.Delete(collection, PointIdFactory.id(8), tombstone)));
        }
        assertThat(bad).isEmpty();
        assertThat(exists(collection)).as("a delete creates no collection").isFalse();
    }

    @Test
    void anUpsertAfterOnlyDeletesStillCreatesTheCollection() throws Exception {
        String collection = "later-" + System.nanoTime();
        QdrantSinkConfig config = new QdrantSinkConfig(Map.of("collection.name", collection,
                "collection.auto.create", "true", "qdrant.url", qdrant.grpcUrl()));
        try (SinkMetrics metrics = new SinkMetrics("writer-test-" + collection, "0")) {
            QdrantWriter writer = new QdrantWriter(qdrant.client(), config, null, metrics, (r, e) -> {
                throw e;
            });
            SinkRecord tombstone = new SinkRecord("docs", 0, null, "7", null, null, 3L);
            writer.write(List.of(new DocumentWrite.Delete(collection, PointIdFactory.id(7), tombstone)));
            RecordMapper mapper = new RecordMapper(config);
            SinkRecord doc = new SinkRecord("docs", 0, null, "7", null,
                    Map.of("embedding", List.of(1.0, 0.0), "title", "t"), 4L);
            writer.write(List.of(mapper.map(doc)));
        }
        assertThat(exists(collection)).isTrue();
        assertThat(qdrant.client().countAsync(collection).get()).isEqualTo(1L);
    }
}
