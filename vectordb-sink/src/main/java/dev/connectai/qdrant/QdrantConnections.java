package dev.connectai.qdrant;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import dev.connectai.qdrant.address.QdrantAddress;
import dev.connectai.toolkit.shared.SharedResources;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * One gRPC channel and client per distinct Qdrant endpoint and credentials in the worker JVM, shared by
 * every task and closed with its last user: a channel holds connections and event-loop threads.
 */
final class QdrantConnections {

    private static final SharedResources<Key, Handle> CLIENTS = new SharedResources<>("Qdrant connection");

    private QdrantConnections() {
    }

    static SharedResources.Lease<Handle> acquire(QdrantSinkConfig config) {
        Key key = new Key(config.address(), config.apiKey(), config.tlsCaFile(), config.timeoutMs());
        return CLIENTS.acquire(key, QdrantConnections::open);
    }

    static long opened() {
        return CLIENTS.creations();
    }

    /** A connection of its own (not shared), for a one-off check such as validate(); the caller closes it. */
    static Handle openUnshared(QdrantAddress address, String apiKey, String caFile, long timeoutMs) {
        return open(new Key(address, apiKey, caFile, timeoutMs));
    }

    private static Handle open(Key key) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(key.address.host(), key.address.port())
                .maxInboundMessageSize(64 * 1024 * 1024);
        if (!key.address.tls()) {
            builder.usePlaintext();
        } else if (key.caFile != null) {
            try {
                builder.sslContext(GrpcSslContexts.forClient().trustManager(new File(key.caFile)).build());
            } catch (SSLException | IllegalArgumentException e) {
                throw new ConnectException("Could not read the CA file " + key.caFile + ": " + e.getMessage(), e);
            }
        } else {
            builder.useTransportSecurity();
        }
        ManagedChannel channel = builder.build();
        QdrantGrpcClient.Builder grpc = QdrantGrpcClient.newBuilder(channel, true)
                .withTimeout(Duration.ofMillis(key.timeoutMs));
        if (key.apiKey != null) {
            grpc.withApiKey(key.apiKey);
        }
        return new Handle(new QdrantClient(grpc.build()), channel);
    }

    /** What makes two connections the same; {@link #toString()} leaves the key out. */
    record Key(QdrantAddress address, String apiKey, String caFile, long timeoutMs) {
        @Override
        public String toString() {
            return address + (apiKey == null ? "" : " (api key set)");
        }
    }

    /** A client and the channel it owns. */
    static final class Handle implements AutoCloseable {
        final QdrantClient client;
        private final ManagedChannel channel;

        Handle(QdrantClient client, ManagedChannel channel) {
            this.client = client;
            this.channel = channel;
        }

        @Override
        public void close() {
            client.close();
            try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.shutdownNow();
            }
        }
    }
}
