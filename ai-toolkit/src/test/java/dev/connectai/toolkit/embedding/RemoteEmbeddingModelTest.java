package dev.connectai.toolkit.embedding;

import dev.connectai.toolkit.remote.ModelConfigurationError;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectai.testing.ModelEndpointStubs;
import dev.connectai.toolkit.remote.RetryPolicy;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.connectai.testing.ModelEndpointStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** OpenAI-compatible and Ollama embedding dialects, batched in one request. */
class RemoteEmbeddingModelTest {

    private static WireMockServer server;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private EmbeddingModelSpec spec(EmbeddingProvider provider, String model, String base, Integer dims) {
        return new EmbeddingModelSpec(provider, model, base, "sk-abc", dims, 0, 32, Duration.ofSeconds(5),
                new RetryPolicy(1, Duration.ofMillis(10), Duration.ofSeconds(2)));
    }

    @Test
    void openAiBatchIsOneRequestAndAnswersAreOrderedByIndex() {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .withRequestBody(equalToJson("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\",\"c\"],"
                        + "\"encoding_format\":\"float\",\"dimensions\":8}"))
                .willReturn(json(200, ModelEndpointStubs.openAiEmbeddings("text-embedding-3-small", 3, 8))));
        try (EmbeddingModel model = new RemoteEmbeddingModel(spec(EmbeddingProvider.OPENAI, "text-embedding-3-small",
                server.baseUrl() + "/v1", 8))) {
            List<float[]> vectors = model.embedAll(List.of("a", "b", "c"));
            assertThat(vectors).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(vectors.get(i)[0]).isCloseTo((float) ModelEndpointStubs.vector(i, 8)[0], within(1e-6f));
            }
        }
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void openAiWrongDimensionIsAClearError() {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(json(200, ModelEndpointStubs.openAiEmbeddings("m", 1, 16))));
        try (EmbeddingModel model = new RemoteEmbeddingModel(spec(EmbeddingProvider.OPENAI, "m",
                server.baseUrl() + "/v1", 8))) {
            assertThatThrownBy(() -> model.embed("x")).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("16-dimensional").hasMessageContaining("8 dimensions were configured");
        }
    }

    @Test
    void openAiBodyWithoutDataIsRejected() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(json(200, "{\"object\":\"list\",\"data\":null}")));
        try (EmbeddingModel model = new RemoteEmbeddingModel(spec(EmbeddingProvider.OPENAI, "m",
                server.baseUrl() + "/v1", null))) {
            assertThatThrownBy(() -> model.embed("x")).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("no 'data' array");
        }
    }

    @Test
    void ollamaUsesApiEmbed() {
        server.stubFor(post(urlEqualTo("/api/embed"))
                .withRequestBody(equalToJson("{\"model\":\"all-minilm\",\"input\":[\"x\",\"y\"],\"truncate\":true}"))
                .willReturn(json(200, ModelEndpointStubs.ollamaEmbeddings("all-minilm", 2, 384))));
        try (EmbeddingModel model = new RemoteEmbeddingModel(spec(EmbeddingProvider.OLLAMA, "all-minilm",
                server.baseUrl(), null))) {
            List<float[]> vectors = model.embedAll(List.of("x", "y"));
            assertThat(vectors).hasSize(2);
            assertThat(vectors.get(1)).hasSize(384);
        }
    }

    @Test
    void ollamaUnknownModelIsNotRetried() {
        server.stubFor(post(urlEqualTo("/api/embed")).willReturn(ModelEndpointStubs.ollamaUnknownModel("nomic")));
        try (EmbeddingModel model = new RemoteEmbeddingModel(spec(EmbeddingProvider.OLLAMA, "nomic",
                server.baseUrl(), null))) {
            assertThatThrownBy(() -> model.embed("x")).isExactlyInstanceOf(ModelConfigurationError.class)
                    .hasMessageContaining("not found, try pulling it first");
        }
        server.verify(1, postRequestedFor(urlEqualTo("/api/embed")));
    }

    @Test
    void largeInputsAreSplitIntoBatches() {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(json(200, ModelEndpointStubs.openAiEmbeddings("m", 2, 4))));
        EmbeddingModelSpec two = new EmbeddingModelSpec(EmbeddingProvider.OPENAI, "m", server.baseUrl() + "/v1",
                null, null, 0, 2, Duration.ofSeconds(5), RetryPolicy.DEFAULT);
        try (EmbeddingModel model = new RemoteEmbeddingModel(two)) {
            assertThat(model.embedAll(List.of("a", "b", "c", "d"))).hasSize(4);
        }
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }
}
