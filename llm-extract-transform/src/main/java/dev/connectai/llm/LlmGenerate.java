package dev.connectai.llm;

import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.llm.ChatAnswer;
import dev.connectai.toolkit.llm.ChatMessage;
import dev.connectai.toolkit.llm.OutputFormat;
import org.apache.kafka.common.config.ConfigDef;
import dev.connectai.toolkit.record.RecordSide;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Renders a prompt from record fields, asks an LLM, and writes the generated text into a field (summaries, e-mail
 * drafts, descriptions to embed). A truncated, refused or empty answer fails the record instead of writing part of
 * a text. Use {@link Key} or {@link Value}.
 */
public abstract class LlmGenerate<R extends ConnectRecord<R>> extends LlmTransform<R> {

    public static final String OVERVIEW_DOC = "Generates text with an LLM (OpenAI-compatible or Ollama) from a prompt "
            + "template over record fields and writes it into a field. Same providers, fault handling, cache, headers "
            + "and metrics as LlmExtract.<p/>Use <code>" + Key.class.getName() + "</code> or <code>"
            + Value.class.getName() + "</code>.";

    public static final ConfigDef CONFIG_DEF = LlmGenerateConfig.CONFIG_DEF;

    private LlmGenerateConfig config;

    @Override
    public void configure(Map<String, ?> props) {
        config = new LlmGenerateConfig(props);
        configureCommon(config, "llm-generate");
    }

    @Override
    protected String input(Object root, Schema rootSchema, String side) {
        if (!(root instanceof org.apache.kafka.connect.data.Struct) && !(root instanceof Map)) {
            throw new IllegalArgumentException("the " + side + " is not a struct or map, so the prompt template "
                    + "cannot read fields from it");
        }
        return config.prompt().render(root, rootSchema);
    }

    @Override
    protected String promptFingerprint() {
        return config.systemPrompt();
    }

    @Override
    protected Produced produce(String prompt) {
        ChatAnswer a = client.chat(List.of(ChatMessage.system(config.systemPrompt()), ChatMessage.user(prompt)),
                OutputFormat.TEXT, null);
        if (a.refusal() != null) {
            throw new DataException("the model refused: " + a.refusal());
        }
        if (a.truncated()) {
            throw new DataException("the answer was cut off at the token limit (finish_reason=length); raise llm.max.tokens");
        }
        if (a.content() == null || a.content().isBlank()) {
            throw new DataException("the model answered with empty text");
        }
        return new Produced(a.content().strip(), 1, a.tokensIn(), a.tokensOut(), a.latencyMillis());
    }

    @Override
    protected Schema outputSchema() {
        return Schema.STRING_SCHEMA;
    }

    @Override
    protected String name() {
        return "LlmGenerate";
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    protected LlmGenerate(RecordSide side) {
        super(side);
    }

    /** Generates from fields of the record key. */
    public static class Key<R extends ConnectRecord<R>> extends LlmGenerate<R> {
        public Key() {
            super(RecordSide.KEY);
        }
    }

    /** Generates from fields of the record value. */
    public static class Value<R extends ConnectRecord<R>> extends LlmGenerate<R> {
        public Value() {
            super(RecordSide.VALUE);
        }
    }
}
