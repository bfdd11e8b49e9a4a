package dev.connectai.qdrant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.qdrant.client.grpc.Common.PointId;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMapperTest {

    private static RecordMapper mapper(Map<String, String> props) {
        return new RecordMapper(new QdrantSinkConfig(props));
    }

    private static SinkRecord record(Object key, Schema schema, Object value) {
        return new SinkRecord("docs", 1, null, key, schema, value, 17L);
    }

    private static Map<String, Object> doc(Object embedding) {
        Map<String, Object> v = new HashMap<>();
        v.put("title", "t");
        v.put("embedding", embedding);
        v.put("meta", Map.of("lang", "en", "tags", List.of("a", "b")));
        return v;
    }

    @Test
    void integerVectorsOfZerosAndOnesAreNumbers() {
        DocumentWrite w = mapper(Map.of()).map(record("7", null, doc(List.of(0L, 1L, 0.5))));
        DocumentWrite.Upsert u = (DocumentWrite.Upsert) w;
        assertThat(u.dense()).containsExactly(0f, 1f, 0.5f);
        assertThat(u.id().getNum()).isEqualTo(7L);
        assertThat(u.collection()).isEqualTo("docs");
        assertThat(u.payload()).containsKeys("title", "meta").doesNotContainKey("embedding");
        assertThat(u.payload().get("meta").getStructValue().getFieldsMap().get("tags").getListValue().getValuesCount()).isEqualTo(2);
    }

    @Test
    void keyIdsKeepUuidsAndIntegersAndHashTheRest() {
        RecordMapper m = mapper(Map.of("collection.name", "c-${topic}"));
        String uuid = UUID.randomUUID().toString();
        assertThat(m.map(record(uuid, null, doc(List.of(1.0)))).id().getUuid()).isEqualTo(uuid);
        assertThat(m.map(record(42, null, doc(List.of(1.0)))).id().getNum()).isEqualTo(42L);
        PointId a = m.map(record("doc-a", null, doc(List.of(1.0)))).id();
        PointId again = m.map(record("doc-a", null, doc(List.of(2.0)))).id();
        assertThat(a.hasUuid()).isTrue();
        assertThat(a).isEqualTo(again);
        assertThat(m.map(record(-5L, null, doc(List.of(1.0)))).id().hasUuid()).isTrue();
        Schema keySchema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        assertThat(m.map(record(new Struct(keySchema).put("id", 9L), null, doc(List.of(1.0)))).id().getNum()).isEqualTo(9L);
        assertThat(m.map(record("x", null, doc(List.of(1.0)))).collection()).isEqualTo("c-docs");
    }

    @Test
    void fieldHashAndCoordinateIds() {
        Map<String, Object> v = doc(List.of(1.0));
        v.put("sku", "A-1");
        assertThat(mapper(Map.of("id.strategy", "field", "id.field", "sku")).map(record(null, null, v)).id().hasUuid()).isTrue();
        PointId h1 = mapper(Map.of("id.strategy", "hash", "id.hash.fields", "sku,title")).map(record(null, null, v)).id();
        v.put("title", "other");
        PointId h2 = mapper(Map.of("id.strategy", "hash", "id.hash.fields", "sku,title")).map(record(null, null, v)).id();
        assertThat(h1).isNotEqualTo(h2);
        PointId c1 = mapper(Map.of("id.strategy", "coordinates")).map(record(null, null, v)).id();
        assertThat(c1).isEqualTo(mapper(Map.of("id.strategy", "coordinates")).map(record(null, null, v)).id());
        assertThatThrownBy(() -> mapper(Map.of("id.strategy", "field", "id.field", "nope")).map(record(null, null, v)))
                .isInstanceOf(DataException.class).hasMessageContaining("'nope' does not exist");
    }

    @Test
    void tombstonesDeleteByKey() {
        DocumentWrite w = mapper(Map.of()).map(record("12", null, null));
        assertThat(w).isInstanceOf(DocumentWrite.Delete.class);
        assertThat(w.id().getNum()).isEqualTo(12L);
        assertThatThrownBy(() -> mapper(Map.of("id.strategy", "coordinates")).map(record("1", null, null)))
                .isInstanceOf(DataException.class).hasMessageContaining("id.strategy=coordinates");
        assertThatThrownBy(() -> mapper(Map.of()).map(record(null, null, null)))
                .isInstanceOf(DataException.class).hasMessageContaining("record key is null");
    }

    @Test
    void debeziumAfterIsThePointAndOpDDeletes() {
        Schema row = SchemaBuilder.struct().name("Value").optional()
                .field("id", Schema.INT64_SCHEMA).field("name", Schema.STRING_SCHEMA)
                .field("embedding", SchemaBuilder.array(Schema.FLOAT32_SCHEMA).build()).build();
        Schema env = SchemaBuilder.struct().name("db.public.items.Envelope")
                .field("before", row).field("after", row).field("op", Schema.STRING_SCHEMA).build();
        Struct r = new Struct(row).put("id", 5L).put("name", "lamp").put("embedding", List.of(0.1f, 0.2f));
        Map<String, String> props = Map.of("id.strategy", "field", "id.field", "id");
        DocumentWrite up = mapper(props).map(record(null, env, new Struct(env).put("after", r).put("op", "c")));
        assertThat(up).isInstanceOf(DocumentWrite.Upsert.class);
        assertThat(up.id().getNum()).isEqualTo(5L);
        assertThat(((DocumentWrite.Upsert) up).payload()).containsKeys("id", "name").doesNotContainKeys("op", "after");
        DocumentWrite del = mapper(props).map(record(null, env, new Struct(env).put("before", r).put("op", "d")));
        assertThat(del).isInstanceOf(DocumentWrite.Delete.class);
        assertThat(del.id().getNum()).isEqualTo(5L);
    }

    @Test
    void aValueThatOnlyLooksLikeADeleteIsAnOrdinaryRecordUnderAuto() {
        Map<String, Object> lookAlike = new HashMap<>();
        lookAlike.put("before", null);
        lookAlike.put("after", null);
        lookAlike.put("op", "d");
        lookAlike.put("embedding", List.of(1.0, 0.0));
        DocumentWrite w = mapper(Map.of()).map(record("8", null, lookAlike));
        assertThat(w).isInstanceOf(DocumentWrite.Upsert.class);
        assertThat(w.id().getNum()).isEqualTo(8L);
        assertThat(((DocumentWrite.Upsert) w).payload()).containsKeys("op", "before", "after");
        assertThatThrownBy(() -> mapper(Map.of("input.envelope", "debezium")).map(record("8", null, lookAlike)))
                .isInstanceOf(DataException.class).hasMessageContaining("not a Debezium change event");
        lookAlike.put("source", Map.of("connector", "postgresql", "db", "shop", "table", "items"));
        assertThat(mapper(Map.of()).map(record("8", null, lookAlike))).isInstanceOf(DocumentWrite.Delete.class);
    }

    @Test
    void badVectorsAreDataErrorsWithReasons() {
        RecordMapper m = mapper(Map.of());
        assertThatThrownBy(() -> m.map(record("1", null, doc(null)))).hasMessageContaining("field 'embedding' is null");
        Map<String, Object> none = doc(List.of(1.0));
        none.remove("embedding");
        assertThatThrownBy(() -> m.map(record("1", null, none))).hasMessageContaining("'embedding' does not exist");
        assertThatThrownBy(() -> m.map(record("1", null, doc(List.of(1.0, "x"))))).hasMessageContaining("element 1 is a STRING");
        assertThatThrownBy(() -> m.map(record("1", null, doc(List.of(1.0, Double.NaN))))).hasMessageContaining("finite");
        assertThatThrownBy(() -> m.map(record("1", null, doc(List.of())))).hasMessageContaining("empty array");
        assertThatThrownBy(() -> m.map(record("1", null, doc("1,2,3")))).hasMessageContaining("expected an array");
        assertThatThrownBy(() -> m.map(record("1", Schema.STRING_SCHEMA, "text"))).hasMessageContaining("needs a struct or map");
    }

    @Test
    void namedSparseAndMultiVectors() {
        Map<String, Object> v = new HashMap<>();
        v.put("t", List.of(1.0, 2.0));
        v.put("s", Map.of("indices", List.of(3L, 9L), "values", List.of(0.5, 0.25)));
        v.put("m", List.of(List.of(1.0, 0.0), List.of(0.0, 1.0)));
        v.put("keep", "x");
        DocumentWrite.Upsert u = (DocumentWrite.Upsert) mapper(Map.of("vector.field", "", "vector.named", "title:t",
                "vector.sparse", "keywords:s", "vector.multi", "colbert:m")).map(record("1", null, v));
        assertThat(u.dense()).isNull();
        assertThat(u.named()).containsOnlyKeys("title", "keywords", "colbert");
        assertThat(u.payload()).containsOnlyKeys("keep");
        v.put("s", Map.of("indices", List.of(1L), "values", List.of(0.5, 0.25)));
        assertThatThrownBy(() -> mapper(Map.of("vector.field", "", "vector.sparse", "k:s")).map(record("1", null, v)))
                .hasMessageContaining("1 indices but 2 values");
        v.put("m", List.of(List.of(1.0, 0.0), List.of(1.0)));
        assertThatThrownBy(() -> mapper(Map.of("vector.field", "", "vector.multi", "c:m")).map(record("1", null, v)))
                .hasMessageContaining("rows differ in length");
    }

    @Test
    void payloadIncludeAndExclude() {
        DocumentWrite.Upsert u = (DocumentWrite.Upsert) mapper(Map.of("payload.include", "title,meta",
                "payload.exclude", "meta")).map(record("1", null, doc(List.of(1.0))));
        assertThat(u.payload()).containsOnlyKeys("title");
    }

    @Test
    void embeddingModeReadsTextAndRejectsBlank() {
        RecordMapper m = mapper(Map.of("embed.input.field", "title", "model.name", "all-minilm-l6-v2-q"));
        assertThat(((DocumentWrite.Upsert) m.map(record("1", null, doc(null)))).text()).isEqualTo("t");
        Map<String, Object> blank = doc(null);
        blank.put("title", " ");
        assertThatThrownBy(() -> m.map(record("1", null, blank))).hasMessageContaining("is blank");
        // No-break and zero-width spaces are nothing to embed either, though String.isBlank() says otherwise.
        blank.put("title", " \u00a0\u200b\u3000 ");
        assertThatThrownBy(() -> m.map(record("1", null, blank))).hasMessageContaining("is blank");
    }

    @Test
    void configErrors() {
        assertThatThrownBy(() -> new QdrantSinkConfig(Map.of("qdrant.url", "http://localhost:6333")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REST port");
        assertThatThrownBy(() -> new QdrantSinkConfig(Map.of("qdrant.url", "grpc://x:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http://host:port");
        assertThatThrownBy(() -> new QdrantSinkConfig(Map.of("id.strategy", "field")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("id.field");
        assertThatThrownBy(() -> new QdrantSinkConfig(Map.of("chunk.size.tokens", "100")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chunking needs");
        assertThatThrownBy(() -> new QdrantSinkConfig(Map.of("vector.named", "a:x,a:y")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> mapper(Map.of("vector.field", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no vectors configured");
    }
}
