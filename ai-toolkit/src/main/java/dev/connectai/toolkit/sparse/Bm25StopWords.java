package dev.connectai.toolkit.sparse;

import dev.connectai.toolkit.config.Enums;

/** Which words BM25 leaves out. */
public enum Bm25StopWords {
    /** The stop-word list Lucene ships for the configured language. */
    LANGUAGE,
    /** Every word counts. */
    NONE;

    public String configName() {
        return Enums.configName(this);
    }
}
