package dev.connectai.demo;

import java.io.IOException;
import java.nio.file.Path;
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
import dev.connectai.toolkit.sparse.Bm25Encoder;
import dev.connectai.toolkit.sparse.Bm25Settings;
import dev.connectai.toolkit.sparse.SparseVector;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.JsonWithInt.Value;
import org.apache.kafka.common.config.ConfigException;
import io.qdrant.client.grpc.Points.Fusion;
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
 * <p>{@code --mode} picks what is searched ({@link SearchMode}): {@code dense} the embedding, {@code sparse} the BM25
 * sparse vector the sink writes (its query encoded in-process with {@link Bm25Encoder} and the sink's BM25 settings,
 * see {@link QuerySettings}; Qdrant weighs its terms by IDF), {@code hybrid} both, as two prefetches fused by
 * Qdrant's Query API with RRF ({@code --fusion dbsf} for distribution-based fusion), see {@link HybridQueries}.
 * Without {@code --mode}: hybrid when the collection has a sparse vector with modifier idf, else dense.
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
        SearchMode modeChoice = null;
        Fusion fusion = Fusion.RRF;
        String sparseName = null;
        QuerySettings settings = new QuerySettings();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        try {
            while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
                String option = rest.remove(0);
                if (option.equals("--distinct")) {
                    distinct = true;
                } else if (rest.isEmpty()) {
                    rest.clear(); // an option without its value: to the usage line
                    break;
                } else if (option.equals("--model")) {
                    modelChoice = LocalModelVariant.fromModelName(rest.remove(0));
                } else if (option.equals("--mode")) {
                    modeChoice = SearchMode.fromOption(rest.remove(0));
                } else if (option.equals("--fusion")) {
                    fusion = fusion(rest.remove(0));
                } else if (option.equals("--sparse-vector")) {
                    sparseName = rest.remove(0);
                } else if (option.equals("--sink-config")) {
                    Path file = Path.of(rest.remove(0));
                    try {
                        settings.readSinkConfig(file);
                    } catch (IOException e) {
                        throw new IllegalArgumentException("--sink-config " + file + ": cannot read the connector "
                                + "config (" + e + ")");
                    }
                } else if (BM25_OPTIONS.contains(option)) {
                    settings.set(option, rest.remove(0));
                } else {
                    rest.clear(); // to the usage line
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
        }
        if (rest.size() < 3) {
            System.err.println("usage: SemanticSearch [--distinct] [--model NAME] [--mode " + SearchMode.names()
                    + "] [--fusion rrf|dbsf] [--sparse-vector NAME] [--sink-config FILE] [--bm25-language L] "
                    + "[--bm25-stemming S] [--bm25-stopwords W] <top-k> <collection> <query> [<query> ...]  "
                    + "(models: " + LocalModelVariant.names() + "; default " + DEFAULT_MODEL.modelName() + ")");
            System.exit(64);
        }
        LocalModelVariant modelVariant = modelChoice;
        int topK = Integer.parseInt(rest.get(0));
        String collection = rest.get(1);
        List<String> queries = rest.subList(2, rest.size());
        QdrantEndpoint qdrant = QdrantEndpoint.fromEnvironment();
        List<String> empty = new ArrayList<>();
        try (QdrantClient client = qdrant.connect()) {
            if (!exists(client, collection, qdrant)) {
                System.err.println("No collection '" + collection + "' at " + qdrant
                        + ". Is the demo (./run.sh) running, or QDRANT_URL set to the right Qdrant?");
                System.exit(2);
            }
            CollectionVectors vectors = null;
            try {
                vectors = CollectionVectors.of(client.getCollectionInfoAsync(collection).get(10, TimeUnit.SECONDS),
                        sparseName != null ? sparseName : settings.vectorName());
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(64);
            }
            SearchMode mode = modeChoice != null ? modeChoice
                    : vectors.sparse != null ? SearchMode.HYBRID : SearchMode.DENSE;
            if (mode != SearchMode.DENSE && vectors.sparse == null) {
                System.err.println("--mode " + mode.optionName() + " needs a BM25 sparse vector, and collection '"
                        + collection + "' has no sparse vector with modifier idf (name one with --sparse-vector, or "
                        + "fill the collection with the sink's BM25 vector switched on; see README, 'Hybrid search')");
                System.exit(64);
            }
            if (mode != SearchMode.SPARSE && !modelVariant.installed()) {
                System.err.println("The search command cannot load " + modelVariant.modelName() + ": its jar "
                        + modelVariant.jar() + " is not on its classpath (it holds the models of the default plugin "
                        + "folder). Search with the model the pipeline used; see README, 'In-process models'.");
                System.exit(64);
            }
            Bm25Settings bm25 = null;
            if (mode != SearchMode.DENSE) {
                try {
                    bm25 = settings.bm25();
                } catch (ConfigException e) {
                    System.err.println(e.getMessage());
                    System.exit(64);
                }
            }
            System.out.println("Searching '" + collection + "' at " + qdrant + ", mode " + mode.optionName()
                    + describe(mode, modelVariant, fusion, vectors, bm25)
                    + (distinct ? "; top " + topK + " distinct texts among the nearest " + topK * DISTINCT_POOL_FACTOR
                    : ""));
            try (SharedResources.Lease<EmbeddingModel> model = mode == SearchMode.SPARSE ? null
                    : SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(modelVariant));
                 Bm25Encoder encoder = bm25 == null ? null : new Bm25Encoder(bm25)) {
                for (String query : queries) {
                    int limit = distinct ? topK * DISTINCT_POOL_FACTOR : topK;
                    // One text per model run, as EmbedText embeds one record at a time: the int8 model quantizes
                    // its activations per run, so a padded batch gives slightly different vectors (cosine ~0.99).
                    float[] dense = model == null ? null : model.get().embed(query, TextRole.QUERY, cut -> { });
                    HybridQueries.SparseQuery sparse = encoder == null ? null : sparseQuery(encoder, query);
                    QueryPoints request = switch (mode) {
                        case DENSE -> HybridQueries.dense(collection, vectors, dense, limit);
                        case SPARSE -> HybridQueries.sparse(collection, vectors, sparse, limit);
                        case HYBRID -> HybridQueries.hybrid(collection, vectors, dense, sparse, fusion, limit);
                    };
                    List<ScoredPoint> found = client.queryAsync(request).get(30, TimeUnit.SECONDS);
                    List<ScoredPoint> hits = distinct ? distinctTexts(found, topK) : found;
                    print(query, hits);
                    if (hits.isEmpty()) {
                        empty.add(query);
                    }
                }
            }
        }
        if (!empty.isEmpty()) {
            System.err.println("No hits for: " + empty);
            System.exit(2);
        }
        System.exit(0); // gRPC and ONNX Runtime leave non-daemon threads behind
    }

    private static final List<String> BM25_OPTIONS = List.of("--bm25-language", "--bm25-stemming", "--bm25-stopwords");

    private static Fusion fusion(String value) {
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "rrf":
                return Fusion.RRF;
            case "dbsf":
                return Fusion.DBSF;
            default:
                throw new IllegalArgumentException("unknown fusion '" + value + "'; use rrf or dbsf");
        }
    }

    private static String describe(SearchMode mode, LocalModelVariant model, Fusion fusion, CollectionVectors vectors,
            Bm25Settings bm25) {
        String dense = " with " + model.modelName() + " (in-process, query form; the pipeline must have embedded "
                + "with the same model)";
        if (mode == SearchMode.DENSE) {
            return dense;
        }
        String sparse = " BM25 vector '" + vectors.sparse + "' (" + bm25.language().configName() + ", stemming "
                + bm25.stemming().configName() + ", stop words " + bm25.stopWords().configName()
                + "; must be the sink's sparse.bm25.* settings)";
        return switch (mode) {
            case DENSE -> dense;
            case SPARSE -> " by" + sparse;
            case HYBRID -> dense + " and" + sparse + ", fused by " + fusion.name();
        };
    }

    private static HybridQueries.SparseQuery sparseQuery(Bm25Encoder encoder, String text) {
        SparseVector v = encoder.encodeQuery(text);
        return new HybridQueries.SparseQuery(v.indexList(), v.valueList());
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
