package dev.connectai.toolkit.remote;

/** How a model endpoint expects the API key. */
public enum ApiKeyHeader {
    /** {@code Authorization: Bearer <key>}: OpenAI and everything compatible with it. */
    BEARER("Authorization", "Bearer "),
    /** {@code api-key: <key>}: Azure OpenAI's key authentication. */
    API_KEY("api-key", "");

    private final String header;
    private final String prefix;

    ApiKeyHeader(String header, String prefix) {
        this.header = header;
        this.prefix = prefix;
    }

    public String header() {
        return header;
    }

    String value(String apiKey) {
        return prefix + apiKey;
    }
}
