package dev.connectai.qdrantapi;

import java.time.Duration;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCallListener;
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
        if (faults.messageSizeCap() == FaultInjector.NO_CAP) {
            return next.startCall(call, headers);
        }
        return new CappedListener<>(call, next.startCall(call, headers));
    }

    /** Refuses a request over the injected size cap before the handler sees it. */
    private final class CappedListener<Q, A> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, A> call;
        private boolean refused;

        CappedListener(ServerCall<Q, A> call, ServerCall.Listener<Q> delegate) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(Q message) {
            Status tooLarge = message instanceof MessageLite
                    ? faults.tooLarge(((MessageLite) message).getSerializedSize()) : null;
            if (tooLarge != null) {
                refused = true;
                call.close(tooLarge, new Metadata());
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }
    }
}
