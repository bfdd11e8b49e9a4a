package dev.connectai.toolkit.record;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopePolicyTest {

    private static final Schema ROW = SchemaBuilder.struct().name("db.t.Value")
            .field("id", Schema.INT64_SCHEMA).optional().build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("db.t.Envelope")
            .field("before", ROW).field("after", ROW).field("op", Schema.STRING_SCHEMA).build();

    private static Map<String, Object> schemaless(String op, Object before, Object after) {
        Map<String, Object> m = new HashMap<>();
        m.put("op", op);
        m.put("before", before);
        m.put("after", after);
        m.put("source", Map.of("connector", "postgresql", "db", "shop", "table", "t"));
        return m;
    }

    @Test
    void autoNeedsTheRealEnvelopeAndTakesLookAlikesAsOrdinaryRecords() {
        Map<String, Object> lookAlike = new HashMap<>();
        lookAlike.put("before", null);
        lookAlike.put("after", null);
        lookAlike.put("op", "d");
        assertThat(EnvelopePolicy.AUTO.unwrap(lookAlike, null, IllegalStateException::new)).isNull();
        assertThatThrownBy(() -> EnvelopePolicy.DEBEZIUM.unwrap(lookAlike, null,
                () -> new IllegalStateException("not a change event"))).hasMessage("not a change event");
        lookAlike.put("source", "shop");
        assertThat(EnvelopePolicy.AUTO.unwrap(lookAlike, null, IllegalStateException::new))
                .as("'source' must be Debezium's source block").isNull();
        Map<String, Object> noRow = new HashMap<>(Map.of("op", "d", "source", Map.of("db", "shop")));
        assertThat(EnvelopePolicy.AUTO.unwrap(noRow, null, IllegalStateException::new)).isNull();
        Map<String, Object> beforeOnly = new HashMap<>(Map.of("op", "d", "source", Map.of("db", "shop"),
                "before", Map.of("id", 7)));
        assertThat(EnvelopePolicy.AUTO.unwrap(beforeOnly, null, IllegalStateException::new).isDelete()).isTrue();

        Schema unnamed = SchemaBuilder.struct().field("before", ROW).field("after", ROW)
                .field("op", Schema.STRING_SCHEMA).build();
        Struct lookAlikeStruct = new Struct(unnamed).put("op", "d");
        assertThat(EnvelopePolicy.AUTO.unwrap(lookAlikeStruct, unnamed, IllegalStateException::new)).isNull();
        assertThatThrownBy(() -> EnvelopePolicy.DEBEZIUM.unwrap(lookAlikeStruct, unnamed,
                () -> new IllegalStateException("not a change event"))).hasMessage("not a change event");
        Schema otherName = SchemaBuilder.struct().name("shop.Order").field("after", ROW)
                .field("op", Schema.STRING_SCHEMA).field("source", Schema.OPTIONAL_STRING_SCHEMA).build();
        assertThat(EnvelopePolicy.AUTO.unwrap(new Struct(otherName).put("op", "d"), otherName,
                IllegalStateException::new)).isNull();
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("db", Schema.STRING_SCHEMA).build();
        Schema renamed = SchemaBuilder.struct().name("Renamed").field("before", ROW).field("after", ROW)
                .field("source", source).field("op", Schema.STRING_SCHEMA).build();
        Struct event = new Struct(renamed).put("source", new Struct(source).put("db", "shop")).put("op", "d")
                .put("before", new Struct(ROW).put("id", 7L));
        assertThat(EnvelopePolicy.AUTO.unwrap(event, renamed, IllegalStateException::new).isDelete()).isTrue();
    }

    @Test
    void eachPolicyDecidesWhetherAValueIsUnwrapped() {
        Struct event = new Struct(ENVELOPE).put("after", new Struct(ROW).put("id", 1L)).put("op", "c");
        Map<String, Object> plain = Map.of("id", 1);
        assertThat(EnvelopePolicy.AUTO.unwrap(event, ENVELOPE, IllegalStateException::new)).isNotNull();
        assertThat(EnvelopePolicy.AUTO.unwrap(plain, null, IllegalStateException::new)).isNull();
        assertThat(EnvelopePolicy.NONE.unwrap(event, ENVELOPE, IllegalStateException::new)).isNull();
        assertThat(EnvelopePolicy.DEBEZIUM.unwrap(schemaless("u", null, plain), null, IllegalStateException::new))
                .isNotNull();
        assertThatThrownBy(() -> EnvelopePolicy.DEBEZIUM.unwrap(plain, null, () -> new IllegalStateException("mine")))
                .hasMessage("mine");
    }

    @Test
    void afterBeforeAndDeletes() {
        Struct row = new Struct(ROW).put("id", 7L);
        DebeziumEnvelope delete = EnvelopePolicy.AUTO.unwrap(new Struct(ENVELOPE).put("before", row).put("op", "d"),
                ENVELOPE, IllegalStateException::new);
        assertThat(delete.isDelete()).isTrue();
        assertThat(delete.after()).isNull();
        assertThat(delete.before()).isEqualTo(row);
        assertThat(delete.beforeSchema()).isEqualTo(ROW);
        DebeziumEnvelope update = EnvelopePolicy.AUTO.unwrap(schemaless("u", null, Map.of("id", 7)), null,
                IllegalStateException::new);
        assertThat(update.isDelete()).isFalse();
        assertThat(update.after()).isEqualTo(Map.of("id", 7));
        assertThat(update.afterSchema()).isNull();
        assertThat(EnvelopePolicy.AUTO.unwrap(schemaless("d", Map.of("id", 7), Map.of("id", 7)), null,
                IllegalStateException::new).isDelete()).isTrue();
    }

    @Test
    void rewrappingCopiesTheEnvelopeAroundTheNewRowAndBuildsItsSchemaOnce() {
        AddedField field = new AddedField("note", Schema.OPTIONAL_STRING_SCHEMA);
        Struct event = new Struct(ENVELOPE).put("after", new Struct(ROW).put("id", 1L)).put("op", "c");
        DebeziumEnvelope unwrapped = EnvelopePolicy.AUTO.unwrap(event, ENVELOPE, IllegalStateException::new);
        Struct row = field.addTo((Struct) unwrapped.after(), "hi");
        SchemaAndValue first = unwrapped.withAfter(row.schema(), row);
        SchemaAndValue second = unwrapped.withAfter(row.schema(), row);

        Struct out = (Struct) first.value();
        out.validate();
        assertThat(first.schema().name()).isEqualTo("db.t.Envelope");
        assertThat(first.schema().field("before").schema()).isEqualTo(ROW);
        assertThat(first.schema().field("after").schema().isOptional()).isTrue();
        assertThat(out.getStruct("after").getString("note")).isEqualTo("hi");
        assertThat(out.getString("op")).isEqualTo("c");
        assertThat(second.schema()).isSameAs(first.schema());
        assertThat(event.getStruct("after").schema().field("note")).isNull();

        Map<String, Object> map = schemaless("u", null, Map.of("id", 1));
        SchemaAndValue rewrapped = EnvelopePolicy.AUTO.unwrap(map, null, IllegalStateException::new)
                .withAfter(null, Map.of("id", 1, "note", "hi"));
        assertThat(rewrapped.schema()).isNull();
        Map<?, ?> out2 = (Map<?, ?>) rewrapped.value();
        assertThat(out2.get("after")).isEqualTo(Map.of("id", 1, "note", "hi"));
        assertThat(out2.get("op")).isEqualTo("u");
        assertThat(map.get("after")).isEqualTo(Map.of("id", 1));
    }

    @Test
    void anAddedFieldReplacesOneOfTheSameNameAndKeepsTheRest() {
        Schema in = SchemaBuilder.struct().name("Doc").field("note", Schema.INT32_SCHEMA)
                .field("body", Schema.STRING_SCHEMA).optional().build();
        AddedField field = new AddedField("note", Schema.OPTIONAL_STRING_SCHEMA);
        Struct out = field.addTo(new Struct(in).put("note", 1).put("body", "b"), "n");
        out.validate();
        assertThat(out.schema().name()).isEqualTo("Doc");
        assertThat(out.schema().isOptional()).isTrue();
        assertThat(out.schema().fields()).extracting(f -> f.name()).containsExactly("body", "note");
        assertThat(out.getString("note")).isEqualTo("n");
        assertThat(field.schemaFor(in)).isSameAs(out.schema());
        assertThat(field.addTo(Map.of("body", "b"), "n")).containsEntry("note", "n").containsEntry("body", "b");
    }
}
