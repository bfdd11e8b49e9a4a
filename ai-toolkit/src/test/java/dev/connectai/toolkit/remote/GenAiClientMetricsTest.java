package dev.connectai.toolkit.remote;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.connectai.testing.ModelEndpointStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GenAI client metrics as a JMX scraper sees them: read from the platform MBean server after calls against
 * endpoints that answer with real-shaped usage blocks.
 */
class GenAiClientMetricsTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(post(urlPathMatching("/v1/chat/completions"))
                .willReturn(json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini", "hello", "stop"))));
        server.stubFor(post(urlPathMatching("/openai/deployments/.*/chat/completions"))
                .willReturn(json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini", "hello", "stop"))));
        server.stubFor(post(urlPathMatching("/broken/chat/completions"))
                .willReturn(ModelEndpointStubs.openAiInvalidKey("sk-wrong-key-123456")));
        server.stubFor(post(urlPathMatching("/api/embed"))
                .willReturn(json(200, ModelEndpointStubs.ollamaEmbeddings("all-minilm", 3, 8))));
        server.stubFor(post(urlPathMatching("/v1/embeddings"))
                .willReturn(json(200, ModelEndpointStubs.openAiEmbeddings("text-embedding-3-small", 2, 8))));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static ChatModelSpec chat(ChatProvider provider, String model, String base) {
        return new ChatModelSpec(provider, model, base, "sk-wrong-key-123456", null, null, 100,
                MaxTokensField.MAX_COMPLETION_TOKENS, null, AzureOpenAi.DEFAULT_API_VERSION, OllamaSettings.NONE,
                Duration.ofSeconds(5), new RetryPolicy(0, Duration.ofMillis(1), Duration.ofSeconds(1)));
    }

    /** The one MBean of the pack's GenAI metrics with these tags, whatever its instance label. */
    private static ObjectName bean(String system, String model, String operation) throws Exception {
        Set<ObjectName> names = JMX.queryNames(new ObjectName("dev.connectai:type=gen-ai-client-metrics,system="
                + system + ",model=" + model + ",operation=" + operation + ",*"), null);
        assertThat(names).hasSize(1);
        return names.iterator().next();
    }

    private static double attribute(ObjectName name, String attribute) throws Exception {
        return ((Number) JMX.getAttribute(name, attribute)).doubleValue();
    }

    @Test
    void chatCallsCountTokensDurationAndErrors() throws Exception {
        List<ChatMessage> hi = List.of(ChatMessage.user("hi"));
        ObjectName name;
        try (ChatModelClient client = new ChatModelClient(chat(ChatProvider.OPENAI, "gpt-4o-mini-metrics",
                server.baseUrl() + "/v1"), "llm-extract")) {
            client.chat(hi, OutputFormat.TEXT, null);
            client.chat(hi, OutputFormat.TEXT, null);
            name = bean("openai", "gpt-4o-mini-metrics", "chat");
            assertThat(name.getKeyProperty("instance")).startsWith("llm-extract-");
            assertThat(name.toString()).isEqualTo("dev.connectai:type=gen-ai-client-metrics,instance="
                    + name.getKeyProperty("instance") + ",system=openai,model=gpt-4o-mini-metrics,operation=chat");
            assertThat(attribute(name, "token-usage-input-total")).isEqualTo(2 * 182.0);
            assertThat(attribute(name, "token-usage-output-total")).isEqualTo(2 * 41.0);
            assertThat(attribute(name, "requests-total")).isEqualTo(2.0);
            assertThat(attribute(name, "request-errors-total")).isZero();
            double avg = attribute(name, "operation-duration-seconds-avg");
            double max = attribute(name, "operation-duration-seconds-max");
            assertThat(avg).isGreaterThan(0).isLessThan(5);
            assertThat(max).isGreaterThanOrEqualTo(avg);
            assertThat(attribute(name, "operation-duration-seconds-p50")).isGreaterThan(0).isLessThanOrEqualTo(5);
            assertThat(attribute(name, "operation-duration-seconds-p99")).isGreaterThan(0).isLessThanOrEqualTo(5);
        }
        assertThat(JMX.isRegistered(name)).as("unregistered on close").isFalse();

        try (ChatModelClient broken = new ChatModelClient(chat(ChatProvider.OPENAI, "gpt-4o-mini-metrics",
                server.baseUrl() + "/broken"), "llm-generate")) {
            assertThatThrownBy(() -> broken.chat(hi, OutputFormat.TEXT, null)).isInstanceOf(ModelConfigurationError.class);
            ObjectName failed = bean("openai", "gpt-4o-mini-metrics", "chat");
            assertThat(attribute(failed, "requests-total")).isEqualTo(1.0);
            assertThat(attribute(failed, "request-errors-total")).isEqualTo(1.0);
            assertThat(attribute(failed, "token-usage-input-total")).isZero();
        }
    }

    @Test
    void azureChatIsTaggedWithOpenTelemetrysSystemName() throws Exception {
        try (ChatModelClient client = new ChatModelClient(chat(ChatProvider.AZURE_OPENAI, "gpt-4o-mini-deployment",
                server.baseUrl()), "llm-extract")) {
            client.chat(List.of(ChatMessage.user("hi")), OutputFormat.TEXT, null);
            ObjectName name = bean("azure.ai.openai", "gpt-4o-mini-deployment", "chat");
            assertThat(attribute(name, "token-usage-input-total")).isEqualTo(182.0);
        }
    }

    @Test
    void remoteEmbeddingsCountInputTokensOnlyAndUnregisterWithTheModel() throws Exception {
        EmbeddingModelSpec ollama = new EmbeddingModelSpec(EmbeddingProvider.OLLAMA, "all-minilm-metrics",
                server.baseUrl(), null, null, 0, 32, Duration.ofSeconds(5), RetryPolicy.DEFAULT);
        ObjectName name;
        try (SharedResources.Lease<EmbeddingModel> lease = SharedEmbeddingModels.acquire(ollama)) {
            lease.get().embedAll(List.of("a", "b", "c"));
            name = bean("ollama", "all-minilm-metrics", "embeddings");
            assertThat(attribute(name, "token-usage-input-total")).isEqualTo(24.0);
            assertThat(attribute(name, "requests-total")).isEqualTo(1.0);
            assertThat(attribute(name, "operation-duration-seconds-max")).isGreaterThan(0);
            assertThat(JMX.getMBeanInfo(name).getAttributes()).extracting(a -> a.getName())
                    .containsExactlyInAnyOrder("token-usage-input-total", "operation-duration-seconds-avg",
                            "operation-duration-seconds-max", "operation-duration-seconds-p50",
                            "operation-duration-seconds-p99", "requests-total", "request-errors-total");
        }
        assertThat(JMX.isRegistered(name)).isFalse();

        EmbeddingModelSpec openAi = new EmbeddingModelSpec(EmbeddingProvider.OPENAI, "te3-small-metrics",
                server.baseUrl() + "/v1", "sk-x", null, 0, 32, Duration.ofSeconds(5), RetryPolicy.DEFAULT);
        try (SharedResources.Lease<EmbeddingModel> lease = SharedEmbeddingModels.acquire(openAi)) {
            lease.get().embedAll(List.of("a", "b"));
            assertThat(attribute(bean("openai", "te3-small-metrics", "embeddings"), "token-usage-input-total"))
                    .isEqualTo(16.0);
        }
    }
}
