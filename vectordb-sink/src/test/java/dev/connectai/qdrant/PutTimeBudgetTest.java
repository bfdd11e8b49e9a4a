package dev.connectai.qdrant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.connectai.testing.qdrant.QdrantTarget;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
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

    /** What the worker would do with the task's requests. */
    private static final class RecordingContext implements SinkTaskContext {
        final Map<TopicPartition, Long> rewound = new HashMap<>();
        final List<String> deadLettered = new ArrayList<>();

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            rewound.putAll(offsets);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            rewound.put(tp, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of();
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public ErrantRecordReporter errantRecordReporter() {
            return (record, error) -> {
                deadLettered.add(record.kafkaOffset() + ": " + error.getMessage());
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
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
        Map<String, String> props = new HashMap<>();
        props.put(QdrantSinkConfig.URL, target.grpcUrl());
        props.put(QdrantSinkConfig.COLLECTION, collection);
        props.put(QdrantSinkConfig.AUTO_CREATE, "true");
        props.put(QdrantSinkConfig.PUT_MAX_DURATION_MS, "1000");
        props.put(QdrantSinkConfig.PAYLOAD_EXCLUDE, "body");
        props.put(QdrantSinkConfig.EMBED_FIELD, "body");
        props.put(QdrantSinkConfig.VECTOR_FIELD, "");

        QdrantSinkTask task = new QdrantSinkTask();
        RecordingContext context = new RecordingContext();
        task.initialize(context);
        task.start(props);
        try {
            TopicPartition tp = new TopicPartition("docs", 0);
            List<SinkRecord> batch = List.of(bigRecord("docs", 0, 10), bigRecord("docs", 0, 11),
                    bigRecord("docs", 0, 12));
            // Every call to the server takes 600 ms: the first slice (collection check + upsert) spends the budget.
            target.faults().orElseThrow().addLatency(Duration.ofMillis(600));
            task.put(batch);
            target.faults().orElseThrow().addLatency(Duration.ZERO);

            assertThat(context.rewound).containsExactly(Map.entry(tp, 11L));
            assertThat(count(collection)).as("only the first slice was written").isEqualTo(1);
            Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of(tp, new OffsetAndMetadata(13)));
            assertThat(committed.get(tp).offset()).as("nothing past the handed-back records is committed")
                    .isEqualTo(11);

            // Connect rewinds and delivers them again; now fast, they are all written.
            context.rewound.clear();
            task.put(batch.subList(1, 3));
            assertThat(context.rewound).isEmpty();
            assertThat(count(collection)).isEqualTo(3);
            assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(13))).get(tp).offset()).isEqualTo(13);
            assertThat(context.deadLettered).isEmpty();
        } finally {
            target.faults().orElseThrow().addLatency(Duration.ZERO);
            task.stop();
        }
    }

    @Test
    void aDocumentOverTheChunkLimitGoesToTheDlqOrIsTruncatedAsConfigured() {
        String text = "Sentence number %d is about a parcel that arrived late. ".repeat(1).formatted(0);
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            longText.append("Sentence number ").append(i).append(" is about a parcel that arrived late. ");
        }
        for (String overflow : List.of("fail", "truncate")) {
            String collection = "chunks-" + overflow;
            Map<String, String> props = new HashMap<>();
            props.put(QdrantSinkConfig.URL, target.grpcUrl());
            props.put(QdrantSinkConfig.COLLECTION, collection);
            props.put(QdrantSinkConfig.AUTO_CREATE, "true");
            props.put(QdrantSinkConfig.EMBED_FIELD, "body");
            props.put(QdrantSinkConfig.CHUNK_SIZE, "20");
            props.put(QdrantSinkConfig.CHUNK_OVERLAP, "0");
            props.put(QdrantSinkConfig.CHUNK_MAX_PER_DOCUMENT, "3");
            props.put(QdrantSinkConfig.CHUNK_OVERFLOW, overflow);
            QdrantSinkTask task = new QdrantSinkTask();
            RecordingContext context = new RecordingContext();
            task.initialize(context);
            task.start(props);
            try {
                task.put(List.of(
                        new SinkRecord("docs", 0, null, "short", null, Map.of("body", text), 1),
                        new SinkRecord("docs", 0, null, "long", null, Map.of("body", longText.toString()), 2)));
                if (overflow.equals("fail")) {
                    assertThat(context.deadLettered).singleElement().asString()
                            .startsWith("2: ").contains("chunk.max.per.document=3", "chunk.overflow=truncate")
                            .doesNotContain("parcel");
                    assertThat(count(collection)).as("the short document only").isEqualTo(1);
                } else {
                    assertThat(context.deadLettered).isEmpty();
                    assertThat(count(collection)).as("1 point + the first 3 chunks of the long one").isEqualTo(4);
                }
            } finally {
                task.stop();
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
