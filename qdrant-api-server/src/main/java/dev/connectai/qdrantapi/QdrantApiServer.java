package dev.connectai.qdrantapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * An in-process server speaking Qdrant's gRPC API (the Qdrant, Collections and Points services of
 * io.qdrant:client's protos), so the official {@code QdrantClient} talks to it as to port 6334 of a Qdrant; it is
 * not Qdrant. Storage is in memory and search is exact. What it implements and what it refuses is listed in the
 * package documentation; refusals are UNIMPLEMENTED, never a silently wrong answer.
 */
public final class QdrantApiServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    // Qdrant's gRPC services accept messages of any size (qdrant/qdrant src/tonic/mod.rs, init:
    // max_decoding_message_size(usize::MAX)); its max_request_size_mb bounds REST bodies only. A cap, as a proxy
    // in front of Qdrant may have, is a fault a test injects: FaultInjector.capMessageSize.
    private static final int MAX_MESSAGE_BYTES = Integer.MAX_VALUE;
    private static final AtomicInteger SERVER_COUNT = new AtomicInteger();

    private final Server server;
    private final ExecutorService executor;
    private final FaultInjector faults;
    private final boolean tls;

    private QdrantApiServer(Server server, ExecutorService executor, FaultInjector faults, boolean tls) {
        this.server = server;
        this.executor = executor;
        this.faults = faults;
        this.tls = tls;
    }

    /** A server on a free port of 127.0.0.1, without an API key. */
    public static QdrantApiServer start() {
        return start(0, null);
    }

    /**
     * A server on {@code port} of 127.0.0.1 (0 picks a free one). With an API key every call except the health
     * check must carry it in the {@code api-key} header, or fails with UNAUTHENTICATED.
     */
    public static QdrantApiServer start(int port, String apiKeyOrNull) {
        return start(port, apiKeyOrNull, null);
    }

    /**
     * A TLS server on a free port, presenting {@code tls}'s certificate (issued for localhost and 127.0.0.1);
     * {@link #grpcUrl()} is then {@code https://localhost:<port>}.
     */
    public static QdrantApiServer startTls(SelfSignedTls tls) {
        return start(0, null, tls);
    }

    private static QdrantApiServer start(int port, String apiKeyOrNull, SelfSignedTls tls) {
        int serverNumber = SERVER_COUNT.incrementAndGet();
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "qdrant-api-server-" + serverNumber + "-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        FaultInjector faults = new FaultInjector();
        CollectionRegistry registry = new CollectionRegistry();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(loopback(), port))
                .executor(executor)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .addService(new HealthEndpoints.Qdrant())
                .addService(new CollectionsEndpoint(registry))
                .addService(new PointsEndpoint(registry));
        // Interceptors added later run first: faults come before the key check, as an outage would.
        if (apiKeyOrNull != null) {
            builder.intercept(new ApiKeyInterceptor(apiKeyOrNull));
        }
        builder.intercept(new FaultInterceptor(faults));
        if (tls != null) {
            try {
                builder.sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts
                        .forServer(tls.certificate().toFile(), tls.privateKey().toFile()).build());
            } catch (javax.net.ssl.SSLException e) {
                executor.shutdownNow();
                throw new IllegalStateException("Cannot set up TLS for the Qdrant-API server", e);
            }
        }
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the Qdrant-API server on " + HOST + ":" + port, e);
        }
        return new QdrantApiServer(server, executor, faults, tls != null);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** Where a client connects, in the form QDRANT_URL takes: {@code http://127.0.0.1:<port>} (https with TLS). */
    public String grpcUrl() {
        return tls ? "https://localhost:" + port() : "http://" + HOST + ":" + port();
    }

    public FaultInjector faults() {
        return faults;
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }
}
