package dev.connectai.it;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.connectai.testing.ModelEndpointStubs;
import dev.connectai.testing.ConnectHarness;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedding transform inside a real worker, loaded from the unpacked release zip on plugin.path
 * with service-loader discovery; Kafka's FileStreamSink writes what the transform produced.
 */
class EmbedTextIT {

    private static final String VALUE_SMT = "dev.connectai.embedding.EmbedText$Value";
    private static final String KEY_SMT = "dev.connectai.embedding.EmbedText$Key";
    private static final Pattern VECTOR = Pattern.compile("embedding=\\[([^\\]]*)\\]");

    private static ConnectHarness connect;
    private static WireMockServer openAi;

    @TempDir
    static Path files;

    @BeforeAll
    static void start() {
        connect = ConnectHarness.start(1);
        openAi = new WireMockServer(options().dynamicPort());
        openAi.start();
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (openAi != null) {
            openAi.stop();
        }
    }

    private static Map<String, String> fileSinkWithEmbedding(String topic, Path file, int tasks, Map<String, String> smt) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topic);
        config.put("file", file.toString());
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "embed");
        config.put("transforms.embed.type", VALUE_SMT);
        smt.forEach((k, v) -> config.put("transforms.embed." + k, v));
        return config;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int vectorLength(String line) {
        Matcher m = VECTOR.matcher(line);
        assertThat(m.find()).as("line has an embedding: %s", line.length() > 120 ? line.substring(0, 120) : line).isTrue();
        return m.group(1).split(",").length;
    }

    @Test
    void workerListsEveryPluginOfThePackWithItsVersion() {
        JsonNode plugins = connect.restGet("connector-plugins?connectorsOnly=false");
        Map<String, String> versions = new HashMap<>();
        plugins.forEach(p -> versions.put(p.get("class").asText(), p.path("version").asText()));
        String expected = System.getProperty("connectai.version");
        assertThat(expected).isNotBlank();
        assertThat(versions).containsEntry(VALUE_SMT, expected).containsEntry(KEY_SMT, expected);
        assertThat(versions).containsKey("org.apache.kafka.connect.file.FileStreamSinkConnector");
    }

    @Test
    void goodRecordsGetVectorsAndBadOnesLandInTheDlqWithReasons() throws Exception {
        String topic = "reviews";
        String dlq = "reviews-dlq";
        connect.createTopic(topic, 1);
        connect.createTopic(dlq, 1);
        Path out = files.resolve("reviews.txt");
        Map<String, String> config = fileSinkWithEmbedding(topic, out, 1, Map.of(
                "input.field", "review.text",
                "input.null.policy", "fail"));
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        connect.cluster().configureConnector("embed-reviews", config);
        connect.awaitRunning("embed-reviews", 1);

        List<String> bad = List.of(
                "{\"review\": {\"stars\": 2}}",                 // missing field
                "{\"review\": {\"text\": 42}}",                 // number instead of text
                "{\"review\": {\"text\": \"   \"}}",            // blank under policy 'fail'
                "\"just a string\"",                            // not an object
                "{not json at all");                            // converter failure
        int good = 0;
        for (int i = 0; i < 10; i++) {
            connect.produce(topic, "k" + i, "{\"review\": {\"text\": \"Review number " + i
                    + ": the blender is loud but fast.\", \"stars\": 4}}");
            good++;
            if (i < bad.size()) {
                connect.produce(topic, "bad" + i, bad.get(i));
            }
        }
        int expectedGood = good;
        ConnectHarness.await(() -> lines(out).size() >= expectedGood, Duration.ofSeconds(60), "good records in the file");
        List<String> written = lines(out);
        assertThat(written).hasSize(expectedGood);
        for (int i = 0; i < written.size(); i++) {
            assertThat(written.get(i)).contains("Review number " + i);
            assertThat(vectorLength(written.get(i))).isEqualTo(384);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = connect.consume(bad.size(), Duration.ofSeconds(30), dlq);
        assertThat(dead).hasSize(bad.size());
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            Header message = r.headers().lastHeader("__connect.errors.exception.message");
            assertThat(message).as("error header on DLQ record").isNotNull();
            reasons.add(new String(message.value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons.get(0)).contains("field 'review.text' does not exist").contains("offset=1");
        assertThat(reasons.get(1)).contains("field 'review.text' is a LONG, expected a string");
        assertThat(reasons.get(2)).contains("is blank");
        assertThat(reasons.get(3)).contains("the value is a STRING");
        assertThat(reasons.get(4)).contains("serialization error"); // the converter's own failure, before our transform
        assertThat(connect.status("embed-reviews").tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        connect.cluster().deleteConnector("embed-reviews");
    }

    /** The BM25 option runs in the plugin's class loader, with the Lucene jars of the plugin folder. */
    @Test
    void aBm25VectorIsWrittenNextToTheDenseOne() throws Exception {
        String topic = "bm25-docs";
        connect.createTopic(topic, 1);
        Path out = files.resolve("bm25.txt");
        connect.cluster().configureConnector("embed-bm25", fileSinkWithEmbedding(topic, out, 1, Map.of(
                "input.field", "body", "model.name", "all-minilm-l6-v2-q", "sparse.bm25.field", "bm25")));
        connect.awaitRunning("embed-bm25", 1);

        connect.produce(topic, "k1", "{\"body\": \"The dog runs.\"}");

        ConnectHarness.await(() -> lines(out).size() >= 1, Duration.ofSeconds(60), "the record in the file");
        String line = lines(out).get(0);
        assertThat(vectorLength(line)).isEqualTo(384);
        // Terms 'dog' and 'run' (stemmed; 'the' is a stop word): abs(mmh3.hash(term)) 1312749093 and 243905464.
        assertThat(line).contains("bm25={").containsPattern("indices=\\[(243905464, 1312749093)\\]");
        connect.cluster().deleteConnector("embed-bm25");
    }

    @Test
    void fourTasksInOneWorkerLoadTheModelOnce() throws Exception {
        String topic = "docs4";
        connect.createTopic(topic, 4);
        Path out = files.resolve("docs4.txt");
        // A model setting no other test uses, so this connector's tasks are the only users of it.
        Map<String, String> smt = Map.of("input.field", "body", "model.name", "all-minilm-l6-v2-q",
                "model.max.tokens", "200");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName shared = new ObjectName("dev.connectai:type=shared-resources");
        double loadsBefore = jmx.isRegistered(shared)
                ? ((Number) jmx.getAttribute(shared, "embedding-model-loads-total")).doubleValue() : 0;

        connect.cluster().configureConnector("embed-4", fileSinkWithEmbedding(topic, out, 4, smt));
        connect.awaitRunning("embed-4", 4);
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 5; i++) {
                connect.cluster().kafka().produce(topic, p, "k", "{\"body\": \"partition " + p + " text " + i + "\"}");
            }
        }
        ConnectHarness.await(() -> lines(out).size() >= 20, Duration.ofSeconds(60), "20 records in the file");
        assertThat(lines(out)).allSatisfy(l -> assertThat(vectorLength(l)).isEqualTo(384));

        double loadsAfter = ((Number) jmx.getAttribute(shared, "embedding-model-loads-total")).doubleValue();
        assertThat(loadsAfter - loadsBefore).as("models loaded for four tasks").isEqualTo(1.0);
        List<ObjectName> users = new ArrayList<>();
        double embedded = 0;
        for (ObjectName name : jmx.queryNames(new ObjectName("dev.connectai:type=embedding-metrics,*"), null)) {
            String model = name.getKeyProperty("model");
            if (ObjectName.unquote(model.startsWith("\"") ? model : ObjectName.quote(model))
                    .equals("local/all-minilm-l6-v2-q")) {
                users.add(name);
                embedded += ((Number) jmx.getAttribute(name, "texts-embedded-total")).doubleValue();
            }
        }
        assertThat(users).as("one metrics bean per task's transform").hasSizeGreaterThanOrEqualTo(4);
        assertThat(embedded).isEqualTo(20.0);
        connect.cluster().deleteConnector("embed-4");
    }

    @Test
    void openAiCompatibleEndpointWithTheKeyFromAConfigProviderRidesOutA429() throws Exception {
        String key = "sk-it-" + Long.toHexString(System.nanoTime()) + "-secret";
        Path secrets = files.resolve("openai.properties");
        Files.writeString(secrets, "openai.key=" + key + "\n");
        openAi.stubFor(post(urlEqualTo("/v1/embeddings")).inScenario("limits").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ModelEndpointStubs.openAiRateLimited(1)).willSetStateTo("open"));
        openAi.stubFor(post(urlEqualTo("/v1/embeddings")).inScenario("limits").whenScenarioStateIs("open")
                .willReturn(ModelEndpointStubs.json(200,
                        ModelEndpointStubs.openAiEmbeddings("text-embedding-3-small", 1, 8))));

        String topic = "remote-texts";
        connect.createTopic(topic, 1);
        Path out = files.resolve("remote.txt");
        Map<String, String> config = fileSinkWithEmbedding(topic, out, 1, Map.of(
                "input.field", "text",
                "model.provider", "openai",
                "model.base.url", openAi.baseUrl() + "/v1",
                "model.name", "text-embedding-3-small",
                "model.dimensions", "8",
                "model.api.key", "${file:" + secrets + ":openai.key}"));
        connect.cluster().configureConnector("embed-remote", config);
        connect.awaitRunning("embed-remote", 1);
        for (int i = 0; i < 3; i++) {
            connect.produce(topic, null, "{\"text\": \"remote text " + i + "\"}");
        }
        ConnectHarness.await(() -> lines(out).size() >= 3, Duration.ofSeconds(60), "3 records embedded remotely");
        assertThat(lines(out)).allSatisfy(l -> assertThat(vectorLength(l)).isEqualTo(8));
        assertThat(connect.status("embed-remote").tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));

        // The provider resolved the key: it reached the endpoint as a bearer token, first answer was the 429.
        openAi.verify(4, postRequestedFor(urlEqualTo("/v1/embeddings"))
                .withHeader("Authorization", equalTo("Bearer " + key)));
        // The worker stores and shows the reference, never the key.
        JsonNode stored = connect.restGet("connectors/embed-remote/config");
        assertThat(stored.get("transforms.embed.model.api.key").asText()).startsWith("${file:");
        // And no log line carries it, while the config dumps that would leak it were logged.
        String log = Files.readString(Path.of("target/it-logs/worker.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("model.api.key = [hidden]");
        assertThat(log).doesNotContain(key);
        connect.cluster().deleteConnector("embed-remote");
    }

    @Test
    void validateReportsAnUnknownLocalModelOnTheTransformsKey() {
        Map<String, String> config = fileSinkWithEmbedding("any", files.resolve("never.txt"), 1,
                Map.of("input.field", "text", "model.name", "all-mpnet-base-v2"));
        var answer = connect.restPut("connector-plugins/org.apache.kafka.connect.file.FileStreamSinkConnector/config/"
                + "validate", config);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode model = null;
        for (JsonNode c : answer.body().get("configs")) {
            if (c.at("/value/name").asText().equals("transforms.embed.model.name")) {
                model = c.get("value");
            }
        }
        assertThat(model).as("transforms.embed.model.name in %s", answer.body()).isNotNull();
        assertThat(model.get("errors").toString()).contains("unknown local model 'all-mpnet-base-v2'")
                .contains("use one of all-minilm-l6-v2, all-minilm-l6-v2-q");
    }

    @Test
    void aRevokedKeyFailsTheTaskInsteadOfDrainingTheTopicIntoTheDlq() throws Exception {
        String key = "sk-it-revoked-" + Long.toHexString(System.nanoTime());
        openAi.stubFor(post(urlEqualTo("/revoked/v1/embeddings")).willReturn(ModelEndpointStubs.openAiInvalidKey(key)));
        String topic = "revoked-texts";
        String dlq = topic + "-dlq";
        connect.createTopic(topic, 1);
        connect.createTopic(dlq, 1);
        Map<String, String> config = fileSinkWithEmbedding(topic, files.resolve("revoked.txt"), 1, Map.of(
                "input.field", "text",
                "model.provider", "openai",
                "model.base.url", openAi.baseUrl() + "/revoked/v1",
                "model.api.key", key));
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        connect.cluster().configureConnector("embed-revoked", config);
        connect.awaitRunning("embed-revoked", 1);
        for (int i = 0; i < 3; i++) {
            connect.produce(topic, null, "{\"text\": \"text " + i + "\"}");
        }
        ConnectHarness.await(() -> connect.status("embed-revoked").tasks().stream()
                .anyMatch(t -> "FAILED".equals(t.state())), Duration.ofSeconds(60), "the task to fail");
        assertThat(connect.status("embed-revoked").tasks().get(0).trace())
                .contains("EmbedText: openai embeddings endpoint rejected the API key (HTTP 401)").doesNotContain(key);
        assertThat(connect.cluster().kafka().consumeAll(10_000, dlq).count()).isZero();
        connect.cluster().deleteConnector("embed-revoked");
    }
}
