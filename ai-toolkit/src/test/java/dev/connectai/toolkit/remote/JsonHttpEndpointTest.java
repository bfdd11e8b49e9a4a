package dev.connectai.toolkit.remote;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.connectai.testing.ModelEndpointStubs.json;
import static dev.connectai.testing.ModelEndpointStubs.openAiBadGateway;
import static dev.connectai.testing.ModelEndpointStubs.openAiContextTooLong;
import static dev.connectai.testing.ModelEndpointStubs.openAiInvalidKey;
import static dev.connectai.testing.ModelEndpointStubs.openAiQuotaExhausted;
import static dev.connectai.testing.ModelEndpointStubs.openAiRateLimited;
import static dev.connectai.testing.ModelEndpointStubs.openAiServerError;
import static dev.connectai.testing.ModelEndpointStubs.openAiUnknownModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fault mapping of remote model calls against WireMock; sleeping is recorded instead of waited. */
class JsonHttpEndpointTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private static WireMockServer server;
    private final List<Long> sleeps = new ArrayList<>();

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
        sleeps.clear();
    }

    private JsonHttpEndpoint endpoint(RetryPolicy retry, Duration timeout) {
        return new JsonHttpEndpoint("test endpoint", URI.create(server.baseUrl() + "/v1/embeddings"), KEY, timeout,
                retry, sleeps::add);
    }

    private JsonHttpEndpoint endpoint() {
        return endpoint(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(30)), Duration.ofSeconds(5));
    }

    private static com.fasterxml.jackson.databind.JsonNode body() {
        return JsonNodeFactory.instance.objectNode().put("model", "m");
    }

    private void stubSequence(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = "step-" + (i + 1);
            server.stubFor(post(urlEqualTo("/v1/embeddings")).inScenario("seq").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void honoursRetryAfterOn429ThenSucceeds() {
        stubSequence(openAiRateLimited(7), json(200, "{\"ok\":true}"));
        assertThat(endpoint().post(body()).get("ok").asBoolean()).isTrue();
        assertThat(sleeps).containsExactly(7000L);
        server.verify(exactly(2), postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void retryAfterAboveTheCapGoesStraightToConnect() {
        stubSequence(openAiRateLimited(120));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("HTTP 429")
                .hasMessageContaining("Retry-After 120s");
        assertThat(sleeps).isEmpty();
        server.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void serverErrorsBackOffExponentiallyThenBecomeRetriable() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(openAiServerError()));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("after 4 attempts");
        assertThat(sleeps).containsExactly(100L, 200L, 400L);
    }

    @Test
    void badGatewayHtmlIsRetriedAndRecovers() {
        stubSequence(openAiBadGateway(), json(200, "{\"ok\":1}"));
        assertThat(endpoint().post(body()).get("ok").asInt()).isEqualTo(1);
    }

    @Test
    void timeoutsAreRetriable() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(json(200, "{}").withFixedDelay(1500)));
        assertThatThrownBy(() -> endpoint(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofSeconds(1)),
                Duration.ofMillis(300)).post(body()))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("timed out after 300 ms");
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void refusedConnectionIsRetriable() {
        JsonHttpEndpoint closed = new JsonHttpEndpoint("test endpoint", URI.create("http://127.0.0.1:1/v1/embeddings"),
                null, Duration.ofSeconds(2), new RetryPolicy(0, Duration.ZERO, Duration.ZERO), sleeps::add);
        assertThatThrownBy(() -> closed.post(body())).isInstanceOf(RetriableException.class);
    }

    @Test
    void rejectedKeyFailsAtOnceWithoutTheKey() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(openAiInvalidKey(KEY)));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isExactlyInstanceOf(ModelConfigurationError.class)
                .hasMessageContaining("rejected the API key (HTTP 401)")
                .hasMessageNotContaining(KEY);
        server.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void forbiddenKeyFailsAtOnce() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(json(403,
                "{\"error\":{\"message\":\"project has no access\",\"code\":\"forbidden\"}}")));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isExactlyInstanceOf(ModelConfigurationError.class)
                .hasMessageContaining("rejected the API key (HTTP 403): project has no access")
                .hasMessageNotContaining(KEY);
        server.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void exhaustedQuotaIsNotRetriedAsARateLimit() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(openAiQuotaExhausted()));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isExactlyInstanceOf(ModelConfigurationError.class)
                .hasMessageContaining("quota is exhausted (HTTP 429 insufficient_quota)")
                .hasMessageContaining("You exceeded your current quota");
        server.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/embeddings")));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void modelNotFoundCodeFailsAtOnceWhateverTheStatus() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(json(400,
                "{\"error\":{\"message\":\"model 'emb-x' not found\",\"code\":\"model_not_found\"}}")));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isExactlyInstanceOf(ModelConfigurationError.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("model 'emb-x' not found")
                .hasMessageContaining("the model is unknown there or the base URL is wrong");
        server.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void keyEchoedInAnErrorIsRedacted() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(json(403,
                "{\"error\":{\"message\":\"key " + KEY + " is disabled\"}}")));
        assertThatThrownBy(() -> endpoint().post(body()))
                .hasMessageContaining("[redacted]")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void unknownModelFailsAtOnce() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(openAiUnknownModel("text-embedding-9")));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isExactlyInstanceOf(ModelConfigurationError.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("text-embedding-9");
    }

    @Test
    void rejectedInputIsADataError() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(openAiContextTooLong()));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("maximum context length");
    }

    @Test
    void malformedJsonIsNotRetried() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(json(200, "{\"data\": [1, 2")));
        assertThatThrownBy(() -> endpoint().post(body()))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessageContaining("malformed JSON");
        server.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void sendsTheKeyAsABearerToken() {
        server.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(json(200, "{}")));
        endpoint().post(body());
        server.verify(postRequestedFor(urlEqualTo("/v1/embeddings"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + KEY)));
    }
}
