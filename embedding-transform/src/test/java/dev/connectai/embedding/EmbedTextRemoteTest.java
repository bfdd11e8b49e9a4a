package dev.connectai.embedding;

import dev.connectai.toolkit.remote.ModelConfigurationError;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectai.testing.ModelEndpointStubs;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EmbedText against WireMock-served OpenAI and Ollama endpoints: how remote faults reach Connect. */
class EmbedTextRemoteTest {

    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static SinkRecord record(String text) {
        return new SinkRecord("tickets", 1, null, null, null, Map.of("text", text), 9L);
    }

    private EmbedText<SinkRecord> transform(String provider, String base) {
        EmbedText<SinkRecord> t = new EmbedText.Value<>();
        t.configure(Map.of("input.field", "text", "model.provider", provider, "model.base.url", base,
                "model.max.retries", "1", "model.retry.backoff.ms", "10", "model.timeout.ms", "500"));
        return t;
    }

    @Test
    void ollamaVectorsArriveAsFloatLists() {
        server.stubFor(post(urlEqualTo("/api/embed")).willReturn(
                ModelEndpointStubs.json(200, ModelEndpointStubs.ollamaEmbeddings("all-minilm", 1, 384))));
        EmbedText<SinkRecord> t = transform("ollama", server.baseUrl());
        try {
            @SuppressWarnings("unchecked")
            List<Float> v = (List<Float>) ((Map<String, Object>) t.apply(record("printer jams")).value()).get("embedding");
            assertThat(v).hasSize(384);
            assertThat(v.get(0)).isEqualTo((float) ModelEndpointStubs.vector(0, 384)[0]);
        } finally {
            t.close();
        }
    }

    @Test
    void persistentServerErrorsBecomeRetriableWithTheRecordLocation() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(ModelEndpointStubs.openAiServerError()));
        EmbedText<SinkRecord> t = transform("openai", server.baseUrl() + "/v1");
        try {
            assertThatThrownBy(() -> t.apply(record("x")))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("topic=tickets partition=1 offset=9");
            server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
        } finally {
            t.close();
        }
    }

    @Test
    void timeoutsBecomeRetriable() {
        server.stubFor(post(urlEqualTo("/api/embed")).willReturn(
                ModelEndpointStubs.json(200, ModelEndpointStubs.ollamaEmbeddings("all-minilm", 1, 4)).withFixedDelay(2000)));
        EmbedText<SinkRecord> t = transform("ollama", server.baseUrl());
        try {
            assertThatThrownBy(() -> t.apply(record("x"))).isInstanceOf(RetriableException.class)
                    .hasMessageContaining("timed out after 500 ms");
        } finally {
            t.close();
        }
    }

    @Test
    void unknownModelIsNotRetriable() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(ModelEndpointStubs.openAiUnknownModel("text-embedding-3-small")));
        EmbedText<SinkRecord> t = transform("openai", server.baseUrl() + "/v1");
        try {
            assertThatThrownBy(() -> t.apply(record("x")))
                    .isExactlyInstanceOf(ModelConfigurationError.class)
                    .hasMessageStartingWith("EmbedText: ")
                    .hasMessageContaining("does not exist");
            server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
        } finally {
            t.close();
        }
    }
}
