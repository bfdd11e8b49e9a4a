package dev.connectai.synthetic;

import java.util.Random;

import net.datafaker.Faker;

/**
 * The randomness of one task. It is re-seeded before every record from (seed, task, sequence), so record n is the
 * same whatever batch it falls in and wherever a restart resumes: that is what makes runs reproducible.
 */
final class GenerationContext {

    final Random random;
    final Faker faker;
    /** The record's sequence number in its task: what datagen's {@code iteration} counts. */
    long sequence;

    GenerationContext() {
        this.random = new FastRandom(0);
        this.faker = new Faker(random);
    }

    void reseed(long seed, int task, long sequence) {
        this.sequence = sequence;
        random.setSeed(mix(mix(seed) ^ mix(task + 0x9E3779B97F4A7C15L) ^ mix(sequence * 0xBF58476D1CE4E5B9L)));
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
