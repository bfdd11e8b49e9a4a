package dev.connectai.toolkit.remote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectai.testing.ModelEndpointStubs;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelConfig;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.llm.ChatMessage;
import dev.connectai.toolkit.llm.ChatModelClient;
import dev.connectai.toolkit.llm.ChatModelConfig;
import dev.connectai.toolkit.llm.OutputFormat;
import dev.connectai.toolkit.shared.SharedResources;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.connectai.testing.ModelEndpointStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Captures every request body each provider sends, with default settings and with every optional setting set, and
 * checks it against the published API: OpenAI and Azure OpenAI bodies against the request schema of the matching
 * operation in OpenAI's OpenAPI document ({@code CreateChatCompletionRequest}, {@code CreateEmbeddingRequest}):
 * no unknown field, no deprecated field, right types and enum values, required fields present. Ollama bodies against
 * the parameters Ollama's api.md lists for {@code /api/chat} and {@code /api/embed} and the options it documents.
 */
class ProviderRequestSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-1234567890abcdef";
    private static final JsonNode SCHEMA = parse("{\"type\":\"object\",\"properties\":{\"issue\":{\"type\":\"string\"},"
            + "\"order_id\":{\"type\":[\"integer\",\"null\"]}},\"required\":[\"issue\",\"order_id\"],"
            + "\"additionalProperties\":false}");
    private static final List<ChatMessage> CONVERSATION = List.of(ChatMessage.system("Extract the order."),
            ChatMessage.user("<document>\nOrder 4821 arrived broken.\n</document>"));

    private static WireMockServer server;
    private static OpenApiSchemaCheck openApi;
    private static Path ollamaMd;

    @BeforeAll
    static void start() throws Exception {
        Path reference = LlmApiReference.directory();
        assumeTrue(reference != null, "shared/reference/llm-api is not beside this checkout");
        openApi = OpenApiSchemaCheck.load(reference.resolve("openai-openapi.yaml"));
        ollamaMd = reference.resolve("ollama-api.md");
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void stubs() {
        server.resetAll();
        server.stubFor(post(urlPathMatching(".*/chat/completions"))
                .willReturn(json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini", "{\"issue\":\"x\",\"order_id\":1}", "stop"))));
        server.stubFor(post(urlPathMatching("/api/chat"))
                .willReturn(json(200, ModelEndpointStubs.ollamaChat("llama3.1", "{\"issue\":\"x\",\"order_id\":1}", "stop"))));
        server.stubFor(post(urlPathMatching(".*/embeddings"))
                .willReturn(json(200, ModelEndpointStubs.openAiEmbeddings("text-embedding-3-small", 2, 8))));
        server.stubFor(post(urlPathMatching("/api/embed"))
                .willReturn(json(200, ModelEndpointStubs.ollamaEmbeddings("all-minilm", 2, 8))));
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(json(404, "{\"error\":\"no such path\"}")));
    }

    // ---- settings ----

    private static final Map<String, String> CHAT_ALL_OPTIONAL = Map.of(
            "llm.temperature", "0.2", "llm.seed", "7", "llm.max.tokens", "300", "llm.reasoning.effort", "high",
            "llm.ollama.keep.alive", "30m", "llm.ollama.num.ctx", "8192");

    private ChatModelClient chat(String provider, String model, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("llm.provider", provider, "llm.model", model,
                "llm.api.key", KEY, "llm.max.retries", "0",
                "llm.base.url", provider.equals("openai") ? server.baseUrl() + "/v1" : server.baseUrl()));
        props.putAll(extra);
        return new ChatModelClient(ChatModelConfig.spec(new AbstractConfig(ChatModelConfig.addTo(new ConfigDef()),
                props)), "request-spec-test");
    }

    private SharedResources.Lease<EmbeddingModel> embedder(String provider, String model, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("model.provider", provider, "model.name", model,
                "model.api.key", KEY, "model.max.retries", "0",
                "model.base.url", provider.equals("openai") ? server.baseUrl() + "/v1" : server.baseUrl()));
        props.putAll(extra);
        return SharedEmbeddingModels.acquire(EmbeddingModelConfig.spec(
                new AbstractConfig(EmbeddingModelConfig.addTo(new ConfigDef()), props)));
    }

    /** Every chat body the client sends: one per output format. */
    private List<LoggedRequest> chatRequests(String provider, String model, Map<String, String> extra) {
        try (ChatModelClient client = chat(provider, model, extra)) {
            for (OutputFormat format : OutputFormat.values()) {
                client.chat(CONVERSATION, format, format == OutputFormat.JSON_SCHEMA ? SCHEMA : null);
            }
        }
        return captured(OutputFormat.values().length);
    }

    private List<LoggedRequest> embedRequests(String provider, String model, Map<String, String> extra) {
        try (SharedResources.Lease<EmbeddingModel> lease = embedder(provider, model, extra)) {
            lease.get().embedAll(List.of("first text", "second text"));
        }
        return captured(1);
    }

    private static List<LoggedRequest> captured(int expected) {
        List<LoggedRequest> requests = new ArrayList<>();
        server.getAllServeEvents().forEach(e -> requests.add(0, e.getRequest()));
        assertThat(requests).hasSize(expected);
        server.resetRequests();
        return requests;
    }

    private static JsonNode body(LoggedRequest request) {
        return parse(request.getBodyAsString());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void conforms(String schema, List<LoggedRequest> requests) {
        for (LoggedRequest r : requests) {
            assertThat(openApi.violations(schema, body(r))).as("%s body %s", schema, r.getBodyAsString()).isEmpty();
        }
    }

    private void ollamaDocumented(String section, List<LoggedRequest> requests) throws Exception {
        Set<String> parameters = LlmApiReference.ollamaParameters(ollamaMd, section);
        Set<String> messageFields = LlmApiReference.ollamaMessageFields(ollamaMd);
        Set<String> options = LlmApiReference.ollamaOptions(ollamaMd);
        assertThat(parameters).contains("model");
        for (LoggedRequest r : requests) {
            assertThat(LlmApiReference.undocumented(body(r), parameters, messageFields, options))
                    .as("fields Ollama's api.md does not list for %s, body %s", section, r.getBodyAsString()).isEmpty();
        }
    }

    // ---- OpenAI-compatible ----

    @Test
    void openAiChatWithDefaultsConformsAndSendsNoTemperature() {
        List<LoggedRequest> requests = chatRequests("openai", "gpt-4o-mini", Map.of());
        conforms("CreateChatCompletionRequest", requests);
        JsonNode first = body(requests.get(0));
        assertThat(first.has("temperature")).isFalse();
        assertThat(first.has("max_tokens")).isFalse();
        assertThat(first.get("max_completion_tokens").asInt()).isEqualTo(1024);
        assertThat(first.has("reasoning_effort")).isFalse();
        assertThat(first.has("seed")).isFalse();
        assertThat(requests.get(0).getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void openAiChatWithEveryOptionConforms() {
        List<LoggedRequest> requests = chatRequests("openai", "o4-mini", CHAT_ALL_OPTIONAL);
        conforms("CreateChatCompletionRequest", requests);
        JsonNode first = body(requests.get(0));
        assertThat(first.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(first.get("max_completion_tokens").asInt()).isEqualTo(300);
        assertThat(first.get("reasoning_effort").asText()).isEqualTo("high");
        assertThat(first.has("seed")).as("seed is deprecated in OpenAI's spec").isFalse();
        assertThat(first.has("keep_alive")).isFalse();
        assertThat(first.has("options")).isFalse();
    }

    @Test
    void maxTokensFieldChoosesTheDeprecatedFieldOnlyOnRequestAndTheCheckSeesIt() {
        List<LoggedRequest> requests = chatRequests("openai", "local-vllm", Map.of("llm.max.tokens.field", "max_tokens"));
        JsonNode first = body(requests.get(0));
        assertThat(first.get("max_tokens").asInt()).isEqualTo(1024);
        assertThat(first.has("max_completion_tokens")).isFalse();
        assertThat(openApi.violations("CreateChatCompletionRequest", first))
                .containsExactly("$.max_tokens: deprecated in the spec");
    }

    @Test
    void theCheckRejectsUnknownFieldsWrongEnumsWrongTypesAndMissingRequiredFields() {
        ObjectNode body = (ObjectNode) body(chatRequests("openai", "gpt-4o-mini", Map.of()).get(0));
        ObjectNode broken = body.deepCopy();
        broken.put("temperature_boost", 1);
        broken.put("reasoning_effort", "extreme");
        broken.put("max_completion_tokens", "many");
        broken.put("seed", 7);
        broken.remove("messages");
        assertThat(String.join("\n", openApi.violations("CreateChatCompletionRequest", broken)))
                .contains("$.temperature_boost: not a field of this schema")
                .contains("$.reasoning_effort: matches no branch")
                .contains("$.max_completion_tokens: string where the spec wants integer")
                .contains("$.seed: deprecated in the spec")
                .contains("required field 'messages' missing");
        ObjectNode embed = (ObjectNode) body(embedRequests("openai", "text-embedding-3-small", Map.of()).get(0));
        embed.put("truncate", true);
        assertThat(openApi.violations("CreateEmbeddingRequest", embed))
                .containsExactly("$.truncate: not a field of this schema");
    }

    @Test
    void openAiEmbeddingsConform() {
        List<LoggedRequest> plain = embedRequests("openai", "text-embedding-3-small", Map.of());
        conforms("CreateEmbeddingRequest", plain);
        assertThat(body(plain.get(0)).has("dimensions")).isFalse();
        List<LoggedRequest> all = embedRequests("openai", "text-embedding-3-small", Map.of("model.dimensions", "8"));
        conforms("CreateEmbeddingRequest", all);
        assertThat(body(all.get(0)).get("dimensions").asInt()).isEqualTo(8);
    }

    // ---- Azure OpenAI ----

    @Test
    void azureChatUsesTheDeploymentUrlTheApiKeyHeaderAndConforms() {
        for (Map<String, String> settings : List.of(Map.<String, String>of(), CHAT_ALL_OPTIONAL)) {
            List<LoggedRequest> requests = chatRequests("azure-openai", "gpt-4o-mini-prod", settings);
            conforms("CreateChatCompletionRequest", requests);
            LoggedRequest first = requests.get(0);
            assertThat(first.getUrl()).isEqualTo("/openai/deployments/gpt-4o-mini-prod/chat/completions?api-version="
                    + AzureOpenAi.DEFAULT_API_VERSION);
            assertThat(first.getHeader("api-key")).isEqualTo(KEY);
            assertThat(first.containsHeader("Authorization")).isFalse();
            assertThat(body(first).has("seed")).isFalse();
        }
        List<LoggedRequest> preview = chatRequests("azure-openai", "o4-mini",
                Map.of("llm.api.version", "2025-04-01-preview"));
        assertThat(preview.get(0).getUrl()).endsWith("?api-version=2025-04-01-preview");
    }

    @Test
    void azureEmbeddingsUseTheDeploymentUrlAndConform() {
        for (Map<String, String> settings : List.of(Map.<String, String>of(), Map.of("model.dimensions", "8"))) {
            List<LoggedRequest> requests = embedRequests("azure-openai", "embeddings-prod", settings);
            conforms("CreateEmbeddingRequest", requests);
            assertThat(requests.get(0).getUrl()).isEqualTo("/openai/deployments/embeddings-prod/embeddings?api-version="
                    + AzureOpenAi.DEFAULT_API_VERSION);
            assertThat(requests.get(0).getHeader("api-key")).isEqualTo(KEY);
            assertThat(requests.get(0).containsHeader("Authorization")).isFalse();
        }
    }

    // ---- Ollama ----

    @Test
    void ollamaChatSendsOnlyDocumentedFields() throws Exception {
        List<LoggedRequest> plain = chatRequests("ollama", "llama3.1", Map.of());
        ollamaDocumented("Generate a chat completion", plain);
        JsonNode first = body(plain.get(0));
        assertThat(first.path("options").has("temperature")).isFalse();
        assertThat(first.has("keep_alive")).isFalse();
        assertThat(first.path("options").has("num_ctx")).isFalse();

        List<LoggedRequest> all = chatRequests("ollama", "llama3.1", CHAT_ALL_OPTIONAL);
        ollamaDocumented("Generate a chat completion", all);
        JsonNode full = body(all.get(0));
        assertThat(full.get("keep_alive").asText()).isEqualTo("30m");
        assertThat(full.at("/options/num_ctx").asInt()).isEqualTo(8192);
        assertThat(full.at("/options/temperature").asDouble()).isEqualTo(0.2);
        assertThat(full.at("/options/seed").asInt()).isEqualTo(7);
        assertThat(full.at("/options/num_predict").asInt()).isEqualTo(300);
        assertThat(full.has("reasoning_effort")).isFalse();
    }

    @Test
    void ollamaEmbedSendsDimensionsKeepAliveAndContextWhenSet() throws Exception {
        List<LoggedRequest> plain = embedRequests("ollama", "all-minilm", Map.of());
        ollamaDocumented("Generate Embeddings", plain);
        assertThat(body(plain.get(0)).has("dimensions")).isFalse();
        assertThat(body(plain.get(0)).has("options")).isFalse();

        List<LoggedRequest> all = embedRequests("ollama", "all-minilm", Map.of("model.dimensions", "8",
                "model.ollama.keep.alive", "-1", "model.ollama.num.ctx", "512"));
        ollamaDocumented("Generate Embeddings", all);
        JsonNode full = body(all.get(0));
        assertThat(full.get("dimensions").asInt()).isEqualTo(8);
        assertThat(full.get("keep_alive").isNumber()).isTrue();
        assertThat(full.get("keep_alive").asInt()).isEqualTo(-1);
        assertThat(full.at("/options/num_ctx").asInt()).isEqualTo(512);
    }

    @Test
    void theOllamaCheckSeesAnUndocumentedField() throws Exception {
        ObjectNode body = (ObjectNode) body(embedRequests("ollama", "all-minilm", Map.of()).get(0));
        body.put("encoding_format", "float");
        body.putObject("options").put("context_length", 4);
        assertThat(LlmApiReference.undocumented(body, LlmApiReference.ollamaParameters(ollamaMd, "Generate Embeddings"),
                LlmApiReference.ollamaMessageFields(ollamaMd), LlmApiReference.ollamaOptions(ollamaMd)))
                .containsExactly("encoding_format", "options.context_length");
    }
}
