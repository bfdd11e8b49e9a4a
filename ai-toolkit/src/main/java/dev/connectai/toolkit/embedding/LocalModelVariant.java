package dev.connectai.toolkit.embedding;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The two in-process builds of all-MiniLM-L6-v2 that ship inside langchain4j's jars. */
public enum LocalModelVariant {
    FP32("all-minilm-l6-v2", "/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json"),
    INT8("all-minilm-l6-v2-q", "/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json");

    /** sentence-transformers truncates this model at 256 tokens; matching it keeps vectors identical to Python's. */
    public static final int DEFAULT_MAX_TOKENS = 256;
    /** The model's position embeddings stop at 512. */
    public static final int MAX_TOKENS_LIMIT = 512;
    public static final int DIMENSION = 384;

    private final String modelName;
    private final String modelResource;
    private final String tokenizerResource;

    LocalModelVariant(String modelName, String modelResource, String tokenizerResource) {
        this.modelName = modelName;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
    }

    public String modelName() {
        return modelName;
    }

    String modelResource() {
        return modelResource;
    }

    String tokenizerResource() {
        return tokenizerResource;
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
