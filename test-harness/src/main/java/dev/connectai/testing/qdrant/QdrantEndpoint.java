package dev.connectai.testing.qdrant;

import java.net.URI;
import java.time.Duration;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;

/**
 * Where Qdrant's gRPC API is, in the form the connector configs take ({@code QDRANT_URL}, {@code QDRANT_API_KEY}).
 * Parsed as the sink parses {@code qdrant.url} (scheme picks TLS, 6334 when no port, 6333 refused) so the clients of
 * tests, the demo and the search command talk to exactly what the sink talks to; a blank key means "no key", as in
 * the sink.
 */
public record QdrantEndpoint(String url, String host, int port, boolean tls, String apiKey) {

    public static final String URL_VARIABLE = "QDRANT_URL";
    public static final String API_KEY_VARIABLE = "QDRANT_API_KEY";
    /** What the demo's stand-in listens on, and so what the search command assumes when QDRANT_URL is unset. */
    public static final String LOCAL_URL = "http://localhost:6334";

    public static QdrantEndpoint parse(String url, String apiKeyOrBlank) {
        URI uri = URI.create(url.trim());
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(URL_VARIABLE + " must look like http://host:6334 or https://host:6334 "
                    + "(Qdrant's gRPC port), not " + url);
        }
        if (uri.getPort() == 6333) {
            throw new IllegalArgumentException("6333 is Qdrant's REST port; use the gRPC port, usually 6334");
        }
        String key = apiKeyOrBlank == null || apiKeyOrBlank.isBlank() ? null : apiKeyOrBlank;
        return new QdrantEndpoint(url.trim(), uri.getHost(), uri.getPort() < 0 ? 6334 : uri.getPort(),
                "https".equals(uri.getScheme()), key);
    }

    /** The endpoint the environment names, or the local one ({@link #LOCAL_URL}) when it names none. */
    public static QdrantEndpoint fromEnvironment() {
        String url = System.getenv(URL_VARIABLE);
        return parse(url == null || url.isBlank() ? LOCAL_URL : url, System.getenv(API_KEY_VARIABLE));
    }

    /** A new client; the caller closes it. */
    public QdrantClient connect() {
        QdrantGrpcClient.Builder grpc = QdrantGrpcClient.newBuilder(host, port, tls).withTimeout(Duration.ofSeconds(10));
        if (apiKey != null) {
            grpc.withApiKey(apiKey);
        }
        return new QdrantClient(grpc.build());
    }

    /** Never the key itself: this ends up in the console. */
    @Override
    public String toString() {
        return url + (apiKey == null ? "" : " (api key set)");
    }
}
