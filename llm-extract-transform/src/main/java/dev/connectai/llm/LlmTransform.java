package dev.connectai.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.PackVersion;
import dev.connectai.toolkit.llm.ChatModelClient;
import dev.connectai.toolkit.llm.LlmMetrics;
import dev.connectai.toolkit.record.AddedField;
import dev.connectai.toolkit.record.DebeziumEnvelope;
import dev.connectai.toolkit.record.EnvelopePolicy;
import dev.connectai.toolkit.record.NullTextPolicy;
import dev.connectai.toolkit.record.RecordLocation;
import dev.connectai.toolkit.record.RecordSide;
import dev.connectai.toolkit.record.ValueTypes;
import dev.connectai.toolkit.remote.ModelConfigurationError;
import dev.connectai.toolkit.text.BlankText;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

/**
 * Record plumbing shared by {@link LlmExtract} and {@link LlmGenerate}: reads the input, asks the subclass for the
 * output (cached), and writes it back as the value or a field, with optional routing and provenance headers.
 */
abstract class LlmTransform<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    /** What the model produced for one input, and what it cost. */
    record Produced(Object value, int attempts, long tokensIn, long tokensOut, long latencyMillis) {
    }

    private final RecordSide side;
    protected ChatModelClient client;
    protected LlmMetrics metrics;
    private Cache<String, Object> answers;
    private EnvelopePolicy envelope;
    /** Null when the output replaces the whole value (or the row of a change event). */
    private AddedField output;
    private Schema optionalOutputSchema;
    private String outputTopic;
    private boolean headers;
    private boolean failOnNull;

    protected LlmTransform(RecordSide side) {
        this.side = side;
    }

    /** Call once the subclass's config is set, since it asks {@link #outputSchema}. */
    protected void configureCommon(LlmTransformConfig config, String kind) {
        this.client = new ChatModelClient(config.chatModel(), kind);
        this.metrics = new LlmMetrics(client.spec().id(), kind);
        int size = config.cacheSize();
        this.answers = size == 0 ? null : new SynchronizedCache<>(new LRUCache<>(size));
        this.envelope = config.envelope();
        this.optionalOutputSchema = optional(outputSchema());
        this.output = config.outputField().isEmpty() ? null : new AddedField(config.outputField(), optionalOutputSchema);
        this.outputTopic = config.outputTopic();
        this.headers = config.headers();
        this.failOnNull = config.nullPolicy() == NullTextPolicy.FAIL;
    }

    /** The model input for this record (null or blank: the null policy decides). */
    protected abstract String input(Object root, Schema rootSchema, String side);

    /** Everything besides the input that shapes the answer (system prompt, schema), for the cache key. */
    protected abstract String promptFingerprint();

    /** Calls the model. Throws Connect exceptions as the class docs of the subclasses say. */
    protected abstract Produced produce(String input);

    /** The Connect schema of what {@link #produce} returns. */
    protected abstract Schema outputSchema();

    @Override
    public R apply(R record) {
        Object value = side.value(record);
        if (value == null) {
            return record;
        }
        Schema schema = side.schema(record);
        DebeziumEnvelope event = envelope.unwrap(value, schema, () -> {
            metrics.failures.record(1);
            return new DataException(name() + ": " + EnvelopePolicy.CONFIG + "=debezium but the "
                    + side.label() + " is not a Debezium change event (no 'op', 'source' and 'after') ("
                    + RecordLocation.of(record) + ")");
        });
        Object root = event != null ? event.after() : value;
        if (root == null) {
            return record; // a delete event: nothing to read
        }
        Schema rootSchema = event != null ? event.afterSchema() : schema;
        String input;
        try {
            input = input(root, rootSchema, side.label());
        } catch (IllegalArgumentException e) {
            metrics.failures.record(1);
            throw new DataException(name() + ": " + e.getMessage() + " (" + RecordLocation.of(record) + ")");
        }
        if (input == null || BlankText.is(input)) {
            if (failOnNull) {
                metrics.failures.record(1);
                throw new DataException(name() + ": the input is " + (input == null ? "null" : "blank") + " ("
                        + RecordLocation.of(record) + ")");
            }
            return record;
        }
        String key = hash(client.spec().id() + "\u0000" + promptFingerprint() + "\u0000" + input);
        Object produced = answers == null ? null : answers.get(key);
        Produced call = null;
        if (produced != null) {
            metrics.cacheHits.record(1);
        } else {
            call = callModel(record, input);
            produced = call.value();
            if (answers != null) {
                answers.put(key, produced);
            }
        }
        R out = write(record, root, event, produced);
        if (headers) {
            Headers h = out.headers();
            h.addString("llm.model", client.spec().id());
            h.addString("llm.prompt.hash", hash(promptFingerprint()).substring(0, 16));
            if (call == null) {
                h.addString("llm.cache", "hit");
            } else {
                h.addLong("llm.latency.ms", call.latencyMillis());
                h.addLong("llm.tokens.in", call.tokensIn());
                h.addLong("llm.tokens.out", call.tokensOut());
                h.addInt("llm.attempts", call.attempts());
            }
        }
        return out;
    }

    private Produced callModel(R record, String input) {
        try {
            Produced p = produce(input);
            metrics.calls.record(p.attempts());
            metrics.repairs.record(p.attempts() - 1);
            metrics.tokensIn.record(p.tokensIn());
            metrics.tokensOut.record(p.tokensOut());
            metrics.latency.record(p.latencyMillis());
            return p;
        } catch (RetriableException e) {
            metrics.failures.record(1);
            throw new RetriableException(name() + ": " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
        } catch (DataException e) {
            metrics.failures.record(1);
            throw new DataException(name() + ": " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
        } catch (ConnectException e) {
            metrics.failures.record(1);
            throw new ConnectException(name() + ": " + e.getMessage() + " (" + RecordLocation.of(record) + ")", e);
        } catch (ModelConfigurationError e) {
            metrics.failures.record(1);
            throw e.in(name()); // stops the task: see ModelConfigurationError
        }
    }

    private R write(R record, Object root, DebeziumEnvelope event, Object produced) {
        String topic = outputTopic.isEmpty() ? record.topic() : outputTopic;
        if (output == null && event == null) {
            // The whole value is new, so it carries its own schema even when the input had none: typed output is the point.
            return side.replace(record, topic, outputSchema(), produced, record.headers().duplicate());
        }
        SchemaAndValue row;
        if (output == null) {
            // A change event stays one, so its deletes and its updates still line up downstream: the output becomes 'after'.
            row = event.afterSchema() == null ? new SchemaAndValue(null, plain(produced))
                    : new SchemaAndValue(optionalOutputSchema, fitted(produced, optionalOutputSchema));
        } else if (root instanceof Struct struct) {
            Struct copy = output.addTo(struct, fitted(produced, output.schema()));
            row = new SchemaAndValue(copy.schema(), copy);
        } else if (root instanceof Map<?, ?> map) {
            row = new SchemaAndValue(null, output.addTo(map, plain(produced)));
        } else {
            throw new DataException(name() + ": " + LlmTransformConfig.OUTPUT_FIELD + " is set but the " + side.label()
                    + " is " + ValueTypes.describe(root) + "; leave " + LlmTransformConfig.OUTPUT_FIELD
                    + " empty to replace it (" + RecordLocation.of(record) + ")");
        }
        SchemaAndValue out = event == null ? row : event.withAfter(row.schema(), row.value());
        return side.replace(record, topic, out.schema(), out.value(), record.headers().duplicate());
    }

    private static Schema optional(Schema s) {
        if (s.isOptional()) {
            return s;
        }
        SchemaBuilder b = s.type() == Schema.Type.STRUCT ? SchemaUtil.copySchemaBasics(s, SchemaBuilder.struct())
                : SchemaUtil.copySchemaBasics(s);
        if (s.type() == Schema.Type.STRUCT) {
            s.fields().forEach(f -> b.field(f.name(), f.schema()));
        }
        return b.optional().build();
    }

    /** A produced Struct carries the non-optional schema; a field or 'after' of the optional one needs a copy. */
    private static Object fitted(Object produced, Schema target) {
        if (!(produced instanceof Struct s)) {
            return produced;
        }
        Struct copy = new Struct(target);
        target.fields().forEach(f -> copy.put(f.name(), s.get(f.name())));
        return copy;
    }

    /** Schemaless records get maps and lists, not Structs. */
    static Object plain(Object v) {
        if (v instanceof Struct s) {
            Map<String, Object> m = new LinkedHashMap<>();
            s.schema().fields().forEach(f -> m.put(f.name(), plain(s.get(f))));
            return m;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        return v;
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected abstract String name();

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (client != null) {
            client.close();
        }
    }

}
