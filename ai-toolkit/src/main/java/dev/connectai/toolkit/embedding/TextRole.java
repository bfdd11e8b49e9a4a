package dev.connectai.toolkit.embedding;

import dev.connectai.toolkit.config.Enums;

/**
 * What a text is to a retrieval model: a document to store or a query to search with. Models trained for asymmetric
 * search (bge, e5) want different prefixes on each side; passing the role per call lets one loaded model serve the
 * sink, EmbedText and the search command.
 */
public enum TextRole {
    /** A text stored in the vector store: what EmbedText (by default) and the sink embed. */
    DOCUMENT,
    /** A search query, embedded to find documents. */
    QUERY;

    public String configName() {
        return Enums.configName(this);
    }
}
