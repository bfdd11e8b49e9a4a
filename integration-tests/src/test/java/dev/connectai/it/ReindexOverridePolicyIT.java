package dev.connectai.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The re-index command on a worker whose {@code connector.client.config.override.policy} is {@code None}: the new
 * connector could not be told to read from offset 0, so the command stops before starting anything and names the
 * worker setting to change. A cluster of its own, as the policy is a worker setting.
 */
class ReindexOverridePolicyIT {

    private static ConnectHarness connect;
    private static QdrantTarget qdrant;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
        connect = ConnectHarness.start(1, Map.of("connector.client.config.override.policy", "None"));
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
    void stopsBeforeStartingAnythingWhenTheWorkerForbidsClientOverrides() throws Exception {
        new QdrantPoints(qdrant.client()).drop("policy-v1");
        new QdrantPoints(qdrant.client()).drop("policy-v2");
        connect.createTopic("policy", 1);
        qdrant.client().createCollectionAsync("policy-v1", VectorParams.newBuilder().setSize(384)
                .setDistance(Distance.Cosine).build()).get(30, TimeUnit.SECONDS);
        qdrant.client().createAliasAsync("policy", "policy-v1").get(30, TimeUnit.SECONDS);
        Map<String, String> sink = new HashMap<>(Map.of("name", "policy-sink",
                "connector.class", "dev.connectai.qdrant.QdrantSinkConnector", "topics", "policy",
                "qdrant.url", qdrant.grpcUrl(), "collection.name", "policy-v1", "embed.input.field", "text",
                "vector.field", "", "model.name", "all-minilm-l6-v2"));
        sink.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        sink.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        sink.put("value.converter.schemas.enable", "false");
        if (qdrant.apiKey() != null) {
            sink.put("qdrant.api.key", qdrant.apiKey());
        }
        connect.launch(sink, 1);

        String url = connect.cluster().endpointForResource("connectors");
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "reindex.sh", "--connect",
                url.substring(0, url.length() - "/connectors".length()), "--bootstrap-servers",
                connect.cluster().kafka().bootstrapServers(), "--connector", "policy-sink", "--alias", "policy",
                "--new-collection", "policy-v2", "--set", "model.name=bge-small-en-v1.5-q", "--timeout", "60"))
                .directory(Path.of("..").toAbsolutePath().normalize().toFile()).redirectErrorStream(true);
        builder.environment().put("QDRANT_URL", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            builder.environment().put("QDRANT_API_KEY", qdrant.apiKey());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(output).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("FAILED: the worker rejects the new connector's configuration",
                "Set connector.client.config.override.policy=All");
        assertThat(connect.restGet("/connectors").toString()).doesNotContain("policy-sink-policy-v2");
        assertThat(qdrant.client().listCollectionAliasesAsync("policy-v1").get(10, TimeUnit.SECONDS))
                .containsExactly("policy");
        connect.awaitRunning("policy-sink", 1);
    }
}
