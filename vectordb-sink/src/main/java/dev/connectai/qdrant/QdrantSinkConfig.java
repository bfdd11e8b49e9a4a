package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.connectai.qdrant.address.QdrantAddress;
import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.embedding.EmbeddingModelConfig;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.EmbeddingProvider;
import dev.connectai.toolkit.record.EnvelopePolicy;
import dev.connectai.toolkit.record.FieldPath;
import dev.connectai.toolkit.record.TextTemplate;
import io.qdrant.client.grpc.Collections;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Settings of the Qdrant sink. The generated reference is {@code docs/config-reference.md} (module config-docs). */
public final class QdrantSinkConfig extends AbstractConfig {

    static final String CONNECTION_GROUP = "Connection";
    static final String COLLECTION_GROUP = "Collection";
    static final String ID_GROUP = "Point id";
    static final String VECTOR_GROUP = "Vectors";
    static final String PAYLOAD_GROUP = "Payload";
    static final String EMBED_GROUP = "In-sink embedding";
    static final String CHUNK_GROUP = "Chunking";
    static final String WRITE_GROUP = "Writing";

    public static final String URL = "qdrant.url";
    public static final String API_KEY = "qdrant.api.key";
    public static final String TLS_CA_FILE = "qdrant.tls.ca.file";
    public static final String TIMEOUT_MS = "qdrant.timeout.ms";

    public static final String COLLECTION = "collection.name";
    public static final String AUTO_CREATE = "collection.auto.create";
    public static final String VECTOR_SIZE = "collection.vector.size";
    public static final String DISTANCE = "collection.distance";
    public static final String ON_DISK = "collection.on.disk";
    public static final String PAYLOAD_INDEXES = "collection.payload.indexes";

    public static final String ID_STRATEGY = "id.strategy";
    public static final String ID_FIELD = "id.field";
    public static final String ID_HASH_FIELDS = "id.hash.fields";

    public static final String VECTOR_FIELD = "vector.field";
    public static final String NAMED_VECTORS = "vector.named";
    public static final String SPARSE_VECTORS = "vector.sparse";
    public static final String MULTI_VECTORS = "vector.multi";

    public static final String PAYLOAD_INCLUDE = "payload.include";
    public static final String PAYLOAD_EXCLUDE = "payload.exclude";
    public static final String ENVELOPE = EnvelopePolicy.CONFIG;

    public static final String EMBED_FIELD = "embed.input.field";
    public static final String EMBED_TEMPLATE = "embed.input.template";

    public static final String CHUNK_SIZE = "chunk.size.tokens";
    public static final String CHUNK_OVERLAP = "chunk.overlap.tokens";

    public static final String BATCH_SIZE = "batch.size";
    public static final String MAX_IN_FLIGHT = "max.in.flight.requests";
    public static final String WAIT = "upsert.wait";

    /** Where a point's id comes from. */
    public enum IdStrategy { KEY, FIELD, HASH, COORDINATES }

    /** The distance of auto-created collections. */
    public enum Distance {
        COSINE(Collections.Distance.Cosine),
        DOT(Collections.Distance.Dot),
        EUCLID(Collections.Distance.Euclid),
        MANHATTAN(Collections.Distance.Manhattan);

        final Collections.Distance qdrant;

        Distance(Collections.Distance qdrant) {
            this.qdrant = qdrant;
        }
    }

    public static final ConfigDef CONFIG_DEF = define();

    public QdrantSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        List<KeyProblem> problems = crossKeyProblems(this::get, key -> true);
        if (!problems.isEmpty()) {
            throw problems.get(0).error();
        }
    }

    /** A value that is wrong together with the others: the key to report it on, and the error saying why. */
    record KeyProblem(String key, ConfigException error) {
    }

    /**
     * The rules that tie keys together, which ConfigDef's per-key validators cannot see. {@link
     * QdrantSinkConnector#validate} reports each on its key; the constructor throws the first, so a task never
     * starts with a config validate would reject, and both say the same. {@code valid} tells whether a key passed
     * its own validator: a rule reading a key that did not stays silent, the key already has its error.
     */
    static List<KeyProblem> crossKeyProblems(Function<String, Object> value, Predicate<String> valid) {
        List<KeyProblem> out = new ArrayList<>();
        String strategy = text(value, ID_STRATEGY);
        boolean embeds = !text(value, EMBED_FIELD).isEmpty() || !text(value, EMBED_TEMPLATE).isEmpty();
        if (valid.test(ID_STRATEGY) && valid.test(ID_FIELD) && Enums.configName(IdStrategy.FIELD).equalsIgnoreCase(strategy)
                && text(value, ID_FIELD).isEmpty()) {
            out.add(problem(ID_FIELD, value.apply(ID_FIELD), "is required when " + ID_STRATEGY + "=field"));
        }
        if (valid.test(ID_STRATEGY) && valid.test(ID_HASH_FIELDS) && Enums.configName(IdStrategy.HASH).equalsIgnoreCase(strategy)
                && list(value, ID_HASH_FIELDS).isEmpty()) {
            out.add(problem(ID_HASH_FIELDS, value.apply(ID_HASH_FIELDS), "is required when " + ID_STRATEGY
                    + "=hash"));
        }
        if (valid.test(EMBED_FIELD) && valid.test(EMBED_TEMPLATE) && !text(value, EMBED_FIELD).isEmpty()
                && !text(value, EMBED_TEMPLATE).isEmpty()) {
            out.add(problem(EMBED_TEMPLATE, value.apply(EMBED_TEMPLATE), "set either " + EMBED_FIELD
                    + " or " + EMBED_TEMPLATE + ", not both"));
        }
        Object chunkSize = value.apply(CHUNK_SIZE);
        Object overlap = value.apply(CHUNK_OVERLAP);
        boolean chunks = valid.test(CHUNK_SIZE) && chunkSize instanceof Integer size && size > 0;
        if (chunks && !embeds) {
            out.add(problem(CHUNK_SIZE, chunkSize, "chunking needs " + EMBED_FIELD + " or "
                    + EMBED_TEMPLATE + ": the sink embeds each chunk"));
        }
        if (chunks && valid.test(CHUNK_OVERLAP) && overlap instanceof Integer o && o >= (Integer) chunkSize) {
            out.add(problem(CHUNK_OVERLAP, overlap, "must be smaller than " + CHUNK_SIZE + " ("
                    + chunkSize + ")"));
        }
        boolean anyVector = !text(value, VECTOR_FIELD).isEmpty() || !list(value, NAMED_VECTORS).isEmpty()
                || !list(value, SPARSE_VECTORS).isEmpty() || !list(value, MULTI_VECTORS).isEmpty();
        if (!embeds && !anyVector && valid.test(VECTOR_FIELD) && valid.test(NAMED_VECTORS) && valid.test(SPARSE_VECTORS)
                && valid.test(MULTI_VECTORS)) {
            out.add(problem(VECTOR_FIELD, value.apply(VECTOR_FIELD), "no vectors configured: set "
                    + VECTOR_FIELD + ", " + NAMED_VECTORS + ", " + SPARSE_VECTORS + " or " + MULTI_VECTORS
                    + ", or " + EMBED_FIELD + " or " + EMBED_TEMPLATE + " to embed text in the sink"));
        }
        if (valid.test(EmbeddingModelConfig.PROVIDER) && valid.test(EmbeddingModelConfig.NAME)) {
            try {
                EmbeddingModelConfig.modelName(Enums.parse(EmbeddingProvider.class,
                        text(value, EmbeddingModelConfig.PROVIDER)), text(value, EmbeddingModelConfig.NAME));
            } catch (ConfigException e) {
                out.add(new KeyProblem(EmbeddingModelConfig.NAME, e));
            }
        }
        return out;
    }

    private static KeyProblem problem(String key, Object value, String message) {
        return new KeyProblem(key, new ConfigException(key, value, message));
    }

    private static String text(Function<String, Object> value, String key) {
        Object v = value.apply(key);
        return v == null ? "" : v.toString().trim();
    }

    private static List<String> list(Function<String, Object> value, String key) {
        Object v = value.apply(key);
        return v instanceof List<?> l ? l.stream().map(Object::toString).filter(e -> !e.isBlank()).toList() : List.of();
    }

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef();
        int o = 0;
        def.define(URL, Type.STRING, "http://localhost:6334", ConfigDef.LambdaValidator.with((name, value) -> {
                    try {
                        QdrantAddress.parse((String) value);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, value, e.getMessage());
                    }
                }, () -> "http://host:port or https://host:port (the gRPC port, 6334 by default)"), Importance.HIGH,
                "Qdrant's gRPC endpoint. https:// turns TLS on (system trust store, or " + TLS_CA_FILE + ").",
                CONNECTION_GROUP, ++o, Width.LONG, "gRPC URL");
        def.define(API_KEY, Type.PASSWORD, null, Importance.HIGH,
                "Qdrant API key. Use a config provider (${env:QDRANT_API_KEY}, ${file:...}); never logged.",
                CONNECTION_GROUP, ++o, Width.LONG, "API key");
        def.define(TLS_CA_FILE, Type.STRING, "", Importance.LOW,
                "PEM file of the CA that signed Qdrant's certificate; empty uses the system trust store.",
                CONNECTION_GROUP, ++o, Width.LONG, "TLS CA file");
        def.define(TIMEOUT_MS, Type.LONG, 30_000L, Range.between(100, 600_000), Importance.LOW,
                "Deadline of one gRPC call, in milliseconds.", CONNECTION_GROUP, ++o, Width.SHORT, "Timeout (ms)");

        o = 0;
        def.define(COLLECTION, Type.STRING, "${topic}", ConfigDef.LambdaValidator.with((name, value) -> {
                    if (value == null || value.toString().isBlank()) {
                        throw new ConfigException(name, value, "must not be empty: name the collection, or use "
                                + "'${topic}' for the record's topic");
                    }
                }, () -> "a non-empty collection name; '${topic}' stands for the record's topic"), Importance.HIGH,
                "Collection to write to; '${topic}' stands for the record's topic, e.g. 'docs-${topic}'.",
                COLLECTION_GROUP, ++o, Width.MEDIUM, "Collection");
        def.define(AUTO_CREATE, Type.BOOLEAN, false, Importance.MEDIUM,
                "Create a missing collection with the settings below; otherwise a missing collection stops the task "
                        + "with a clear error.", COLLECTION_GROUP, ++o, Width.SHORT, "Auto-create");
        def.define(VECTOR_SIZE, Type.INT, null, ConfigDef.LambdaValidator.with((name, value) -> {
                    if (value != null && (Integer) value < 1) {
                        throw new ConfigException(name, value, "must be at least 1");
                    }
                }, () -> "null or [1,...]"), Importance.MEDIUM,
                "Vector size for auto-created collections; empty infers it from the first record (the local model: 384).",
                COLLECTION_GROUP, ++o, Width.SHORT, "Vector size");
        def.define(DISTANCE, Type.STRING, Enums.configName(Distance.COSINE), Enums.validator(Distance.class),
                Importance.MEDIUM, "Distance of auto-created collections.", COLLECTION_GROUP, ++o, Width.SHORT, "Distance");
        def.define(ON_DISK, Type.BOOLEAN, false, Importance.LOW,
                "Store vectors of auto-created collections on disk.", COLLECTION_GROUP, ++o, Width.SHORT, "On disk");
        def.define(PAYLOAD_INDEXES, Type.LIST, "", PayloadIndexes.validator(), Importance.LOW,
                "Payload indexes to create with an auto-created collection, as field:type (type one of "
                        + String.join(", ", PayloadIndexes.typeNames()) + "), e.g. 'category:keyword,year:integer'. "
                        + "Checked fully by validation: the indexes are created only with the collection.",
                COLLECTION_GROUP, ++o, Width.LONG, "Payload indexes");

        o = 0;
        def.define(ID_STRATEGY, Type.STRING, Enums.configName(IdStrategy.KEY), Enums.validator(IdStrategy.class),
                Importance.HIGH,
                "Point id: 'key' uses the record key (a UUID string or a non-negative integer as is; any other key, "
                        + "struct keys included, becomes a deterministic UUID); 'field' reads " + ID_FIELD + "; 'hash' "
                        + "makes a UUID from " + ID_HASH_FIELDS + "; 'coordinates' makes a UUID from topic, partition "
                        + "and offset. All are deterministic, so replays overwrite instead of duplicating.",
                ID_GROUP, ++o, Width.SHORT, "Id strategy");
        def.define(ID_FIELD, Type.STRING, "", FieldPath.validator(), Importance.MEDIUM, "Field holding the id, for id.strategy=field.",
                ID_GROUP, ++o, Width.MEDIUM, "Id field");
        def.define(ID_HASH_FIELDS, Type.LIST, "", Importance.MEDIUM,
                "Fields whose values make the id, for id.strategy=hash.", ID_GROUP, ++o, Width.LONG, "Hash fields");

        o = 0;
        def.define(VECTOR_FIELD, Type.STRING, "embedding", Importance.HIGH,
                "Field holding the (unnamed) dense vector: an array of numbers. Empty when only named, sparse or "
                        + "multi vectors are used.", VECTOR_GROUP, ++o, Width.MEDIUM, "Vector field");
        def.define(NAMED_VECTORS, Type.LIST, "", NamedPaths.validator(), Importance.MEDIUM,
                "Named dense vectors as name:field, e.g. 'title:title_vec,body:body_vec'.",
                VECTOR_GROUP, ++o, Width.LONG, "Named vectors");
        def.define(SPARSE_VECTORS, Type.LIST, "", NamedPaths.validator(), Importance.LOW,
                "Named sparse vectors as name:field; each field is {indices: [int], values: [number]}.",
                VECTOR_GROUP, ++o, Width.LONG, "Sparse vectors");
        def.define(MULTI_VECTORS, Type.LIST, "", NamedPaths.validator(), Importance.LOW,
                "Named multi-vectors as name:field; each field is a list of equal-length number arrays.",
                VECTOR_GROUP, ++o, Width.LONG, "Multi-vectors");

        o = 0;
        def.define(PAYLOAD_INCLUDE, Type.LIST, "", Importance.MEDIUM,
                "Top-level fields to keep as payload; empty keeps every field except the vectors.",
                PAYLOAD_GROUP, ++o, Width.LONG, "Include");
        def.define(PAYLOAD_EXCLUDE, Type.LIST, "", Importance.MEDIUM, "Top-level fields never stored as payload.",
                PAYLOAD_GROUP, ++o, Width.LONG, "Exclude");
        EnvelopePolicy.define(def,
                "Debezium change events: 'after' becomes the point, op=d deletes it. 'auto' detects them by shape.",
                PAYLOAD_GROUP, ++o);

        o = 0;
        def.define(EMBED_FIELD, Type.STRING, "", FieldPath.validator(), Importance.HIGH,
                "When set, the sink embeds this text field itself (one batched model call per batch) instead of "
                        + "reading a vector. Model settings: model.* below.", EMBED_GROUP, ++o, Width.MEDIUM, "Text field");
        def.define(EMBED_TEMPLATE, Type.STRING, "", TextTemplate.validator(false), Importance.MEDIUM,
                "Like embed.input.field, built from several fields, e.g. '{title}\\n\\n{body}'.",
                EMBED_GROUP, ++o, Width.LONG, "Text template");
        EmbeddingModelConfig.addTo(def);

        o = 0;
        def.define(CHUNK_SIZE, Type.INT, 0, Range.between(0, 8192), Importance.MEDIUM,
                "Split texts longer than this many tokens into chunks (0 = off; then a text over the model's limit is "
                        + "truncated by the model). Each chunk is a point with payload document_id, chunk_index, "
                        + "chunk_count and text; stale chunks of a shrinking document are deleted.",
                CHUNK_GROUP, ++o, Width.SHORT, "Chunk size (tokens)");
        def.define(CHUNK_OVERLAP, Type.INT, 32, Range.between(0, 4096), Importance.LOW,
                "Tokens repeated at the start of the next chunk.", CHUNK_GROUP, ++o, Width.SHORT, "Overlap (tokens)");

        o = 0;
        def.define(BATCH_SIZE, Type.INT, 256, Range.between(1, 10_000), Importance.MEDIUM,
                "Points per upsert request.", WRITE_GROUP, ++o, Width.SHORT, "Batch size");
        def.define(MAX_IN_FLIGHT, Type.INT, 2, Range.between(1, 64), Importance.LOW,
                "Upsert requests a task keeps in flight at once.", WRITE_GROUP, ++o, Width.SHORT, "Max in flight");
        def.define(WAIT, Type.BOOLEAN, true, Importance.LOW,
                "Wait until Qdrant has applied each upsert before committing offsets. 'false' is faster, but a crash "
                        + "of Qdrant right after an acknowledgement may lose those writes.",
                WRITE_GROUP, ++o, Width.SHORT, "Wait");
        return def;
    }

    QdrantAddress address() {
        return QdrantAddress.parse(getString(URL));
    }

    String apiKey() {
        Password p = getPassword(API_KEY);
        return p == null || p.value().isBlank() ? null : p.value();
    }

    String tlsCaFile() {
        return getString(TLS_CA_FILE).isBlank() ? null : getString(TLS_CA_FILE).trim();
    }

    long timeoutMs() {
        return getLong(TIMEOUT_MS);
    }

    String collectionTemplate() {
        return getString(COLLECTION).trim();
    }

    boolean autoCreate() {
        return getBoolean(AUTO_CREATE);
    }

    Integer vectorSize() {
        return getInt(VECTOR_SIZE);
    }

    Collections.Distance distance() {
        return Enums.parse(Distance.class, getString(DISTANCE)).qdrant;
    }

    boolean onDisk() {
        return getBoolean(ON_DISK);
    }

    Map<String, Collections.PayloadSchemaType> payloadIndexes() {
        return PayloadIndexes.parse(getList(PAYLOAD_INDEXES));
    }

    IdStrategy idStrategy() {
        return Enums.parse(IdStrategy.class, getString(ID_STRATEGY));
    }

    FieldPath idField() {
        return FieldPath.parse(getString(ID_FIELD));
    }

    List<FieldPath> idHashFields() {
        return NamedPaths.paths(getList(ID_HASH_FIELDS));
    }

    FieldPath vectorField() {
        String v = getString(VECTOR_FIELD).trim();
        return v.isEmpty() ? null : FieldPath.parse(v);
    }

    Map<String, FieldPath> namedVectors() {
        return NamedPaths.parse(getList(NAMED_VECTORS));
    }

    Map<String, FieldPath> sparseVectors() {
        return NamedPaths.parse(getList(SPARSE_VECTORS));
    }

    Map<String, FieldPath> multiVectors() {
        return NamedPaths.parse(getList(MULTI_VECTORS));
    }

    List<String> payloadInclude() {
        return getList(PAYLOAD_INCLUDE);
    }

    List<String> payloadExclude() {
        return getList(PAYLOAD_EXCLUDE);
    }

    EnvelopePolicy envelope() {
        return EnvelopePolicy.of(this);
    }

    boolean embeds() {
        return !getString(EMBED_FIELD).isBlank() || !getString(EMBED_TEMPLATE).isBlank();
    }

    FieldPath embedField() {
        return getString(EMBED_FIELD).isBlank() ? null : FieldPath.parse(getString(EMBED_FIELD));
    }

    TextTemplate embedTemplate() {
        return getString(EMBED_TEMPLATE).isBlank() ? null : TextTemplate.parse(getString(EMBED_TEMPLATE));
    }

    EmbeddingModelSpec modelSpec() {
        return EmbeddingModelConfig.spec(this);
    }

    int chunkSize() {
        return getInt(CHUNK_SIZE);
    }

    int chunkOverlap() {
        return getInt(CHUNK_OVERLAP);
    }

    int batchSize() {
        return getInt(BATCH_SIZE);
    }

    int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    boolean waitForUpserts() {
        return getBoolean(WAIT);
    }

    /** Writes the Markdown config reference to the path given (or prints it). */
}
