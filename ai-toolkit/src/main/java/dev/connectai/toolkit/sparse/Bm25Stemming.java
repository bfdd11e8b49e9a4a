package dev.connectai.toolkit.sparse;

import dev.connectai.toolkit.config.Enums;

/** Whether BM25 terms are reduced to their stem. */
public enum Bm25Stemming {
    /** The Snowball stemmer of the configured language, e.g. "running" and "runs" both become "run". */
    SNOWBALL,
    /** Terms stay as written (lower-cased). */
    NONE;

    public String configName() {
        return Enums.configName(this);
    }
}
