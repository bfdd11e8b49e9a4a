package dev.connectai.qdrant;

import io.grpc.Status;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QdrantErrorsTest {

    @Test
    void transientStatusesAreRetriable() {
        for (Status s : new Status[] {Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED, Status.RESOURCE_EXHAUSTED, Status.ABORTED}) {
            assertThat(QdrantErrors.map(s.withDescription("x").asRuntimeException(), "upserting"))
                    .as(s.getCode().name()).isInstanceOf(RetriableException.class)
                    .hasMessageContaining(s.getCode().name());
        }
    }

    @Test
    void rejectedKeyAndOtherFaultsAreNot() {
        RuntimeException key = QdrantErrors.map(Status.UNAUTHENTICATED.withDescription("Invalid API key or JWT")
                .asRuntimeException(), "upserting");
        assertThat(key).isExactlyInstanceOf(ConnectException.class).hasMessageContaining("rejected the API key")
                .hasMessageContaining("qdrant.api.key");
        assertThat(QdrantErrors.map(Status.INTERNAL.asRuntimeException(), "upserting"))
                .isExactlyInstanceOf(ConnectException.class);
    }
}
