package dev.connectai.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.ModelEndpointStubs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** LlmExtract in a real worker, loaded from the plugin zip, against a WireMock-served OpenAI endpoint. */
class LlmExtractIT {

    private static final String SMT = "dev.connectai.llm.LlmExtract$Value";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"customer\":{\"type\":\"object\","
            + "\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]},\"order_id\":{\"type\":\"integer\"},"
            + "\"issue\":{\"type\":\"string\",\"enum\":[\"refund\",\"delivery\",\"other\"]}},"
            + "\"required\":[\"customer\",\"order_id\",\"issue\"]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectHarness connect;
    private static WireMockServer llm;
    private static String key;

    @TempDir
    static Path files;

    @BeforeAll
    static void start() throws Exception {
        connect = ConnectHarness.start(1);
        llm = new WireMockServer(options().dynamicPort());
        llm.start();
        key = "sk-llm-it-" + Long.toHexString(System.nanoTime());
        Files.writeString(files.resolve("llm.properties"), "key=" + key + "\n");
        for (int i = 0; i < 5; i++) {
            llm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("Order 10" + i))
                    .willReturn(ModelEndpointStubs.json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini",
                            "{\"customer\":{\"name\":\"Customer " + i + "\"},\"order_id\":10" + i + ",\"issue\":\"refund\"}",
                            "stop"))));
        }
        llm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("gibberish"))
                .willReturn(ModelEndpointStubs.json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini",
                        "I could not find any order in this text.", "stop"))));
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (llm != null) {
            llm.stop();
        }
    }

    private static Map<String, String> smt(Map<String, String> extra) {
        Map<String, String> c = new HashMap<>();
        c.put("transforms", "extract");
        c.put("transforms.extract.type", SMT);
        c.put("transforms.extract.llm.base.url", llm.baseUrl() + "/v1");
        c.put("transforms.extract.llm.model", "gpt-4o-mini");
        c.put("transforms.extract.llm.api.key", "${file:" + files.resolve("llm.properties") + ":key}");
        c.put("transforms.extract.extract.schema", SCHEMA);
        c.put("transforms.extract.extract.repair.attempts", "1");
        extra.forEach((k, v) -> c.put("transforms.extract." + k, v));
        return c;
    }

    @Test
    void goodRecordsBecomeTypedStructsAndBadOnesGoToTheDlq() throws Exception {
        String topic = "support-mails";
        String dlq = topic + "-dlq";
        connect.createTopic(topic, 1);
        connect.createTopic(dlq, 1);
        Path out = files.resolve("customers.txt");
        Map<String, String> c = new HashMap<>(smt(Map.of("input.field", "body")));
        c.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
        c.put("topics", topic);
        c.put("file", out.toString());
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        connect.cluster().configureConnector("extract-mails", c);
        connect.awaitRunning("extract-mails", 1);
        for (int i = 0; i < 5; i++) {
            connect.produce(topic, null, "{\"body\":\"Hello, Order 10" + i + " arrived broken, refund please.\"}");
            if (i % 2 == 0) {
                connect.produce(topic, null, "{\"body\":\"gibberish " + i + "\"}");
            }
        }
        ConnectHarness.await(() -> lines(out).size() >= 5, Duration.ofSeconds(60), "5 extracted records");
        List<String> written = lines(out);
        for (int i = 0; i < 5; i++) {
            assertThat(written.get(i)).contains("Struct{customer=Struct{name=Customer " + i + "},order_id=10" + i
                    + ",issue=refund}");
        }
        List<ConsumerRecord<byte[], byte[]>> dead = connect.consume(3, Duration.ofSeconds(60), dlq);
        assertThat(dead).hasSize(3).allSatisfy(r -> {
            Header h = r.headers().lastHeader("__connect.errors.exception.message");
            assertThat(new String(h.value(), StandardCharsets.UTF_8)).contains("no schema-valid answer after 2 attempts")
                    .contains("not valid JSON");
        });
        assertThat(connect.status("extract-mails").tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        String log = Files.readString(Path.of("target/it-logs/worker.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("llm.api.key = [hidden]").doesNotContain(key);
        connect.cluster().deleteConnector("extract-mails");
    }

    @Test
    void aRejectedKeyFailsTheTaskInsteadOfDrainingTheTopicIntoTheDlq() throws Exception {
        llm.stubFor(post(urlEqualTo("/revoked/v1/chat/completions")).willReturn(ModelEndpointStubs.openAiInvalidKey(key)));
        String topic = "mails-revoked-key";
        String dlq = topic + "-dlq";
        connect.createTopic(topic, 1);
        connect.createTopic(dlq, 1);
        Map<String, String> c = new HashMap<>(smt(Map.of("input.field", "body")));
        c.put("transforms.extract.llm.base.url", llm.baseUrl() + "/revoked/v1");
        c.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
        c.put("topics", topic);
        c.put("file", files.resolve("revoked.txt").toString());
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        connect.cluster().configureConnector("extract-revoked", c);
        connect.awaitRunning("extract-revoked", 1);
        for (int i = 0; i < 3; i++) {
            connect.produce(topic, null, "{\"body\":\"Order 10" + i + " arrived broken, refund please.\"}");
        }
        ConnectHarness.await(() -> connect.status("extract-revoked").tasks().stream()
                .anyMatch(t -> "FAILED".equals(t.state())), Duration.ofSeconds(60), "the task to fail");
        String trace = connect.status("extract-revoked").tasks().get(0).trace();
        assertThat(trace).contains("LlmExtract: openai chat endpoint rejected the API key (HTTP 401)")
                .contains("check the api key config").doesNotContain(key);
        assertThat(connect.cluster().kafka().consumeAll(10_000, dlq).count()).isZero();
        assertThat(Files.readString(Path.of("target/it-logs/worker.log"), StandardCharsets.UTF_8)).doesNotContain(key);
        connect.cluster().deleteConnector("extract-revoked");
    }

    @Test
    void aSourcePipelineWritesStructsWithSchemasToTheOutputTopic() throws Exception {
        Path input = files.resolve("mails.txt");
        Files.writeString(input, "Order 103 never came, refund me\nOrder 104 is wrong, I want a refund\n");
        String topic = "customers-typed";
        connect.createTopic(topic, 1);
        Map<String, String> c = new HashMap<>(smt(Map.of()));
        c.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
        c.put("file", input.toString());
        c.put("topic", topic);
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "true");
        connect.cluster().configureConnector("extract-source", c);
        connect.awaitRunning("extract-source", 1);
        List<ConsumerRecord<byte[], byte[]>> records = connect.consume(2, Duration.ofSeconds(60), topic);
        JsonNode first = JSON.readTree(records.get(0).value());
        assertThat(first.at("/schema/type").asText()).isEqualTo("struct");
        assertThat(first.at("/schema/fields/1/field").asText()).isEqualTo("order_id");
        assertThat(first.at("/schema/fields/1/type").asText()).isEqualTo("int64");
        assertThat(first.at("/payload/order_id").asLong()).isEqualTo(103L);
        assertThat(first.at("/payload/customer/name").asText()).isEqualTo("Customer 3");
        connect.cluster().deleteConnector("extract-source");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
