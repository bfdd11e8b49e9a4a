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

    /** Where a value sits: {@code $.a.b[2]}; a linked list so building it costs nothing until it is shown. */
    record Path(Path parent, String segment, int depth) {

        static Path root(String name) {
            return new Path(null, name, 0);
        }

        Path field(Object name) {
            String key = String.valueOf(name);
            if (key.length() > SHOWN_KEY_CHARS) {
                key = key.substring(0, SHOWN_KEY_CHARS) + "…";
            }
            return new Path(this, "." + key, depth + 1);
        }

        Path index(int i) {
            return new Path(this, "[" + i + "]", depth + 1);
        }

        @Override
        public String toString() {
            List<String> segments = new ArrayList<>();
            for (Path p = this; p != null; p = p.parent) {
                segments.add(p.segment);
            }
            StringBuilder out = new StringBuilder();
            int shown = Math.min(segments.size(), SHOWN_SEGMENTS);
            for (int i = segments.size() - 1; i >= segments.size() - shown; i--) {
                out.append(segments.get(i));
            }
            if (shown < segments.size()) {
                out.append("… (").append(segments.size() - 1).append(" levels)");
            }
            return out.toString();
        }
    }

    /** Checks {@code value} (a key, value or row) without recursion; throws naming the first too-deep path. */
    void check(Object value, String rootName) {
        Deque<Map.Entry<Object, Path>> todo = new ArrayDeque<>();
        todo.push(Map.entry(value == null ? "" : value, Path.root(rootName)));
        while (!todo.isEmpty()) {
            Map.Entry<Object, Path> next = todo.pop();
            Object v = next.getKey();
            Path path = next.getValue();
            if (!(v instanceof Struct || v instanceof Map || v instanceof List)) {
                continue;
            }
            // A container at path depth d is nesting level d + 1.
            if (path.depth() + 1 > maxDepth) {
                throw tooDeep(path);
            }
            if (v instanceof Struct struct) {
                for (Field f : struct.schema().fields()) {
                    push(todo, struct.get(f), path.field(f.name()));
                }
            } else if (v instanceof Map<?, ?> map) {
                map.forEach((k, x) -> push(todo, x, path.field(k)));
            } else {
                List<?> list = (List<?>) v;
                for (int i = 0; i < list.size(); i++) {
                    push(todo, list.get(i), path.index(i));
                }
            }
        }
    }

    private static void push(Deque<Map.Entry<Object, Path>> todo, Object v, Path path) {
        if (v instanceof Struct || v instanceof Map || v instanceof List) {
            todo.push(Map.entry(v, path));
        }
    }

    DataException tooDeep(Path path) {
        return new DataException("the record is nested deeper than " + QdrantSinkConfig.PAYLOAD_MAX_DEPTH + "="
                + maxDepth + " at " + path + "; flatten it or raise " + QdrantSinkConfig.PAYLOAD_MAX_DEPTH);
    }
}
