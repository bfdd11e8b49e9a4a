package dev.connectai.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the search command asks Qdrant: by the dense embedding, by the BM25 sparse vector, or both fused. Without
 * {@code --mode} it is {@link #HYBRID} when the collection has a sparse vector to search and {@link #DENSE}
 * otherwise, so collections filled before BM25 existed keep being searched as before.
 */
enum SearchMode {
    /** Nearest points by the dense embedding of the query: meaning, not exact terms. */
    DENSE,
    /** Nearest points by the BM25 sparse vector of the query, weighted by Qdrant's IDF: exact terms only. */
    SPARSE,
    /** A dense and a sparse prefetch fused by Qdrant (RRF unless {@code --fusion dbsf}). */
    HYBRID;

    String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SearchMode fromOption(String value) {
        for (SearchMode m : values()) {
            if (m.optionName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "'; use one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(SearchMode::optionName).collect(Collectors.joining("|"));
    }
}
