package dev.connectai.llm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chat-model settings as Connect validates a transformation (its ConfigDef embedded under
 * {@code transforms.<alias>.}): each fault on its own key, with the message {@code configure} fails with.
 */
class LlmValidateTest {

    private static final String PREFIX = "transforms.gen.";

    private static Map<String, List<String>> errorsAsConnectSeesThem(Map<String, String> smt) {
        ConfigDef connector = new ConfigDef();
        connector.embed(PREFIX, "Transforms: gen", 0, LlmGenerate.CONFIG_DEF);
        Map<String, String> props = new HashMap<>();
        smt.forEach((k, v) -> props.put(PREFIX + k, v));
        return connector.validate(props).stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static Map<String, String> with(String... keyValues) {
        Map<String, String> props = new HashMap<>(Map.of("llm.model", "gpt-4o-mini", "generate.prompt", "Summarise {body}"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static void rejectedOn(Map<String, String> smt, String key, String... fragments) {
        Map<String, List<String>> errors = errorsAsConnectSeesThem(smt);
        assertThat(errors).containsOnlyKeys(PREFIX + key);
        String message = errors.get(PREFIX + key).get(0);
        assertThat(message).contains(fragments);
        LlmGenerate<?> t = new LlmGenerate.Value<>();
        assertThatThrownBy(() -> t.configure(smt)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void theSettingsAsShippedAreValid() {
        assertThat(errorsAsConnectSeesThem(with())).isEmpty();
        assertThat(errorsAsConnectSeesThem(with("llm.provider", "azure-openai", "llm.base.url",
                "https://r.openai.azure.com", "llm.model", "gpt-4o-mini-prod", "llm.api.version", "2025-04-01-preview",
                "llm.reasoning.effort", "HIGH", "llm.max.tokens.field", "max_tokens", "llm.temperature", "0"))).isEmpty();
    }

    @Test
    void azureNeedsItsResourceEndpoint() {
        rejectedOn(with("llm.provider", "azure-openai"), "llm.base.url",
                "the azure-openai provider needs the resource endpoint, e.g. https://my-resource.openai.azure.com; "
                        + "the deployment name goes in llm.model");
        rejectedOn(with("llm.provider", "azure-openai", "llm.base.url",
                "https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21"),
                "llm.base.url", "give only the resource endpoint");
    }

    @Test
    void choicesComeFromTheirEnums() {
        rejectedOn(with("llm.reasoning.effort", "extreme"), "llm.reasoning.effort",
                "String must be one of (case insensitive): ", "NONE", "MINIMAL", "XHIGH", "MAX");
        rejectedOn(with("llm.max.tokens.field", "max_output_tokens"), "llm.max.tokens.field",
                "MAX_COMPLETION_TOKENS", "MAX_TOKENS");
        rejectedOn(with("llm.api.version", "v1"), "llm.api.version", "not an Azure OpenAI api-version");
        rejectedOn(with("llm.temperature", "3"), "llm.temperature", "must be no more than 2.0");
        rejectedOn(with("llm.ollama.keep.alive", "5 minutes"), "llm.ollama.keep.alive", "not a keep-alive");
    }
}
