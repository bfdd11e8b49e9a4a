package dev.connectai.toolkit.metrics;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.utils.Time;

/**
 * The pack's JMX metrics, under the domain {@value #JMX_DOMAIN}. Uses Kafka's own metrics library (the
 * worker provides it) so the figures look and scrape like Connect's own metrics.
 */
public final class PluginMetrics {

    public static final String JMX_DOMAIN = "dev.connectai";

    private static final Metrics METRICS = create();

    private PluginMetrics() {
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

    /** A sensor recording a count: {@code <name>-total} and {@code <name>-rate} (per second). */
    public static Sensor counter(String sensorName, String metric, String group, String description,
                                 Map<String, String> tags) {
        Sensor sensor = METRICS.sensor(sensorName);
        sensor.add(name(metric + "-total", group, "Total " + description, tags), new CumulativeSum());
        sensor.add(name(metric + "-rate", group, description + " per second", tags), new Rate());
        return sensor;
    }

    /** A sensor recording durations in milliseconds: {@code <name>-avg-ms} and {@code <name>-max-ms}. */
    public static Sensor latency(String sensorName, String metric, String group, String description,
                                 Map<String, String> tags) {
        Sensor sensor = METRICS.sensor(sensorName);
        sensor.add(name(metric + "-avg-ms", group, "Average " + description + " in ms", tags), new Avg());
        sensor.add(name(metric + "-max-ms", group, "Maximum " + description + " in ms", tags), new Max());
        return sensor;
    }

    public static void removeSensors(String... sensorNames) {
        for (String name : sensorNames) {
            METRICS.removeSensor(name);
        }
    }
}
