package dev.connectai.qdrantapi;

import java.util.function.Function;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** Runs one unary call: a reply, or the Qdrant-shaped error the handler threw. */
final class Unary {

    /** Seconds since the call started, for the {@code time} field every Qdrant reply carries. */
    static final class Stopwatch {
        private final long started = System.nanoTime();

        double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private Unary() {
    }

    static <T> void answer(StreamObserver<T> observer, Function<Stopwatch, T> handler) {
        T reply;
        try {
            reply = handler.apply(new Stopwatch());
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        } catch (RuntimeException e) {
            observer.onError(Status.INTERNAL.withDescription("Service internal error: " + e).withCause(e)
                    .asRuntimeException());
            return;
        }
        observer.onNext(reply);
        observer.onCompleted();
    }
}
