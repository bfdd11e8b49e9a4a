package dev.connectai.qdrant;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.testing.qdrant.QdrantTarget;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * put.max.duration.ms: a slow batch is written slice by slice; once the budget is spent the rest is handed back
 * (its partition rewound to the first unwritten offset) and preCommit never commits past it.
 */
class PutTimeBudgetTest {

    private static QdrantTarget target;

    @BeforeAll
    static void start() {
        target = QdrantTarget.forTests();
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private static SinkRecord bigRecord(String topic, int partition, long offset) {
        Map<String, Object> value = new HashMap<>();
        // More text than a slice holds: every record is a slice of its own.
        value.put("body", ("record " + offset + " ").repeat(QdrantSinkTask.SLICE_TEXT_CHARS / 9 + 1));
        return new SinkRecord(topic, partition, null, "doc-" + offset, null, value, offset);
    }

    @Test
    void aSlowBatchIsHandedBackAfterTheBudgetAndNeverCommittedPastWhatWasWritten() {
        assumeTrue(target.isInProcess(), "needs the in-process server's injected latency");
        String collection = "budget";
        try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, collection, QdrantSinkConfig.PUT_MAX_DURATION_MS, "1000",
                QdrantSinkConfig.PAYLOAD_EXCLUDE, "body", QdrantSinkConfig.EMBED_FIELD, "body",
                QdrantSinkConfig.VECTOR_FIELD, ""))) {
            QdrantSinkTask task = run.task;
            TopicPartition tp = new TopicPartition("docs", 0);
            List<SinkRecord> batch = List.of(bigRecord("docs", 0, 10), bigRecord("docs", 0, 11),
                    bigRecord("docs", 0, 12));
            // Every call to the server takes 600 ms: the first slice (collection check + upsert) spends the budget.
            target.faults().orElseThrow().addLatency(Duration.ofMillis(600));
            run.put(batch);
            target.faults().orElseThrow().addLatency(Duration.ZERO);

            assertThat(run.rewound).containsExactly(Map.entry(tp, 11L));
            assertThat(count(collection)).as("only the first slice was written").isEqualTo(1);
            Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of(tp, new OffsetAndMetadata(13)));
            assertThat(committed.get(tp).offset()).as("nothing past the handed-back records is committed")
                    .isEqualTo(11);

            // Connect rewinds and delivers them again; now fast, they are all written.
            run.rewound.clear();
            run.put(batch.subList(1, 3));
            assertThat(run.rewound).isEmpty();
            assertThat(count(collection)).isEqualTo(3);
            assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(13))).get(tp).offset()).isEqualTo(13);
            assertThat(run.deadLetters).isEmpty();
        } finally {
            target.faults().orElseThrow().addLatency(Duration.ZERO);
        }
    }

    @Test
    void aDocumentOverTheChunkLimitGoesToTheDlqOrIsTruncatedAsConfigured() {
        String text = "Sentence number 0 is about a parcel that arrived late. ";
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            longText.append("Sentence number ").append(i).append(" is about a parcel that arrived late. ");
        }
        for (String overflow : List.of("fail", "truncate")) {
            String collection = "chunks-" + overflow;
            try (SinkTaskRun run = new SinkTaskRun(SinkTaskRun.props(target.grpcUrl(),
                    QdrantSinkConfig.COLLECTION, collection, QdrantSinkConfig.EMBED_FIELD, "body",
                    QdrantSinkConfig.VECTOR_FIELD, "", QdrantSinkConfig.CHUNK_SIZE, "20",
                    QdrantSinkConfig.CHUNK_OVERLAP, "0", QdrantSinkConfig.CHUNK_MAX_PER_DOCUMENT, "3",
                    QdrantSinkConfig.CHUNK_OVERFLOW, overflow))) {
                run.put(List.of(
                        new SinkRecord("docs", 0, null, "short", null, Map.of("body", text), 1),
                        new SinkRecord("docs", 0, null, "long", null, Map.of("body", longText.toString()), 2)));
                if (overflow.equals("fail")) {
                    assertThat(run.deadLetters).singleElement().satisfies(d -> {
                        assertThat(d.record().kafkaOffset()).isEqualTo(2);
                        assertThat(d.error().getMessage()).contains("chunk.max.per.document=3", "chunk.overflow=truncate")
                                .doesNotContain("parcel");
                    });
                    assertThat(count(collection)).as("the short document only").isEqualTo(1);
                } else {
                    assertThat(run.deadLetters).isEmpty();
                    assertThat(count(collection)).as("1 point + the first 3 chunks of the long one").isEqualTo(4);
                }
            }
        }
    }

    private static long count(String collection) {
        try {
            return target.client().countAsync(collection).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
