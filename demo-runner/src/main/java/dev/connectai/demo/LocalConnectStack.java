package dev.connectai.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.testing.WorkerSettings;
import java.util.Properties;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * README's first command: a local single-node KRaft broker and one distributed Connect worker with REST on
 * localhost:8083 (started as connect-distributed.sh starts one) and the plugin pack on plugin.path (service-loader discovery, as users install it). It lists
 * the loaded plugins, runs a small pipeline through the embedding transform, and stays up until Ctrl-C.
 *
 * <p>Arguments: plugin.path, a work folder, and optionally {@code --stay-up} or {@code --exit}.
 */
public final class LocalConnectStack {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String REST = "http://localhost:8083";

    private LocalConnectStack() {
    }

    public static void main(String[] args) throws Exception {
        String pluginPath = args[0];
        Path work = Path.of(args[1]);
        boolean stayUp = args.length < 3 || !args[2].equals("--exit");

        System.out.println("Starting a single-node KRaft broker ...");
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "false");
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, brokerProps);
        kafka.start();

        // A real distributed worker, started the way connect-distributed.sh starts one.
        Map<String, String> workerProps = WorkerSettings.pluginsAndConfigProviders(pluginPath);
        workerProps.put("bootstrap.servers", kafka.bootstrapServers());
        workerProps.put("group.id", "connect-ai-local");
        workerProps.put("config.storage.topic", "connect-ai-configs");
        workerProps.put("offset.storage.topic", "connect-ai-offsets");
        workerProps.put("status.storage.topic", "connect-ai-status");
        workerProps.put("config.storage.replication.factor", "1");
        workerProps.put("offset.storage.replication.factor", "1");
        workerProps.put("status.storage.replication.factor", "1");
        workerProps.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        workerProps.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        workerProps.put("listeners", "http://localhost:8083");
        workerProps.put("offset.flush.interval.ms", "2000");
        System.out.println("Starting a Connect worker (REST " + REST + ") ...");
        Connect<?> worker = new ConnectDistributed().startConnect(workerProps);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            System.out.println("Stopping connectors, the worker and the broker ...");
            try {
                for (JsonNode name : get("/connectors")) {
                    delete("/connectors/" + name.asText());
                }
            } catch (Exception e) {
                // On Ctrl-C, Connect's own shutdown hook may have closed the REST server already.
            }
            worker.stop();
            kafka.stop();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(shutdown);
        awaitRest();
        System.out.println("Kafka bootstrap servers: " + kafka.bootstrapServers());
        System.out.println("Connect REST:            " + REST);
        System.out.println("plugin.path:             " + pluginPath);
        System.out.println();

        printPlugins();
        runEmbeddingDemo(kafka, work);

        if (stayUp) {
            System.out.println();
            System.out.println("Up. POST connector JSON to " + REST + "/connectors; Ctrl-C stops everything.");
            stopped.await();
        } else {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            shutdown.run();
            System.exit(0); // Kafka leaves non-daemon threads behind
        }
    }

    private static void printPlugins() throws Exception {
        JsonNode plugins = get("/connector-plugins?connectorsOnly=false");
        System.out.println("Plugins loaded by the worker:");
        for (JsonNode p : plugins) {
            String cls = p.get("class").asText();
            if (cls.startsWith("dev.connectai.") || cls.startsWith("org.apache.kafka.connect.file.")) {
                System.out.printf("  %-12s %-58s %s%n", p.get("type").asText(), cls, p.path("version").asText());
            }
        }
        System.out.println("  (and " + plugins.size() + " plugins in all, Kafka's built-in ones included)");
    }

    /** Texts -> EmbedText (in-process int8 model) -> FileStreamSink, then shows the vectors it wrote. */
    private static void runEmbeddingDemo(EmbeddedKafkaCluster kafka, Path work) throws Exception {
        String topic = "demo-texts";
        Path out = work.resolve("demo-embeddings.txt");
        Files.deleteIfExists(out);
        kafka.createTopic(topic, 1);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
        config.put("topics", topic);
        config.put("file", out.toString());
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "embed");
        config.put("transforms.embed.type", "dev.connectai.embedding.EmbedText$Value");
        config.put("transforms.embed.input.template", "{title}\n\n{body}");
        config.put("transforms.embed.model.name", "all-minilm-l6-v2-q");
        config.put("errors.tolerance", "all");
        config.put("errors.log.enable", "true");
        System.out.println();
        System.out.println("Demo: topic '" + topic + "' -> EmbedText (int8 MiniLM, in-process) -> FileStreamSink " + out);
        put("/connectors/demo-embed/config", config);
        List<String[]> docs = List.of(
                new String[] {"Battery life", "The laptop lasts nine hours of video calls."},
                new String[] {"Train delay", "The train to Geneva was forty minutes late."},
                new String[] {"Recipe", "Roast the potatoes with rosemary for forty minutes."});
        for (String[] d : docs) {
            kafka.produce(topic, JSON.writeValueAsString(Map.of("title", d[0], "body", d[1])));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
            if (lines.size() >= docs.size()) {
                break;
            }
            Thread.sleep(250);
        }
        for (String line : lines) {
            int at = line.indexOf("embedding=[");
            String vector = at < 0 ? "(no vector)" : line.substring(at + 11, line.indexOf(']', at));
            String[] numbers = vector.split(",\\s*");
            System.out.printf("  %-60s -> %d dims [%s, %s, %s, ...]%n",
                    line.substring(0, Math.min(60, at < 0 ? line.length() : at)), numbers.length,
                    numbers[0], numbers.length > 1 ? numbers[1] : "", numbers.length > 2 ? numbers[2] : "");
        }
        if (lines.size() < docs.size()) {
            throw new IllegalStateException("the demo pipeline wrote " + lines.size() + " of " + docs.size() + " records");
        }
    }

    private static void awaitRest() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(REST + "/connectors")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the Connect worker did not open " + REST + " within 120 s");
    }

    private static void put(String path, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(REST + path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static void delete(String path) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(REST + path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(REST + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
