package dev.connectai.testing.qdrant;

import java.util.Optional;

import dev.connectai.local.QdrantEndpoint;
import dev.connectai.qdrantapi.FaultInjector;
import dev.connectai.qdrantapi.QdrantApiServer;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;

/**
 * The Qdrant a test runs against: a real one when the environment names it ({@code QDRANT_URL}, the gRPC
 * address such as {@code http://host:6334} or {@code https://host:6334}, and optionally {@code QDRANT_API_KEY}),
 * otherwise a fresh in-process {@link QdrantApiServer}, which speaks Qdrant's gRPC API. Tests written against this
 * run unchanged on both.
 */
public final class QdrantTarget implements AutoCloseable {

    public static final String URL_VARIABLE = QdrantEndpoint.URL_VARIABLE;
    public static final String API_KEY_VARIABLE = QdrantEndpoint.API_KEY_VARIABLE;

    private final QdrantApiServer server;
    private final String grpcUrl;
    private final String apiKey;
    private final QdrantClient client;

    private QdrantTarget(QdrantApiServer server, String grpcUrl, String apiKey, QdrantClient client) {
        this.server = server;
        this.grpcUrl = grpcUrl;
        this.apiKey = apiKey;
        this.client = client;
    }

    public static QdrantTarget forTests() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            QdrantApiServer server = QdrantApiServer.start();
            QdrantClient client = new QdrantClient(
                    QdrantGrpcClient.newBuilder("127.0.0.1", server.port(), false).build());
            return new QdrantTarget(server, server.grpcUrl(), null, client);
        }
        QdrantEndpoint endpoint = QdrantEndpoint.parse(url, System.getenv(API_KEY_VARIABLE));
        return new QdrantTarget(null, endpoint.url(), endpoint.apiKey(), endpoint.connect());
    }

    public boolean isInProcess() {
        return server != null;
    }

    public String grpcUrl() {
        return grpcUrl;
    }

    /** The API key calls must carry, or null when the target needs none. */
    public String apiKey() {
        return apiKey;
    }

    /** A client for the test's own checks; closed with this target. */
    public QdrantClient client() {
        return client;
    }

    /** The in-process server's fault injector; empty for a real Qdrant, which cannot be made to fail on cue. */
    public Optional<FaultInjector> faults() {
        return server == null ? Optional.empty() : Optional.of(server.faults());
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
