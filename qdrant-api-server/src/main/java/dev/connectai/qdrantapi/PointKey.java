package dev.connectai.qdrantapi;

import java.util.Locale;
import java.util.UUID;

import io.qdrant.client.grpc.Common.PointId;

/**
 * A point id as Qdrant orders them: every unsigned integer id before every UUID, integers compared unsigned and
 * UUIDs compared byte by byte. UUIDs are kept in the lowercase hyphenated form Qdrant answers with.
 */
final class PointKey implements Comparable<PointKey> {

    private static final String URN_PREFIX = "urn:uuid:";

    private final long num;
    private final UUID uuid;

    private PointKey(long num, UUID uuid) {
        this.num = num;
        this.uuid = uuid;
    }

    static PointKey of(PointId id) {
        switch (id.getPointIdOptionsCase()) {
            case NUM:
                return new PointKey(id.getNum(), null);
            case UUID:
                return new PointKey(0, parseUuid(id.getUuid()));
            default:
                throw QdrantErrors.invalidArgument("No ID options provided");
        }
    }

    /** Accepts what Rust's uuid crate accepts: hyphenated, 32 plain hex digits, braced, or a urn:uuid: URN. */
    private static UUID parseUuid(String text) {
        String s = text;
        if (s.startsWith(URN_PREFIX)) {
            s = s.substring(URN_PREFIX.length());
        } else if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
            s = s.substring(1, 37);
        }
        String hex;
        if (s.length() == 36) {
            for (int dash : new int[] {8, 13, 18, 23}) {
                if (s.charAt(dash) != '-') {
                    throw QdrantErrors.invalidArgument("Unable to parse UUID: " + text);
                }
            }
            hex = s.replace("-", "");
        } else {
            hex = s;
        }
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw QdrantErrors.invalidArgument("Unable to parse UUID: " + text);
        }
        long high = Long.parseUnsignedLong(hex.substring(0, 16), 16);
        long low = Long.parseUnsignedLong(hex.substring(16), 16);
        return new UUID(high, low);
    }

    PointId toGrpc() {
        return uuid == null
                ? PointId.newBuilder().setNum(num).build()
                : PointId.newBuilder().setUuid(uuid.toString().toLowerCase(Locale.ROOT)).build();
    }

    @Override
    public int compareTo(PointKey other) {
        if (uuid == null || other.uuid == null) {
            if (uuid == null && other.uuid == null) {
                return Long.compareUnsigned(num, other.num);
            }
            return uuid == null ? -1 : 1;
        }
        int high = Long.compareUnsigned(uuid.getMostSignificantBits(), other.uuid.getMostSignificantBits());
        return high != 0 ? high
                : Long.compareUnsigned(uuid.getLeastSignificantBits(), other.uuid.getLeastSignificantBits());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointKey && compareTo((PointKey) o) == 0;
    }

    @Override
    public int hashCode() {
        return uuid == null ? Long.hashCode(num) : uuid.hashCode();
    }

    @Override
    public String toString() {
        return uuid == null ? Long.toUnsignedString(num) : uuid.toString();
    }
}
