package dev.connectai.toolkit.llm;

import dev.connectai.toolkit.config.Enums;

/**
 * The request field that carries the answer-length limit to an OpenAI-compatible chat endpoint. OpenAI's spec
 * deprecates {@code max_tokens} in favour of {@code max_completion_tokens}, and its reasoning models reject
 * {@code max_tokens}; older compatible servers know only {@code max_tokens}.
 */
public enum MaxTokensField {
    MAX_COMPLETION_TOKENS,
    MAX_TOKENS;

    /** The JSON field name, which is also the config word. */
    public String field() {
        return Enums.configName(this);
    }
}
