package dev.connectai.toolkit.embedding;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.toolkit.remote.ApiKeyHeader;
import dev.connectai.toolkit.remote.AzureOpenAi;
import dev.connectai.toolkit.remote.GenAiClientMetrics;
import dev.connectai.toolkit.remote.JsonHttpEndpoint;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * An embedding endpoint reached over HTTP: one request carries a whole batch of texts.
 * The dialects (OpenAI-compatible, Azure OpenAI, Ollama) differ only in URL, key header, request and response shape.
 * The model is shared by every user with an equal spec, and so are its {@link GenAiClientMetrics}.
 */
final class RemoteEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModelSpec spec;
    private final JsonHttpEndpoint endpoint;
    private final GenAiClientMetrics metrics;

    RemoteEmbeddingModel(EmbeddingModelSpec spec) {
        this.spec = spec;
        String name = spec.provider().configName() + " embeddings endpoint";
        if (spec.provider() == EmbeddingProvider.AZURE_OPENAI) {
            this.endpoint = new JsonHttpEndpoint(name, AzureOpenAi.deploymentUri(spec.baseUrl(), spec.model(),
                    "embeddings", spec.apiVersion() == null ? AzureOpenAi.DEFAULT_API_VERSION : spec.apiVersion()),
                    spec.apiKey(), ApiKeyHeader.API_KEY, spec.timeout(), spec.retry());
        } else {
            String base = spec.baseUrl() == null ? spec.provider().defaultBaseUrl() : spec.baseUrl();
            base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            String path = spec.provider() == EmbeddingProvider.OLLAMA ? "/api/embed" : "/embeddings";
            this.endpoint = new JsonHttpEndpoint(name, URI.create(base + path), spec.apiKey(), spec.timeout(),
                    spec.retry());
        }
        this.metrics = new GenAiClientMetrics(spec.provider().genAiSystem(), spec.model(),
                GenAiClientMetrics.EMBEDDINGS, "remote-embedding");
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<float[]> out = new ArrayList<>(texts.size());
        int batch = Math.max(1, spec.batchSize());
        for (int start = 0; start < texts.size(); start += batch) {
            List<String> slice = texts.subList(start, Math.min(texts.size(), start + batch));
            ObjectNode request = request(slice);
            JsonNode answer = metrics.call(() -> endpoint.post(request));
            metrics.tokens(inputTokens(answer), 0);
            List<float[]> vectors = spec.provider() == EmbeddingProvider.OLLAMA ? ollamaVectors(answer) : openAiVectors(answer);
            if (vectors.size() != slice.size()) {
                throw new ConnectException(spec.id() + " returned " + vectors.size() + " vectors for "
                        + slice.size() + " texts");
            }
            for (float[] v : vectors) {
                if (spec.dimensions() != null && v.length != spec.dimensions()) {
                    throw new ConnectException(spec.id() + " returned " + v.length + "-dimensional vectors, but "
                            + spec.dimensions() + " dimensions were configured");
                }
            }
            out.addAll(vectors);
        }
        return out;
    }

    /** The request body for one batch; optional fields only when set. */
    private ObjectNode request(List<String> texts) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", spec.model());
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        if (spec.provider() == EmbeddingProvider.OLLAMA) {
            body.put("truncate", true);
            if (spec.dimensions() != null) {
                body.put("dimensions", spec.dimensions());
            }
            spec.ollama().applyTo(body);
        } else {
            body.put("encoding_format", "float");
            if (spec.dimensions() != null) {
                body.put("dimensions", spec.dimensions());
            }
        }
        return body;
    }

    /** Input tokens of the answer's usage block: OpenAI and Azure {@code usage.prompt_tokens}, Ollama {@code prompt_eval_count}. */
    private long inputTokens(JsonNode answer) {
        return spec.provider() == EmbeddingProvider.OLLAMA
                ? answer.path("prompt_eval_count").asLong(0) : answer.path("usage").path("prompt_tokens").asLong(0);
    }

    private List<float[]> openAiVectors(JsonNode answer) {
        JsonNode data = answer.get("data");
        if (data == null || !data.isArray()) {
            throw malformed("no 'data' array");
        }
        float[][] ordered = new float[data.size()][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            if (index < 0 || index >= ordered.length || ordered[index] != null) {
                throw malformed("bad or repeated 'index' in 'data'");
            }
            ordered[index] = toVector(item.get("embedding"));
        }
        return List.of(ordered);
    }

    private List<float[]> ollamaVectors(JsonNode answer) {
        JsonNode embeddings = answer.get("embeddings");
        if (embeddings == null || !embeddings.isArray()) {
            throw malformed("no 'embeddings' array");
        }
        List<float[]> out = new ArrayList<>(embeddings.size());
        embeddings.forEach(e -> out.add(toVector(e)));
        return out;
    }

    private float[] toVector(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw malformed("an embedding is not a non-empty array of numbers");
        }
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isNumber()) {
                throw malformed("an embedding holds a non-number");
            }
            v[i] = (float) x.doubleValue();
        }
        return v;
    }

    private ConnectException malformed(String what) {
        return new ConnectException(spec.id() + " at " + endpoint.uri() + " answered an unexpected body: " + what);
    }

    @Override
    public void close() {
        // The HTTP client is shared by the whole worker and has nothing per model to release.
        metrics.close();
    }
}
