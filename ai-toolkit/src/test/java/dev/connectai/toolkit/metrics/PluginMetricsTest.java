package dev.connectai.toolkit.metrics;

import java.util.Map;

import org.apache.kafka.common.metrics.Sensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PluginMetricsTest {

    private static final String GROUP = "plugin-metrics-test";

    /** One hour over 4,000 buckets, as the sink's write lag. */
    private static final class Probe extends PluginMetrics {
        final Sensor lag = distribution("lag-ms", "a lag", 3_600_000, 4_000);
        final Sensor last = gauge("last-ms", "the last value");

        Probe(String id) {
            super(GROUP, Map.of("id", id));
        }
    }

    private static double value(String id, String name) {
        return PluginMetrics.registry().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(GROUP) && e.getKey().name().equals(name)
                        && id.equals(e.getKey().tags().get("id")))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void percentilesReadTheLowerEdgeOfTheirBucketWithinTheStatedBound() {
        try (Probe p = new Probe("bound")) {
            for (int i = 0; i < 10; i++) {
                p.lag.record(10_000);
            }
            // Bucket k starts at 0.45 ms * k(k+1)/2: the reading is at most sqrt(0.9 * 10,000) = 95 ms low.
            assertThat(value("bound", "lag-ms-p50")).isBetween(10_000 - 95.0, 10_000.0);
            assertThat(value("bound", "lag-ms-p99")).isBetween(10_000 - 95.0, 10_000.0);
            assertThat(value("bound", "lag-ms-max")).isEqualTo(10_000.0);
        }
    }

    @Test
    void valuesOutsideTheRangeArePinnedForPercentilesButMaxStaysExact() {
        try (Probe p = new Probe("range")) {
            p.lag.record(-5);
            p.lag.record(-5);
            p.lag.record(7_200_000);
            assertThat(value("range", "lag-ms-p50")).isZero();
            assertThat(value("range", "lag-ms-p99")).isEqualTo(3_600_000.0, within(1.0));
            assertThat(value("range", "lag-ms-max")).isEqualTo(7_200_000.0);
        }
    }

    @Test
    void aGaugeHoldsTheLastValueAndCloseRemovesEveryMetric() {
        try (Probe p = new Probe("gauge")) {
            assertThat(value("gauge", "last-ms")).isZero();
            p.last.record(42);
            p.last.record(7);
            assertThat(value("gauge", "last-ms")).isEqualTo(7.0);
        }
        assertThat(PluginMetrics.registry().metrics().keySet())
                .noneMatch(n -> n.group().equals(GROUP) && "gauge".equals(n.tags().get("id")));
    }
}
