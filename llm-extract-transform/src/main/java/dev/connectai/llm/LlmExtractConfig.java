package dev.connectai.llm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.connectai.toolkit.config.Enums;
import dev.connectai.toolkit.llm.OutputFormat;
import dev.connectai.toolkit.record.EnvelopePolicy;
import dev.connectai.toolkit.record.FieldPath;
import dev.connectai.toolkit.record.TextSelector;
import dev.connectai.toolkit.record.TextTemplate;
import dev.connectai.toolkit.schema.JsonSchemaModel;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Settings of {@link LlmExtract}. */
public final class LlmExtractConfig extends LlmTransformConfig {

    static final String INPUT_GROUP = "Input";
    static final String EXTRACT_GROUP = "Extraction";

    public static final String INPUT_FIELD = "input.field";
    public static final String INPUT_TEMPLATE = "input.template";
    public static final String SCHEMA = "extract.schema";
    public static final String SCHEMA_FILE = "extract.schema.file";
    public static final String INSTRUCTIONS = "extract.instructions";
    public static final String FORMAT = "extract.output.format";
    public static final String REPAIRS = "extract.repair.attempts";

    public static final ConfigDef CONFIG_DEF = define();

    private final JsonSchemaModel schema;
    private final TextSelector selector;

    public LlmExtractConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        String inline = getString(SCHEMA).trim();
        String file = getString(SCHEMA_FILE).trim();
        if (inline.isEmpty() == file.isEmpty()) {
            throw new ConfigException(SCHEMA, inline, "set exactly one of " + SCHEMA + " and " + SCHEMA_FILE);
        }
        try {
            schema = JsonSchemaModel.parse(inline.isEmpty() ? Files.readString(Path.of(file), StandardCharsets.UTF_8) : inline);
        } catch (IOException e) {
            throw new ConfigException(SCHEMA_FILE, file, "cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(inline.isEmpty() ? SCHEMA_FILE : SCHEMA, inline.isEmpty() ? file : "(inline schema)",
                    e.getMessage());
        }
        String field = getString(INPUT_FIELD).trim();
        String template = getString(INPUT_TEMPLATE);
        if (!field.isEmpty() && !template.isEmpty()) {
            throw new ConfigException(INPUT_TEMPLATE, template, "set either " + INPUT_FIELD + " or " + INPUT_TEMPLATE + ", not both");
        }
        selector = new TextSelector(field.isEmpty() ? null : FieldPath.parse(field),
                template.isEmpty() ? null : TextTemplate.parse(template));
    }

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef();
        int o = 0;
        def.define(INPUT_FIELD, Type.STRING, "", FieldPath.validator(), Importance.HIGH,
                "Field holding the text to extract from (nested as a dotted path). Leave this and input.template empty "
                        + "to use the whole value, which must then be a string.", INPUT_GROUP, ++o, Width.MEDIUM, "Text field");
        def.define(INPUT_TEMPLATE, Type.STRING, "", TextTemplate.validator(false), Importance.MEDIUM,
                "Builds the text from several fields, e.g. 'Subject: {subject}\\n\\n{body}'.",
                INPUT_GROUP, ++o, Width.LONG, "Text template");
        EnvelopePolicy.define(def, EnvelopePolicy.TRANSFORM_DOC, INPUT_GROUP, ++o);
        o = 0;
        def.define(SCHEMA, Type.STRING, "", schemaValidator(), Importance.HIGH,
                "The JSON Schema of the record to extract, inline. Supported: object, string, integer, number, boolean, "
                        + "array, nested objects, string enums, required, [type, \"null\"], format date / date-time "
                        + "(Connect Date / Timestamp), min/max, length and item bounds, descriptions (sent to the "
                        + "model). Anything else is rejected here, by name.",
                EXTRACT_GROUP, ++o, Width.LONG, "JSON Schema");
        def.define(SCHEMA_FILE, Type.STRING, "", Importance.HIGH,
                "Path of a file holding the JSON Schema, instead of extract.schema.", EXTRACT_GROUP, ++o, Width.LONG,
                "JSON Schema file");
        def.define(INSTRUCTIONS, Type.STRING, "", Importance.MEDIUM,
                "Extra instructions for the model, e.g. 'Dates are European (day first).'",
                EXTRACT_GROUP, ++o, Width.LONG, "Instructions");
        def.define(FORMAT, Type.STRING, Enums.configName(OutputFormat.JSON_SCHEMA),
                Enums.validator(OutputFormat.JSON_SCHEMA, OutputFormat.JSON_OBJECT, OutputFormat.PROMPT),
                Importance.MEDIUM,
                "How JSON is asked for: 'json_schema' (OpenAI strict structured outputs / Ollama format=schema), "
                        + "'json_object' (JSON mode, schema in the prompt), 'prompt' (schema in the prompt only). Every "
                        + "answer is validated either way.", EXTRACT_GROUP, ++o, Width.SHORT, "Output format");
        def.define(REPAIRS, Type.INT, 2, Range.between(0, 10), Importance.MEDIUM,
                "How many times an invalid answer is sent back with its violations before the record fails.",
                EXTRACT_GROUP, ++o, Width.SHORT, "Repair attempts");
        return LlmTransformConfig.addOutput(def, "",
                "Field to put the extracted struct in; empty replaces the whole value with it.");
    }

    private static ConfigDef.Validator schemaValidator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            String v = value == null ? "" : value.toString().trim();
            if (!v.isEmpty()) {
                try {
                    JsonSchemaModel.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, "(inline schema)", e.getMessage());
                }
            }
        }, () -> "a JSON Schema object (see the supported subset)");
    }

    JsonSchemaModel schema() {
        return schema;
    }

    TextSelector selector() {
        return selector;
    }

    String instructions() {
        return getString(INSTRUCTIONS).trim();
    }

    OutputFormat format() {
        return Enums.parse(OutputFormat.class, getString(FORMAT));
    }

    int repairs() {
        return getInt(REPAIRS);
    }
}
