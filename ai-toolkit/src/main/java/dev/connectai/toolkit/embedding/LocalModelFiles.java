package dev.connectai.toolkit.embedding;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A user's own ONNX sentence-embedding model, read from disk instead of the plugin's catalogue. Part of
 * {@link EmbeddingModelSpec}, so models are shared per worker by path and settings.
 *
 * @param model          the .onnx file
 * @param tokenizer      the Hugging Face tokenizer.json that belongs to it
 * @param pooling        how token vectors become the text vector
 * @param normalize      whether vectors are scaled to unit length
 * @param documentPrefix put before every text EmbedText and the sink embed (they embed documents), stripped
 * @param queryPrefix    put before a search query, stripped; kept for a query path, unused by EmbedText and the sink
 */
public record LocalModelFiles(Path model, Path tokenizer, Pooling pooling, boolean normalize, String documentPrefix,
                              String queryPrefix) {

    public LocalModelFiles {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(pooling, "pooling");
        documentPrefix = documentPrefix == null ? "" : documentPrefix.strip();
        queryPrefix = queryPrefix == null ? "" : queryPrefix.strip();
    }

    /**
     * What goes before a document: the prefix and one space. Kafka trims every STRING setting, so a prefix such
     * as e5's {@code "passage: "} arrives without its space; joining with one space restores the model card's form.
     */
    public String documentLead() {
        return lead(documentPrefix);
    }

    /** What goes before a query, as {@link #documentLead()}. */
    public String queryLead() {
        return lead(queryPrefix);
    }

    private static String lead(String prefix) {
        return prefix.isEmpty() ? "" : prefix + " ";
    }

    /** The label a model without {@code model.name} gets: its file name. */
    public String defaultLabel() {
        return model.getFileName().toString();
    }
}
