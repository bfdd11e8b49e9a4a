package dev.connectai.synthetic;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.toolkit.llm.ChatAnswer;
import dev.connectai.toolkit.llm.ChatMessage;
import dev.connectai.toolkit.llm.ChatModelClient;
import dev.connectai.toolkit.llm.LlmMetrics;
import dev.connectai.toolkit.llm.OutputFormat;
import dev.connectai.toolkit.schema.JsonSchemaModel;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a chat model for batches of records matching the schema and keeps only those that validate; the rest are
 * dropped, counted, and replaced by the next batch. Faults follow the shared HTTP mapping (429/5xx/timeouts back off
 * and then surface as retriable, which Connect's source loop retries).
 */
final class LlmRecordWriter {

    private static final Logger log = LoggerFactory.getLogger(LlmRecordWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatModelClient client;
    private final JsonSchemaModel item;
    private final JsonNode wrapper;
    private final int batch;
    private final String system;
    private final LlmMetrics metrics;
    private long dropped;

    LlmRecordWriter(ChatModelClient client, JsonNode schema, int batch, String description, String examples,
                    LlmMetrics metrics) {
        this.client = client;
        this.item = JsonSchemaModel.parse(schema);
        ObjectNode w = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode records = w.putObject("properties").putObject("records");
        records.put("type", "array");
        records.set("items", item.strictSchema());
        w.putArray("required").add("records");
        w.put("additionalProperties", false);
        this.wrapper = w;
        this.batch = batch;
        this.metrics = metrics;
        StringBuilder sb = new StringBuilder("You generate realistic, varied synthetic records for testing data "
                + "pipelines. Every record must match the JSON Schema. Vary names, numbers and text; never reuse a "
                + "record. Answer with a JSON object {\"records\": [...]}.");
        if (!description.isBlank()) {
            sb.append("\nThe records are: ").append(description);
        }
        if (!examples.isBlank()) {
            sb.append("\nExamples of good records: ").append(examples);
        }
        sb.append("\nJSON Schema of one record: ").append(schema);
        this.system = sb.toString();
    }

    org.apache.kafka.connect.data.Schema schema() {
        return item.connectSchema();
    }

    long dropped() {
        return dropped;
    }

    /** One model call: the valid records of its answer (possibly none). */
    List<Struct> next() {
        ChatAnswer a = client.chat(List.of(ChatMessage.system(system),
                ChatMessage.user("Generate " + batch + " new records.")), OutputFormat.JSON_SCHEMA, wrapper);
        metrics.calls.record(1);
        metrics.tokensIn.record(a.tokensIn());
        metrics.tokensOut.record(a.tokensOut());
        metrics.latency.record(a.latencyMillis());
        List<Struct> out = new ArrayList<>();
        JsonNode records;
        try {
            records = a.content() == null || a.truncated() ? null : JSON.readTree(a.content()).get("records");
        } catch (Exception e) {
            records = null;
        }
        if (records == null || !records.isArray()) {
            dropped += batch;
            metrics.failures.record(batch);
            log.warn("LLM answer held no usable 'records' array{}; asking again",
                    a.truncated() ? " (cut off at the token limit)" : "");
            return out;
        }
        for (JsonNode r : records) {
            try {
                out.add(item.toStruct(r));
            } catch (JsonSchemaModel.SchemaViolation v) {
                dropped++;
                metrics.failures.record(1);
                log.debug("dropped an LLM record: {}", v.getMessage());
            }
        }
        return out;
    }
}
