package dev.connectai.qdrantapi;

import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass;

/** Qdrant's own health check: every client's version check calls it when the client is built. */
final class HealthEndpoints {

    /** The server version the Java client compares its own against; keep in step with io.qdrant:client. */
    static final String VERSION = "1.16.2";
    static final String TITLE = "qdrant - vector search engine";

    private HealthEndpoints() {
    }

    static final class Qdrant extends QdrantGrpc.QdrantImplBase {
        @Override
        public void healthCheck(QdrantOuterClass.HealthCheckRequest request,
                StreamObserver<QdrantOuterClass.HealthCheckReply> observer) {
            Unary.answer(observer, clock -> QdrantOuterClass.HealthCheckReply.newBuilder()
                    .setTitle(TITLE).setVersion(VERSION).build());
        }
    }
}
