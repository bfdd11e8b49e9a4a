package dev.connectai.qdrant;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * How long to wait for a call given {@code timeoutMs}: the call's gRPC deadline should end it first (with a
     * more telling status); the extra time only matters when a call never completes at all.
     */
    static long waitMs(long timeoutMs) {
        return timeoutMs + Math.min(timeoutMs, 5_000L);
    }

    /**
     * Waits at most {@link #waitMs(long) waitMs(timeoutMs)} for a call; returns its value or throws the Connect
     * exception its failure maps to. A call that does not finish in time is cancelled and retriable.
     */
    static <T> T await(Future<T> call, long timeoutMs, String what) {
        try {
            return call.get(waitMs(timeoutMs), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new RetriableException(what + " interrupted", e);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(what, waitMs(timeoutMs), e);
        } catch (ExecutionException e) {
            throw map(e.getCause(), what);
        }
    }

    static RetriableException timedOut(String what, long waitedMs, TimeoutException e) {
        return new RetriableException(what + " did not finish within " + waitedMs + " ms (" + QdrantSinkConfig.TIMEOUT_MS
                + " plus a grace period); cancelled, Connect retries the batch", e);
    }

    /** Words gRPC, Qdrant and HTTP proxies use when a request is over a size limit. */
    private static final List<String> SIZE_WORDS = List.of("message larger than max", "exceeds maximum size",
            "too large", "message length too large", "message size", "request size", "413", "entity too large");

    /**
     * Whether a call failed because its request was too large. A size limit is deterministic: resending the same
     * request can never pass, so this is never retriable (RESOURCE_EXHAUSTED otherwise is, as a rate limit).
     */
    static boolean tooLarge(Throwable t) {
        Status status = status(t);
        switch (status.getCode()) {
            case RESOURCE_EXHAUSTED, INVALID_ARGUMENT, OUT_OF_RANGE, UNKNOWN, INTERNAL, FAILED_PRECONDITION -> {
                String d = status.getDescription() == null ? "" : status.getDescription().toLowerCase(Locale.ROOT);
                return SIZE_WORDS.stream().anyMatch(d::contains);
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Whether Qdrant refused something in the points themselves: INVALID_ARGUMENT, or a request its protobuf
     * decoder could not read (nesting over its recursion limit), which resending can never change.
     */
    static boolean rejectsPoints(Throwable t) {
        Status status = status(t);
        if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
            return true;
        }
        String d = status.getDescription() == null ? "" : status.getDescription().toLowerCase(Locale.ROOT);
        return (status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN)
                && (d.contains("recursion limit") || d.contains("levels of nesting") || d.contains("failed to decode")
                || d.contains("invalid protobuf byte sequence"));
    }

    static Status status(Throwable t) {
        return t instanceof StatusRuntimeException s ? s.getStatus() : Status.fromThrowable(t);
    }

    static Status.Code code(Throwable t) {
        return t instanceof StatusRuntimeException s ? s.getStatus().getCode() : Status.fromThrowable(t).getCode();
    }

    static RuntimeException map(Throwable t, String what) {
        Status status = status(t);
        String message = what + " failed: " + status.getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
        if (tooLarge(t)) {
            return new ConnectException(message + "; the request is over a size limit of Qdrant or a proxy in "
                    + "front of it: lower " + QdrantSinkConfig.BATCH_MAX_BYTES, t);
        }
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
