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
 * @param documentPrefix put before every document (what the sink and EmbedText embed by default), stripped
 * @param queryPrefix    put before every query (the search command, EmbedText with model.input.type=query), stripped
 */
public record LocalModelFiles(Path model, Path tokenizer, Pooling pooling, boolean normalize, String documentPrefix,
                              String queryPrefix) {

    /**
     * Tokens read when {@code model.max.tokens} is empty: a file says nothing of the model card's
     * {@code max_seq_length}, so the limit stays where it has been for these models (set the card's value).
     */
    public static final int DEFAULT_MAX_TOKENS = 256;

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

    /** How {@link OnnxSentenceModel} loads these files, named {@code label} in ids, metrics and logs. */
    OnnxModelDescriptor descriptor(String label) {
        return new OnnxModelDescriptor("local/" + label, new ModelFile.OnDisk(model), new ModelFile.OnDisk(tokenizer),
                pooling, normalize, documentLead(), queryLead(), LocalModelVariant.MAX_TOKENS_LIMIT);
    }

    /** The label a model without {@code model.name} gets: its file name. */
    public String defaultLabel() {
        return model.getFileName().toString();
    }
}
