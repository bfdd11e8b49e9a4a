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
import dev.connectai.toolkit.sparse.Bm25Config;
import dev.connectai.toolkit.sparse.Bm25Settings;
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
    public static final String PAYLOAD_MAX_DEPTH = "payload.max.depth";
    public static final String PAYLOAD_NON_FINITE = "payload.non.finite";

    public static final String EMBED_FIELD = "embed.input.field";
    public static final String EMBED_TEMPLATE = "embed.input.template";
    public static final String EMBED_SKIP_UNCHANGED = "embed.skip.unchanged";

    public static final String BM25_VECTOR = Bm25Config.SINK_VECTOR;

    public static final String CHUNK_SIZE = "chunk.size.tokens";
    public static final String CHUNK_OVERLAP = "chunk.overlap.tokens";
    public static final String CHUNK_MAX_PER_DOCUMENT = "chunk.max.per.document";
    public static final String CHUNK_OVERFLOW = "chunk.overflow";

    public static final String BATCH_SIZE = "batch.size";
    public static final String MAX_IN_FLIGHT = "max.in.flight.requests";
    public static final String WAIT = "upsert.wait";
    public static final String PUT_MAX_DURATION_MS = "put.max.duration.ms";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";

    /**
     * Qdrant's gRPC decoder (prost) stops at 100 nested protobuf messages, and each level of a JSON payload costs
     * three (Value, Struct, map entry) below the request's own two: 32 levels leave room for Qdrant's internal
     * forwarding. Deeper payloads would be refused by Qdrant anyway.
     */
    static final int PAYLOAD_DEPTH_DEFAULT = 32;
    static final int BATCH_MAX_BYTES_DEFAULT = 8 * 1024 * 1024;

    /** What a NaN or infinite number in the payload becomes: JSON has no such numbers and Qdrant refuses them. */
    public enum NonFinite { NULL, FAIL }

    /** Where a point's id comes from. */
    public enum IdStrategy { KEY, FIELD, HASH, COORDINATES }

    /** What happens to a document that would make more than chunk.max.per.document chunks. */
    public enum ChunkOverflow { FAIL, TRUNCATE }

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
        String bm25 = text(value, BM25_VECTOR);
        if (!bm25.isEmpty() && valid.test(BM25_VECTOR)) {
            if (!embeds) {
                out.add(problem(BM25_VECTOR, bm25, "BM25 is made from the text the sink embeds: set "
                        + EMBED_FIELD + " or " + EMBED_TEMPLATE + ", or leave " + BM25_VECTOR + " empty (with "
                        + "vectors read from the record, let EmbedText write the BM25 vector into a field and name "
                        + "it in " + SPARSE_VECTORS + ")"));
            }
            for (String key : List.of(NAMED_VECTORS, SPARSE_VECTORS, MULTI_VECTORS)) {
                if (valid.test(key) && NamedPaths.parse(list(value, key)).containsKey(bm25)) {
                    out.add(problem(BM25_VECTOR, bm25, "vector '" + bm25 + "' is also named in " + key
                            + "; give the BM25 vector a name of its own"));
                }
            }
        }
        boolean anyVector = !text(value, VECTOR_FIELD).isEmpty() || !list(value, NAMED_VECTORS).isEmpty()
                || !list(value, SPARSE_VECTORS).isEmpty() || !list(value, MULTI_VECTORS).isEmpty();
        if (!embeds && !anyVector && valid.test(VECTOR_FIELD) && valid.test(NAMED_VECTORS) && valid.test(SPARSE_VECTORS)
                && valid.test(MULTI_VECTORS)) {
            out.add(problem(VECTOR_FIELD, value.apply(VECTOR_FIELD), "no vectors configured: set "
                    + VECTOR_FIELD + ", " + NAMED_VECTORS + ", " + SPARSE_VECTORS + " or " + MULTI_VECTORS
                    + ", or " + EMBED_FIELD + " or " + EMBED_TEMPLATE + " to embed text in the sink"));
        }
        // With model.path the name is only a label; EmbeddingModelConfig checks the files and a clash on model.path.
        if (valid.test(EmbeddingModelConfig.PROVIDER) && valid.test(EmbeddingModelConfig.NAME)
                && text(value, EmbeddingModelConfig.PATH).isEmpty()) {
            try {
                EmbeddingModelConfig.modelName(Enums.parse(EmbeddingProvider.class,
                        text(value, EmbeddingModelConfig.PROVIDER)), text(value, EmbeddingModelConfig.NAME));
            } catch (ConfigException e) {
                out.add(new KeyProblem(EmbeddingModelConfig.NAME, e));
            }
        }
        if (valid.test(EmbeddingModelConfig.MAX_TOKENS)) {
            try {
                EmbeddingModelConfig.checkMaxTokens(value);
            } catch (ConfigException e) {
                out.add(new KeyProblem(EmbeddingModelConfig.MAX_TOKENS, e));
            }
        }
        for (String key : List.of(EmbeddingModelConfig.PATH, EmbeddingModelConfig.TOKENIZER_PATH)) {
            if (valid.test(key)) {
                try {
                    EmbeddingModelConfig.checkFileKey(key, value);
                } catch (ConfigException e) {
                    out.add(new KeyProblem(key, e));
                }
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
                "Point id: 'key' uses the record key; 'field' reads " + ID_FIELD + "; 'hash' makes a UUID from "
                        + ID_HASH_FIELDS + " (the texts of string, number and boolean fields joined, so a number and "
                        + "its decimal string are one value; tuples with a null, struct, map, array, bytes or NUL "
                        + "hash a typed encoding); 'coordinates' makes a UUID from topic, partition and offset, so "
                        + "every record is its own point. All are deterministic, so replays overwrite instead of "
                        + "duplicating. 'key' and 'field' map two values to the same point only as follows. "
                        + PointIds.RULES,
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
                "Debezium change events: 'after' becomes the point, op=d deletes it; with 'debezium' any other value "
                        + "goes to the DLQ. " + EnvelopePolicy.AUTO_DOC + " 'none' never unwraps.",
                PAYLOAD_GROUP, ++o);
        def.define(PAYLOAD_MAX_DEPTH, Type.INT, PAYLOAD_DEPTH_DEFAULT, Range.between(1, PAYLOAD_DEPTH_DEFAULT), Importance.LOW,
                "Deepest nesting of structs, maps and arrays a record may have (the value itself is level 1); a "
                        + "deeper record (key, value or Debezium row) goes to the dead letter queue naming the path. "
                        + "Bounds the sink's work on hostile input. The default " + PAYLOAD_DEPTH_DEFAULT + " is also the "
                        + "maximum: Qdrant's gRPC decoder stops at 100 nested protobuf messages and each payload level "
                        + "costs 3, so a deeper payload could not be written anyway.",
                PAYLOAD_GROUP, ++o, Width.SHORT, "Max nesting depth");
        def.define(PAYLOAD_NON_FINITE, Type.STRING, Enums.configName(NonFinite.NULL), Enums.validator(NonFinite.class),
                Importance.LOW,
                "A NaN or infinite number in the payload (e.g. PostgreSQL 'NaN' via Debezium), which JSON cannot "
                        + "hold and Qdrant rejects: 'null' stores null in its place; 'fail' sends the record to the "
                        + "dead letter queue naming the field.", PAYLOAD_GROUP, ++o, Width.SHORT, "Non-finite numbers");

        o = 0;
        def.define(EMBED_FIELD, Type.STRING, "", FieldPath.validator(), Importance.HIGH,
                "When set, the sink embeds this text field itself (one batched model call per batch) instead of "
                        + "reading a vector. Model settings: model.* below.", EMBED_GROUP, ++o, Width.MEDIUM, "Text field");
        def.define(EMBED_TEMPLATE, Type.STRING, "", TextTemplate.validator(false), Importance.MEDIUM,
                "Like embed.input.field, built from several fields, e.g. '{title}\\n\\n{body}'.",
                EMBED_GROUP, ++o, Width.LONG, "Text template");
        def.define(EMBED_SKIP_UNCHANGED, Type.BOOLEAN, true, Importance.MEDIUM,
                "Re-embed only what changed: each point stores in payload field '" + EmbeddedTextHash.FIELD + "' the "
                        + "SHA-256 of the text its vector was made from (with the model and input form); an update "
                        + "whose text gives the same hash for every point of the document (same chunk count when "
                        + "chunking) only replaces the payload (OverwritePayload), without calling the model. A "
                        + "Debezium update whose before row gives another text is embedded without a lookup; the "
                        + "others are looked up by id (one Get per batch.size ids, hash and chunk_count only). "
                        + "Records carrying vectors of their own (vector.named/sparse/multi) and id.strategy="
                        + "coordinates are always embedded. 'false' embeds every record and stores no hash.",
                EMBED_GROUP, ++o, Width.SHORT, "Skip unchanged texts");
        EmbeddingModelConfig.addTo(def);

        o = 0;
        def.define(BM25_VECTOR, Type.STRING, "", Importance.MEDIUM,
                "Name of a sparse vector that gets the BM25 vector of the text the sink embeds (each chunk's text "
                        + "with chunking), next to the dense one, for hybrid search (README, 'Hybrid search: BM25 "
                        + "sparse vectors'). Needs " + EMBED_FIELD + " or " + EMBED_TEMPLATE + ". Auto-created "
                        + "collections get this sparse vector with modifier idf, so Qdrant supplies the IDF; an "
                        + "existing collection must have it with modifier idf. Empty: no BM25 vector.",
                Bm25Config.GROUP, ++o, Width.MEDIUM, "BM25 vector name");
        Bm25Config.addTo(def, BM25_VECTOR, o);

        o = 0;
        def.define(CHUNK_SIZE, Type.INT, 0, Range.between(0, 8192), Importance.MEDIUM,
                "Split texts longer than this many tokens into chunks (0 = off; then a text over the model's limit is "
                        + "truncated by the model). Each chunk is a point with payload document_id, chunk_index, "
                        + "chunk_count and text; stale chunks of a shrinking document are deleted.",
                CHUNK_GROUP, ++o, Width.SHORT, "Chunk size (tokens)");
        def.define(CHUNK_OVERLAP, Type.INT, 32, Range.between(0, 4096), Importance.LOW,
                "Tokens repeated at the start of the next chunk.", CHUNK_GROUP, ++o, Width.SHORT, "Overlap (tokens)");
        def.define(CHUNK_MAX_PER_DOCUMENT, Type.INT, 1_000, Range.between(1, 100_000), Importance.LOW,
                "Most chunks one document may make. Bounds the model time and memory one record can take: without "
                        + "it a single multi-megabyte document can hold a task past the consumer's "
                        + "max.poll.interval.ms. Above it, chunk.overflow decides.",
                CHUNK_GROUP, ++o, Width.SHORT, "Max chunks per document");
        def.define(CHUNK_OVERFLOW, Type.STRING, Enums.configName(ChunkOverflow.FAIL), Enums.validator(ChunkOverflow.class),
                Importance.LOW, "A document over chunk.max.per.document: 'fail' sends the record to the dead letter "
                        + "queue with its size in the reason (nothing of it is written); 'truncate' writes its first "
                        + "chunk.max.per.document chunks and leaves the rest of the text out of the collection.",
                CHUNK_GROUP, ++o, Width.SHORT, "Chunk overflow");

        o = 0;
        def.define(BATCH_SIZE, Type.INT, 256, Range.between(1, 10_000), Importance.MEDIUM,
                "Points per upsert request.", WRITE_GROUP, ++o, Width.SHORT, "Batch size");
        def.define(MAX_IN_FLIGHT, Type.INT, 2, Range.between(1, 64), Importance.LOW,
                "Upsert requests a task keeps in flight at once.", WRITE_GROUP, ++o, Width.SHORT, "Max in flight");
        def.define(WAIT, Type.BOOLEAN, true, Importance.LOW,
                "Wait until Qdrant has applied each upsert before committing offsets. With 'false' Qdrant answers "
                        + "'Acknowledged' once the request is in its write-ahead log and applies it later; a point "
                        + "its storage then refuses is dropped with only a line in Qdrant's log. The sink therefore "
                        + "checks every vector against the collection's layout (names, dense/sparse/multi, "
                        + "dimensions) before sending, so those records go to the DLQ instead. Still possible with "
                        + "'false': writes lost if Qdrant crashes before applying them, and refusals the sink cannot "
                        + "foresee (e.g. a collection changed or deleted behind its back, a full disk).",
                WRITE_GROUP, ++o, Width.SHORT, "Wait");
        def.define(PUT_MAX_DURATION_MS, Type.LONG, 60_000L, Range.between(1_000, 3_600_000), Importance.LOW,
                "Time after which a task stops starting new slices of the batch Connect handed it (slices hold about "
                        + "64,000 characters of text to embed) and hands the rest back: those partitions are rewound and their "
                        + "records come again with the next poll, and offsets are committed only up to what was "
                        + "written. Keeps a batch of large documents well inside the consumer's max.poll.interval.ms "
                        + "(default 300000), so the task is not evicted from its group and nothing is embedded twice. "
                        + "Keep it at most half of max.poll.interval.ms.",
                WRITE_GROUP, ++o, Width.SHORT, "Max put duration (ms)");
        def.define(BATCH_MAX_BYTES, Type.INT, BATCH_MAX_BYTES_DEFAULT, Range.between(64 * 1024, 1024 * 1024 * 1024),
                Importance.LOW,
                "Largest upsert request in serialized bytes; requests are cut by this and by " + BATCH_SIZE + ". The "
                        + "default 8 MiB stays under the 16 MiB many HTTP/2 proxies and gateways allow and Qdrant's "
                        + "own 32 MiB request limit; behind a gRPC proxy with gRPC's 4 MiB default, set 4000000. A "
                        + "single point larger than this goes to the dead letter queue with its size; a request still "
                        + "refused as too large is split in halves.", WRITE_GROUP, ++o, Width.SHORT, "Max request bytes");
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

    /** Re-embed only what changed; never with id.strategy=coordinates, where every record is a new point. */
    boolean skipUnchanged() {
        return getBoolean(EMBED_SKIP_UNCHANGED) && idStrategy() != IdStrategy.COORDINATES;
    }

    EmbeddingModelSpec modelSpec() {
        return EmbeddingModelConfig.spec(this);
    }

    /** The sparse vector that gets the BM25 vector, or null when none does. */
    String bm25Vector() {
        String name = getString(BM25_VECTOR).trim();
        return name.isEmpty() ? null : name;
    }

    Bm25Settings bm25Settings() {
        return Bm25Config.settings(this);
    }

    int chunkSize() {
        return getInt(CHUNK_SIZE);
    }

    int chunkOverlap() {
        return getInt(CHUNK_OVERLAP);
    }

    int chunkMaxPerDocument() {
        return getInt(CHUNK_MAX_PER_DOCUMENT);
    }

    ChunkOverflow chunkOverflow() {
        return Enums.parse(ChunkOverflow.class, getString(CHUNK_OVERFLOW));
    }

    long putMaxDurationMs() {
        return getLong(PUT_MAX_DURATION_MS);
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

    int batchMaxBytes() {
        return getInt(BATCH_MAX_BYTES);
    }

    int payloadMaxDepth() {
        return getInt(PAYLOAD_MAX_DEPTH);
    }

    NonFinite payloadNonFinite() {
        return Enums.parse(NonFinite.class, getString(PAYLOAD_NON_FINITE));
    }

    /** Writes the Markdown config reference to the path given (or prints it). */
}
