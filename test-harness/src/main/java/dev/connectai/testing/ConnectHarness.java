package dev.connectai.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.local.WorkerSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A real single-broker KRaft cluster and {@code n} distributed Connect workers in this JVM, loading
 * plugins only from {@link PluginPath} with {@code plugin.discovery=service_load}, as a user's worker does.
 * One harness per test class: each start costs about 20 seconds.
 */
public final class ConnectHarness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final EmbeddedConnectCluster cluster;

    private ConnectHarness(EmbeddedConnectCluster cluster) {
        this.cluster = cluster;
    }

    public static ConnectHarness start(int workers) {
        return start(workers, Map.of());
    }

    public static ConnectHarness start(int workers, Map<String, String> extraWorkerProps) {
        Map<String, String> workerProps = WorkerSettings.pluginsAndConfigProviders(PluginPath.root().toString());
        workerProps.put("offset.flush.interval.ms", "1000");
        workerProps.putAll(extraWorkerProps);
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "false");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name("connect-ai-it")
                .numWorkers(workers)
                .numBrokers(1)
                .brokerProps(brokerProps)
                .workerProps(workerProps)
                .build();
        cluster.start();
        return new ConnectHarness(cluster);
    }

    public EmbeddedConnectCluster cluster() {
        return cluster;
    }

    public void createTopic(String topic, int partitions) {
        cluster.kafka().createTopic(topic, partitions);
    }

    public void produce(String topic, String key, String value) {
        cluster.kafka().produce(topic, key, value);
    }

    /** Reads at least {@code count} records from the topics, failing after {@code timeout}. */
    public List<ConsumerRecord<byte[], byte[]>> consume(int count, Duration timeout, String... topics) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        cluster.kafka().consume(count, timeout.toMillis(), topics).forEach(out::add);
        return out;
    }

    /**
     * Creates or updates a connector with a PUT on the REST API, as a user does (the worker resolves config
     * providers), and waits until it runs with {@code tasks} tasks; {@code config} holds its {@code name}.
     */
    public void launch(Map<String, String> config, int tasks) throws InterruptedException {
        String name = config.get("name");
        RestAnswer answer = restPut("/connectors/" + name + "/config", config);
        if (answer.status() != 200 && answer.status() != 201) {
            throw new AssertionError("PUT " + name + " answered " + answer.status() + ": " + answer.body());
        }
        awaitRunning(name, tasks);
    }

    public void awaitRunning(String connector, int tasks) throws InterruptedException {
        cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, tasks,
                "connector " + connector + " did not reach RUNNING with " + tasks + " tasks");
    }

    /** The sum of the offsets a sink connector's consumer group has committed (0 before any commit). */
    public long committedOffsets(String sinkConnector) {
        try (org.apache.kafka.clients.admin.Admin admin = cluster.kafka().createAdminClient()) {
            return admin.listConsumerGroupOffsets("connect-" + sinkConnector).partitionsToOffsetAndMetadata().get()
                    .values().stream().filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            throw new AssertionError("reading committed offsets of " + sinkConnector + " failed", e);
        }
    }

    public ConnectorStateInfo status(String connector) {
        return cluster.connectorStatus(connector);
    }

    /** GET on the worker's REST API, parsed as JSON. */
    public JsonNode restGet(String path) {
        try {
            URI uri = URI.create(cluster.endpointForResource(path.startsWith("/") ? path.substring(1) : path));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    /** PUT a JSON body on the worker's REST API; returns the status code and parsed body. */
    public RestAnswer restPut(String path, Object body) {
        try {
            URI uri = URI.create(cluster.endpointForResource(path.startsWith("/") ? path.substring(1) : path));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new RestAnswer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new AssertionError("PUT " + path + " failed", e);
        }
    }

    public record RestAnswer(int status, JsonNode body) {
    }

    /** Polls until the condition holds; a condition that throws (a server still failing) counts as not yet. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
    }

    @Override
    public void close() {
        cluster.stop();
    }
}
