package dev.connectai.toolkit.sparse;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain reference, {@code MurmurHash3_x86_32}): the hash
 * Python's {@code mmh3.hash}, Rust's {@code murmur3_32} and most other ports compute, so BM25 indices can be
 * reproduced outside Java. Blocks are read little-endian.
 */
final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    static int hash32(byte[] data, int length, int seed) {
        int h = seed;
        int blocks = length & ~3;
        for (int i = 0; i < blocks; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24;
            h ^= mixKey(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int k = 0;
        switch (length & 3) {
            case 3:
                k ^= (data[blocks + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[blocks + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[blocks] & 0xff;
                h ^= mixKey(k);
                break;
            default:
                break;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixKey(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }
}
