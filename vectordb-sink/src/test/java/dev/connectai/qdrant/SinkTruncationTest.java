package dev.connectai.qdrant;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import dev.connectai.testing.qdrant.QdrantTarget;
import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Texts the sink's in-process model cuts at model.max.tokens are counted in the task's metrics. */
class SinkTruncationTest {

    private static QdrantTarget target;

    @BeforeAll
    static void start() {
        target = QdrantTarget.forTests();
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    /** {@code n} word-piece tokens besides [CLS] and [SEP]: "word" is one token of MiniLM's vocabulary. */
    private static SinkRecord doc(long offset, int words) {
        return new SinkRecord("docs", 0, null, "doc-" + offset, null, Map.of("body", "word ".repeat(words).strip()),
                offset);
    }

    private static double metric(String connector, String attribute) throws Exception {
        ObjectName name = new ObjectName(PluginMetrics.JMX_DOMAIN + ":type=" + SinkMetrics.GROUP + ",connector="
                + connector + ",task=0");
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute)).doubleValue();
    }

    @Test
    void eachTextCutAtTheLimitCountsOnce() throws Exception {
        Map<String, String> props = SinkTaskRun.props(target.grpcUrl(),
                QdrantSinkConfig.COLLECTION, "truncation", QdrantSinkConfig.EMBED_FIELD, "body",
                QdrantSinkConfig.VECTOR_FIELD, "", "model.name", "all-minilm-l6-v2-q");
        try (SinkTaskRun run = new SinkTaskRun(props)) {
            String connector = props.get("name");
            run.put(List.of(doc(1, 3), doc(2, 254), doc(3, 255), doc(4, 2000)));
            assertThat(metric(connector, "texts-embedded-total")).isEqualTo(4.0);
            assertThat(metric(connector, "texts-truncated-total")).as("254 + 2 special tokens fit in 256")
                    .isEqualTo(2.0);
            run.put(List.of(doc(5, 300)));
            assertThat(metric(connector, "texts-truncated-total")).isEqualTo(3.0);
            assertThat(run.deadLetters).isEmpty();
        }
    }
}
