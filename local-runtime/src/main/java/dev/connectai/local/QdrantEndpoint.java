package dev.connectai.local;

import java.time.Duration;

import dev.connectai.qdrant.address.QdrantAddress;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;

/**
 * Where Qdrant's gRPC API is, in the form the connector configs take ({@code QDRANT_URL}, {@code QDRANT_API_KEY}).
 * The URL is parsed by the sink's own {@link QdrantAddress}, so the clients of the tests, the demo and the search
 * command talk to exactly what the sink talks to; a blank key means "no key", as in the sink.
 */
public record QdrantEndpoint(QdrantAddress address, String apiKey) {

    public static final String URL_VARIABLE = "QDRANT_URL";
    public static final String API_KEY_VARIABLE = "QDRANT_API_KEY";
    /** Where the demo's in-process server listens, so what the search command assumes when QDRANT_URL is unset. */
    public static final String LOCAL_URL = "http://localhost:6334";

    public static QdrantEndpoint parse(String url, String apiKeyOrBlank) {
        QdrantAddress address;
        try {
            address = QdrantAddress.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL_VARIABLE + "=" + url + ": " + e.getMessage(), e);
        }
        return new QdrantEndpoint(address, apiKeyOrBlank == null || apiKeyOrBlank.isBlank() ? null : apiKeyOrBlank);
    }

    /** The endpoint the environment names, or the local one ({@link #LOCAL_URL}) when it names none. */
    public static QdrantEndpoint fromEnvironment() {
        String url = System.getenv(URL_VARIABLE);
        return parse(url == null || url.isBlank() ? LOCAL_URL : url, System.getenv(API_KEY_VARIABLE));
    }

    /** The URL in the form {@code QDRANT_URL} and the sink's {@code qdrant.url} take. */
    public String url() {
        return address.toString();
    }

    /** A new client; the caller closes it. */
    public QdrantClient connect() {
        QdrantGrpcClient.Builder grpc = QdrantGrpcClient.newBuilder(address.host(), address.port(), address.tls())
                .withTimeout(Duration.ofSeconds(10));
        if (apiKey != null) {
            grpc.withApiKey(apiKey);
        }
        return new QdrantClient(grpc.build());
    }

    /** Never the key itself: this ends up in the console. */
    @Override
    public String toString() {
        return url() + (apiKey == null ? "" : " (api key set)");
    }
}
