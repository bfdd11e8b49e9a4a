package dev.connectai.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.connectai.local.QdrantEndpoint;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.LocalModelVariant;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.embedding.TextRole;
import dev.connectai.toolkit.shared.SharedResources;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;

/**
 * The search command ({@code ./search.sh}): embeds each query in-process, in the query form, with the model the
 * pipelines embedded the documents with ({@link #DEFAULT_MODEL}, what the committed configs give
 * {@code model.name}, unless {@code --model} names another catalogue model), so query and stored vectors live in one
 * space, and prints the nearest points of a collection with score and payload. The query form puts the prefix the
 * model card asks for before the query (bge's retrieval instruction, e5's {@code query: }); MiniLM takes none.
 *
 * <p>Arguments: optionally {@code --distinct} and {@code --model NAME}, then top-k, collection, and one or more
 * queries. With
 * {@code --distinct} the top-k are the nearest points with different {@code text} payloads, picked from the nearest
 * {@value #DISTINCT_POOL_FACTOR}×k: the synthetic reviews repeat their sentences, so the plain top-k is often one
 * sentence k times. Qdrant is {@code QDRANT_URL} (with
 * {@code QDRANT_API_KEY}), or {@code http://localhost:6334} when unset: the demo's in-process Qdrant-API server while
 * {@code ./run.sh --stay-up} runs. Exit code 2 when a query finds nothing, so the demo can treat that as a failure.
 *
 * <p>This runs in a JVM of its own, also when the demo calls it: the tokenizer's native library can be loaded by
 * one class loader per JVM only, and in the demo JVM the worker's plugin loader has it already.
 */
public final class SemanticSearch {

    /** The model the committed configs (connector-configs/rest) give {@code model.name}; change them together. */
    static final LocalModelVariant DEFAULT_MODEL = LocalModelVariant.BGE_SMALL_EN_V15_Q;
    private static final int TEXT_WIDTH = 120;
    static final int DISTINCT_POOL_FACTOR = 50;

    private SemanticSearch() {
    }

    public static void main(String[] args) throws Exception {
        boolean distinct = false;
        LocalModelVariant modelChoice = DEFAULT_MODEL;
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
            String option = rest.remove(0);
            if (option.equals("--distinct")) {
                distinct = true;
            } else if (option.equals("--model") && !rest.isEmpty()) {
                String name = rest.remove(0);
                try {
                    modelChoice = LocalModelVariant.fromModelName(name);
                } catch (IllegalArgumentException e) {
                    System.err.println("--model: " + e.getMessage());
                    System.exit(64);
                }
            } else {
                rest.clear(); // to the usage line
            }
        }
        if (rest.size() < 3) {
            System.err.println("usage: SemanticSearch [--distinct] [--model NAME] <top-k> <collection> <query> "
                    + "[<query> ...]  (models: " + LocalModelVariant.names() + "; default " + DEFAULT_MODEL.modelName()
                    + ")");
            System.exit(64);
        }
        LocalModelVariant modelVariant = modelChoice;
        if (!modelVariant.installed()) {
            System.err.println("The search command cannot load " + modelVariant.modelName() + ": its jar "
                    + modelVariant.jar() + " is not on its classpath (it holds the models of the default plugin "
                    + "folder). Search with the model the pipeline used; see README, 'In-process models'.");
            System.exit(64);
        }
        int topK = Integer.parseInt(rest.get(0));
        String collection = rest.get(1);
        List<String> queries = rest.subList(2, rest.size());
        QdrantEndpoint qdrant = QdrantEndpoint.fromEnvironment();
        System.out.println("Searching '" + collection + "' at " + qdrant + " with " + modelVariant.modelName()
                + " (in-process, query form; the pipeline must have embedded with the same model)"
                + (distinct ? "; top " + topK + " distinct texts among the nearest " + topK * DISTINCT_POOL_FACTOR : ""));
        List<String> empty = new ArrayList<>();
        try (SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(
                EmbeddingModelSpec.local(modelVariant));
             QdrantClient client = qdrant.connect()) {
            if (!exists(client, collection, qdrant)) {
                System.err.println("No collection '" + collection + "' at " + qdrant
                        + ". Is the demo (./run.sh) running, or QDRANT_URL set to the right Qdrant?");
                System.exit(2);
            }
            for (int i = 0; i < queries.size(); i++) {
                // One text per model run, as EmbedText embeds one record at a time: the int8 model quantizes its
                // activations per run, so a padded batch gives slightly different vectors (cosine about 0.99).
                float[] vector = model.get().embed(queries.get(i), TextRole.QUERY, cut -> { });
                List<ScoredPoint> hits = distinct
                        ? distinctTexts(search(client, collection, vector, topK * DISTINCT_POOL_FACTOR), topK)
                        : search(client, collection, vector, topK);
                print(queries.get(i), hits);
                if (hits.isEmpty()) {
                    empty.add(queries.get(i));
                }
            }
        }
        if (!empty.isEmpty()) {
            System.err.println("No hits for: " + empty);
            System.exit(2);
        }
        System.exit(0); // gRPC and ONNX Runtime leave non-daemon threads behind
    }

    /** Whether the collection exists; a Qdrant that cannot be reached or rejects the key ends the command in one line. */
    private static boolean exists(QdrantClient client, String collection, QdrantEndpoint qdrant) throws Exception {
        try {
            return client.collectionExistsAsync(collection).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof StatusRuntimeException s ? s.getStatus().getCode() + " "
                    + (s.getStatus().getDescription() == null ? "" : s.getStatus().getDescription()) : e.getCause().toString();
            System.err.println("Qdrant at " + qdrant + " answered: " + why.trim() + ". Is ./run.sh --stay-up running, or "
                    + "are QDRANT_URL (gRPC port, usually 6334) and QDRANT_API_KEY right?");
            System.exit(1);
            return false;
        }
    }

    static List<ScoredPoint> search(QdrantClient client, String collection, float[] vector, int topK)
            throws Exception {
        return client.queryAsync(QueryPoints.newBuilder()
                .setCollectionName(collection)
                .setQuery(QueryFactory.nearest(vector))
                .setLimit(topK)
                .setWithPayload(WithPayloadSelectorFactory.enable(true))
                .build()).get(30, TimeUnit.SECONDS);
    }

    /** The first {@code k} hits whose {@code text} payload differs from every earlier hit's. */
    static List<ScoredPoint> distinctTexts(List<ScoredPoint> hits, int k) {
        Set<String> seen = new HashSet<>();
        List<ScoredPoint> out = new ArrayList<>();
        for (ScoredPoint hit : hits) {
            Value text = hit.getPayloadMap().get("text");
            if (out.size() < k && (text == null || seen.add(text(text)))) {
                out.add(hit);
            }
        }
        return out;
    }

    private static void print(String query, List<ScoredPoint> hits) {
        System.out.println();
        System.out.println("\"" + query + "\": " + hits.size() + " hit(s)");
        for (ScoredPoint hit : hits) {
            Map<String, Value> payload = hit.getPayloadMap();
            // The review pipeline's fields first, as a reader wants them; any other payload follows.
            StringBuilder line = new StringBuilder(String.format("  %.3f", hit.getScore()));
            if (payload.containsKey("product") || payload.containsKey("stars")) {
                line.append(String.format("  [%s, stars %s]", text(payload.get("product")), text(payload.get("stars"))));
            }
            if (payload.containsKey("text")) {
                line.append(": ").append(shorten(text(payload.get("text"))));
            }
            String rest = payload.entrySet().stream()
                    .filter(e -> !List.of("product", "stars", "text").contains(e.getKey()))
                    .map(e -> e.getKey() + "=" + shorten(text(e.getValue())))
                    .collect(Collectors.joining(", "));
            if (!payload.containsKey("text") && !rest.isEmpty()) {
                line.append("  ").append(rest);
            }
            System.out.println(line);
        }
    }

    private static String text(Value v) {
        if (v == null) {
            return "?";
        }
        return switch (v.getKindCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INTEGER_VALUE -> Long.toString(v.getIntegerValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case NULL_VALUE, KIND_NOT_SET -> "null";
            default -> v.toString().replace('\n', ' ').trim();
        };
    }

    /** One line per hit: line breaks and runs of spaces (a chunk's "title\n\nbody") become one space. */
    private static String shorten(String text) {
        String s = text.replaceAll("\\s+", " ").strip();
        return s.length() <= TEXT_WIDTH ? s : s.substring(0, TEXT_WIDTH - 1) + "…";
    }
}
