package dev.connectai.qdrant;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/** Maps gRPC failures of Qdrant calls onto Connect's error model. */
final class QdrantErrors {

    /** Faults that pass: Connect re-delivers the batch, and every write is idempotent. */
    static final Set<Status.Code> RETRIABLE = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

    private QdrantErrors() {
    }

    /** Waits for a call; returns its value or throws the Connect exception its failure maps to. */
    static <T> T await(Future<T> call, String what) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException(what + " interrupted", e);
        } catch (ExecutionException e) {
            throw map(e.getCause(), what);
        }
    }

    static Status.Code code(Throwable t) {
        return t instanceof StatusRuntimeException s ? s.getStatus().getCode() : Status.fromThrowable(t).getCode();
    }

    static RuntimeException map(Throwable t, String what) {
        Status status = t instanceof StatusRuntimeException s ? s.getStatus() : Status.fromThrowable(t);
        String message = what + " failed: " + status.getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
        if (RETRIABLE.contains(status.getCode())) {
            return new RetriableException(message, t);
        }
        if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
            return new ConnectException(what + " failed: Qdrant rejected the API key (" + status.getCode()
                    + "); check " + QdrantSinkConfig.API_KEY, t);
        }
        return new ConnectException(message, t);
    }
}
