package dev.connectai.toolkit.embedding;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.toolkit.remote.JsonHttpEndpoint;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * An embedding endpoint reached over HTTP: one request carries a whole batch of texts.
 * The two dialects differ only in request and response shape.
 */
final class RemoteEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModelSpec spec;
    private final JsonHttpEndpoint endpoint;

    RemoteEmbeddingModel(EmbeddingModelSpec spec) {
        this.spec = spec;
        String base = spec.baseUrl() == null ? spec.provider().defaultBaseUrl() : spec.baseUrl();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String path = spec.provider() == EmbeddingProvider.OLLAMA ? "/api/embed" : "/embeddings";
        this.endpoint = new JsonHttpEndpoint(spec.provider().configName() + " embeddings endpoint",
                URI.create(base + path), spec.apiKey(), spec.timeout(), spec.retry());
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
            JsonNode answer = endpoint.post(request(slice));
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

    private ObjectNode request(List<String> texts) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", spec.model());
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        if (spec.provider() == EmbeddingProvider.OPENAI) {
            body.put("encoding_format", "float");
            if (spec.dimensions() != null) {
                body.put("dimensions", spec.dimensions());
            }
        } else {
            body.put("truncate", true);
        }
        return body;
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
    }
}
