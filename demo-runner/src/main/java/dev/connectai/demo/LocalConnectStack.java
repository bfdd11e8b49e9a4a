package dev.connectai.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.local.OverridableEnvConfigProvider;
import dev.connectai.local.QdrantEndpoint;
import dev.connectai.local.ShippedConnectorConfigs;
import dev.connectai.local.WorkerSettings;
import dev.connectai.qdrantapi.QdrantApiServer;
import io.qdrant.client.QdrantClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * README's first command: the end-to-end demo. A local single-node KRaft broker, one distributed Connect worker
 * (REST on localhost:8083, started as connect-distributed.sh starts one) with the plugin pack on plugin.path, and a
 * Qdrant: the real one {@code QDRANT_URL} names, or else an in-process server that speaks Qdrant's gRPC API on
 * localhost:6334 ({@link QdrantApiServer}, not Qdrant). It posts the committed connector JSON of the reviews pipeline
 * (synthetic reviews → EmbedText → topic → Qdrant sink) and, when an LLM endpoint is configured, the LLM pipelines;
 * shows live progress; runs semantic searches over what arrived in Qdrant; then exits ({@code --exit}) or stays up
 * until Ctrl-C ({@code --stay-up}).
 *
 * <p>Arguments: plugin.path, a work folder, the repository root, then options in one string:
 * {@code --exit | --stay-up} and {@code --seconds N} (how long to watch progress, default 30).
 */
public final class LocalConnectStack {

    private static final String REST_URL = "http://localhost:8083";
    private static final int STAND_IN_PORT = 6334;
    private static final String SOURCE = "synthetic-reviews-embedded";
    private static final String SINK = "reviews-to-qdrant";
    private static final String EMBEDDED_TOPIC = "reviews-embedded";
    private static final String COLLECTION = "reviews";
    private static final List<String> QUERIES = List.of(
            "battery dies quickly", "arrived late and damaged", "great sound quality", "support ignored my refund");
    private static final List<String> LLM_FILES = List.of(
            "support-emails-extract.json", "synthetic-orders.json", "product-summaries-to-qdrant.json",
            "synthetic-llm-reviews.json");
    private static final String OLLAMA_DEFAULT_MODEL = "llama3.2";

    private LocalConnectStack() {
    }

    public static void main(String[] args) throws Exception {
        String pluginPath = args[0];
        Path workDir = Path.of(args[1]).toAbsolutePath().normalize();
        Path repoRoot = Path.of(args[2]).toAbsolutePath().normalize();
        Options options = Options.parse(args.length > 3 ? args[3] : "");
        ShippedConnectorConfigs configs = ShippedConnectorConfigs.in(repoRoot.resolve("connector-configs"));
        ConnectRest rest = new ConnectRest(REST_URL);
        Stack stack = new Stack();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            stack.close(rest);
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(shutdown);
        int exitCode = 0;
        try {
            QdrantEndpoint qdrant = startQdrant(stack);
            startKafkaAndWorker(stack, pluginPath, workDir, rest);
            printPlugins(rest);
            startReviewsPipeline(stack, rest, configs);
            List<ObjectNode> llm = startLlmPipelines(stack, rest, configs);
            watchAndSearch(stack, rest, qdrant, options.seconds, llm);
            if (options.stayUp) {
                printHowToUse(qdrant);
                stopped.await();
                return;
            }
        } catch (PipelineProgress.PipelineFailed e) {
            System.out.println();
            System.out.println("FAILED: a connector or task failed:");
            e.getMessage().lines().forEach(l -> System.out.println("  " + l));
            exitCode = 1;
        } catch (Exception e) {
            System.out.println();
            System.out.println("FAILED: " + e);
            exitCode = 1;
        }
        Runtime.getRuntime().removeShutdownHook(shutdown);
        shutdown.run();
        System.exit(exitCode); // Kafka and gRPC leave non-daemon threads behind
    }

    /** Everything the demo started, so that one place stops it in reverse order. */
    private static final class Stack {
        QdrantApiServer standIn;
        LocalKafkaBroker kafka;
        Connect<?> worker;
        Admin admin;
        QdrantClient qdrant;

        synchronized void close(ConnectRest rest) {
            System.out.println("Stopping connectors, the worker, the broker"
                    + (standIn == null ? "" : " and the Qdrant-API server") + " ...");
            if (worker != null) {
                try {
                    for (JsonNode name : rest.get("/connectors")) {
                        rest.delete("/connectors/" + name.asText());
                    }
                } catch (Exception e) {
                    // On Ctrl-C, Connect's own shutdown hook may have closed the REST server already.
                }
                worker.stop();
                // On Ctrl-C Connect's own shutdown hook may be stopping the worker at the same time, and then stop()
                // returns at once; the broker must outlive the worker, or the herder waits for it until a timeout.
                worker.awaitStop();
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
            if (kafka != null) {
                kafka.close();
            }
            if (qdrant != null) {
                qdrant.close();
            }
            if (standIn != null) {
                standIn.close();
            }
            worker = null;
            kafka = null;
            admin = null;
            qdrant = null;
            standIn = null;
        }
    }

    /**
     * The real Qdrant when QDRANT_URL is set; otherwise the in-process Qdrant-API server on localhost:6334. The
     * connector JSON reads ${env:QDRANT_URL} and ${env:QDRANT_API_KEY}; a JVM cannot set its own environment, so the worker's env
     * config provider is {@link OverridableEnvConfigProvider}, which takes values set here and falls back to the real
     * environment. Only names the real environment lacks are set.
     */
    private static QdrantEndpoint startQdrant(Stack stack) {
        String url = System.getenv(QdrantEndpoint.URL_VARIABLE);
        if (System.getenv(QdrantEndpoint.API_KEY_VARIABLE) == null) {
            OverridableEnvConfigProvider.set(QdrantEndpoint.API_KEY_VARIABLE, ""); // the sink reads a blank key as none
        }
        QdrantEndpoint endpoint;
        if (url != null && !url.isBlank()) {
            endpoint = QdrantEndpoint.parse(url, System.getenv(QdrantEndpoint.API_KEY_VARIABLE));
            System.out.println("Qdrant: " + endpoint + " (from QDRANT_URL)");
        } else {
            stack.standIn = QdrantApiServer.start(STAND_IN_PORT, null);
            OverridableEnvConfigProvider.set(QdrantEndpoint.URL_VARIABLE, QdrantEndpoint.LOCAL_URL);
            endpoint = QdrantEndpoint.parse(QdrantEndpoint.LOCAL_URL, null);
            System.out.println("Vector store: " + QdrantEndpoint.LOCAL_URL + " is an in-process server that speaks "
                    + "Qdrant's gRPC API (not Qdrant; in memory, exact search); set QDRANT_URL to use a real Qdrant.");
        }
        stack.qdrant = endpoint.connect();
        return endpoint;
    }

    private static void startKafkaAndWorker(Stack stack, String pluginPath, Path workDir, ConnectRest rest)
            throws Exception {
        System.out.println("Starting a single-node KRaft broker ...");
        stack.kafka = LocalKafkaBroker.start(workDir);
        stack.admin = Admin.create(Map.of("bootstrap.servers", stack.kafka.bootstrapServers()));

        // A real distributed worker, started the way connect-distributed.sh starts one.
        Map<String, String> workerProps = WorkerSettings.pluginsAndConfigProviders(pluginPath);
        workerProps.put("config.providers.env.class", OverridableEnvConfigProvider.class.getName());
        workerProps.put("bootstrap.servers", stack.kafka.bootstrapServers());
        workerProps.put("group.id", "connect-ai-local");
        workerProps.put("config.storage.topic", "connect-ai-configs");
        workerProps.put("offset.storage.topic", "connect-ai-offsets");
        workerProps.put("status.storage.topic", "connect-ai-status");
        workerProps.put("config.storage.replication.factor", "1");
        workerProps.put("offset.storage.replication.factor", "1");
        workerProps.put("status.storage.replication.factor", "1");
        workerProps.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        workerProps.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        workerProps.put("listeners", REST_URL);
        workerProps.put("offset.flush.interval.ms", "2000");
        System.out.println("Starting a Connect worker (REST " + REST_URL + ") ...");
        stack.worker = new ConnectDistributed().startConnect(workerProps);
        rest.awaitUp(Duration.ofSeconds(120));
        System.out.println("Kafka bootstrap servers: " + stack.kafka.bootstrapServers());
        System.out.println("Connect REST:            " + REST_URL);
        System.out.println("plugin.path:             " + pluginPath);
        System.out.println("config providers:        env (" + OverridableEnvConfigProvider.class.getSimpleName()
                + ": real environment plus the demo's defaults), file");
        System.out.println();
    }

    private static void printPlugins(ConnectRest rest) throws Exception {
        JsonNode plugins = rest.get("/connector-plugins?connectorsOnly=false");
        System.out.println("Plugins loaded by the worker:");
        for (JsonNode p : plugins) {
            String cls = p.get("class").asText();
            if (cls.startsWith("dev.connectai.") || cls.startsWith("org.apache.kafka.connect.file.")) {
                System.out.printf("  %-14s %-55s %s%n", p.get("type").asText(), cls, p.path("version").asText());
            }
        }
        System.out.println("  (and " + plugins.size() + " plugins in all, Kafka's built-in ones included)");
        System.out.println();
    }

    /** Posts the two committed configs of the reviews pipeline: synthetic source with EmbedText, and the sink. */
    private static void startReviewsPipeline(Stack stack, ConnectRest rest, ShippedConnectorConfigs configs)
            throws Exception {
        ObjectNode source = configs.read(SOURCE);
        ObjectNode sink = configs.read(SINK);
        System.out.println("Pipeline (committed JSON from " + configs.folder() + ", posted unchanged):");
        System.out.println("  " + SOURCE + ": synthetic reviews -> EmbedText (int8 MiniLM, in-process) -> topic "
                + String.join(",", ShippedConnectorConfigs.topics(source)));
        System.out.println("  " + SINK + ": topic " + String.join(",", ShippedConnectorConfigs.topics(sink))
                + " -> Qdrant collection '" + COLLECTION + "'");
        createTopics(stack, List.of(source, sink));
        rest.createConnector(sink);
        rest.createConnector(source);
    }

    /** Live progress of the reviews pipeline, then semantic searches over what reached Qdrant. */
    private static void watchAndSearch(Stack stack, ConnectRest rest, QdrantEndpoint qdrant, int seconds,
                                       List<ObjectNode> llmConnectors) throws Exception {
        System.out.println();
        PipelineProgress progress = new PipelineProgress(stack.admin, stack.qdrant, rest, SOURCE, EMBEDDED_TOPIC,
                SINK, COLLECTION);
        PipelineProgress.Snapshot last = progress.watch(seconds, 2);
        System.out.println();
        progress.states().forEach(s -> System.out.println("  " + s));
        if (!llmConnectors.isEmpty()) {
            printLlmOutput(stack, progress, llmConnectors);
        }
        if (last.inQdrant() == 0) {
            throw new IllegalStateException("no point reached the '" + COLLECTION + "' collection in " + seconds + " s");
        }
        System.out.println();
        runSearches(qdrant);
    }

    /**
     * What the LLM pipelines have written so far. Their tasks stay RUNNING while an unreachable endpoint is retried,
     * so the states alone would not show that nothing flows.
     */
    private static void printLlmOutput(Stack stack, PipelineProgress progress, List<ObjectNode> connectors)
            throws Exception {
        List<String> figures = new ArrayList<>();
        boolean anyEmpty = false;
        for (ObjectNode c : connectors) {
            String collection = c.path("config").path("collection.name").asText("");
            if (!collection.isEmpty()) {
                long points = PipelineProgress.points(stack.qdrant, collection);
                anyEmpty |= points == 0;
                figures.add("collection '" + collection + "': " + points + " points");
            } else {
                for (String topic : ShippedConnectorConfigs.topics(c)) {
                    long records = progress.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
                    anyEmpty |= records == 0;
                    figures.add("topic " + topic + ": " + records + " records");
                }
            }
        }
        System.out.println("  LLM pipelines so far: " + String.join(", ", figures));
        if (anyEmpty) {
            System.out.println("  (nothing yet behind an LLM step: is the endpoint reachable and the model pulled? "
                    + "The worker log says why; tasks retry rather than fail.)");
        }
    }

    /**
     * The searches run the search command's main in a child JVM, with this JVM's classpath: the tokenizer's native
     * library can belong to one class loader per JVM, and here the worker's plugin loader holds it already.
     */
    private static void runSearches(QdrantEndpoint qdrant) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String log4j = System.getProperty("log4j2.configurationFile");
        if (log4j != null) {
            command.add("-Dlog4j2.configurationFile=" + log4j);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SemanticSearch.class.getName(),
                "--distinct", "3", COLLECTION));
        command.addAll(QUERIES);
        ProcessBuilder child = new ProcessBuilder(command).inheritIO();
        child.environment().put(QdrantEndpoint.URL_VARIABLE, qdrant.url());
        if (qdrant.apiKey() != null) {
            child.environment().put(QdrantEndpoint.API_KEY_VARIABLE, qdrant.apiKey());
        }
        int code = child.start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("the semantic searches failed (exit code " + code + ")");
        }
    }

    /**
     * The LLM pipelines need a model endpoint. With OPENAI_BASE_URL they run as committed; with only OLLAMA_BASE_URL
     * they are switched to Ollama (and the demo says which keys changed); with neither they stay off.
     */
    private static List<ObjectNode> startLlmPipelines(Stack stack, ConnectRest rest, ShippedConnectorConfigs configs)
            throws Exception {
        String openAi = blankToNull(System.getenv("OPENAI_BASE_URL"));
        String ollama = blankToNull(System.getenv("OLLAMA_BASE_URL"));
        System.out.println();
        if (openAi == null && ollama == null) {
            System.out.println("LLM pipelines off: set OPENAI_BASE_URL (with OPENAI_CHAT_MODEL, OPENAI_API_KEY) or "
                    + "OLLAMA_BASE_URL (OLLAMA_CHAT_MODEL, default " + OLLAMA_DEFAULT_MODEL + ") to also run "
                    + String.join(", ", LLM_FILES) + ".");
            return List.of();
        }
        boolean useOllama = openAi == null;
        if (!useOllama && blankToNull(System.getenv("OPENAI_CHAT_MODEL")) == null) {
            System.out.println("LLM pipelines off: OPENAI_BASE_URL is set but OPENAI_CHAT_MODEL is not (the configs "
                    + "read the model from ${env:OPENAI_CHAT_MODEL}).");
            return List.of();
        }
        if (!useOllama && System.getenv("OPENAI_API_KEY") == null) {
            OverridableEnvConfigProvider.set("OPENAI_API_KEY", ""); // a keyless OpenAI-compatible endpoint (vLLM, LM Studio)
        }
        if (useOllama && blankToNull(System.getenv("OLLAMA_CHAT_MODEL")) == null) {
            OverridableEnvConfigProvider.set("OLLAMA_CHAT_MODEL", OLLAMA_DEFAULT_MODEL);
        }
        List<ObjectNode> connectors = new ArrayList<>();
        for (String file : LLM_FILES) {
            connectors.add(configs.read(file));
        }
        System.out.println("LLM pipelines on " + (useOllama ? "Ollama at OLLAMA_BASE_URL" : "the OpenAI-compatible "
                + "endpoint at OPENAI_BASE_URL") + ":");
        createTopics(stack, connectors);
        for (ObjectNode connector : connectors) {
            String name = connector.path("name").asText();
            if (useOllama && OllamaSwitch.usesLlm(connector)) {
                List<String> changed = OllamaSwitch.toOllama(connector);
                System.out.println("  " + name + ": posted with llm.provider switched to ollama (changed "
                        + String.join(", ", changed) + ")");
            } else {
                System.out.println("  " + name + ": posted as committed");
            }
            rest.createConnector(connector);
        }
        return connectors;
    }

    private static void createTopics(Stack stack, List<? extends JsonNode> connectors) throws Exception {
        Set<String> topics = new LinkedHashSet<>();
        connectors.forEach(c -> topics.addAll(ShippedConnectorConfigs.topics(c)));
        Set<String> existing = stack.admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics) {
            if (!existing.contains(topic)) {
                missing.add(new NewTopic(topic, 1, (short) 1));
            }
        }
        stack.admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    }

    private static void printHowToUse(QdrantEndpoint qdrant) {
        System.out.println();
        System.out.println("Up; the pipelines keep running. Ctrl-C stops everything.");
        System.out.println("  Search:   ./search.sh \"screen has dead pixels\" [top-k] [collection]   (Qdrant: " + qdrant + ")");
        System.out.println("  Status:   curl -s " + REST_URL + "/connectors?expand=status");
        System.out.println("  Add one:  curl -s -X POST -H 'Content-Type: application/json' --data @connector-configs/rest/"
                + "<file>.json " + REST_URL + "/connectors");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The options string the pom passes through ({@code -Ddemo.args="--exit --seconds 20"}). */
    private record Options(boolean stayUp, int seconds) {
        static Options parse(String line) {
            boolean stayUp = true;
            int seconds = 30;
            String[] words = line.trim().isEmpty() ? new String[0] : line.trim().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                switch (words[i]) {
                    case "--exit" -> stayUp = false;
                    case "--stay-up" -> stayUp = true;
                    case "--seconds" -> seconds = Integer.parseInt(words[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + words[i]
                            + "; use --exit | --stay-up and --seconds N");
                }
            }
            return new Options(stayUp, seconds);
        }
    }
}
