package dev.connectai.toolkit.embedding;

import java.util.List;

/**
 * A text embedding model. Implementations are thread-safe and shared per worker JVM through
 * {@link SharedEmbeddingModels}.
 *
 * <p>Failures are reported as Connect exceptions: {@code RetriableException} for faults that may pass
 * (rate limits, 5xx, timeouts), {@code DataException} for a text the model rejects, and a plain
 * {@code ConnectException} for configuration faults (bad key, unknown model) that retrying cannot fix.
 */
public interface EmbeddingModel extends AutoCloseable {

    /** A short id such as {@code local/all-minilm-l6-v2}, used in metrics and logs. */
    String id();

    /** Embeds many texts in as few model calls as possible; the result is in input order. */
    List<float[]> embedAll(List<String> texts);

    /**
     * Tokens the model would see for this text, without truncation and without special tokens; used to
     * size chunks. Remote models are estimated from words (about 4 tokens per 3 words for English).
     */
    default int countTokens(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : (t.split("\\s+").length * 4 + 2) / 3;
    }

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    void close();
}
