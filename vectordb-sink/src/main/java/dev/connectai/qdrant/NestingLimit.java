package dev.connectai.qdrant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The deepest nesting of structs, maps and arrays the sink accepts ({@code payload.max.depth}; a record's value
 * itself is level 1). Everything the sink does recursively over record data (payload conversion, id hashing,
 * protobuf serialisation) runs on values checked here first, so hostile nesting costs a DataException, never a
 * StackOverflowError.
 */
final class NestingLimit {

    /** Path segments shown in a message before it is cut short. */
    private static final int SHOWN_SEGMENTS = 12;
    private static final int SHOWN_KEY_CHARS = 40;

    private final int maxDepth;

    NestingLimit(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    int maxDepth() {
        return maxDepth;
    }

    /**
     * Where a value sits: {@code $.a.b[2]}. A linked list holding the raw key or index, so walking a record costs no
     * string building (a vector's 384 elements would otherwise each format an index); text is made only when shown.
     */
    record Path(Path parent, Object key, int index, int depth) {

        static Path root(String name) {
            return new Path(null, name, -1, 0);
        }

        Path field(Object name) {
            return new Path(this, name, -1, depth + 1);
        }

        Path index(int i) {
            return new Path(this, null, i, depth + 1);
        }

        private String segment() {
            if (parent == null) {
                return String.valueOf(key);
            }
            if (key == null) {
                return "[" + index + "]";
            }
            String name = String.valueOf(key);
            return "." + (name.length() > SHOWN_KEY_CHARS ? name.substring(0, SHOWN_KEY_CHARS) + "…" : name);
        }

        @Override
        public String toString() {
            List<Path> segments = new ArrayList<>();
            for (Path p = this; p != null; p = p.parent) {
                segments.add(p);
            }
            StringBuilder out = new StringBuilder();
            int shown = Math.min(segments.size(), SHOWN_SEGMENTS);
            for (int i = segments.size() - 1; i >= segments.size() - shown; i--) {
                out.append(segments.get(i).segment());
            }
            if (shown < segments.size()) {
                out.append("… (").append(segments.size() - 1).append(" levels)");
            }
            return out.toString();
        }
    }

    /** Checks {@code value} (a key, value or row) without recursion; throws naming the first too-deep path. */
    void check(Object value, String rootName) {
        if (!isContainer(value)) {
            return;
        }
        Deque<Map.Entry<Object, Path>> todo = new ArrayDeque<>();
        todo.push(Map.entry(value, Path.root(rootName)));
        while (!todo.isEmpty()) {
            Map.Entry<Object, Path> next = todo.pop();
            Object v = next.getKey();
            Path path = next.getValue();
            // A container at path depth d is nesting level d + 1.
            if (path.depth() + 1 > maxDepth) {
                throw tooDeep(path);
            }
            if (v instanceof Struct struct) {
                for (Field f : struct.schema().fields()) {
                    Object x = struct.get(f);
                    if (isContainer(x)) {
                        todo.push(Map.entry(x, path.field(f.name())));
                    }
                }
            } else if (v instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (isContainer(e.getValue())) {
                        todo.push(Map.entry(e.getValue(), path.field(e.getKey())));
                    }
                }
            } else {
                List<?> list = (List<?>) v;
                for (int i = 0; i < list.size(); i++) {
                    Object x = list.get(i);
                    if (isContainer(x)) {
                        todo.push(Map.entry(x, path.index(i)));
                    }
                }
            }
        }
    }

    private static boolean isContainer(Object v) {
        // Leaves first, by class: a vector's elements then never reach the interface checks, which alternate
        // between Map and List on the same class and so miss HotSpot's one-entry secondary-supertype cache.
        if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean) {
            return false;
        }
        return v instanceof Struct || v instanceof Map || v instanceof List;
    }

    DataException tooDeep(Path path) {
        return new DataException("the record is nested deeper than " + QdrantSinkConfig.PAYLOAD_MAX_DEPTH + "="
                + maxDepth + " at " + path + "; flatten it or raise " + QdrantSinkConfig.PAYLOAD_MAX_DEPTH);
    }
}
