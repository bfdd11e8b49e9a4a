package dev.connectai.qdrant.address;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Host, port and TLS of Qdrant's gRPC endpoint, from an http(s)://host:port URL: the sink's {@code qdrant.url}, and
 * {@code QDRANT_URL} for the demo, the search command and the tests, so that all of them reach the same place. A jar
 * of its own, without dependencies: the demo must not put the sink's jar (and so its plugin) on its classpath, and
 * the integration tests must not put ai-toolkit there (the workers would then load pack code from the classpath).
 */
public record QdrantAddress(String host, int port, boolean tls) {

    public static final int DEFAULT_GRPC_PORT = 6334;

    /** The scheme picks TLS; no port means 6334; 6333 (the REST port) is refused. */
    public static QdrantAddress parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the URL is empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("use http://host:port or https://host:port");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in '" + url + "'");
        }
        if (uri.getPort() == 6333) {
            throw new IllegalArgumentException("6333 is Qdrant's REST port; the sink speaks gRPC, usually on 6334");
        }
        return new QdrantAddress(uri.getHost(), uri.getPort() < 0 ? DEFAULT_GRPC_PORT : uri.getPort(),
                scheme.equals("https"));
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + host + ":" + port;
    }
}
