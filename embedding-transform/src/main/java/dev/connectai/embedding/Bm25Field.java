package dev.connectai.embedding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.embedding.TextRole;
import dev.connectai.toolkit.record.AddedField;
import dev.connectai.toolkit.sparse.Bm25Encoder;
import dev.connectai.toolkit.sparse.SparseVector;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The BM25 sparse vector EmbedText adds next to the dense one ({@code sparse.bm25.field}), in the shape the Qdrant
 * sink's {@code vector.sparse} reads: {@code {indices, values}}. Indices are INT64 because they are unsigned 32-bit
 * numbers and one of them, 2^31, does not fit an INT32.
 */
final class Bm25Field {

    static final String INDICES = "indices";
    static final String VALUES = "values";

    static final Schema SCHEMA = SchemaBuilder.struct().name("dev.connectai.SparseVector").optional()
            .field(INDICES, SchemaBuilder.array(Schema.INT64_SCHEMA).build())
            .field(VALUES, SchemaBuilder.array(Schema.FLOAT32_SCHEMA).build())
            .build();

    private final AddedField field;
    private final Bm25Encoder encoder;
    private final TextRole role;

    Bm25Field(String name, Bm25Encoder encoder, TextRole role) {
        this.field = new AddedField(name, SCHEMA);
        this.encoder = encoder;
        this.role = role;
    }

    String name() {
        return field.name();
    }

    /** Document texts get BM25 term weights, queries weight 1 per term (Qdrant's IDF modifier weighs them). */
    SparseVector encode(String text) {
        return role == TextRole.QUERY ? encoder.encodeQuery(text) : encoder.encodeDocument(text);
    }

    /** {@code root} with the vector of {@code text} (null: the field set to null) added. */
    Object addTo(Object root, boolean withSchema, String text) {
        SparseVector vector = text == null ? null : encode(text);
        return withSchema ? field.addTo((Struct) root, struct(vector)) : field.addTo((Map<?, ?>) root, map(vector));
    }

    static Struct struct(SparseVector vector) {
        return vector == null ? null
                : new Struct(SCHEMA).put(INDICES, indices(vector)).put(VALUES, values(vector));
    }

    static Map<String, Object> map(SparseVector vector) {
        if (vector == null) {
            return null;
        }
        Map<String, Object> out = new HashMap<>();
        out.put(INDICES, indices(vector));
        out.put(VALUES, values(vector));
        return out;
    }

    private static List<Long> indices(SparseVector vector) {
        List<Long> out = new ArrayList<>(vector.size());
        for (int index : vector.indices()) {
            out.add(Integer.toUnsignedLong(index));
        }
        return out;
    }

    private static List<Float> values(SparseVector vector) {
        List<Float> out = new ArrayList<>(vector.size());
        for (float value : vector.values()) {
            out.add(value);
        }
        return out;
    }

    void close() {
        encoder.close();
    }
}
