package dev.connectai.toolkit.embedding;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the in-process model's truncation visible to one embedding user (a transform instance or a sink task):
 * pass it as the {@code truncated} callback of {@link EmbeddingModel#embedAll(java.util.List, IntConsumer)}. It
 * counts the cut texts into the user's {@value #METRIC}-total metric, and the first cut is logged once at INFO with
 * the limit and the setting that changes it; later cuts are only counted, so a stream of long texts does not flood
 * the log. The text itself is never logged.
 */
public final class TruncationNotice implements IntConsumer {

    /** The metric, as registered by a {@code PluginMetrics} counter ({@code -total} and {@code -rate}). */
    public static final String METRIC = "texts-truncated";
    /** The metric's description, the same in every plugin that counts truncations. */
    public static final String DESCRIPTION = "texts longer than " + EmbeddingModelConfig.MAX_TOKENS
            + " and cut to it by the in-process model";

    private static final Logger LOG = LoggerFactory.getLogger(TruncationNotice.class);

    private final String message;
    private final IntConsumer counter;
    private final Consumer<String> log;
    private final AtomicBoolean told = new AtomicBoolean();

    /**
     * @param user    who embeds, as the log names it, e.g. {@code EmbedText (embed-text-3)}
     * @param spec    the model's settings: its id and {@code model.max.tokens}
     * @param counter records a number of cut texts in the user's metric
     */
    public TruncationNotice(String user, EmbeddingModelSpec spec, IntConsumer counter) {
        this(user, spec, counter, LOG::info);
    }

    TruncationNotice(String user, EmbeddingModelSpec spec, IntConsumer counter, Consumer<String> log) {
        this.message = user + ": a text was longer than " + EmbeddingModelConfig.MAX_TOKENS + "=" + spec.maxTokens()
                + " tokens of " + spec.id() + " and was cut to its first " + spec.maxTokens()
                + " tokens (special tokens included); the model reads no further. Later cuts are only counted, in the "
                + "metric " + METRIC + "-total; " + EmbeddingModelConfig.MAX_TOKENS + " (2 to "
                + LocalModelVariant.MAX_TOKENS_LIMIT + ") sets the limit.";
        this.counter = counter;
        this.log = log;
    }

    @Override
    public void accept(int truncated) {
        if (truncated <= 0) {
            return;
        }
        counter.accept(truncated);
        if (told.compareAndSet(false, true)) {
            log.accept(message);
        }
    }
}
