package dev.connectai.qdrantapi;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Status;

/**
 * Failures and slowness to inflict on the calls a {@link QdrantApiServer} receives, every RPC included (the
 * client's health check too). Call-counted faults are used up in arrival order: unavailability before
 * exhaustion. Thread-safe; settings apply to calls that arrive after they are made.
 */
public final class FaultInjector {

    private int unavailableCalls;
    private int exhaustedCalls;
    private long unavailableUntilNanos;
    private boolean unavailableUntilSet;
    private volatile Duration latency = Duration.ZERO;
    private final AtomicLong rejected = new AtomicLong();

    FaultInjector() {
    }

    /** The next {@code n} calls fail with UNAVAILABLE, as during a restart or a dropped connection. */
    public synchronized void unavailableForCalls(int n) {
        unavailableCalls = requireNonNegative(n);
    }

    /** Every call fails with UNAVAILABLE until {@code d} from now. */
    public synchronized void unavailableFor(Duration d) {
        unavailableUntilNanos = System.nanoTime() + d.toNanos();
        unavailableUntilSet = true;
    }

    /** The next {@code n} calls fail with RESOURCE_EXHAUSTED, as Qdrant answers when its rate limit is hit. */
    public synchronized void resourceExhaustedForCalls(int n) {
        exhaustedCalls = requireNonNegative(n);
    }

    /** Each call waits {@code d} before being handled (or failed); {@link Duration#ZERO} removes the delay. */
    public void addLatency(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("Latency must not be negative: " + d);
        }
        latency = d;
    }

    /** Removes every fault and the latency; the rejected-calls count is kept. */
    public synchronized void clear() {
        unavailableCalls = 0;
        exhaustedCalls = 0;
        unavailableUntilSet = false;
        latency = Duration.ZERO;
    }

    /** How many calls this injector failed so far. */
    public long callsRejected() {
        return rejected.get();
    }

    Duration latency() {
        return latency;
    }

    /** The status the arriving call must fail with, or null to let it through; consumes a counted fault. */
    synchronized Status nextFailure() {
        Status failure = null;
        if (unavailableUntilSet && System.nanoTime() - unavailableUntilNanos < 0) {
            failure = Status.UNAVAILABLE.withDescription("Injected fault: Qdrant is unavailable");
        } else if (unavailableCalls > 0) {
            unavailableCalls--;
            failure = Status.UNAVAILABLE.withDescription("Injected fault: Qdrant is unavailable");
        } else if (exhaustedCalls > 0) {
            exhaustedCalls--;
            failure = Status.RESOURCE_EXHAUSTED.withDescription("Rate limiting exceeded: injected fault");
        }
        if (failure != null) {
            rejected.incrementAndGet();
        }
        return failure;
    }

    private static int requireNonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Call count must not be negative: " + n);
        }
        return n;
    }
}
