package dev.connectai.llm;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.connectai.testing.ModelEndpointStubs;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both LLM transforms on Debezium change events: they read 'after' and write into it, as EmbedText does. */
class LlmEnvelopeTest {

    private static final Schema ROW = SchemaBuilder.struct().name("dbserver1.shop.mails.Value")
            .field("id", Schema.INT64_SCHEMA).field("body", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("dbserver1.shop.mails.Envelope")
            .field("before", ROW).field("after", ROW)
            .field("source", SchemaBuilder.struct().field("db", Schema.STRING_SCHEMA).build())
            .field("op", Schema.STRING_SCHEMA)
            .build();

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(options().dynamicPort()).build();

    private Transformation<SinkRecord> transform;

    @AfterEach
    void close() {
        if (transform != null) {
            transform.close();
        }
    }

    private LlmExtract<SinkRecord> extract(Map<String, String> extra) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(ModelEndpointStubs.json(200,
                ModelEndpointStubs.openAiChat("gpt-4o-mini", LlmExtractTest.GOOD, "stop"))));
        Map<String, String> props = new HashMap<>(Map.of("llm.base.url", server.baseUrl() + "/v1",
                "llm.model", "gpt-4o-mini", "input.field", "body", "extract.schema", LlmExtractTest.SCHEMA));
        props.putAll(extra);
        LlmExtract<SinkRecord> t = new LlmExtract.Value<>();
        t.configure(props);
        transform = t;
        return t;
    }

    private LlmGenerate<SinkRecord> generate(Map<String, String> extra) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(ModelEndpointStubs.json(200,
                ModelEndpointStubs.openAiChat("gpt-4o-mini", "Leaking kettle, refund wanted.", "stop"))));
        Map<String, String> props = new HashMap<>(Map.of("llm.base.url", server.baseUrl() + "/v1",
                "llm.model", "gpt-4o-mini", "generate.prompt", "Summarise: {body}", "output.field", "summary"));
        props.putAll(extra);
        LlmGenerate<SinkRecord> t = new LlmGenerate.Value<>();
        t.configure(props);
        transform = t;
        return t;
    }

    private static Struct event(String op, Struct before, Struct after) {
        return new Struct(ENVELOPE).put("before", before).put("after", after)
                .put("source", new Struct(ENVELOPE.field("source").schema()).put("db", "shop")).put("op", op);
    }

    private static SinkRecord record(Schema schema, Object value) {
        return new SinkRecord("dbserver1.shop.mails", 0, null, "k", schema, value, 5L);
    }

    private static Map<String, Object> schemalessEvent(String op, Map<String, Object> after) {
        Map<String, Object> event = new HashMap<>();
        event.put("before", null);
        event.put("after", after);
        event.put("source", Map.of("db", "shop"));
        event.put("op", op);
        return event;
    }

    @Test
    void extractReadsAfterAndWritesIntoAfterOfAStructEnvelope() {
        LlmExtract<SinkRecord> t = extract(Map.of("output.field", "extracted"));
        Struct row = new Struct(ROW).put("id", 1L).put("body", LlmExtractTest.EMAIL);
        SinkRecord out = t.apply(record(ENVELOPE, event("c", null, row)));

        Struct envelope = (Struct) out.value();
        envelope.validate();
        assertThat(out.valueSchema().name()).isEqualTo("dbserver1.shop.mails.Envelope");
        assertThat(envelope.getString("op")).isEqualTo("c");
        assertThat(envelope.getStruct("source").getString("db")).isEqualTo("shop");
        assertThat(out.valueSchema().field("after").schema().isOptional()).isTrue();
        Struct after = envelope.getStruct("after");
        assertThat(after.getInt64("id")).isEqualTo(1L);
        assertThat(after.getStruct("extracted").getStruct("customer").getString("name")).isEqualTo("Ana Ruiz");
        assertThat(after.getStruct("extracted").getInt64("order_id")).isEqualTo(4821L);
    }

    @Test
    void anEmptyOutputFieldReplacesAfterAndKeepsTheEnvelope() {
        LlmExtract<SinkRecord> t = extract(Map.of());
        Struct row = new Struct(ROW).put("id", 1L).put("body", LlmExtractTest.EMAIL);
        SinkRecord out = t.apply(record(ENVELOPE, event("u", row, row)));

        Struct envelope = (Struct) out.value();
        envelope.validate();
        assertThat(out.valueSchema().name()).isEqualTo("dbserver1.shop.mails.Envelope");
        assertThat(envelope.getStruct("before").getString("body")).isEqualTo(LlmExtractTest.EMAIL);
        assertThat(envelope.getStruct("after").getStruct("customer").getString("name")).isEqualTo("Ana Ruiz");
    }

    @Test
    void generateReadsAfterAndWritesIntoAfterOfASchemalessEnvelope() throws Exception {
        LlmGenerate<SinkRecord> t = generate(Map.of());
        Map<String, Object> row = new HashMap<>(Map.of("id", 3, "body", "The kettle leaks."));
        SinkRecord out = t.apply(record(null, schemalessEvent("u", row)));

        @SuppressWarnings("unchecked")
        Map<String, Object> envelope = (Map<String, Object>) out.value();
        assertThat(out.valueSchema()).isNull();
        assertThat(envelope.get("op")).isEqualTo("u");
        assertThat(envelope.get("source")).isEqualTo(Map.of("db", "shop"));
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) envelope.get("after");
        assertThat(after).containsEntry("id", 3).containsEntry("summary", "Leaking kettle, refund wanted.");
        String sent = new ObjectMapper().readTree(server.getAllServeEvents().get(0).getRequest().getBodyAsString())
                .at("/messages/1/content").asText();
        assertThat(sent).isEqualTo("Summarise: The kettle leaks.");
    }

    @Test
    void deletesPassUntouchedWithoutAModelCall() {
        LlmExtract<SinkRecord> extract = extract(Map.of("output.field", "extracted"));
        Struct row = new Struct(ROW).put("id", 1L).put("body", LlmExtractTest.EMAIL);
        SinkRecord delete = record(ENVELOPE, event("d", row, null));
        assertThat(extract.apply(delete)).isSameAs(delete);
        extract.close();

        LlmGenerate<SinkRecord> generate = generate(Map.of("input.envelope", "debezium"));
        SinkRecord schemalessDelete = record(null, schemalessEvent("d", null));
        assertThat(generate.apply(schemalessDelete)).isSameAs(schemalessDelete);
        SinkRecord tombstone = record(null, null);
        assertThat(generate.apply(tombstone)).isSameAs(tombstone);
        server.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void forcedDebeziumOnAPlainRecordIsADataError() {
        LlmGenerate<SinkRecord> t = generate(Map.of("input.envelope", "DEBEZIUM"));
        assertThatThrownBy(() -> t.apply(record(null, new HashMap<>(Map.of("body", "x")))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("LlmGenerate: input.envelope=debezium but the value is not a Debezium change event")
                .hasMessageContaining("topic=dbserver1.shop.mails");
    }

    @Test
    void envelopeNoneReadsTheTopLevel() {
        LlmGenerate<SinkRecord> t = generate(Map.of("input.envelope", "none"));
        Map<String, Object> event = schemalessEvent("u", Map.of("body", "inner"));
        event.put("body", "outer");
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) t.apply(record(null, event)).value();
        assertThat(out).containsEntry("summary", "Leaking kettle, refund wanted.");
        assertThat(out.get("after")).isEqualTo(Map.of("body", "inner"));
    }
}
