package dev.connectai.qdrant;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.common.util.concurrent.SettableFuture;
import dev.connectai.testing.qdrant.QdrantTarget;
import dev.connectai.toolkit.metrics.PluginMetrics;
import io.grpc.Status;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Every wait is bounded, size limits are never retried, and a task restarts in the same JVM. */
class QdrantSinkBoundsTest {

    private static QdrantTarget qdrant;

    @BeforeAll
    static void startQdrant() {
        qdrant = QdrantTarget.forTests();
    }

    @AfterAll
    static void stopQdrant() {
        qdrant.close();
    }

    private static List<MetricName> sinkMetrics(String task) {
        return PluginMetrics.registry().metrics().keySet().stream()
                .filter(n -> n.group().equals(SinkMetrics.GROUP) && "sink-under-test".equals(n.tags().get("connector"))
                        && task.equals(n.tags().get("task")))
                .toList();
    }

    private static Map<String, String> props(String task, String... more) {
        Map<String, String> p = SinkTaskRun.props(qdrant.grpcUrl(), more);
        p.put(QdrantSinkTask.TASK_ID, task);
        return p;
    }

    private static SinkRecord record(String topic, long key) {
        Map<String, Object> v = new HashMap<>();
        v.put("embedding", List.of(0.1, 0.2, 0.3, 0.4));
        return new SinkRecord(topic, 0, null, key, null, v, key);
    }

    @Test
    void aTaskStoppedAndStartedAgainInTheSameJvmWorks() throws Exception {
        String topic = "restart-" + System.nanoTime();
        for (int round = 0; round < 3; round++) {
            SinkTaskRun run = new SinkTaskRun(props("restart"));
            run.put(List.of(record(topic, round)));
            assertThat(sinkMetrics("restart")).isNotEmpty();
            run.close();
            assertThat(sinkMetrics("restart")).isEmpty();
        }
        assertThat(qdrant.client().countAsync(topic).get()).isEqualTo(3);
    }

    @Test
    void aNewTaskTakesOverTheMetricsOfOneThatWasNeverStopped() throws Exception {
        String topic = "stale-" + System.nanoTime();
        SinkTaskRun hung = new SinkTaskRun(props("stale"));
        SinkTaskRun fresh = new SinkTaskRun(props("stale")); // used to fail: metric ... already exists
        fresh.put(List.of(record(topic, 1)));
        List<MetricName> live = sinkMetrics("stale");
        assertThat(live).extracting(MetricName::name).contains("points-upserted-total");
        hung.close(); // the stale instance going away late must not take the new metrics with it
        assertThat(sinkMetrics("stale")).containsExactlyInAnyOrderElementsOf(live);
        fresh.close();
        assertThat(sinkMetrics("stale")).isEmpty();
    }

    @Test
    void aStartThatFailsHalfWayLeavesNothingRegistered() {
        assertThatThrownBy(() -> new SinkTaskRun(props("half", QdrantSinkConfig.URL, "https://localhost:1",
                QdrantSinkConfig.TLS_CA_FILE, "/no/such/ca.pem")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("CA file");
        assertThat(sinkMetrics("half")).isEmpty();
        SinkTaskRun again = new SinkTaskRun(props("half"));
        again.close();
    }

    @Test
    void aSlowQdrantIsRetriableWithinTheTimeout() {
        assumeThat(qdrant.isInProcess()).as("needs the fault injector").isTrue();
        String topic = "slow-" + System.nanoTime();
        try (SinkTaskRun run = new SinkTaskRun(props("slow", QdrantSinkConfig.TIMEOUT_MS, "300"))) {
            run.put(List.of(record(topic, 1)));
            qdrant.faults().orElseThrow().addLatency(Duration.ofSeconds(5));
            long start = System.nanoTime();
            assertThatThrownBy(() -> run.put(List.of(record(topic, 2)))).isInstanceOf(RetriableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            qdrant.faults().orElseThrow().clear();
        }
    }

    @Test
    void aCallThatNeverCompletesIsCancelledAndRetriable() {
        SettableFuture<String> never = SettableFuture.create();
        long start = System.nanoTime();
        assertThatThrownBy(() -> QdrantErrors.await(never, 200, "checking collection c"))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("checking collection c did not finish within 400 ms");
        assertThat(never.isCancelled()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void sizeLimitsAreNeverRetriableButRateLimitsAre() {
        RuntimeException grpc = QdrantErrors.map(Status.RESOURCE_EXHAUSTED
                .withDescription("gRPC message exceeds maximum size 33554432: 40002426").asRuntimeException(), "upserting");
        assertThat(grpc).isExactlyInstanceOf(ConnectException.class).hasMessageContaining("batch.max.bytes");
        RuntimeException tonic = QdrantErrors.map(Status.OUT_OF_RANGE.withDescription("Error, decoded message length "
                + "too large: found 40002426 bytes, the limit is: 33554432 bytes").asRuntimeException(), "upserting");
        assertThat(tonic).isExactlyInstanceOf(ConnectException.class);
        assertThat(QdrantErrors.tooLarge(Status.UNKNOWN.withDescription("HTTP status code 413").asRuntimeException()))
                .isTrue();
        assertThat(QdrantErrors.map(Status.RESOURCE_EXHAUSTED.withDescription("Rate limiting exceeded")
                .asRuntimeException(), "upserting")).isInstanceOf(RetriableException.class);
    }

    @Test
    void qdrantsDecoderRefusingNestingRejectsThePointsNotTheTask() {
        // What tonic answers when prost's recursion limit (100 nested messages) is hit.
        assertThat(QdrantErrors.rejectsPoints(Status.INTERNAL.withDescription("failed to decode Protobuf message: "
                + "Value.kind: Struct.fields: recursion limit reached").asRuntimeException())).isTrue();
        assertThat(QdrantErrors.rejectsPoints(Status.INTERNAL.withDescription("Service internal error")
                .asRuntimeException())).isFalse();
    }
}
