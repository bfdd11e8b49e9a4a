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

    static final int NO_CAP = Integer.MAX_VALUE;

    private int unavailableCalls;
    private int exhaustedCalls;
    private long unavailableUntilNanos;
    private boolean unavailableUntilSet;
    private volatile Duration latency = Duration.ZERO;
    private volatile int messageSizeCap = NO_CAP;
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

    /**
     * Requests larger than {@code maxBytes} (serialised) fail with RESOURCE_EXHAUSTED and the message gRPC Java
     * gives when its own inbound limit is hit, as a size-limited proxy in front of Qdrant would refuse them; Qdrant
     * itself has no such cap on gRPC.
     */
    public void capMessageSize(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("Message size cap must not be negative: " + maxBytes);
        }
        messageSizeCap = maxBytes;
    }

    /** Removes every fault, the latency and the message-size cap; the rejected-calls count is kept. */
    public synchronized void clear() {
        messageSizeCap = NO_CAP;
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

    int messageSizeCap() {
        return messageSizeCap;
    }

    /** The failure for a request of {@code bytes} over the cap, or null; counted as a rejected call. */
    Status tooLarge(int bytes) {
        int cap = messageSizeCap;
        if (bytes <= cap) {
            return null;
        }
        rejected.incrementAndGet();
        return Status.RESOURCE_EXHAUSTED.withDescription(
                String.format("gRPC message exceeds maximum size %d: %d", cap, bytes));
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
