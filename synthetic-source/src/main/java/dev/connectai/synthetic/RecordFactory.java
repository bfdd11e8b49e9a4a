package dev.connectai.synthetic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.connectai.synthetic.SyntheticSourceConfig.AnomalyKind;
import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.record.FieldPath;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds record n of a task: the value, then (from the same seeded randomness) its key, timestamp, tombstone and
 * anomaly decisions and headers. Everything depends only on (seed, task, n), so a restarted task repeats nothing and
 * skips nothing.
 */
final class RecordFactory {

    private final SyntheticSourceConfig config;
    private final String topic;
    private final int task;
    private final long seed;
    private final FieldPath keyField;
    private final boolean eventTime;
    private final long eventStart;
    private final long eventStep;
    private final double lateFraction;
    private final long lateMax;
    private final double tombstoneRate;
    private final double anomalyRate;
    private final List<AnomalyKind> anomalyKinds;
    private final boolean headers;
    private final String schemaFingerprint;
    private final GenerationContext ctx = new GenerationContext();
    /** Regenerates records for their keys, apart from {@link #ctx}: a key may be wanted in the middle of a record. */
    private final GenerationContext keys = new GenerationContext();
    private final Map<String, Object> partition;
    /** Distinguishes the streams of a multi-stream connector; 0 for a single stream. */
    private final long streamSalt;
    /** Keys from the value as generated, before an anomaly: a referenced key must be the one regenerated. */
    private final boolean keyBeforeAnomaly;
    private Object previousValue;

    RecordFactory(SyntheticSourceConfig config, int task, String schemaFingerprint) {
        this(config, task, schemaFingerprint, 0, false);
    }

    RecordFactory(SyntheticSourceConfig config, int task, String schemaFingerprint, long streamSalt,
                  boolean keyBeforeAnomaly) {
        this.config = config;
        this.topic = config.getString(SyntheticSourceConfig.TOPIC);
        this.task = task;
        this.seed = config.getLong(SyntheticSourceConfig.SEED);
        String key = config.getString(SyntheticSourceConfig.KEY_FIELD).trim();
        this.keyField = key.isEmpty() ? null : FieldPath.parse(key);
        this.eventTime = config.timestampMode() == SyntheticSourceConfig.TimestampMode.EVENT;
        this.eventStart = Instant.parse(config.getString(SyntheticSourceConfig.EVENT_START)).toEpochMilli();
        this.eventStep = config.getLong(SyntheticSourceConfig.EVENT_STEP_MS);
        this.lateFraction = config.getDouble(SyntheticSourceConfig.LATE_FRACTION);
        this.lateMax = config.getLong(SyntheticSourceConfig.LATE_MAX_MS);
        this.tombstoneRate = config.getDouble(SyntheticSourceConfig.TOMBSTONE_RATE);
        this.anomalyRate = config.getDouble(SyntheticSourceConfig.ANOMALY_RATE);
        this.anomalyKinds = config.anomalyKinds();
        this.headers = config.getBoolean(SyntheticSourceConfig.HEADERS);
        this.schemaFingerprint = schemaFingerprint;
        this.partition = partition(task);
        this.streamSalt = streamSalt;
        this.keyBeforeAnomaly = keyBeforeAnomaly;
    }

    /** The seed of this stream's randomness: the configured seed for a single stream. */
    private long streamSeed() {
        return streamSalt == 0 ? seed : seed ^ GenerationContext.mix(streamSalt);
    }

    static Map<String, Object> partition(int task) {
        return Map.of("task", task);
    }

    Map<String, Object> offset(long sequence) {
        return Map.of("iteration", sequence, "seed", seed, "schema", schemaFingerprint);
    }

    /** Whether a stored offset belongs to this stream (same seed and schema), so resuming from it is right. */
    boolean sameStream(Map<String, Object> offset) {
        return offset != null && Long.valueOf(seed).equals(asLong(offset.get("seed")))
                && schemaFingerprint.equals(offset.get("schema"));
    }

    static Long asLong(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    SourceRecord rules(ValueGenerator root, long sequence) {
        return rules(root, sequence, partition, offset(sequence));
    }

    /** Record n with the given source partition and offset (several streams share one offset). */
    SourceRecord rules(ValueGenerator root, long sequence, Map<String, ?> sourcePartition,
                       Map<String, ?> sourceOffset) {
        ctx.reseed(streamSeed(), task, sequence);
        Object value = root.next(ctx);
        return finish(root.schema, value, sequence, root, sourcePartition, sourceOffset);
    }

    /** The key of record n, regenerated: what {@link #rules} gives record n as its key. */
    Object keyOf(ValueGenerator root, long sequence) {
        keys.reseed(streamSeed(), task, sequence);
        return keyField.resolve(root.next(keys), root.schema).value();
    }

    /** A record whose value came from elsewhere (the LLM), with the same key, time and header rules. */
    SourceRecord given(Schema schema, Object value, long sequence) {
        ctx.reseed(seed, task, sequence);
        return finish(schema, value, sequence, null, partition, offset(sequence));
    }

    private SourceRecord finish(Schema schema, Object value, long sequence, ValueGenerator root,
                                Map<String, ?> sourcePartition, Map<String, ?> sourceOffset) {
        FieldPath.Resolved generatedKey = keyBeforeAnomaly && keyField != null ? keyField.resolve(value, schema) : null;
        AnomalyKind anomaly = null;
        if (anomalyRate > 0 && ctx.random.nextDouble() < anomalyRate && !anomalyKinds.isEmpty()) {
            anomaly = anomalyKinds.get(ctx.random.nextInt(anomalyKinds.size()));
            Object changed = inject(anomaly, value, root);
            if (changed == null) {
                anomaly = null; // nothing in this schema can carry that anomaly
            } else {
                value = changed;
            }
        }
        Schema keySchema = null;
        Object key = null;
        if (keyField != null) {
            FieldPath.Resolved r = generatedKey != null ? generatedKey : keyField.resolve(value, schema);
            keySchema = r.schema();
            key = r.value();
        }
        boolean tombstone = tombstoneRate > 0 && ctx.random.nextDouble() < tombstoneRate;
        long timestamp = eventTime ? eventStart + sequence * eventStep
                - (lateFraction > 0 && ctx.random.nextDouble() < lateFraction ? (long) (ctx.random.nextDouble() * lateMax) : 0)
                : System.currentTimeMillis();
        ConnectHeaders h = new ConnectHeaders();
        if (headers) {
            h.addInt("synthetic.task", task);
            h.addLong("synthetic.sequence", sequence);
            h.addLong("synthetic.seed", seed);
            if (anomaly != null) {
                h.addString("synthetic.anomaly", Enums.configName(anomaly));
            }
        }
        previousValue = value;
        return new SourceRecord(sourcePartition, sourceOffset, topic, null, keySchema, key,
                tombstone ? null : schema, tombstone ? null : value, timestamp, h);
    }

    private Object inject(AnomalyKind kind, Object generated, ValueGenerator root) {
        if (kind == AnomalyKind.DUPLICATE) {
            return previousValue;
        }
        if (!(root instanceof Generators.StructGen s) || !(generated instanceof Struct value)) {
            return null;
        }
        List<Map.Entry<String, ValueGenerator>> candidates = new ArrayList<>();
        for (Map.Entry<String, ValueGenerator> e : s.fields.entrySet()) {
            ValueGenerator g = e.getValue() instanceof Generators.NullableGen n ? n.inner : e.getValue();
            boolean fits = switch (kind) {
                case OUTLIER -> g instanceof Generators.IntGen || g instanceof Generators.DoubleGen;
                case NULL -> e.getValue().schema.isOptional();
                default -> g instanceof Generators.TextGen; // EXTREME_STRING
            };
            if (fits) {
                candidates.add(e);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        Map.Entry<String, ValueGenerator> target = candidates.get(ctx.random.nextInt(candidates.size()));
        Struct copy = new Struct(value.schema());
        for (Field f : value.schema().fields()) {
            copy.put(f, value.get(f));
        }
        copy.put(target.getKey(), kind == AnomalyKind.NULL ? null : target.getValue().outlier(ctx));
        return copy;
    }
}
