package dev.connectai.embedding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.embedding.EmbeddingMetrics;
import dev.connectai.toolkit.metrics.PluginMetrics;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbedTextTest {

    private static final Schema DOC = SchemaBuilder.struct().name("Doc")
            .field("id", Schema.INT64_SCHEMA)
            .field("title", Schema.OPTIONAL_STRING_SCHEMA)
            .field("body", Schema.OPTIONAL_STRING_SCHEMA)
            .field("stars", Schema.OPTIONAL_INT32_SCHEMA)
            .build();

    private EmbedText<SinkRecord> transform;

    @AfterEach
    void close() {
        if (transform != null) {
            transform.close();
        }
    }

    private EmbedText<SinkRecord> value(Map<String, String> props) {
        Map<String, String> all = new HashMap<>(props);
        all.putIfAbsent("model.name", "all-minilm-l6-v2-q");
        transform = new EmbedText.Value<>();
        transform.configure(all);
        return transform;
    }

    private static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("docs", 2, null, null, schema, value, 41L, 1000L, TimestampType.CREATE_TIME);
    }

    private static Struct doc(String title, String body) {
        return new Struct(DOC).put("id", 7L).put("title", title).put("body", body).put("stars", 5);
    }

    @SuppressWarnings("unchecked")
    private static List<Float> vectorOf(Object container, String field) {
        return (List<Float>) (container instanceof Struct s ? s.get(field) : ((Map<String, Object>) container).get(field));
    }

    @Test
    void structValueGainsAFloat32ArrayAndKeepsItsFields() {
        SinkRecord out = value(Map.of("input.field", "body")).apply(record(DOC, doc("T", "The battery lasts all day.")));
        Struct v = (Struct) out.value();
        assertThat(out.valueSchema().name()).isEqualTo("Doc");
        assertThat(out.valueSchema().field("embedding").schema().valueSchema().type()).isEqualTo(Schema.Type.FLOAT32);
        assertThat(v.getInt64("id")).isEqualTo(7L);
        assertThat(v.getString("title")).isEqualTo("T");
        assertThat(vectorOf(v, "embedding")).hasSize(384);
        assertThat(out.kafkaOffset()).isEqualTo(41L);
    }

    @Test
    void outputSchemaIsBuiltOncePerInputSchema() {
        EmbedText<SinkRecord> t = value(Map.of("input.field", "body"));
        Schema first = t.apply(record(DOC, doc("a", "one text"))).valueSchema();
        Schema second = t.apply(record(DOC, doc("b", "another text"))).valueSchema();
        assertThat(second).isSameAs(first);
    }

    @Test
    void vectorEqualsWhatTheModelGivesForTheText() {
        EmbedText<SinkRecord> t = value(Map.of("input.field", "body"));
        List<Float> a = vectorOf(t.apply(record(DOC, doc("x", "same words"))).value(), "embedding");
        Map<String, Object> map = new HashMap<>(Map.of("body", "same words"));
        List<Float> b = vectorOf(t.apply(record(null, map)).value(), "embedding");
        assertThat(a).isEqualTo(b);
        List<Float> c = vectorOf(t.apply(record(DOC, doc("x", "completely unrelated sentence about volcanoes"))).value(), "embedding");
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void schemalessNestedPath() {
        Map<String, Object> value = new HashMap<>();
        value.put("doc", Map.of("body", "nested text here"));
        value.put("n", 1);
        SinkRecord out = value(Map.of("input.field", "doc.body", "output.field", "vec")).apply(record(null, value));
        @SuppressWarnings("unchecked")
        Map<String, Object> v = (Map<String, Object>) out.value();
        assertThat(v).containsKeys("doc", "n", "vec");
        assertThat(vectorOf(v, "vec")).hasSize(384);
        assertThat(value).doesNotContainKey("vec"); // the input is not mutated
    }

    @Test
    void templateOverSeveralFields() {
        EmbedText<SinkRecord> t = value(Map.of("input.template", "{title}\n\n{body}"));
        List<Float> fromTemplate = vectorOf(t.apply(record(DOC, doc("Trains", "Delayed by forty minutes"))).value(), "embedding");
        EmbedText<SinkRecord> direct = new EmbedText.Value<>();
        direct.configure(Map.of("input.field", "body", "model.name", "all-minilm-l6-v2-q"));
        try {
            List<Float> fromText = vectorOf(direct.apply(record(DOC, doc("", "Trains\n\nDelayed by forty minutes"))).value(), "embedding");
            assertThat(fromTemplate).isEqualTo(fromText);
        } finally {
            direct.close();
        }
    }

    @Test
    void debeziumEnvelopeWithSchemaWritesIntoAfter() {
        Schema envelope = SchemaBuilder.struct().name("dbserver1.inventory.products.Envelope")
                .field("before", SchemaBuilder.struct().name("Value").field("id", Schema.INT64_SCHEMA)
                        .field("title", Schema.OPTIONAL_STRING_SCHEMA).field("body", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("stars", Schema.OPTIONAL_INT32_SCHEMA).optional().build())
                .field("after", SchemaBuilder.struct().name("Value").field("id", Schema.INT64_SCHEMA)
                        .field("title", Schema.OPTIONAL_STRING_SCHEMA).field("body", Schema.OPTIONAL_STRING_SCHEMA)
                        .field("stars", Schema.OPTIONAL_INT32_SCHEMA).optional().build())
                .field("source", SchemaBuilder.struct().field("db", Schema.STRING_SCHEMA).build())
                .field("op", Schema.STRING_SCHEMA)
                .build();
        Schema row = envelope.field("after").schema();
        Struct after = new Struct(row).put("id", 1L).put("body", "A red cotton shirt");
        Struct event = new Struct(envelope).put("after", after)
                .put("source", new Struct(envelope.field("source").schema()).put("db", "inventory")).put("op", "c");
        EmbedText<SinkRecord> t = value(Map.of("input.field", "body"));
        SinkRecord out = t.apply(record(envelope, event));
        Struct outAfter = ((Struct) out.value()).getStruct("after");
        assertThat(vectorOf(outAfter, "embedding")).hasSize(384);
        assertThat(((Struct) out.value()).getString("op")).isEqualTo("c");
        assertThat(out.valueSchema().name()).isEqualTo("dbserver1.inventory.products.Envelope");
        assertThat(out.valueSchema().field("after").schema().isOptional()).isTrue();

        Struct delete = new Struct(envelope).put("before", after)
                .put("source", new Struct(envelope.field("source").schema()).put("db", "inventory")).put("op", "d");
        SinkRecord deleteRecord = record(envelope, delete);
        assertThat(t.apply(deleteRecord)).isSameAs(deleteRecord);
    }

    @Test
    void schemalessDebeziumEnvelope() {
        Map<String, Object> event = new HashMap<>();
        event.put("before", null);
        event.put("after", Map.of("id", 3, "body", "Blue jeans, slim fit"));
        event.put("source", Map.of("connector", "postgresql", "db", "inventory", "table", "products"));
        event.put("op", "u");
        SinkRecord out = value(Map.of("input.field", "body")).apply(record(null, event));
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) ((Map<String, Object>) out.value()).get("after");
        assertThat(vectorOf(after, "embedding")).hasSize(384);
    }

    @Test
    void aValueThatOnlyLooksLikeADeleteIsAnOrdinaryRecordUnderAuto() {
        Map<String, Object> lookAlike = new HashMap<>();
        lookAlike.put("before", null);
        lookAlike.put("after", null);
        lookAlike.put("op", "d");
        lookAlike.put("body", "top level text");
        SinkRecord out = value(Map.of("input.field", "body")).apply(record(null, lookAlike));
        assertThat(vectorOf(out.value(), "embedding")).hasSize(384);
        EmbedText<SinkRecord> forced = value(Map.of("input.field", "body", "input.envelope", "debezium"));
        assertThatThrownBy(() -> forced.apply(record(null, lookAlike)))
                .isInstanceOf(DataException.class).hasMessageContaining("not a Debezium change event");
    }

    @Test
    void envelopeNoneReadsTheTopLevel() {
        Map<String, Object> event = new HashMap<>();
        event.put("after", Map.of("body", "x"));
        event.put("op", "u");
        event.put("body", "top level text");
        SinkRecord out = value(Map.of("input.field", "body", "input.envelope", "none")).apply(record(null, event));
        assertThat(vectorOf(out.value(), "embedding")).hasSize(384);
    }

    @Test
    void keyVariantEmbedsTheKey() {
        EmbedText<SinkRecord> t = new EmbedText.Key<>();
        transform = t;
        t.configure(Map.of("input.field", "body", "model.name", "all-minilm-l6-v2-q"));
        SinkRecord in = new SinkRecord("docs", 0, DOC, doc("k", "key text"), Schema.STRING_SCHEMA, "v", 1L);
        SinkRecord out = t.apply(in);
        assertThat(vectorOf(out.key(), "embedding")).hasSize(384);
        assertThat(out.value()).isEqualTo("v");
    }

    @Test
    void wholeStringValueBecomesTextAndVector() {
        EmbedText<SinkRecord> t = value(Map.of());
        SinkRecord out = t.apply(record(Schema.STRING_SCHEMA, "plain text value"));
        Struct v = (Struct) out.value();
        assertThat(v.getString("text")).isEqualTo("plain text value");
        assertThat(vectorOf(v, "embedding")).hasSize(384);
        SinkRecord schemaless = t.apply(record(null, "plain text value"));
        assertThat(vectorOf(schemaless.value(), "embedding")).isEqualTo(vectorOf(v, "embedding"));
        assertThatThrownBy(() -> t.apply(record(DOC, doc("a", "b"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("whole value must be a string, but it is a STRUCT");
    }

    @Test
    void tombstonesPassUntouched() {
        SinkRecord tombstone = record(null, null);
        assertThat(value(Map.of("input.field", "body")).apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void nullPolicyPass() {
        SinkRecord in = record(DOC, doc("t", null));
        assertThat(value(Map.of("input.field", "body")).apply(in)).isSameAs(in);
        SinkRecord blank = record(DOC, doc("t", "   "));
        assertThat(transform.apply(blank)).isSameAs(blank);
    }

    @Test
    void nullPolicyNullVector() {
        SinkRecord out = value(Map.of("input.field", "body", "input.null.policy", "null-vector"))
                .apply(record(DOC, doc("t", null)));
        assertThat(out.valueSchema().field("embedding")).isNotNull();
        assertThat(((Struct) out.value()).get("embedding")).isNull();
    }

    @Test
    void nullPolicyFail() {
        EmbedText<SinkRecord> t = value(Map.of("input.field", "body", "input.null.policy", "FAIL"));
        assertThatThrownBy(() -> t.apply(record(DOC, doc("t", ""))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("field 'body' is blank")
                .hasMessageContaining("topic=docs partition=2 offset=41");
        assertThatThrownBy(() -> t.apply(record(DOC, doc("t", "\u00a0\u202f\u200b"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("field 'body' is blank");
    }

    @Test
    void missingFieldIsADataErrorNamingFieldAndLocation() {
        assertThatThrownBy(() -> value(Map.of("input.field", "doc.text")).apply(record(DOC, doc("t", "b"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("field 'doc' does not exist in the value")
                .hasMessageContaining("topic=docs partition=2 offset=41");
    }

    @Test
    void nonTextFieldIsADataErrorNamingItsType() {
        assertThatThrownBy(() -> value(Map.of("input.field", "stars")).apply(record(DOC, doc("t", "b"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("field 'stars' is an INTEGER, expected a string")
                .hasMessageContaining("offset=41");
    }

    @Test
    void primitiveValueWithAFieldPathIsADataError() {
        assertThatThrownBy(() -> value(Map.of("input.field", "body")).apply(record(Schema.INT32_SCHEMA, 5)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("the value is an INTEGER, so field 'body' cannot be read");
    }

    @Test
    void forcedDebeziumOnAPlainRecordIsADataError() {
        assertThatThrownBy(() -> value(Map.of("input.field", "body", "input.envelope", "debezium"))
                .apply(record(DOC, doc("t", "b"))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("not a Debezium change event");
    }

    @Test
    void repeatedTextsAreServedFromTheCache() {
        EmbedText<SinkRecord> t = value(Map.of("input.field", "body"));
        for (int i = 0; i < 5; i++) {
            t.apply(record(DOC, doc("t", "the same text every time")));
        }
        double hits = PluginMetrics.registry().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(EmbeddingMetrics.GROUP)
                        && e.getKey().name().equals("cache-hits-total"))
                .mapToDouble(e -> (Double) e.getValue().metricValue()).max().orElse(0);
        double embedded = PluginMetrics.registry().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(EmbeddingMetrics.GROUP)
                        && e.getKey().name().equals("texts-embedded-total")
                        && e.getKey().tags().get("instance").equals(instanceOf()))
                .mapToDouble(e -> (Double) e.getValue().metricValue()).sum();
        assertThat(hits).isEqualTo(4.0);
        assertThat(embedded).isEqualTo(1.0);
    }

    @Test
    void anUnchangedTextPerKeyReusesItsVectorWithoutTheModel() {
        EmbedText<SinkRecord> t = value(Map.of("input.field", "body", "cache.size", "0",
                "skip.unchanged.max.keys", "2"));
        // Counted from here: an instance another test left open may still hold its own counts.
        double embeddedBefore = metric("texts-embedded-total");
        double skippedBefore = metric("embeddings-skipped-total");
        List<Float> first = vectorOf(t.apply(keyed("a", doc("t", "a red bicycle"))).value(), "embedding");
        // Other columns change, the text does not: the key's vector comes back without a model call.
        Struct otherColumns = doc("another title", "a red bicycle").put("stars", 1);
        assertThat(vectorOf(t.apply(keyed("a", otherColumns)).value(), "embedding")).isEqualTo(first);
        assertThat(metric("embeddings-skipped-total") - skippedBefore).isEqualTo(1.0);
        assertThat(metric("texts-embedded-total") - embeddedBefore).isEqualTo(1.0);
        // A changed text is embedded; another key with the same text is not this cache's business (cache.size=0).
        t.apply(keyed("a", doc("t", "a blue bicycle")));
        t.apply(keyed("b", doc("t", "a blue bicycle")));
        assertThat(metric("texts-embedded-total") - embeddedBefore).isEqualTo(3.0);
        // At most 2 keys: 'a' was used least recently once 'c' comes, so it is forgotten.
        t.apply(keyed("c", doc("t", "a green bicycle")));
        t.apply(keyed("a", doc("t", "a blue bicycle")));
        assertThat(metric("texts-embedded-total") - embeddedBefore).isEqualTo(5.0);
        t.apply(keyed(null, doc("t", "a green bicycle")));
        t.apply(keyed(null, doc("t", "a green bicycle")));
        assertThat(metric("texts-embedded-total") - embeddedBefore).as("records without a key are never skipped").isEqualTo(7.0);
        assertThat(metric("embeddings-skipped-total") - skippedBefore).isEqualTo(1.0);
    }

    private static SinkRecord keyed(String key, Struct value) {
        return new SinkRecord("docs", 0, null, key, DOC, value, 1L);
    }

    /** A metric summed over every open EmbedText. */
    private static double metric(String name) {
        return PluginMetrics.registry().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(EmbeddingMetrics.GROUP) && e.getKey().name().equals(name))
                .mapToDouble(e -> (Double) e.getValue().metricValue()).sum();
    }

    @Test
    void textsTheModelCutsAreCountedOnceEach() {
        EmbedText<SinkRecord> t = value(Map.of("input.field", "body"));
        String atLimit = "word ".repeat(254).strip(); // 256 tokens with [CLS] and [SEP]: fits
        String over = "word ".repeat(255).strip();
        t.apply(record(DOC, doc("t", atLimit)));
        t.apply(record(DOC, doc("t", "short")));
        assertThat(truncatedTotal()).isZero();
        t.apply(record(DOC, doc("t", over)));
        t.apply(record(DOC, doc("t", over + " and more")));
        t.apply(record(DOC, doc("t", over))); // from the cache: the model cuts nothing
        assertThat(truncatedTotal()).isEqualTo(2.0);
    }

    /** The only open EmbedText is this test's: closed transforms remove their metrics. */
    private static double truncatedTotal() {
        return PluginMetrics.registry().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(EmbeddingMetrics.GROUP)
                        && e.getKey().name().equals("texts-truncated-total"))
                .mapToDouble(e -> (Double) e.getValue().metricValue()).sum();
    }

    private String instanceOf() {
        return PluginMetrics.registry().metrics().keySet().stream()
                .filter(n -> n.group().equals(EmbeddingMetrics.GROUP) && n.name().equals("cache-hits-total"))
                .filter(n -> (Double) PluginMetrics.registry().metrics().get(n).metricValue() == 4.0)
                .map(n -> n.tags().get("instance")).findFirst().orElse("none");
    }

    @Test
    void configErrorsAreSpecific() {
        assertThatThrownBy(() -> new EmbedTextConfig(Map.of("input.field", "a", "input.template", "{b}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
        // Kafka's CaseInsensitiveValidString lists the choices upper-cased, in its own order
        assertThatThrownBy(() -> new EmbedTextConfig(Map.of("model.provider", "cohere")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.provider")
                .hasMessageContaining("String must be one of (case insensitive)")
                .hasMessageContainingAll("LOCAL", "OPENAI", "OLLAMA");
        assertThatThrownBy(() -> new EmbedTextConfig(Map.of("model.name", "bge-small")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("all-minilm-l6-v2, all-minilm-l6-v2-q");
        assertThatThrownBy(() -> new EmbedTextConfig(Map.of("input.template", "{title")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> new EmbedTextConfig(Map.of("input.null.policy", "skip")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("input.null.policy")
                .hasMessageContaining("String must be one of (case insensitive)")
                .hasMessageContainingAll("PASS", "NULL-VECTOR", "FAIL");
        assertThatThrownBy(() -> new EmbedTextConfig(Map.of("model.max.tokens", "1024")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.max.tokens");
    }

    /** With model.input.type=query the transform embeds the query form: bge's instruction goes before the text. */
    @Test
    void theInputTypePicksTheDocumentOrQueryForm() {
        String text = "arrived late and damaged";
        Map<String, String> bge = Map.of("input.field", "body", "model.name", "bge-small-en-v1.5-q");
        List<Float> document = vectorOf(value(bge).apply(record(DOC, doc("t", text))).value(), "embedding");
        transform.close();
        Map<String, String> asQuery = new HashMap<>(bge);
        asQuery.put("model.input.type", "query");
        List<Float> query = vectorOf(value(asQuery).apply(record(DOC, doc("t", text))).value(), "embedding");
        transform.close();
        List<Float> instructed = vectorOf(value(bge).apply(record(DOC, doc("t",
                "Represent this sentence for searching relevant passages: " + text))).value(), "embedding");
        assertThat(query).isEqualTo(instructed).isNotEqualTo(document);
        assertThat(new EmbedTextConfig(bge).modelSpec().maxTokens()).as("bge reads 512 tokens").isEqualTo(512);
    }

    @Test
    void closingReleasesTheSharedModel() {
        EmbedText<SinkRecord> t = new EmbedText.Value<>();
        t.configure(Map.of("input.field", "body", "model.name", "all-minilm-l6-v2-q", "model.max.tokens", "128"));
        long loads = dev.connectai.toolkit.embedding.SharedEmbeddingModels.loads();
        EmbedText<SinkRecord> second = new EmbedText.Value<>();
        second.configure(Map.of("input.field", "title", "model.name", "all-minilm-l6-v2-q", "model.max.tokens", "128"));
        assertThat(dev.connectai.toolkit.embedding.SharedEmbeddingModels.loads()).isEqualTo(loads);
        t.close();
        second.close();
        EmbedText<SinkRecord> third = new EmbedText.Value<>();
        third.configure(Map.of("input.field", "title", "model.name", "all-minilm-l6-v2-q", "model.max.tokens", "128"));
        assertThat(dev.connectai.toolkit.embedding.SharedEmbeddingModels.loads()).isEqualTo(loads + 1);
        third.close();
    }
}
