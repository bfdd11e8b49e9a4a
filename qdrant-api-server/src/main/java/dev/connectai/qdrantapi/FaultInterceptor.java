package dev.connectai.qdrantapi;

import java.time.Duration;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Applies a {@link FaultInjector} to every call before any other handling. */
final class FaultInterceptor implements ServerInterceptor {

    private final FaultInjector faults;

    FaultInterceptor(FaultInjector faults) {
        this.faults = faults;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        Duration latency = faults.latency();
        if (!latency.isZero()) {
            // Runs on the server's own executor, which is an unbounded pool: a sleeping call blocks no other.
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Status failure = faults.nextFailure();
        if (failure != null) {
            call.close(failure, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
