package dev.connectai.toolkit.embedding;

import java.util.List;
import java.util.function.IntConsumer;

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
     * As {@link #embedAll(List)}, and tells {@code truncated}, after the texts are embedded, how many of them were
     * longer than the model's token limit and cut to it. Only the in-process models cut texts themselves; a remote
     * provider truncates or rejects on its side without saying so, so by default {@code truncated} is never called.
     */
    default List<float[]> embedAll(List<String> texts, IntConsumer truncated) {
        return embedAll(texts);
    }

    /**
     * As {@link #embedAll(List, IntConsumer)}, with the texts in {@code role}: an in-process model puts the prefix
     * its model card asks for before each text (bge's instruction before queries; e5's {@code query: } or
     * {@code passage: }). The other methods embed documents. Remote providers take no role in their APIs, so they
     * embed every text as given.
     */
    default List<float[]> embedAll(List<String> texts, TextRole role, IntConsumer truncated) {
        return embedAll(texts, truncated);
    }

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

    /** As {@link #embed(String)}; {@code truncated} as for {@link #embedAll(List, IntConsumer)}. */
    default float[] embed(String text, IntConsumer truncated) {
        return embedAll(List.of(text), truncated).get(0);
    }

    /** One text in {@code role}, as {@link #embedAll(List, TextRole, IntConsumer)}. */
    default float[] embed(String text, TextRole role, IntConsumer truncated) {
        return embedAll(List.of(text), role, truncated).get(0);
    }

    @Override
    void close();
}
