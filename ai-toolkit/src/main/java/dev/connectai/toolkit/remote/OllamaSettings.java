package dev.connectai.toolkit.remote;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.toolkit.config.OptionalRange;
import dev.connectai.toolkit.config.ParsingValidator;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Ollama request settings both {@code /api/chat} and {@code /api/embed} take, sent only when set.
 *
 * @param keepAlive how long Ollama keeps the model loaded after a request ({@code keep_alive}): a duration such as
 *                  {@code 10m} or {@code 1h30m}, or seconds ({@code -1} keeps it loaded); null leaves Ollama's 5m
 * @param numCtx    the context window in tokens ({@code options.num_ctx}); Ollama's default window of a few thousand
 *                  tokens cuts longer prompts silently; null leaves the model's setting
 */
public record OllamaSettings(String keepAlive, Integer numCtx) {

    public static final OllamaSettings NONE = new OllamaSettings(null, null);

    /** Go's time.ParseDuration syntax, which Ollama uses, or a plain number of seconds. */
    private static final Pattern KEEP_ALIVE = Pattern.compile("-?\\d+|-?(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");

    public static final String KEEP_ALIVE_SUFFIX = "ollama.keep.alive";
    public static final String NUM_CTX_SUFFIX = "ollama.num.ctx";

    /** Defines {@code <prefix>ollama.keep.alive} and {@code <prefix>ollama.num.ctx}; returns the next order. */
    public static int define(ConfigDef def, String prefix, String group, int order) {
        def.define(prefix + KEEP_ALIVE_SUFFIX, Type.STRING, "",
                ParsingValidator.optional(OllamaSettings::checkKeepAlive, "empty, seconds (e.g. -1, 600) or a duration "
                        + "such as 10m or 1h30m"), Importance.LOW,
                "Ollama only: how long Ollama keeps the model in memory after a request (keep_alive), e.g. '30m', "
                        + "or seconds, '-1' for ever. Empty sends nothing: Ollama's default (5m) applies.",
                group, ++order, Width.SHORT, "Ollama keep-alive");
        def.define(prefix + NUM_CTX_SUFFIX, Type.INT, null, OptionalRange.atLeast(1), Importance.MEDIUM,
                "Ollama only: the context window in tokens (options.num_ctx). Ollama's default window is a few "
                        + "thousand tokens, less than most models support, and longer input is cut without an error; "
                        + "set what the model supports and the texts need. Empty sends nothing.",
                group, ++order, Width.SHORT, "Ollama context (tokens)");
        return order;
    }

    public static OllamaSettings of(AbstractConfig config, String prefix) {
        String keepAlive = config.getString(prefix + KEEP_ALIVE_SUFFIX).trim();
        return new OllamaSettings(keepAlive.isEmpty() ? null : keepAlive, config.getInt(prefix + NUM_CTX_SUFFIX));
    }

    private static void checkKeepAlive(String value) {
        if (!KEEP_ALIVE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a keep-alive; use seconds (e.g. 600, -1) or a duration such as "
                    + "10m or 1h30m");
        }
    }

    /** Adds the settings that are set to an Ollama request body. */
    public void applyTo(ObjectNode body) {
        if (keepAlive != null) {
            if (keepAlive.matches("-?\\d+")) {
                body.put("keep_alive", Long.parseLong(keepAlive));
            } else {
                body.put("keep_alive", keepAlive);
            }
        }
        if (numCtx != null) {
            ObjectNode options = body.has("options") ? (ObjectNode) body.get("options") : body.putObject("options");
            options.put("num_ctx", numCtx);
        }
    }
}
