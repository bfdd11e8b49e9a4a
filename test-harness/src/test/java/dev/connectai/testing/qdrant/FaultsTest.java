package dev.connectai.testing.qdrant;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.connectai.qdrantapi.FaultInjector;
import dev.connectai.qdrantapi.QdrantApiServer;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FaultsTest extends QdrantTargetTest {

    private FaultInjector faults() {
        assumeTrue(target.isInProcess(), "a real Qdrant cannot be made to fail on cue");
        return target.faults().orElseThrow();
    }

    @Test
    void theNextCallsFailWithUnavailable() throws Exception {
        FaultInjector faults = faults();
        String name = collection(2, Distance.Dot);
        long before = faults.callsRejected();

        faults.unavailableForCalls(2);

        assertThat(failure(client.countAsync(name)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(failure(client.collectionExistsAsync(name)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(get(client.countAsync(name))).isZero();
        assertThat(faults.callsRejected() - before).isEqualTo(2);
    }

    @Test
    void everyCallFailsWithUnavailableForAWhile() throws Exception {
        FaultInjector faults = faults();
        String name = collection(2, Distance.Dot);

        faults.unavailableFor(Duration.ofMillis(400));
        Status during = failure(client.countAsync(name));
        Status stillDuring = failure(client.countAsync(name));
        Thread.sleep(500);

        assertThat(during.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(stillDuring.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(get(client.countAsync(name))).isZero();
    }

    @Test
    void theNextCallsFailWithResourceExhausted() throws Exception {
        FaultInjector faults = faults();
        String name = collection(2, Distance.Dot);

        faults.resourceExhaustedForCalls(1);

        assertThat(failure(client.countAsync(name)).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(get(client.countAsync(name))).isZero();
    }

    @Test
    void latencyDelaysEveryCallUntilCleared() throws Exception {
        FaultInjector faults = faults();
        String name = collection(2, Distance.Dot);

        faults.addLatency(Duration.ofMillis(300));
        long started = System.nanoTime();
        get(client.countAsync(name));
        Duration slow = Duration.ofNanos(System.nanoTime() - started);
        faults.addLatency(Duration.ZERO);
        started = System.nanoTime();
        get(client.countAsync(name));
        Duration fast = Duration.ofNanos(System.nanoTime() - started);

        assertThat(slow).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(fast).isLessThan(Duration.ofMillis(300));
    }

    @Test
    void clearRemovesPendingFaults() throws Exception {
        FaultInjector faults = faults();
        String name = collection(2, Distance.Dot);

        faults.unavailableForCalls(5);
        faults.resourceExhaustedForCalls(5);
        faults.clear();

        assertThat(get(client.countAsync(name))).isZero();
    }

    @Test
    void requestsLargerThanThirtyTwoMebibytesAreAccepted() throws Exception {
        String name = collection(2, Distance.Dot);
        String big = "x".repeat(33 * 1024 * 1024);

        UpdateResult result = get(client.upsertAsync(name, List.of(PointStruct.newBuilder().setId(id(1))
                .setVectors(vectors(1f, 0f)).putPayload("text", value(big)).build())));

        assertThat(result.getStatus()).isEqualTo(UpdateStatus.Completed);
        assertThat(get(client.countAsync(name))).isEqualTo(1);
    }

    @Test
    void anInjectedMessageSizeCapRefusesLargerRequests() throws Exception {
        FaultInjector faults = faults();
        String name = collection(2, Distance.Dot);
        long before = faults.callsRejected();

        faults.capMessageSize(1024);
        Status tooLarge = failure(client.upsertAsync(name, List.of(PointStruct.newBuilder().setId(id(1))
                .setVectors(vectors(1f, 0f)).putPayload("text", value("x".repeat(2048))).build())));
        UpdateResult small = get(client.upsertAsync(name, List.of(PointStruct.newBuilder().setId(id(2))
                .setVectors(vectors(1f, 0f)).build())));
        faults.clear();
        UpdateResult afterClear = get(client.upsertAsync(name, List.of(PointStruct.newBuilder().setId(id(1))
                .setVectors(vectors(1f, 0f)).putPayload("text", value("x".repeat(2048))).build())));

        assertThat(tooLarge.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(tooLarge.getDescription()).startsWith("gRPC message exceeds maximum size 1024: ");
        assertThat(small.getStatus()).isEqualTo(UpdateStatus.Completed);
        assertThat(afterClear.getStatus()).isEqualTo(UpdateStatus.Completed);
        assertThat(faults.callsRejected() - before).isEqualTo(1);
        assertThat(get(client.countAsync(name))).isEqualTo(2);
    }

    @Test
    void anApiKeyIsRequiredWhenConfigured() throws Exception {
        String key = "test-key-" + System.nanoTime();
        QdrantApiServer keyed = null;
        String host;
        int port;
        if (target.isInProcess()) {
            keyed = QdrantApiServer.start(0, key);
            host = "127.0.0.1";
            port = keyed.port();
        } else {
            assumeTrue(target.apiKey() != null, "the real Qdrant has no API key to enforce");
            key = target.apiKey();
            URI url = URI.create(target.grpcUrl());
            assumeTrue("http".equals(url.getScheme()), "checked over plaintext only");
            host = url.getHost();
            port = url.getPort();
        }
        try (QdrantClient anonymous = new QdrantClient(QdrantGrpcClient.newBuilder(host, port, false).build());
                QdrantClient wrong = new QdrantClient(QdrantGrpcClient.newBuilder(host, port, false)
                        .withApiKey("not-" + key).build());
                QdrantClient right = new QdrantClient(QdrantGrpcClient.newBuilder(host, port, false)
                        .withApiKey(key).build())) {

            Status missing = failure(anonymous.listCollectionsAsync());
            Status invalid = failure(wrong.listCollectionsAsync());

            assertThat(missing.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(missing.getDescription()).isEqualTo("Must provide an API key or an Authorization bearer token");
            assertThat(invalid.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(invalid.getDescription()).isEqualTo("Invalid API key or JWT");
            assertThat(get(right.listCollectionsAsync())).isNotNull();
            // Health checks stay open, as on Qdrant, so the client's version check works without a key.
            assertThat(get(anonymous.healthCheckAsync()).getVersion()).isNotEmpty();
        } finally {
            if (keyed != null) {
                keyed.close();
            }
        }
    }

    @Test
    void theHealthCheckReportsQdrantsTitleAndVersion() throws Exception {
        var reply = get(client.healthCheckAsync());

        assertThat(reply.getTitle()).isEqualTo("qdrant - vector search engine");
        if (target.isInProcess()) {
            assertThat(reply.getVersion()).isEqualTo("1.16.2");
        }
    }
}
