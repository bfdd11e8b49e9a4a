package dev.connectai.embedding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.connectai.toolkit.sparse.Bm25Encoder;
import dev.connectai.toolkit.sparse.Bm25Language;
import dev.connectai.toolkit.sparse.Bm25Settings;
import dev.connectai.toolkit.sparse.Bm25Stemming;
import dev.connectai.toolkit.sparse.Bm25StopWords;
import dev.connectai.toolkit.sparse.SparseVector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** sparse.bm25.field: EmbedText also writes the BM25 vector of the text, in the shape the sink's vector.sparse reads. */
class EmbedTextBm25Test {

    private static final Schema DOC = SchemaBuilder.struct().name("Doc")
            .field("id", Schema.INT64_SCHEMA)
            .field("body", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final String BODY = "Replace the seals of pump P7; worn seals leak.";

    private EmbedText<SinkRecord> transform;

    @AfterEach
    void close() {
        if (transform != null) {
            transform.close();
        }
    }

    private EmbedText<SinkRecord> value(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put("model.name", "all-minilm-l6-v2-q");
        props.put("input.field", "body");
        props.put("sparse.bm25.field", "bm25");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        transform = new EmbedText.Value<>();
        transform.configure(props);
        return transform;
    }

    private static SparseVector expected(String text) {
        try (Bm25Encoder encoder = new Bm25Encoder(Bm25Settings.DEFAULTS)) {
            return encoder.encodeDocument(text);
        }
    }

    private static SparseVector fromLists(Object indices, Object values) {
        List<?> idx = (List<?>) indices;
        List<?> vals = (List<?>) values;
        int[] i = idx.stream().mapToInt(x -> (int) (long) (Long) x).toArray();
        float[] f = new float[vals.size()];
        for (int k = 0; k < f.length; k++) {
            f[k] = (Float) vals.get(k);
        }
        return new SparseVector(i, f);
    }

    @Test
    void withSchemaTheVectorIsAStructOfIndicesAndValues() {
        SinkRecord out = value().apply(new SinkRecord("docs", 0, null, null, DOC,
                new Struct(DOC).put("id", 1L).put("body", BODY), 1));

        Struct value = (Struct) out.value();
        Schema bm25Schema = value.schema().field("bm25").schema();
        assertThat(bm25Schema.type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(bm25Schema.field("indices").schema().valueSchema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(bm25Schema.field("values").schema().valueSchema().type()).isEqualTo(Schema.Type.FLOAT32);
        Struct bm25 = value.getStruct("bm25");
        SparseVector vector = fromLists(bm25.getArray("indices"), bm25.getArray("values"));
        assertThat(vector).isEqualTo(expected(BODY));
        assertThat(vector.valueAt(Bm25Encoder.termIndex("seal"))).isGreaterThan(vector.valueAt(Bm25Encoder.termIndex("pump")));
        assertThat(value.getArray("embedding")).hasSize(384);
    }

    @Test
    void schemalessTheVectorIsAMapOfTwoLists() {
        SinkRecord out = value("sparse.bm25.language", "english", "sparse.bm25.stemming", "none")
                .apply(new SinkRecord("docs", 0, null, null, null, Map.of("body", BODY), 1));

        @SuppressWarnings("unchecked")
        Map<String, Object> bm25 = (Map<String, Object>) ((Map<?, ?>) out.value()).get("bm25");
        SparseVector vector = fromLists(bm25.get("indices"), bm25.get("values"));
        try (Bm25Encoder unstemmed = new Bm25Encoder(new Bm25Settings(Bm25Language.ENGLISH, Bm25Stemming.NONE,
                Bm25StopWords.LANGUAGE, 1.2, 0.75, 256))) {
            assertThat(vector).isEqualTo(unstemmed.encodeDocument(BODY));
        }
        assertThat(vector.valueAt(Bm25Encoder.termIndex("seals"))).isPositive();
    }

    @Test
    void indexTwoToThe31IsWrittenAsItsUnsignedValue() {
        // mmh3.hash("aivlts3m") == -2^31: its index 2^31 does not fit an INT32, hence INT64 indices.
        SinkRecord out = value("sparse.bm25.stemming", "none")
                .apply(new SinkRecord("docs", 0, null, null, null, Map.of("body", "aivlts3m"), 1));

        @SuppressWarnings("unchecked")
        Map<String, Object> bm25 = (Map<String, Object>) ((Map<?, ?>) out.value()).get("bm25");
        assertThat(bm25.get("indices")).isEqualTo(List.of(2147483648L));
    }

    @Test
    void queriesWeighEachTermOne() {
        SinkRecord out = value("model.input.type", "query")
                .apply(new SinkRecord("docs", 0, null, null, null, Map.of("body", BODY), 1));

        @SuppressWarnings("unchecked")
        Map<String, Object> bm25 = (Map<String, Object>) ((Map<?, ?>) out.value()).get("bm25");
        assertThat((List<?>) bm25.get("values")).isNotEmpty().allMatch(v -> v.equals(1f));
    }

    @Test
    void aNullVectorForBlankTextLeavesTheBm25FieldNullToo() {
        SinkRecord out = value("input.null.policy", "null-vector").apply(new SinkRecord("docs", 0, null, null, DOC,
                new Struct(DOC).put("id", 1L).put("body", "  "), 1));

        Struct value = (Struct) out.value();
        assertThat(value.get("bm25")).isNull();
        assertThat(value.get("embedding")).isNull();
    }

    @Test
    void theWholeStringValueGetsItsVectorToo() {
        SinkRecord out = value("input.field", "").apply(new SinkRecord("docs", 0, null, null,
                Schema.STRING_SCHEMA, BODY, 1));

        Struct bm25 = ((Struct) out.value()).getStruct("bm25");
        assertThat(fromLists(bm25.getArray("indices"), bm25.getArray("values"))).isEqualTo(expected(BODY));
    }

    @Test
    void theBm25FieldMustDifferFromTheVectorField() {
        String prefix = "transforms.embed.";
        ConfigDef connector = new ConfigDef();
        connector.embed(prefix, "Transforms: embed", 0, EmbedText.CONFIG_DEF);
        Map<String, String> smt = Map.of("input.field", "body", "sparse.bm25.field", "embedding");
        Map<String, String> props = new HashMap<>();
        smt.forEach((k, v) -> props.put(prefix + k, v));
        Map<String, List<String>> errors = connector.validate(props).stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
        assertThat(errors).containsOnlyKeys(prefix + "sparse.bm25.field");
        String message = errors.get(prefix + "sparse.bm25.field").get(0);
        assertThat(message).contains("is also output.field");
        assertThatThrownBy(() -> new EmbedText.Value<SinkRecord>().configure(smt))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void badBm25SettingsAreRejectedOnTheirKey() {
        Map<String, List<String>> errors = EmbedText.CONFIG_DEF.validate(Map.of("sparse.bm25.field", "bm25",
                "sparse.bm25.language", "latin", "sparse.bm25.b", "2")).stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
        assertThat(errors).containsOnlyKeys("sparse.bm25.language", "sparse.bm25.b");
    }
}
