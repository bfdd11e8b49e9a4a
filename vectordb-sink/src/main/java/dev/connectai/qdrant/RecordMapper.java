package dev.connectai.qdrant;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.connectai.toolkit.record.DebeziumEnvelope;
import dev.connectai.toolkit.record.EnvelopePolicy;
import dev.connectai.toolkit.record.FieldPath;
import dev.connectai.toolkit.record.TextTemplate;
import dev.connectai.toolkit.record.ValueTypes;
import dev.connectai.toolkit.text.BlankText;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.VectorFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/** Turns one sink record into a {@link DocumentWrite}, or a {@link DataException} saying what is wrong with it. */
final class RecordMapper {

    private static final String TOPIC_PLACEHOLDER = "${topic}";

    private final QdrantSinkConfig.IdStrategy idStrategy;
    private final FieldPath idField;
    private final List<FieldPath> hashFields;
    private final String collectionTemplate;
    private final FieldPath vectorField;
    private final Map<String, FieldPath> named;
    private final Map<String, FieldPath> sparse;
    private final Map<String, FieldPath> multi;
    private final FieldPath embedField;
    private final TextTemplate embedTemplate;
    private final EnvelopePolicy envelope;
    private final PayloadMapper payload;
    private final NestingLimit nesting;

    RecordMapper(QdrantSinkConfig config) {
        this.idStrategy = config.idStrategy();
        this.idField = idStrategy == QdrantSinkConfig.IdStrategy.FIELD ? config.idField() : null;
        this.hashFields = config.idHashFields();
        this.collectionTemplate = config.collectionTemplate();
        this.embedField = config.embedField();
        this.embedTemplate = config.embedTemplate();
        this.vectorField = config.embeds() ? null : config.vectorField();
        this.named = config.namedVectors();
        this.sparse = config.sparseVectors();
        this.multi = config.multiVectors();
        this.envelope = config.envelope();
        Set<String> vectorFields = new HashSet<>();
        if (vectorField != null) {
            vectorFields.add(vectorField.segments().get(0));
        }
        for (Map<String, FieldPath> m : List.of(named, sparse, multi)) {
            m.values().forEach(p -> vectorFields.add(p.segments().get(0)));
        }
        this.nesting = new NestingLimit(config.payloadMaxDepth());
        this.payload = new PayloadMapper(config.payloadInclude(), config.payloadExclude(), vectorFields, nesting,
                config.payloadNonFinite());
    }

    String collectionFor(String topic) {
        return collectionTemplate.replace(TOPIC_PLACEHOLDER, topic);
    }

    DocumentWrite map(SinkRecord record) {
        String collection = collectionFor(record.topic());
        Object value = record.value();
        Schema schema = record.valueSchema();
        // Bounds every recursion over this record's data below (id hashing, payload, serialisation).
        nesting.check(record.key(), "$key");
        if (value == null) {
            return new DocumentWrite.Delete(collection, idForDelete(record, null, null), record);
        }
        DebeziumEnvelope event = envelope.unwrap(value, schema,
                () -> new DataException("input.envelope=debezium but the value is not a Debezium change event"));
        Object root = value;
        Schema rootSchema = schema;
        if (event != null) {
            if (event.isDelete()) {
                nesting.check(event.before(), "$before");
                return new DocumentWrite.Delete(collection, idForDelete(record, event.before(), event.beforeSchema()),
                        record);
            }
            root = event.after();
            rootSchema = event.afterSchema();
        }
        if (!(root instanceof Struct) && !(root instanceof Map)) {
            throw new DataException("the value is " + ValueTypes.describe(root) + "; the sink needs a struct or map");
        }
        nesting.check(root, "$");
        PointId id = idFor(record, root, rootSchema);
        String text = null;
        String previousText = null;
        List<Float> dense = null;
        if (embedField != null || embedTemplate != null) {
            text = text(root, rootSchema);
            if (event != null && event.before() != null) {
                previousText = previousText(event);
            }
        } else if (vectorField != null) {
            dense = VectorReader.dense(root, rootSchema, vectorField);
        }
        Map<String, Vector> vectors = new LinkedHashMap<>();
        for (Map.Entry<String, FieldPath> e : named.entrySet()) {
            vectors.put(e.getKey(), VectorFactory.vector(VectorReader.dense(root, rootSchema, e.getValue())));
        }
        for (Map.Entry<String, FieldPath> e : sparse.entrySet()) {
            vectors.put(e.getKey(), VectorReader.sparse(root, rootSchema, e.getValue()));
        }
        for (Map.Entry<String, FieldPath> e : multi.entrySet()) {
            vectors.put(e.getKey(), VectorReader.multi(root, rootSchema, e.getValue()));
        }
        return new DocumentWrite.Upsert(collection, id, record, payload.payload(root), dense, vectors, text,
                previousText);
    }


    /** The text a Debezium update's before row gives, or null when it gives none (then the after text decides). */
    private String previousText(DebeziumEnvelope event) {
        if (!(event.before() instanceof Struct) && !(event.before() instanceof Map)) {
            return null;
        }
        try {
            nesting.check(event.before(), "$before");
            return text(event.before(), event.beforeSchema());
        } catch (DataException e) {
            return null;
        }
    }

    private String text(Object root, Schema schema) {
        String text;
        if (embedTemplate != null) {
            try {
                text = embedTemplate.render(root, schema);
            } catch (IllegalArgumentException e) {
                throw new DataException(e.getMessage());
            }
        } else {
            FieldPath.Resolved r = embedField.resolve(root, schema);
            if (!r.exists()) {
                throw new DataException("no text to embed: " + r.problem());
            }
            if (r.value() != null && !(r.value() instanceof String)) {
                throw new DataException("text field '" + embedField + "' is " + ValueTypes.describe(r.value())
                        + ", expected a string");
            }
            text = (String) r.value();
        }
        if (BlankText.is(text)) {
            throw new DataException("no text to embed: " + (embedTemplate != null ? "template '" + embedTemplate + "'"
                    : "field '" + embedField + "'") + " is " + (text == null ? "null" : "blank"));
        }
        return text;
    }

    private PointId idFor(SinkRecord record, Object root, Schema rootSchema) {
        switch (idStrategy) {
            case KEY:
                return PointIds.fromKey(record.key());
            case FIELD: {
                FieldPath.Resolved r = idField.resolve(root, rootSchema);
                if (!r.exists()) {
                    throw new DataException("no id: " + r.problem());
                }
                return PointIds.fromValue(r.value(), "id field '" + idField + "'");
            }
            case HASH:
                return PointIds.fromFields(root, rootSchema, hashFields);
            default:
                return PointIds.fromCoordinates(record.topic(), record.kafkaPartition(), record.kafkaOffset());
        }
    }

    /** A delete has no 'after': the key, or the 'before' row of a change event, must name the point. */
    private PointId idForDelete(SinkRecord record, Object before, Schema beforeSchema) {
        if (idStrategy == QdrantSinkConfig.IdStrategy.KEY) {
            return PointIds.fromKey(record.key());
        }
        if (idStrategy == QdrantSinkConfig.IdStrategy.COORDINATES) {
            throw new DataException("a delete cannot be applied with id.strategy=coordinates: the point of the "
                    + "original record is unknown; use id.strategy=key");
        }
        if (before == null) {
            throw new DataException("a delete carries no row, so id.strategy=" + idStrategy.name().toLowerCase()
                    + " cannot find the point; use id.strategy=key (or Debezium with before images)");
        }
        return idFor(record, before, beforeSchema);
    }
}
