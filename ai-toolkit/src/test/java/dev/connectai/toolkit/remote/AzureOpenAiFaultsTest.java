package dev.connectai.toolkit.remote;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.connectai.testing.ModelEndpointStubs;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.EmbeddingProvider;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.llm.ChatMessage;
import dev.connectai.toolkit.llm.ChatModelClient;
import dev.connectai.toolkit.llm.ChatModelSpec;
import dev.connectai.toolkit.llm.ChatProvider;
import dev.connectai.toolkit.llm.MaxTokensField;
import dev.connectai.toolkit.llm.OutputFormat;
import dev.connectai.toolkit.shared.SharedResources;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.connectai.testing.ModelEndpointStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Azure OpenAI's faults map as every other provider's: the one mapping in {@link JsonHttpEndpoint}. */
class AzureOpenAiFaultsTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String CHAT_PATH = "/openai/deployments/gpt-4o-mini-prod/chat/completions";
    private static final List<ChatMessage> HI = List.of(ChatMessage.user("hi"));
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

    private static ChatModelClient client() {
        return new ChatModelClient(new ChatModelSpec(ChatProvider.AZURE_OPENAI, "gpt-4o-mini-prod", server.baseUrl(),
                KEY, null, null, 100, MaxTokensField.MAX_COMPLETION_TOKENS, null, AzureOpenAi.DEFAULT_API_VERSION,
                OllamaSettings.NONE, Duration.ofSeconds(5), new RetryPolicy(1, Duration.ofMillis(1),
                Duration.ofSeconds(5))), "azure-faults-test");
    }

    @Test
    void rateLimitWaitsForRetryAfterThenSucceeds() {
        server.stubFor(post(urlPathEqualTo(CHAT_PATH)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ModelEndpointStubs.azureRateLimited(1)).willSetStateTo("open"));
        server.stubFor(post(urlPathEqualTo(CHAT_PATH)).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini", "hello", "stop"))));
        try (ChatModelClient client = client()) {
            long start = System.nanoTime();
            assertThat(client.chat(HI, OutputFormat.TEXT, null).content()).isEqualTo("hello");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        server.verify(2, postRequestedFor(urlPathEqualTo(CHAT_PATH)).withQueryParam("api-version",
                equalTo(AzureOpenAi.DEFAULT_API_VERSION)).withHeader("api-key", equalTo(KEY)));
    }

    @Test
    void rejectedKeyAndUnknownDeploymentStopTheTaskWithoutTheKey() {
        server.stubFor(post(urlPathEqualTo(CHAT_PATH)).willReturn(ModelEndpointStubs.azureInvalidKey()));
        try (ChatModelClient client = client()) {
            assertThatThrownBy(() -> client.chat(HI, OutputFormat.TEXT, null))
                    .isInstanceOf(ModelConfigurationError.class)
                    .hasMessageContaining("azure-openai chat endpoint rejected the API key (HTTP 401)")
                    .hasMessageNotContaining(KEY);
        }
        server.verify(1, postRequestedFor(urlPathEqualTo(CHAT_PATH)));

        server.stubFor(post(urlPathEqualTo("/openai/deployments/embeddings-typo/embeddings"))
                .willReturn(ModelEndpointStubs.azureDeploymentNotFound()));
        EmbeddingModelSpec spec = new EmbeddingModelSpec(EmbeddingProvider.AZURE_OPENAI, "embeddings-typo",
                server.baseUrl(), KEY, null, 0, 32, Duration.ofSeconds(5), RetryPolicy.DEFAULT,
                AzureOpenAi.DEFAULT_API_VERSION, OllamaSettings.NONE);
        try (SharedResources.Lease<EmbeddingModel> lease = SharedEmbeddingModels.acquire(spec)) {
            assertThatThrownBy(() -> lease.get().embed("x"))
                    .isInstanceOf(ModelConfigurationError.class)
                    .hasMessageContaining("azure-openai embeddings endpoint answered HTTP 404")
                    .hasMessageContaining("The API deployment for this resource does not exist")
                    .hasMessageNotContaining(KEY);
        }
    }

    @Test
    void contentFilterRejectsThisRecordOnly() {
        server.stubFor(post(urlPathEqualTo(CHAT_PATH)).willReturn(ModelEndpointStubs.azureContentFiltered()));
        try (ChatModelClient client = client()) {
            assertThatThrownBy(() -> client.chat(HI, OutputFormat.TEXT, null))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("rejected the input (HTTP 400)")
                    .hasMessageContaining("content management policy");
        }
    }
}
