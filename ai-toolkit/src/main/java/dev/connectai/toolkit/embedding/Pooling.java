package dev.connectai.toolkit.embedding;

import dev.connectai.toolkit.config.Enums;

/** How a sentence model's token vectors become one text vector. */
public enum Pooling {
    /** Average of the tokens the attention mask keeps (MiniLM, e5). */
    MEAN,
    /** The first token's vector, the [CLS] token of BERT-style models (bge). */
    CLS;

    public String configName() {
        return Enums.configName(this);
    }
}
