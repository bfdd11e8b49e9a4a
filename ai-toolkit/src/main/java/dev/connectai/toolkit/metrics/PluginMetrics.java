package dev.connectai.toolkit.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.common.metrics.stats.Percentiles.BucketSizing;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.utils.Time;

/**
 * The pack's JMX metrics, under the domain {@value #JMX_DOMAIN}. Uses Kafka's own metrics library (the
 * worker provides it) so the figures look and scrape like Connect's own metrics.
 * <p>
 * Each subclass is the metrics of one plugin instance: one metric group and one set of tags; its sensors are
 * registered under names unique in the JVM, and {@link #close} removes them all.
 * <p>
 * Registration is idempotent per group and tags: a task restarted in the same worker whose previous instance
 * was never closed (its thread hung, or it was abandoned after a failed start) takes the metrics over instead
 * of failing with "metric ... already exists"; closing the stale instance later removes nothing of the new one.
 */
public abstract class PluginMetrics implements AutoCloseable {

    public static final String JMX_DOMAIN = "dev.connectai";

    private static final Metrics METRICS = create();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** The live instance of each group and tag set. */
    private static final Map<List<Object>, PluginMetrics> OWNERS = new ConcurrentHashMap<>();

    private final String group;
    private final String sensorPrefix;
    private final Map<String, String> tags;
    private final List<String> sensorNames = new ArrayList<>();

    protected PluginMetrics(String group, Map<String, String> tags) {
        this.group = group;
        this.sensorPrefix = group + "-" + SEQUENCE.incrementAndGet() + "-";
        this.tags = tags;
        PluginMetrics stale = OWNERS.put(List.of(group, Map.copyOf(tags)), this);
        if (stale != null) {
            stale.removeSensors();
        }
    }

    private static Metrics create() {
        return new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext(JMX_DOMAIN));
    }

    public static Metrics registry() {
        return METRICS;
    }

    public static MetricName name(String name, String group, String description, Map<String, String> tags) {
        return METRICS.metricName(name, group, description, tags);
    }

    /**
     * An instance label such as {@code embed-text-3}: transforms are not told their connector's name, so a per-JVM
     * sequence keeps the metrics of two instances apart.
     */
    protected static String instance(String kind) {
        return kind + "-" + SEQUENCE.incrementAndGet();
    }

    /** The value of one of this instance's tags. */
    protected String tag(String key) {
        return tags.get(key);
    }

    /** A sensor recording a count: {@code <metric>-total} and {@code <metric>-rate} (per second). */
    protected Sensor counter(String metric, String description) {
        Sensor s = register(metric);
        s.add(name(metric + "-total", group, "Total " + description, tags), new CumulativeSum());
        s.add(name(metric + "-rate", group, description + " per second", tags), new Rate());
        return s;
    }

    /** A sensor recording durations in milliseconds: {@code <metric>-avg-ms} and {@code <metric>-max-ms}. */
    protected Sensor latency(String metric, String description) {
        Sensor s = register(metric);
        s.add(name(metric + "-avg-ms", group, "Average " + description + " in ms", tags), new Avg());
        s.add(name(metric + "-max-ms", group, "Maximum " + description + " in ms", tags), new Max());
        return s;
    }

    /**
     * A sensor recording a distribution of non-negative values: {@code <metric>-p50}, {@code <metric>-p99} and
     * {@code <metric>-max}, over the current sample window like Kafka's own. The percentiles come from a histogram
     * of {@code buckets} buckets over [0, {@code range}] whose widths grow linearly, and report the lower edge of
     * their bucket: at value v they read at most {@code sqrt(2 * v * range / (buckets * (buckets - 1)))} low. A value
     * above {@code range} counts as {@code range} there; {@code -max} keeps the exact value.
     */
    protected Sensor distribution(String metric, String description, double range, int buckets) {
        Sensor s = register(metric);
        s.add(new BoundedPercentiles(buckets, range,
                new Percentile(name(metric + "-p50", group, "Median " + description, tags), 50),
                new Percentile(name(metric + "-p99", group, "99th percentile " + description, tags), 99)));
        s.add(name(metric + "-max", group, "Maximum " + description, tags), new Max());
        return s;
    }

    /** A sensor whose one metric, {@code <metric>}, holds the last value recorded (not windowed). */
    protected Sensor gauge(String metric, String description) {
        Sensor s = register(metric);
        s.add(name(metric, group, description, tags), new Value());
        return s;
    }

    /** Kafka's Percentiles log a warning for each value outside their range; here such a value is pinned quietly. */
    private static final class BoundedPercentiles extends Percentiles {
        private final double range;

        BoundedPercentiles(int buckets, double range, Percentile... percentiles) {
            super(buckets * Float.BYTES, 0.0, range, BucketSizing.LINEAR, percentiles);
            this.range = range;
        }

        @Override
        public void record(MetricConfig config, double value, long timeMs) {
            super.record(config, Math.min(Math.max(value, 0.0), range), timeMs);
        }
    }

    /** A sensor recording a count with only its running total, {@code <metric>-total}. */
    protected Sensor total(String metric, String description) {
        Sensor s = register(metric);
        s.add(name(metric + "-total", group, "Total " + description, tags), new CumulativeSum());
        return s;
    }

    /**
     * A sensor recording durations in seconds: {@code <metric>-avg}, {@code -max}, {@code -p50} and {@code -p99}.
     * The percentiles come from 1,000 buckets over [0, {@code maxSeconds}] that widen linearly, so short calls keep
     * a fine resolution (about 20 ms around one second); a longer value counts as {@code maxSeconds} there; {@code -max} keeps the exact value.
     */
    protected Sensor seconds(String metric, String description, double maxSeconds) {
        Sensor s = register(metric);
        s.add(name(metric + "-avg", group, "Average " + description + " in seconds", tags), new Avg());
        s.add(name(metric + "-max", group, "Maximum " + description + " in seconds", tags), new Max());
        s.add(new BoundedPercentiles(1000, maxSeconds,
                new Percentile(name(metric + "-p50", group, "Median " + description + " in seconds", tags), 50),
                new Percentile(name(metric + "-p99", group, "99th percentile " + description + " in seconds", tags),
                        99)));
        return s;
    }

    private synchronized Sensor register(String metric) {
        String fullName = sensorPrefix + metric;
        sensorNames.add(fullName);
        return METRICS.sensor(fullName);
    }

    private synchronized void removeSensors() {
        sensorNames.forEach(METRICS::removeSensor);
        sensorNames.clear();
    }

    /** Removes this instance's metrics; safe to call more than once, and after a newer instance took over. */
    @Override
    public void close() {
        removeSensors();
        OWNERS.remove(List.of(group, Map.copyOf(tags)), this);
    }
}
