package dev.connectai.synthetic;

import java.util.Random;

/**
 * java.util.Random with SplitMix64 underneath and no atomic updates: a task's randomness is never shared between
 * threads, and java.util.Random's compare-and-set costs more than generating the value. Datafaker takes it as any
 * Random.
 */
final class FastRandom extends Random {

    private static final long serialVersionUID = 1L;
    private long state;

    FastRandom(long seed) {
        super(seed);
        state = seed;
    }

    @Override
    public synchronized void setSeed(long seed) {
        // Called by Random's constructor too; the field may not be initialised yet there, which is fine.
        state = seed;
    }

    @Override
    protected int next(int bits) {
        return (int) (nextLong() >>> (64 - bits));
    }

    @Override
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
