package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A {@link QdrantSinkTask} driven directly, with a dead letter queue that records what it is sent and a record of
 * the offsets the task asks Connect to rewind to.
 */
final class SinkTaskRun implements AutoCloseable {

    /** One record sent to the dead letter queue and why. */
    record DeadLetter(SinkRecord record, Throwable error) {
    }

    final QdrantSinkTask task = new QdrantSinkTask();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final Map<TopicPartition, Long> rewound = new HashMap<>();

    SinkTaskRun(Map<String, String> props) {
        task.initialize(new Context());
        task.start(props);
    }

    static Map<String, String> props(String url, String... more) {
        Map<String, String> p = new HashMap<>();
        p.put("name", "sink-under-test");
        p.put(QdrantSinkConfig.URL, url);
        p.put(QdrantSinkConfig.AUTO_CREATE, "true");
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    void put(Collection<SinkRecord> records) {
        task.put(records);
    }

    @Override
    public void close() {
        task.stop();
    }

    private final class Context implements SinkTaskContext {
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
            return new ErrantRecordReporter() {
                @Override
                public Future<Void> report(SinkRecord record, Throwable error) {
                    synchronized (deadLetters) {
                        deadLetters.add(new DeadLetter(record, error));
                    }
                    return CompletableFuture.completedFuture(null);
                }
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
