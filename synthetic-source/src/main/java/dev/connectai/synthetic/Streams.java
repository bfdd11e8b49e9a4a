package dev.connectai.synthetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.record.FieldPath;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Several related streams of one task, and the schedule that interleaves them. Record n of stream s is due at
 * n / rate(s) seconds; records are emitted in that order, a referenced stream before the streams referencing it at
 * equal times. So how many records of a stream precede any record is a function of the two positions alone: a
 * reference draws one of the keys emitted before it, and the key of record m is regenerated from (seed, task, m)
 * rather than remembered. The same seed gives the same records in the same order, and resuming from the positions
 * stored in the offset continues that order.
 */
final class Streams {

    /** One stream of a task. */
    static final class Stream {
        final String name;
        /** Position in the topological order: referenced streams first. */
        final int order;
        final SyntheticSourceConfig config;
        final RecordFactory factory;
        final double rate;
        final long quota;
        final FieldPath keyField;
        ValueGenerator root;

        Stream(String name, int order, SyntheticSourceConfig config, RecordFactory factory, double rate, long quota) {
            this.name = name;
            this.order = order;
            this.config = config;
            this.factory = factory;
            this.rate = rate;
            this.quota = quota;
            String key = config.getString(SyntheticSourceConfig.KEY_FIELD).trim();
            this.keyField = key.isEmpty() ? null : FieldPath.parse(key);
        }

        /** The key of this stream's record m, as it was (or will be) emitted. */
        Object key(long m) {
            return factory.keyOf(root, m);
        }
    }

    static final String POSITION = "position.";

    final List<Stream> streams;
    private final String fingerprint;
    private final long seed;
    private final Map<String, Object> partition;

    private Streams(List<Stream> streams, String fingerprint, long seed, int task) {
        this.streams = streams;
        this.fingerprint = fingerprint;
        this.seed = seed;
        this.partition = RecordFactory.partition(task);
    }

    /** Builds and checks the streams of one task; {@link SettingProblem} names the setting at fault. */
    static Streams build(SyntheticSourceConfig connector, int task, int tasks) {
        List<String> names = connector.streams();
        Map<String, SyntheticSourceConfig> configs = new LinkedHashMap<>();
        Map<String, List<References.Ref>> refs = new HashMap<>();
        for (String name : names) {
            SyntheticSourceConfig c = StreamSettings.of(connector, name);
            configs.put(name, c);
            try {
                refs.put(name, References.declared(c));
            } catch (SchemaProblem e) {
                throw new SettingProblem(StreamSettings.schemaKey(connector, name), "(schema)", e.getMessage());
            }
            for (References.Ref r : refs.get(name)) {
                if (!names.contains(r.stream())) {
                    throw new SettingProblem(StreamSettings.schemaKey(connector, name), "(schema)", "field '"
                            + r.where() + "' has " + References.ANNOTATION + " '" + r.stream() + "', which is not "
                            + "one of the " + SyntheticSourceConfig.STREAMS + " (" + String.join(", ", names) + ")");
                }
            }
        }
        List<String> ordered = topological(names, refs);
        StringBuilder identity = new StringBuilder();
        for (String name : names) {
            SyntheticSourceConfig c = configs.get(name);
            identity.append(name).append('\u0000').append(SyntheticSourceConnector.fingerprint(c)).append('\u0000')
                    .append(c.getString(SyntheticSourceConfig.KEY_FIELD)).append('\u0000');
        }
        String fingerprint = Integer.toHexString(identity.toString().hashCode());
        long seed = connector.getLong(SyntheticSourceConfig.SEED);
        List<Stream> streams = new ArrayList<>();
        Map<String, Stream> byName = new HashMap<>();
        for (String name : ordered) {
            SyntheticSourceConfig c = configs.get(name);
            long max = c.getLong(SyntheticSourceConfig.MAX_RECORDS);
            long quota = max == 0 ? Long.MAX_VALUE : max / tasks + (task < max % tasks ? 1 : 0);
            Stream s = new Stream(name, streams.size(), c,
                    new RecordFactory(c, task, fingerprint, name.hashCode() | 1L << 32, true),
                    c.getDouble(SyntheticSourceConfig.RATE) / tasks, quota);
            streams.add(s);
            byName.put(name, s);
        }
        Streams out = new Streams(streams, fingerprint, seed, task);
        for (Stream s : streams) {
            String schemaKey = StreamSettings.schemaKey(connector, s.name);
            ValueGenerator root;
            try {
                root = s.config.compile();
                for (References.Ref r : refs.get(s.name)) {
                    Stream target = byName.get(r.stream());
                    root = References.install(root, r.path(), 0,
                            schema -> new References.RefGen(schema, out, s, target), r.where());
                }
            } catch (SchemaProblem e) {
                throw new SettingProblem(schemaKey, "(schema)", e.getMessage());
            }
            s.root = root;
            for (References.Ref r : refs.get(s.name)) {
                checkTarget(connector, s, r, byName.get(r.stream()), task, tasks);
            }
        }
        return out;
    }

    /** The referenced stream has keys, non-null, of a type the referencing field can hold. */
    private static void checkTarget(SyntheticSourceConfig connector, Stream s, References.Ref r, Stream target,
                                    int task, int tasks) {
        String schemaKey = StreamSettings.schemaKey(connector, s.name);
        if (target.keyField == null) {
            throw new SettingProblem(StreamSettings.key(target.name, SyntheticSourceConfig.KEY_FIELD), "",
                    "is required: field '" + r.where() + "' of stream " + s.name + " references stream "
                            + target.name + "'s keys");
        }
        if (target.quota == 0) {
            throw new SettingProblem(StreamSettings.key(target.name, SyntheticSourceConfig.MAX_RECORDS),
                    target.config.getLong(SyntheticSourceConfig.MAX_RECORDS), "leaves task " + task + " of " + tasks
                            + " no " + target.name + " to reference; set at least " + tasks);
        }
        GenerationContext probe = new GenerationContext();
        probe.reseed(0, task, 0);
        FieldPath.Resolved sample = target.keyField.resolve(target.root.next(probe), target.root.schema);
        if (!sample.exists()) {
            throw new SettingProblem(StreamSettings.key(target.name, SyntheticSourceConfig.KEY_FIELD),
                    target.keyField.toString(), "names no field of stream " + target.name + "'s records: "
                            + sample.problem());
        }
        Schema field = fieldSchema(s.root, r.path());
        for (long m = 0; m < 20; m++) {
            Object key = target.key(m);
            if (key == null) {
                throw new SettingProblem(StreamSettings.key(target.name, SyntheticSourceConfig.KEY_FIELD),
                        target.keyField.toString(), "can be null, and stream " + s.name + " references these keys "
                                + "(field '" + r.where() + "'): make the key field required and not nullable");
            }
            if (field != null) {
                try {
                    ConnectSchema.validateValue(field, key);
                } catch (DataException e) {
                    throw new SettingProblem(schemaKey, "(schema)", "field '" + r.where() + "' references "
                            + "stream " + target.name + ", whose keys (" + target.keyField + ", e.g. " + key
                            + ") do not fit the field's type " + field.type() + ": give both the same type");
                }
            }
        }
    }

    /** The Connect schema at a path of the compiled generator, or null when values there are schemaless. */
    private static Schema fieldSchema(ValueGenerator root, List<String> path) {
        Schema s = root.schema;
        for (String step : path) {
            if (s == null) {
                return null;
            }
            s = step.equals("[]") ? s.valueSchema() : s.field(step).schema();
        }
        // As References.install reads it: on an array, the items hold the keys.
        return s != null && s.type() == Schema.Type.ARRAY ? s.valueSchema() : s;
    }

    /** Referenced streams before the streams that reference them; a cycle is refused, naming it. */
    private static List<String> topological(List<String> names, Map<String, List<References.Ref>> refs) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path being visited, 2 = done
        for (String name : names) {
            visit(name, refs, state, out, new ArrayList<>());
        }
        return out;
    }

    private static void visit(String name, Map<String, List<References.Ref>> refs, Map<String, Integer> state,
                              List<String> out, List<String> path) {
        Integer st = state.get(name);
        if (st != null && st == 2) {
            return;
        }
        path.add(name);
        if (st != null) {
            List<String> cycle = path.subList(path.indexOf(name), path.size());
            throw new SettingProblem(SyntheticSourceConfig.STREAMS, String.join(",", refs.keySet()),
                    "the streams reference each other in a cycle (" + String.join(" -> ", cycle) + "): a stream "
                            + "can only reference streams that do not reference it, directly or not");
        }
        state.put(name, 1);
        for (References.Ref r : refs.get(name)) {
            visit(r.stream(), refs, state, out, path);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
        out.add(name);
    }

    /** Whether record k of stream a comes before record n of stream b. */
    static boolean precedes(Stream a, long k, Stream b, long n) {
        double x = k * b.rate;
        double y = n * a.rate;
        return x < y || x == y && a.order < b.order;
    }

    /** How many records of {@code target} are emitted before record n of {@code owner}. */
    long available(Stream target, Stream owner, long n) {
        long c = (long) Math.floor(n * target.rate / owner.rate) + 1;
        while (c > 0 && !precedes(target, c - 1, owner, n)) {
            c--;
        }
        while (c < target.quota && precedes(target, c, owner, n)) {
            c++;
        }
        return Math.min(c, target.quota);
    }

    /** The stream whose next record is due first, or null when every stream has reached its max.records. */
    Stream next(long[] positions) {
        Stream best = null;
        for (Stream s : streams) {
            if (positions[s.order] < s.quota
                    && (best == null || precedes(s, positions[s.order], best, positions[best.order]))) {
                best = s;
            }
        }
        return best;
    }

    /** When (seconds on the schedule) a stream's record at a position is due. */
    static double due(Stream s, long position) {
        return position / s.rate;
    }

    /** Emits the next record of stream s, whose offset holds every stream's position after it. */
    SourceRecord emit(Stream s, long[] positions) {
        long n = positions[s.order]++;
        return s.factory.rules(s.root, n, partition, offset(positions));
    }

    Map<String, Object> offset(long[] positions) {
        Map<String, Object> o = new HashMap<>();
        o.put("seed", seed);
        o.put("schema", fingerprint);
        for (Stream s : streams) {
            o.put(POSITION + s.name, positions[s.order]);
        }
        return o;
    }

    Map<String, Object> partition() {
        return partition;
    }

    /** The positions a stored offset holds, or null when it belongs to other streams (another seed or schemas). */
    long[] resume(Map<String, Object> stored) {
        if (stored == null || !Long.valueOf(seed).equals(RecordFactory.asLong(stored.get("seed")))
                || !fingerprint.equals(stored.get("schema"))) {
            return null;
        }
        long[] positions = new long[streams.size()];
        for (Stream s : streams) {
            Long p = RecordFactory.asLong(stored.get(POSITION + s.name));
            positions[s.order] = p == null ? 0 : p;
        }
        return positions;
    }
}
