package dev.connectai.testing;

import java.util.Locale;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * Response bodies shaped exactly like OpenAI's and Ollama's, for WireMock stubs, with the faults those
 * services really produce.
 */
public final class ModelEndpointStubs {

    private ModelEndpointStubs() {
    }

    /** A deterministic unit vector of {@code dim} numbers, different for each {@code seed}. */
    public static double[] vector(int seed, int dim) {
        double[] v = new double[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = Math.sin(seed * 31.0 + i * 0.7) + 0.01 * i;
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < dim; i++) {
            v[i] /= norm;
        }
        return v;
    }

    private static String array(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(String.format(Locale.ROOT, "%.8f", v[i]));
        }
        return sb.append(']').toString();
    }

    /** An OpenAI {@code /v1/embeddings} answer with {@code count} vectors; indexes deliberately out of order. */
    public static String openAiEmbeddings(String model, int count, int dim) {
        StringBuilder data = new StringBuilder();
        for (int n = count - 1; n >= 0; n--) {
            if (data.length() > 0) {
                data.append(",\n    ");
            }
            data.append("{\"object\": \"embedding\", \"index\": ").append(n)
                    .append(", \"embedding\": ").append(array(vector(n, dim))).append('}');
        }
        return "{\n  \"object\": \"list\",\n  \"data\": [\n    " + data + "\n  ],\n  \"model\": \"" + model
                + "\",\n  \"usage\": {\"prompt_tokens\": " + (8 * count) + ", \"total_tokens\": " + (8 * count) + "}\n}";
    }

    /** An Ollama {@code /api/embed} answer with {@code count} vectors. */
    public static String ollamaEmbeddings(String model, int count, int dim) {
        StringBuilder vectors = new StringBuilder();
        for (int n = 0; n < count; n++) {
            if (n > 0) {
                vectors.append(',');
            }
            vectors.append(array(vector(n, dim)));
        }
        return "{\"model\":\"" + model + "\",\"embeddings\":[" + vectors + "],\"total_duration\":14143917,"
                + "\"load_duration\":1019500,\"prompt_eval_count\":" + (8 * count) + "}";
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    public static ResponseDefinitionBuilder openAiRateLimited(int retryAfterSeconds) {
        return json(429, "{\"error\":{\"message\":\"Rate limit reached for text-embedding-3-small in organization "
                + "org-abc123 on requests per min (RPM): Limit 3000, Used 3000, Requested 1. Please try again in "
                + retryAfterSeconds + "s.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                .withHeader("x-ratelimit-limit-requests", "3000")
                .withHeader("x-ratelimit-remaining-requests", "0");
    }

    public static ResponseDefinitionBuilder openAiServerError() {
        return json(500, "{\"error\":{\"message\":\"The server had an error while processing your request. Sorry "
                + "about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
    }

    public static ResponseDefinitionBuilder openAiBadGateway() {
        return aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                        + "</center><hr><center>cloudflare</center></body></html>");
    }

    /** OpenAI's answer to a wrong key: it echoes a masked form of the key. */
    public static ResponseDefinitionBuilder openAiInvalidKey(String key) {
        String masked = key.length() > 8 ? key.substring(0, 3) + "*".repeat(key.length() - 7) + key.substring(key.length() - 4) : "***";
        return json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + masked + ". You can find your "
                + "API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":\"invalid_api_key\"}}");
    }

    public static ResponseDefinitionBuilder openAiUnknownModel(String model) {
        return json(404, "{\"error\":{\"message\":\"The model `" + model + "` does not exist or you do not have "
                + "access to it.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");
    }

    /** OpenAI's answer when the account has no credit left: a 429 without Retry-After. */
    public static ResponseDefinitionBuilder openAiQuotaExhausted() {
        return json(429, "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and "
                + "billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}");
    }

    public static ResponseDefinitionBuilder openAiContextTooLong() {
        return json(400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens, however you "
                + "requested 9120 tokens (9120 in your prompt; 0 for the completion). Please reduce your prompt; or "
                + "completion length.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
    }

    /** Azure OpenAI's answer to a wrong key or endpoint (its error code is the status as a string). */
    public static ResponseDefinitionBuilder azureInvalidKey() {
        return json(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key "
                + "or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct "
                + "regional API endpoint for your resource.\"}}");
    }

    /** Azure OpenAI's answer for a deployment name the resource does not have. */
    public static ResponseDefinitionBuilder azureDeploymentNotFound() {
        return json(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this "
                + "resource does not exist. If you created the deployment within the last 5 minutes, please wait a "
                + "moment and try again.\"}}");
    }

    /** Azure OpenAI's rate limit: a 429 with Retry-After and retry-after-ms. */
    public static ResponseDefinitionBuilder azureRateLimited(int retryAfterSeconds) {
        return json(429, "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create "
                + "Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current "
                + "OpenAI S0 pricing tier. Please retry after " + retryAfterSeconds + " seconds.\"}}")
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                .withHeader("retry-after-ms", Integer.toString(retryAfterSeconds * 1000));
    }

    /** Azure OpenAI's content filter verdict on a prompt: a 400 for this input only. */
    public static ResponseDefinitionBuilder azureContentFiltered() {
        return json(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure "
                + "OpenAI's content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":"
                + "\"content_filter\",\"status\":400}}");
    }

    public static ResponseDefinitionBuilder ollamaUnknownModel(String model) {
        return json(404, "{\"error\":\"model \\\"" + model + "\\\" not found, try pulling it first\"}");
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** An OpenAI /v1/chat/completions answer whose message content is {@code content}. */
    public static String openAiChat(String model, String content, String finishReason) {
        return "{\"id\":\"chatcmpl-9xYzAbC123\",\"object\":\"chat.completion\",\"created\":1763800000,"
                + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":" + (content == null ? "null" : jsonString(content)) + ",\"refusal\":null,"
                + "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"" + finishReason + "\"}],"
                + "\"usage\":{\"prompt_tokens\":182,\"completion_tokens\":41,\"total_tokens\":223,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}},"
                + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_7fcd609668\"}";
    }

    /** An OpenAI structured-outputs refusal. */
    public static String openAiRefusal(String model, String refusal) {
        return "{\"id\":\"chatcmpl-9xYzAbC124\",\"object\":\"chat.completion\",\"created\":1763800001,"
                + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"refusal\":" + jsonString(refusal) + "},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":150,\"completion_tokens\":12,"
                + "\"total_tokens\":162}}";
    }

    /** An Ollama /api/chat answer (stream=false). */
    public static String ollamaChat(String model, String content, String doneReason) {
        return "{\"model\":\"" + model + "\",\"created_at\":\"2026-11-22T09:30:00.000000Z\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":" + jsonString(content) + "},\"done_reason\":\"" + doneReason
                + "\",\"done\":true,\"total_duration\":2184311791,\"load_duration\":20165125,"
                + "\"prompt_eval_count\":166,\"prompt_eval_duration\":283000000,\"eval_count\":38,"
                + "\"eval_duration\":1880000000}";
    }
}
