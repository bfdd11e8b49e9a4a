package dev.connectai.toolkit.llm;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.toolkit.schema.JsonSchemaModel;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Asks a chat model for JSON that fits a schema, validates every answer, and on a bad answer asks again with the
 * violations, a bounded number of times. Truncated answers, refusals and empty answers count as bad; a partial
 * record is never returned.
 */
public final class SchemaBoundChat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatModelClient client;
    private final JsonSchemaModel schema;
    private final OutputFormat format;
    private final int repairs;

    public SchemaBoundChat(ChatModelClient client, JsonSchemaModel schema, OutputFormat format, int repairs) {
        this.client = client;
        this.schema = schema;
        this.format = format;
        this.repairs = repairs;
    }

    /** The outcome of one extraction, with what it cost. */
    public record Result(Struct value, int attempts, long tokensIn, long tokensOut, long latencyMillis) {
    }

    public Result ask(List<ChatMessage> conversation) {
        List<ChatMessage> messages = new ArrayList<>(conversation);
        JsonNode requested = format == OutputFormat.JSON_SCHEMA ? schema.strictSchema() : null;
        long in = 0;
        long out = 0;
        long latency = 0;
        List<String> history = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            ChatAnswer answer = client.chat(messages, format, requested);
            in += answer.tokensIn();
            out += answer.tokensOut();
            latency += answer.latencyMillis();
            if (answer.refusal() != null) {
                throw new DataException("the model refused: " + shorten(answer.refusal()));
            }
            String problem;
            if (answer.truncated()) {
                problem = "the answer was cut off at the token limit (finish_reason=length)";
            } else if (answer.content() == null || answer.content().isBlank()) {
                problem = "the answer was empty";
            } else {
                try {
                    JsonNode json = JSON.readTree(stripFences(answer.content()));
                    return new Result(schema.toStruct(json), attempt, in, out, latency);
                } catch (JsonSchemaModel.SchemaViolation v) {
                    problem = "the answer does not match the schema: " + String.join("; ", v.violations());
                } catch (Exception e) {
                    problem = "the answer is not valid JSON";
                }
            }
            history.add("attempt " + attempt + ": " + problem);
            if (attempt > repairs) {
                throw new DataException("no schema-valid answer after " + attempt + " attempts ("
                        + String.join(" | ", history) + ")");
            }
            if (answer.content() != null && !answer.content().isBlank()) {
                messages.add(ChatMessage.assistant(answer.content()));
            }
            messages.add(ChatMessage.user("That answer is not usable: " + problem + ". Reply again with only one JSON "
                    + "object that matches the schema exactly, nothing else."));
        }
    }

    /** Models in JSON-in-prompt mode often wrap JSON in a Markdown code fence. */
    static String stripFences(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            int firstNewline = t.indexOf('\n');
            int lastFence = t.lastIndexOf("```");
            if (firstNewline > 0 && lastFence > firstNewline) {
                return t.substring(firstNewline + 1, lastFence).strip();
            }
        }
        return t;
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
