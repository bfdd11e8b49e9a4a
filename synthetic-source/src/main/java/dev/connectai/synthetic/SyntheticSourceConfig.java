package dev.connectai.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.llm.ChatModelConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the synthetic source. The generated reference is {@code docs/config-reference.md} (module config-docs). */
public final class SyntheticSourceConfig extends AbstractConfig {

    static final String SCHEMA_GROUP = "Schema";
    static final String STREAM_GROUP = "Stream";
    static final String TIME_GROUP = "Time";
    static final String QUALITY_GROUP = "Data quality testing";
    static final String LLM_GROUP = "LLM generation";
    static final String STREAMS_GROUP = "Related streams";

    public static final String SCHEMA_TYPE = "schema.type";
    public static final String SCHEMA = "schema";
    public static final String SCHEMA_FILE = "schema.file";
    public static final String SCHEMA_FOLDER = "schema.folder";
    public static final String NULL_RATE = "null.rate";
    public static final String INFER_FAKER = "infer.faker.from.names";
    public static final String OUTPUT_SCHEMA = "output.schema";
    public static final String RECURSION_DEPTH = "recursion.max.depth";
    public static final String TOPIC = "topic";
    public static final String KEY_FIELD = "key.field";
    public static final String RATE = "records.per.second";
    public static final String MAX_RECORDS = "max.records";
    public static final String BATCH_SIZE = "batch.size";
    public static final String SEED = "seed";
    public static final String TIMESTAMP_MODE = "timestamp.mode";
    public static final String EVENT_START = "event.time.start";
    public static final String EVENT_STEP_MS = "event.time.step.ms";
    public static final String LATE_FRACTION = "late.fraction";
    public static final String LATE_MAX_MS = "late.max.delay.ms";
    public static final String TOMBSTONE_RATE = "tombstone.rate";
    public static final String ANOMALY_RATE = "anomaly.rate";
    public static final String ANOMALY_KINDS = "anomaly.kinds";
    public static final String HEADERS = "headers.enabled";
    public static final String GENERATOR = "generator";
    public static final String LLM_BATCH = "llm.batch.records";
    public static final String LLM_DESCRIPTION = "llm.topic.description";
    public static final String LLM_EXAMPLES = "llm.examples";
    public static final String STREAMS = "streams";
    public static final String STREAMS_TIME_SCALE = "streams.time.scale";
    /** Prefix of one stream's settings: {@code stream.<name>.<setting>}. */
    public static final String STREAM_PREFIX = "stream.";

    /** What the schema setting holds. */
    public enum SchemaType { JSON, AVRO, EXAMPLE }

    /** Whether record values carry a Connect schema. */
    public enum OutputSchema { AUTO, CONNECT, NONE }

    /** Where record timestamps come from. */
    public enum TimestampMode { WALL, EVENT }

    /** Who writes the records. */
    public enum Generator { RULES, LLM }

    /** Anomalies the source can inject. */
    public enum AnomalyKind {
        OUTLIER, NULL, DUPLICATE,
        EXTREME_STRING {
            @Override
            public String toString() {
                return "extreme-string";
            }
        }
    }

    static final String TASK_INDEX = "connect.ai.task.index";
    static final String TASK_COUNT = "connect.ai.task.count";

    public static final ConfigDef CONFIG_DEF = define();
    private static final ObjectMapper JSON = new ObjectMapper();

    public SyntheticSourceConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        if (!streams().isEmpty()) {
            StreamSettings.check(this);
            return;
        }
        if (getString(TOPIC).isBlank()) {
            throw new SettingProblem(TOPIC, getString(TOPIC), "is required: the topic to write to (or list "
                    + STREAMS + " and set " + STREAM_PREFIX + "<name>.topic per stream)");
        }
        if (schemaText().isBlank()) {
            throw new ConfigException(SCHEMA, "", "set " + SCHEMA + " or " + SCHEMA_FILE);
        }
        if (llm() && getString(ChatModelConfig.MODEL).isBlank()) {
            throw new ConfigException(ChatModelConfig.MODEL, "", "is required when generator=llm");
        }
        if (llm() && schemaType().equals("avro")) {
            throw new ConfigException(GENERATOR, "llm", "LLM generation takes a JSON Schema or an example, not Avro");
        }
    }

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef();
        int o = 0;
        def.define(SCHEMA_TYPE, Type.STRING, "json", Enums.validator(SchemaType.class), Importance.HIGH,
                "What 'schema' holds: a JSON Schema, an Avro schema, or one example JSON record whose schema is inferred.",
                SCHEMA_GROUP, ++o, Width.SHORT, "Schema type");
        def.define(SCHEMA, Type.STRING, "", Importance.HIGH,
                "The schema (or example), inline. Realistic values: 'x-faker' (JSON Schema) or 'faker' (Avro field "
                        + "property) holds a Datafaker expression such as #{Name.fullName}.",
                SCHEMA_GROUP, ++o, Width.LONG, "Schema");
        def.define(SCHEMA_FILE, Type.STRING, "", Importance.HIGH, "Path of a file holding the schema, instead of 'schema'.",
                SCHEMA_GROUP, ++o, Width.LONG, "Schema file");
        def.define(SCHEMA_FOLDER, Type.STRING, "", Importance.LOW,
                "Folder holding the other JSON Schema files the schema's $refs name (e.g. \"common.json#/$defs/id\"); "
                        + "empty: the folder of schema.file. A $ref to a URL is never fetched (the draft-04/06/07 "
                        + "meta-schemas are bundled): it is read from the file of this folder named like the URL's "
                        + "last path segment (https://example.com/schemas/common.json#/$defs/id -> common.json, or "
                        + "common.json for .../common), so put a downloaded copy here.",
                SCHEMA_GROUP, ++o, Width.LONG, "Schema folder");
        def.define(NULL_RATE, Type.DOUBLE, 0.1, Range.between(0.0, 1.0), Importance.MEDIUM,
                "Probability that an optional field is null ('x-null-rate' overrides it per field).",
                SCHEMA_GROUP, ++o, Width.SHORT, "Null rate");
        def.define(INFER_FAKER, Type.BOOLEAN, true, Importance.LOW,
                "Give plain string fields realistic values from their names (email, name, city, phone, company, ...).",
                SCHEMA_GROUP, ++o, Width.SHORT, "Infer from names");
        def.define(OUTPUT_SCHEMA, Type.STRING, "auto", Enums.validator(OutputSchema.class), Importance.MEDIUM,
                "Whether values carry a Connect schema (JSON Schema input). 'auto': a Connect schema (Structs) when it "
                        + "can state exactly what the JSON Schema says, else the record is schemaless (maps and "
                        + "lists, as the JSON would be), e.g. for a oneOf whose branches differ in type or fields; "
                        + "'connect': always Structs, object branches of a oneOf merged into one struct whose other "
                        + "branches' fields are null, and a schema Connect cannot state is refused; 'none': always "
                        + "schemaless. Schemaless records need a converter that takes them (JsonConverter with "
                        + "schemas.enable=false).", SCHEMA_GROUP, ++o, Width.SHORT, "Output schema");
        def.define(RECURSION_DEPTH, Type.INT, 3, Range.between(1, 10), Importance.LOW,
                "How many times a recursive type (an Avro record that contains itself, a JSON Schema $ref that reaches "
                        + "itself) nests in one value. At the "
                        + "bound, the array, map or optional that recurses ends (empty, or null); a recursion with no "
                        + "such way out is refused.", SCHEMA_GROUP, ++o, Width.SHORT, "Recursion depth");
        o = 0;
        def.define(TOPIC, Type.STRING, "", Importance.HIGH,
                "Topic to write to (required unless 'streams' is set).", STREAM_GROUP, ++o, Width.MEDIUM, "Topic");
        def.define(KEY_FIELD, Type.STRING, "", Importance.MEDIUM,
                "Field whose value becomes the record key (with its schema); empty means null keys.",
                STREAM_GROUP, ++o, Width.MEDIUM, "Key field");
        def.define(RATE, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.HIGH,
                "Records per second for the whole connector, split across tasks and paced per batch (no sleep per "
                        + "record); 0 means as fast as possible.", STREAM_GROUP, ++o, Width.SHORT, "Rate");
        def.define(MAX_RECORDS, Type.LONG, 0L, Range.atLeast(0L), Importance.HIGH,
                "Stop after this many records in all (0 = never). Tasks then idle and stay RUNNING.",
                STREAM_GROUP, ++o, Width.SHORT, "Max records");
        def.define(BATCH_SIZE, Type.INT, 1000, Range.between(1, 100_000), Importance.LOW,
                "Most records one poll() returns.", STREAM_GROUP, ++o, Width.SHORT, "Batch size");
        def.define(SEED, Type.LONG, 42L, Importance.MEDIUM,
                "Seed: the same seed and config give the same records; each task draws a distinct sub-stream.",
                STREAM_GROUP, ++o, Width.SHORT, "Seed");
        def.define(HEADERS, Type.BOOLEAN, true, Importance.LOW,
                "Add headers synthetic.task, synthetic.sequence and synthetic.seed (and synthetic.anomaly).",
                STREAM_GROUP, ++o, Width.SHORT, "Headers");
        o = 0;
        def.define(TIMESTAMP_MODE, Type.STRING, "wall", Enums.validator(TimestampMode.class), Importance.MEDIUM,
                "'wall': now; 'event': simulated event time from event.time.start in steps of event.time.step.ms.",
                TIME_GROUP, ++o, Width.SHORT, "Timestamps");
        def.define(EVENT_START, Type.STRING, "2026-01-01T00:00:00Z", ConfigDef.LambdaValidator.with((n, v) -> {
            try {
                Instant.parse(v.toString());
            } catch (DateTimeParseException e) {
                throw new ConfigException(n, v, "is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
            }
        }, () -> "an ISO-8601 instant"), Importance.LOW, "First event time.", TIME_GROUP, ++o, Width.MEDIUM, "Start");
        def.define(EVENT_STEP_MS, Type.LONG, 1000L, Range.atLeast(0L), Importance.LOW,
                "Event time between consecutive records of a task.", TIME_GROUP, ++o, Width.SHORT, "Step (ms)");
        def.define(LATE_FRACTION, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.LOW,
                "Fraction of records whose event time lags behind (late / out of order).", TIME_GROUP, ++o, Width.SHORT,
                "Late fraction");
        def.define(LATE_MAX_MS, Type.LONG, 60_000L, Range.atLeast(0L), Importance.LOW,
                "Largest lag of a late record.", TIME_GROUP, ++o, Width.SHORT, "Max delay (ms)");
        o = 0;
        def.define(TOMBSTONE_RATE, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.LOW,
                "Fraction of records sent as tombstones (null value, key kept).", QUALITY_GROUP, ++o, Width.SHORT,
                "Tombstone rate");
        def.define(ANOMALY_RATE, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.LOW,
                "Fraction of records with an injected anomaly, to test downstream checks and DLQs.",
                QUALITY_GROUP, ++o, Width.SHORT, "Anomaly rate");
        List<String> anomalyKinds = List.of(Enums.names(AnomalyKind.class));
        def.define(ANOMALY_KINDS, Type.LIST, String.join(",", anomalyKinds),
                ConfigDef.LambdaValidator.with((n, v) -> {
                    for (Object k : (List<?>) v) {
                        if (!anomalyKinds.contains(k.toString().trim())) {
                            throw new ConfigException(n, v, "unknown anomaly kind '" + k + "'");
                        }
                    }
                }, () -> String.join(", ", anomalyKinds)), Importance.LOW,
                "Anomalies to inject: numbers beyond their bounds, nulls in optional fields, repeated records, very "
                        + "long strings with unusual characters.", QUALITY_GROUP, ++o, Width.LONG, "Anomaly kinds");
        o = 0;
        def.define(GENERATOR, Type.STRING, "rules", Enums.validator(Generator.class), Importance.HIGH,
                "'rules': generated from the schema (seeded, reproducible); 'llm': a chat model writes batches of "
                        + "records, each validated against the schema (invalid ones dropped and counted).",
                LLM_GROUP, ++o, Width.SHORT, "Generator");
        def.define(LLM_BATCH, Type.INT, 10, Range.between(1, 200), Importance.LOW, "Records asked for per LLM call.",
                LLM_GROUP, ++o, Width.SHORT, "Records per call");
        def.define(LLM_DESCRIPTION, Type.STRING, "", Importance.MEDIUM,
                "What the topic is about, for the model, e.g. 'product reviews of kitchen appliances'.",
                LLM_GROUP, ++o, Width.LONG, "Topic description");
        def.define(LLM_EXAMPLES, Type.STRING, "", Importance.LOW, "A JSON array of example records for the model.",
                LLM_GROUP, ++o, Width.LONG, "Examples");
        o = 0;
        def.define(STREAMS, Type.LIST, "", ConfigDef.LambdaValidator.with((n, v) -> StreamSettings.checkNames(n, v),
                        () -> "stream names: letters, digits, '_' or '-', each once"), Importance.HIGH,
                "Names of several related streams one connector generates, e.g. customers,orders. Each stream is "
                        + "configured with " + STREAM_PREFIX + "<name>.<setting> (any setting of this connector but "
                        + "batch.size, generator and seed; schema.type and the schema options default to the "
                        + "connector's): " + STREAM_PREFIX + "<name>.topic (default: the name), "
                        + STREAM_PREFIX + "<name>.schema or .schema.file, " + STREAM_PREFIX + "<name>.key.field, "
                        + STREAM_PREFIX + "<name>.records.per.second (required, > 0) and "
                        + STREAM_PREFIX + "<name>.max.records. A field annotated \"x-ref\": \"<stream>\" (a JSON "
                        + "Schema property, or an Avro field property) holds a key of that stream that was already "
                        + "emitted. Empty: one stream, configured by topic and schema.",
                STREAMS_GROUP, ++o, Width.LONG, "Streams");
        def.define(STREAMS_TIME_SCALE, Type.DOUBLE, 1.0, Range.atLeast(0.0), Importance.LOW,
                "How fast the streams' schedule runs against the wall clock: 1 = each stream at its "
                        + "records.per.second; 10 = ten times faster; 0 = as fast as possible. The records and "
                        + "their order do not depend on it.", STREAMS_GROUP, ++o, Width.SHORT, "Time scale");
        return ChatModelConfig.addTo(def, false);
    }

    /** The related streams' names, in the order listed; empty for one stream. */
    List<String> streams() {
        return getList(STREAMS).stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    String schemaText() {
        String inline = getString(SCHEMA);
        if (!inline.isBlank()) {
            return inline;
        }
        String file = getString(SCHEMA_FILE).trim();
        if (file.isEmpty()) {
            return "";
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(SCHEMA_FILE, file, "cannot be read: " + e.getMessage());
        }
    }

    String schemaType() {
        return getString(SCHEMA_TYPE).trim().toLowerCase(Locale.ROOT);
    }

    /** The JSON Schema to generate from (for json and example types). */
    JsonNode jsonSchema() {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(schemaText());
        } catch (IOException e) {
            throw new SchemaProblem("$", "not valid JSON: " + e.getMessage());
        }
        return schemaType().equals("example") ? ExampleSchemaInference.infer(parsed) : parsed;
    }

    /** Compiles the rules generator; {@link SchemaProblem} names what cannot be generated. */
    ValueGenerator compile() {
        double nullRate = getDouble(NULL_RATE);
        boolean infer = getBoolean(INFER_FAKER);
        return schemaType().equals("avro")
                ? AvroCompiler.compile(schemaText(), nullRate, infer, getInt(RECURSION_DEPTH))
                : JsonSchemaCompiler.compile(JsonSchemaCompiler.parse(GenerationSchema.rewrite(jsonSchema(),
                        getInt(RECURSION_DEPTH), schemaFolder())), nullRate,
                        infer, outputSchema());
    }

    /** Where the other documents a JSON Schema's $refs name are read from; null: none. */
    Path schemaFolder() {
        String folder = getString(SCHEMA_FOLDER).trim();
        String file = getString(SCHEMA_FILE).trim();
        Path dir = !folder.isEmpty() ? Path.of(folder) : !file.isEmpty() ? Path.of(file).toAbsolutePath().getParent()
                : null;
        return dir == null ? null : dir.toAbsolutePath();
    }

    OutputSchema outputSchema() {
        return Enums.parse(OutputSchema.class, getString(OUTPUT_SCHEMA));
    }

    List<AnomalyKind> anomalyKinds() {
        return getList(ANOMALY_KINDS).stream().map(k -> Enums.parse(AnomalyKind.class, k)).toList();
    }

    TimestampMode timestampMode() {
        return Enums.parse(TimestampMode.class, getString(TIMESTAMP_MODE));
    }

    boolean llm() {
        return Enums.parse(Generator.class, getString(GENERATOR)) == Generator.LLM;
    }

}
