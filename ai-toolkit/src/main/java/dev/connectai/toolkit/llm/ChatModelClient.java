package dev.connectai.toolkit.llm;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.remote.ApiKeyHeader;
import dev.connectai.toolkit.remote.AzureOpenAi;
import dev.connectai.toolkit.remote.GenAiClientMetrics;
import dev.connectai.toolkit.remote.JsonHttpEndpoint;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Calls a chat model over HTTP, OpenAI-compatible, Azure OpenAI or Ollama. Built on the pack's own HTTP layer rather than
 * langchain4j's chat models because those do not expose Retry-After or the HTTP status, which Connect's error
 * model needs (429 waits, 5xx retries, 401 fails). Faults map as {@link JsonHttpEndpoint} documents.
 * <p>
 * Optional settings are sent only when set, so the endpoint's own defaults apply otherwise; OpenAI-compatible and
 * Azure bodies carry no field OpenAI's spec deprecates unless {@code max_tokens} is chosen on purpose.
 * Each client owns its {@link GenAiClientMetrics}; {@link #close} removes them.
 */
public final class ChatModelClient implements AutoCloseable {

    private final ChatModelSpec spec;
    private final JsonHttpEndpoint endpoint;
    private final GenAiClientMetrics metrics;

    public ChatModelClient(ChatModelSpec spec) {
        this(spec, "llm");
    }

    /** {@code user} names what calls the model in the metrics' instance label, e.g. {@code llm-extract}. */
    public ChatModelClient(ChatModelSpec spec, String user) {
        this.spec = spec;
        String name = spec.provider().configName() + " chat endpoint";
        if (spec.provider() == ChatProvider.AZURE_OPENAI) {
            this.endpoint = new JsonHttpEndpoint(name, AzureOpenAi.deploymentUri(spec.baseUrl(), spec.model(),
                    "chat/completions", spec.apiVersion()), spec.apiKey(), ApiKeyHeader.API_KEY, spec.timeout(),
                    spec.retry());
        } else {
            String base = spec.baseUrl() == null ? spec.provider().defaultBaseUrl() : spec.baseUrl();
            base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            String path = spec.provider() == ChatProvider.OLLAMA ? "/api/chat" : "/chat/completions";
            this.endpoint = new JsonHttpEndpoint(name, URI.create(base + path), spec.apiKey(), spec.timeout(),
                    spec.retry());
        }
        this.metrics = new GenAiClientMetrics(spec.provider().genAiSystem(), spec.model(), GenAiClientMetrics.CHAT,
                user);
    }

    public ChatModelSpec spec() {
        return spec;
    }

    /**
     * Sends the conversation. With {@link OutputFormat#JSON_SCHEMA} {@code schema} is the (strict) JSON Schema the
     * endpoint must follow; with {@link OutputFormat#JSON_OBJECT} any JSON object is asked for.
     */
    public ChatAnswer chat(List<ChatMessage> messages, OutputFormat format, JsonNode schema) {
        ObjectNode request = request(messages, format, schema);
        long start = System.nanoTime();
        JsonNode answer = metrics.call(() -> endpoint.post(request));
        long latency = (System.nanoTime() - start) / 1_000_000;
        ChatAnswer result = spec.provider() == ChatProvider.OLLAMA
                ? ollamaAnswer(answer, latency) : openAiAnswer(answer, latency);
        metrics.tokens(result.tokensIn(), result.tokensOut());
        return result;
    }

    /** The request body {@link #chat} sends. */
    private ObjectNode request(List<ChatMessage> messages, OutputFormat format, JsonNode schema) {
        return spec.provider() == ChatProvider.OLLAMA
                ? ollamaRequest(messages, format, schema) : openAiRequest(messages, format, schema);
    }

    /** OpenAI's and Azure OpenAI's body (Azure takes the deployment from the URL and ignores {@code model}). */
    private ObjectNode openAiRequest(List<ChatMessage> messages, OutputFormat format, JsonNode schema) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", spec.model());
        body.set("messages", messagesJson(messages));
        if (spec.temperature() != null) {
            body.put("temperature", spec.temperature());
        }
        body.put(spec.maxTokensField().field(), spec.maxTokens());
        if (spec.reasoningEffort() != null) {
            body.put("reasoning_effort", Enums.configName(spec.reasoningEffort()));
        }
        if (format == OutputFormat.JSON_SCHEMA) {
            ObjectNode rf = body.putObject("response_format");
            rf.put("type", "json_schema");
            ObjectNode js = rf.putObject("json_schema");
            js.put("name", "extraction");
            js.put("strict", true);
            js.set("schema", schema);
        } else if (format == OutputFormat.JSON_OBJECT) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private ObjectNode ollamaRequest(List<ChatMessage> messages, OutputFormat format, JsonNode schema) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", spec.model());
        body.set("messages", messagesJson(messages));
        body.put("stream", false);
        if (format == OutputFormat.JSON_SCHEMA) {
            body.set("format", schema);
        } else if (format == OutputFormat.JSON_OBJECT) {
            body.put("format", "json");
        }
        ObjectNode options = body.putObject("options");
        if (spec.temperature() != null) {
            options.put("temperature", spec.temperature());
        }
        options.put("num_predict", spec.maxTokens());
        if (spec.seed() != null) {
            options.put("seed", spec.seed());
        }
        spec.ollama().applyTo(body);
        return body;
    }

    private static ArrayNode messagesJson(List<ChatMessage> messages) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ChatMessage m : messages) {
            out.addObject().put("role", m.role()).put("content", m.content());
        }
        return out;
    }

    private ChatAnswer openAiAnswer(JsonNode answer, long latency) {
        JsonNode choice = answer.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new ConnectException(spec.id() + " at " + endpoint.uri() + " answered without 'choices'");
        }
        JsonNode message = choice.path("message");
        String refusal = message.path("refusal").isTextual() ? message.get("refusal").asText() : null;
        String content = message.path("content").isTextual() ? message.get("content").asText() : null;
        String finish = choice.path("finish_reason").asText("");
        JsonNode usage = answer.path("usage");
        return new ChatAnswer(content, normalise(finish), refusal, usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0), latency);
    }

    private ChatAnswer ollamaAnswer(JsonNode answer, long latency) {
        JsonNode message = answer.path("message");
        if (message.isMissingNode()) {
            throw new ConnectException(spec.id() + " at " + endpoint.uri() + " answered without 'message'");
        }
        String content = message.path("content").isTextual() ? message.get("content").asText() : null;
        return new ChatAnswer(content, normalise(answer.path("done_reason").asText("")), null,
                answer.path("prompt_eval_count").asLong(0), answer.path("eval_count").asLong(0), latency);
    }

    private static String normalise(String finish) {
        return switch (finish) {
            case "stop", "" -> "stop";
            case "length" -> "length";
            default -> finish;
        };
    }

    /** Removes this client's metrics; the HTTP client is shared by the worker and stays. */
    @Override
    public void close() {
        metrics.close();
    }
}
