package dev.connectai.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.local.OverridableEnvConfigProvider;
import dev.connectai.local.ShippedConnectorConfigs;
import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.qdrant.QdrantTarget;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Min;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped exporter rules and dashboard against a real worker: the failsafe JVM, which runs the Connect workers
 * in-process, carries the Prometheus JMX exporter java agent with {@code connector-configs/metrics/jmx-exporter-rules.yml}
 * (see integration-tests/pom.xml). The reviews pipeline runs from its shipped configs; the exporter's
 * {@code /metrics} is scraped twice and every metric the dashboard queries must be there, the counters moving.
 */
class PrometheusMetricsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONFIGS = Path.of(System.getProperty("connectai.configs.dir", "../connector-configs"));
    private static final ShippedConnectorConfigs SHIPPED = ShippedConnectorConfigs.in(CONFIGS);
    private static final Path DASHBOARD = CONFIGS.resolve("metrics/grafana-dashboard.json");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SOURCE = "synthetic-reviews-embedded";
    private static final String SINK = "reviews-to-qdrant";

    /**
     * Only the LLM and remote embedding models report these (gen-ai-client-metrics); the reviews pipeline embeds
     * in-process. {@link #genAiRulesExportTheContractedBeans} checks their rules on beans of the contracted shape.
     */
    private static final Set<String> EXEMPT = Set.of("gen_ai_client_token_usage_total",
            "gen_ai_client_operation_duration_seconds", "gen_ai_client_requests_total",
            "gen_ai_client_request_errors_total");

    /** Counters a running reviews pipeline moves, with the label that selects its series. */
    private static final Map<String, String> MOVING = new LinkedHashMap<>();

    static {
        MOVING.put("kafka_connect_source_task_source_record_poll_total", SOURCE);
        MOVING.put("kafka_connect_source_task_source_record_write_total", SOURCE);
        MOVING.put("connectai_embedding_texts_embedded_total", null);
        MOVING.put("kafka_connect_sink_task_sink_record_read_total", SINK);
        MOVING.put("kafka_connect_sink_task_sink_record_send_total", SINK);
        MOVING.put("connectai_qdrant_sink_points_upserted_total", SINK);
        MOVING.put("connectai_qdrant_sink_points_deleted_total", SINK);
        MOVING.put("connectai_qdrant_sink_records_dead_lettered_total", SINK);
        MOVING.put("kafka_connect_task_error_deadletterqueue_produce_requests_total", SINK);
        MOVING.put("kafka_connect_task_error_record_failures_total", SINK);
        MOVING.put("connectai_qdrant_sink_last_written_record_timestamp_seconds", SINK);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ConnectHarness connect;
    private static QdrantTarget qdrant;

    @BeforeAll
    static void start() throws Exception {
        assertThat(System.getProperty("connectai.metrics.url"))
                .as("the exporter agent's URL: run through failsafe (integration-tests/pom.xml attaches the agent)")
                .isNotBlank();
        qdrant = QdrantTarget.forTests();
        new QdrantPoints(qdrant.client()).drop("reviews");
        OverridableEnvConfigProvider.set("QDRANT_URL", qdrant.grpcUrl());
        OverridableEnvConfigProvider.set("QDRANT_API_KEY", qdrant.apiKey() == null ? "" : qdrant.apiKey());
        connect = ConnectHarness.start(1, Map.of(
                "config.providers", "env",
                "config.providers.env.class", OverridableEnvConfigProvider.class.getName()));
        List.of(SOURCE, SINK).stream().flatMap(name -> ShippedConnectorConfigs.topics(SHIPPED.read(name)).stream())
                .distinct().forEach(topic -> connect.createTopic(topic, 1));
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (qdrant != null) {
            qdrant.close();
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsScrapedAndTheCountersMove() throws Exception {
        Set<String> queried = dashboardMetricNames(JSON.readTree(DASHBOARD.toFile()));
        assertThat(queried).as("metric names parsed from the dashboard").hasSizeGreaterThan(20).containsAll(EXEMPT)
                .containsAll(MOVING.keySet());

        launch(SOURCE, 1);
        launch(SINK, 1);
        ConnectHarness.await(() -> sum(scrape(), "connectai_qdrant_sink_points_upserted_total", SINK) > 0, WAIT,
                "points upserted by " + SINK + " in the scrape");
        // A record each for the DLQ counters (one the converter rejects, one the sink rejects) and a delete.
        connect.produce("reviews-embedded", "not-json", "this line is not JSON");
        connect.produce("reviews-embedded", "not-a-map", "\"a bare string\"");
        connect.produce("reviews-embedded", "gone", null);
        ConnectHarness.await(() -> sum(scrape(), "connectai_qdrant_sink_records_dead_lettered_total", SINK) > 0
                        && sum(scrape(), "connectai_qdrant_sink_points_deleted_total", SINK) > 0, WAIT,
                "the bad record and the delete counted");

        Map<String, List<Sample>> first = scrape();
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(EXEMPT);
        missing.removeAll(first.keySet());
        assertThat(missing).as("dashboard metrics absent from the exporter's scrape").isEmpty();

        connect.produce("reviews-embedded", "not-json-2", "still not JSON");
        connect.produce("reviews-embedded", "not-a-map-2", "42");
        connect.produce("reviews-embedded", "gone-2", null);
        Map<String, Double> before = new HashMap<>();
        MOVING.forEach((name, connector) -> before.put(name, sum(first, name, connector)));
        ConnectHarness.await(() -> {
            Map<String, List<Sample>> now = scrape();
            return MOVING.entrySet().stream().allMatch(e -> sum(now, e.getKey(), e.getValue()) > before.get(e.getKey()));
        }, WAIT, "every counter of " + MOVING.keySet() + " moving between scrapes");

        Map<String, List<Sample>> second = scrape();
        double now = System.currentTimeMillis() / 1000.0;
        assertThat(sum(second, "connectai_qdrant_sink_last_written_record_timestamp_seconds", SINK))
                .as("the index holds records from the last minute").isBetween(now - 60, now);
        assertThat(second.get("connectai_qdrant_sink_record_write_lag_seconds"))
                .filteredOn(s -> s.labels.contains("quantile=\"0.99\"") && s.labels.contains(SINK))
                .singleElement().satisfies(s -> assertThat(s.value).isBetween(0.0, 60.0));
        assertThat(second.get("kafka_connect_task_status"))
                .filteredOn(s -> s.labels.contains("connector=\"" + SINK + "\""))
                .singleElement().satisfies(s -> assertThat(s.labels).contains("status=\"running\""));
    }

    /**
     * The GenAI group is reported only by LLM and remote embedding calls, so the pipeline above cannot show it.
     * Beans of the contracted shape, registered like the plugins do (Kafka's JmxReporter, tags in an order other
     * than the contract's), must come out under the OpenTelemetry GenAI names.
     */
    @Test
    void genAiRulesExportTheContractedBeans() throws Exception {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("operation", "chat");
        tags.put("model", "gpt-4o-mini");
        tags.put("system", "openai");
        tags.put("instance", "llm-extract-it");
        String group = "gen-ai-client-metrics";
        try (Metrics metrics = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext("dev.connectai"))) {
            Sensor input = metrics.sensor("it-input");
            input.add(metrics.metricName("token-usage-input-total", group, "", tags), new CumulativeSum());
            Sensor output = metrics.sensor("it-output");
            output.add(metrics.metricName("token-usage-output-total", group, "", tags), new CumulativeSum());
            Sensor requests = metrics.sensor("it-requests");
            requests.add(metrics.metricName("requests-total", group, "", tags), new CumulativeSum());
            Sensor errors = metrics.sensor("it-errors");
            errors.add(metrics.metricName("request-errors-total", group, "", tags), new CumulativeSum());
            Sensor duration = metrics.sensor("it-duration");
            duration.add(metrics.metricName("operation-duration-seconds-avg", group, "", tags), new Avg());
            duration.add(metrics.metricName("operation-duration-seconds-max", group, "", tags), new Max());
            // Stand-ins for the percentiles: only the attribute names matter here, and each value differs.
            duration.add(metrics.metricName("operation-duration-seconds-p50", group, "", tags), new Min());
            duration.add(metrics.metricName("operation-duration-seconds-p99", group, "", tags), new Max());
            input.record(120);
            output.record(30);
            requests.record(2);
            errors.record(1);
            duration.record(1.5);
            duration.record(0.5);

            Map<String, List<Sample>> scrape = scrape();
            String labels = "gen_ai_operation_name=\"chat\",gen_ai_request_model=\"gpt-4o-mini\","
                    + "gen_ai_system=\"openai\"";
            assertThat(value(scrape, "gen_ai_client_token_usage_total", labels, "gen_ai_token_type=\"input\""))
                    .isEqualTo(120.0);
            assertThat(value(scrape, "gen_ai_client_token_usage_total", labels, "gen_ai_token_type=\"output\""))
                    .isEqualTo(30.0);
            assertThat(value(scrape, "gen_ai_client_requests_total", labels, "plugin_instance=\"llm-extract-it\""))
                    .isEqualTo(2.0);
            assertThat(value(scrape, "gen_ai_client_request_errors_total", labels)).isEqualTo(1.0);
            assertThat(value(scrape, "gen_ai_client_operation_duration_seconds", labels, "quantile=\"0.5\""))
                    .isEqualTo(0.5);
            assertThat(value(scrape, "gen_ai_client_operation_duration_seconds", labels, "quantile=\"0.99\""))
                    .isEqualTo(1.5);
            assertThat(value(scrape, "gen_ai_client_operation_duration_seconds_max", labels)).isEqualTo(1.5);
            assertThat(value(scrape, "gen_ai_client_operation_duration_seconds_avg", labels)).isEqualTo(1.0);
        }
    }

    /** Likewise {@code llm-metrics}, which only the LLM transforms and the synthetic source's LLM mode report. */
    @Test
    void llmMetricsRulesExportTheirBeans() throws Exception {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("instance", "llm-extract-it");
        tags.put("model", "openai/gpt-4o-mini");
        String group = "llm-metrics";
        try (Metrics metrics = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext("dev.connectai"))) {
            Sensor tokensIn = metrics.sensor("it-tokens-in");
            tokensIn.add(metrics.metricName("tokens-in-total", group, "", tags), new CumulativeSum());
            Sensor latency = metrics.sensor("it-latency");
            latency.add(metrics.metricName("call-latency-avg-ms", group, "", tags), new Avg());
            latency.add(metrics.metricName("call-latency-max-ms", group, "", tags), new Max());
            tokensIn.record(77);
            latency.record(250);

            Map<String, List<Sample>> scrape = scrape();
            String labels = "model=\"openai/gpt-4o-mini\",plugin_instance=\"llm-extract-it\"";
            assertThat(value(scrape, "connectai_llm_tokens_in_total", labels)).isEqualTo(77.0);
            assertThat(value(scrape, "connectai_llm_call_latency_seconds_avg", labels)).isEqualTo(0.25);
            assertThat(value(scrape, "connectai_llm_call_latency_seconds_max", labels)).isEqualTo(0.25);
        }
    }

    // ---- the dashboard's PromQL ----

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset");

    /** Every metric name the dashboard's panel and variable queries select. */
    static Set<String> dashboardMetricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        dashboard.findValues("expr").forEach(e -> names.addAll(metricNames(e.asText())));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = LABEL_VALUES.matcher(variable.path("definition").asText());
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Metric names in a PromQL expression: identifiers that are no function, keyword, label or duration. */
    static Set<String> metricNames(String promql) {
        String bare = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String rest = bare.substring(m.end()).stripLeading();
            boolean call = rest.startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!call && !number && !KEYWORDS.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }

    @Test
    void metricNamesAreReadFromPromQl() {
        assertThat(metricNames("time() - max by (connector) (a_seconds{connector=~\"$connector\"} > 0)"))
                .containsExactly("a_seconds");
        assertThat(metricNames("sum by (m) (rate(b_total{q=\"0.5\"}[$__rate_interval])) / sum(rate(c_total[5m]))"))
                .containsExactly("b_total", "c_total");
    }

    // ---- the exporter's scrape ----

    private record Sample(String labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)(\\s+\\S+)?");

    /** The exporter's text exposition: samples by metric name. */
    private static Map<String, List<Sample>> scrape() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(System.getProperty("connectai.metrics.url")))
                .timeout(Duration.ofSeconds(30)).GET().build();
        String body;
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("scrape of %s", request.uri()).isEqualTo(200);
            body = response.body();
        } catch (IOException e) {
            throw new AssertionError("scraping " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while scraping", e);
        }
        Map<String, List<Sample>> out = new HashMap<>();
        for (String line : body.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                out.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                        .add(new Sample(m.group(2) == null ? "" : m.group(2), number(m.group(3))));
            }
        }
        return out;
    }

    /** A sample value as the text format writes it. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The sum of a metric's samples of one connector (all samples for {@code connector} null). */
    private static double sum(Map<String, List<Sample>> scrape, String name, String connector) {
        return scrape.getOrDefault(name, List.of()).stream()
                .filter(s -> connector == null || s.labels.contains("connector=\"" + connector + "\""))
                .mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).sum();
    }

    private static double value(Map<String, List<Sample>> scrape, String name, String... labels) {
        List<Sample> matching = scrape.getOrDefault(name, List.of()).stream()
                .filter(s -> List.of(labels).stream().allMatch(s.labels::contains)).toList();
        assertThat(matching).as("%s with %s in the scrape", name, List.of(labels)).hasSize(1);
        return matching.get(0).value;
    }

    private static void launch(String name, int tasks) throws Exception {
        connect.launch(ShippedConnectorConfigs.configMap(SHIPPED.read(name)), tasks);
    }
}
