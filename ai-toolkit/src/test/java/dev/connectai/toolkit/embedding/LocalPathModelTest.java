package dev.connectai.toolkit.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import dev.connectai.testing.SampleTexts;
import dev.connectai.toolkit.metrics.PluginMetrics;
import dev.connectai.toolkit.shared.SharedResources;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.connectai.testing.Vectors.cosine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A model read from {@code model.path} is loaded exactly as a catalogue model: the catalogue's own fp32 MiniLM files,
 * copied out of langchain4j's jar onto disk, give the catalogue's vectors.
 */
class LocalPathModelTest {

    @TempDir
    static Path dir;

    private static Path onnx;
    private static Path tokenizer;
    private static SharedResources.Lease<EmbeddingModel> catalogue;
    private static SharedResources.Lease<EmbeddingModel> fromPath;

    @BeforeAll
    static void load() throws IOException {
        onnx = extract(LocalModelVariant.ALL_MINILM_L6_V2.modelResource(), "minilm.onnx");
        tokenizer = extract(LocalModelVariant.ALL_MINILM_L6_V2.tokenizerResource(), "tokenizer.json");
        catalogue = SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(LocalModelVariant.ALL_MINILM_L6_V2));
        fromPath = SharedEmbeddingModels.acquire(spec(Map.of()));
    }

    @AfterAll
    static void close() {
        catalogue.close();
        fromPath.close();
    }

    private static Path extract(String resource, String file) throws IOException {
        Path target = dir.resolve(file);
        try (InputStream in = LocalPathModelTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    /** The spec EmbeddingModelConfig reads from model.path, model.tokenizer.path, mean pooling and {@code extra}. */
    private static EmbeddingModelSpec spec(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                EmbeddingModelConfig.PATH, onnx.toString(),
                EmbeddingModelConfig.TOKENIZER_PATH, tokenizer.toString(),
                EmbeddingModelConfig.POOLING, "mean"));
        props.putAll(extra);
        return EmbeddingModelConfig.spec(new AbstractConfig(EmbeddingModelConfig.addTo(new ConfigDef()), props));
    }

    @Test
    void theSpecIsTheFileModelWithItsSettings() {
        EmbeddingModelSpec spec = spec(Map.of());
        assertThat(spec.provider()).isEqualTo(EmbeddingProvider.LOCAL);
        assertThat(spec.model()).isEqualTo("minilm.onnx");
        assertThat(spec.files()).isEqualTo(new LocalModelFiles(onnx, tokenizer, Pooling.MEAN, true, "", ""));
        EmbeddingModelSpec labelled = spec(Map.of(EmbeddingModelConfig.NAME, "my-minilm",
                EmbeddingModelConfig.QUERY_PREFIX, "query: "));
        assertThat(labelled.model()).isEqualTo("my-minilm");
        assertThat(labelled.files().queryPrefix()).as("Kafka trims settings").isEqualTo("query:");
        assertThat(labelled.files().queryLead()).isEqualTo("query: ");
        assertThat(fromPath.get().id()).isEqualTo("local/minilm.onnx");
        assertThat(((OnnxSentenceModel) fromPath.get()).dimension()).isEqualTo(LocalModelVariant.ALL_MINILM_L6_V2.dimension());
    }

    @Test
    void sameVectorsAsTheCatalogueEntryOneByOneAndBatched() {
        List<String> texts = SampleTexts.all();
        List<float[]> expected = catalogue.get().embedAll(texts);
        List<float[]> batched = fromPath.get().embedAll(texts);
        double worst = 1;
        for (int i = 0; i < texts.size(); i++) {
            float[] single = fromPath.get().embed(texts.get(i));
            assertThat(batched.get(i)).as("batched, text %d", i).containsExactly(expected.get(i));
            assertThat(single).as("alone, text %d", i).containsExactly(catalogue.get().embed(texts.get(i)));
            worst = Math.min(worst, Math.min(cosine(batched.get(i), expected.get(i)),
                    cosine(single, expected.get(i))));
        }
        assertThat(worst).isGreaterThanOrEqualTo(0.999999);
    }

    @Test
    void clsPoolingGivesOtherVectors() {
        List<String> texts = SampleTexts.all().subList(0, 10);
        try (SharedResources.Lease<EmbeddingModel> cls =
                     SharedEmbeddingModels.acquire(spec(Map.of(EmbeddingModelConfig.POOLING, "CLS")))) {
            assertThat(cls.get()).isNotSameAs(fromPath.get());
            List<float[]> mean = fromPath.get().embedAll(texts);
            List<float[]> first = cls.get().embedAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(cosine(first.get(i), mean.get(i))).as("text %d", i).isLessThan(0.99);
                assertThat(cosine(first.get(i), first.get(i))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void withoutNormalisationOnlyTheLengthChanges() {
        String text = SampleTexts.all().get(0);
        try (SharedResources.Lease<EmbeddingModel> raw =
                     SharedEmbeddingModels.acquire(spec(Map.of(EmbeddingModelConfig.NORMALIZE, "false")))) {
            float[] vector = raw.get().embed(text);
            assertThat(cosine(vector, fromPath.get().embed(text))).isGreaterThanOrEqualTo(0.999999);
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isNotCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    /** Kafka trims "passage: " to "passage:"; the model puts it back with one space, as e5's card writes it. */
    @Test
    void theDocumentPrefixIsPutBeforeEveryText() {
        List<String> texts = SampleTexts.all().subList(0, 5);
        try (SharedResources.Lease<EmbeddingModel> prefixed = SharedEmbeddingModels.acquire(
                spec(Map.of(EmbeddingModelConfig.DOCUMENT_PREFIX, "passage: ")))) {
            List<float[]> ours = prefixed.get().embedAll(texts);
            List<float[]> expected = catalogue.get().embedAll(texts.stream().map(t -> "passage: " + t).toList());
            for (int i = 0; i < texts.size(); i++) {
                assertThat(ours.get(i)).containsExactly(expected.get(i));
            }
        }
    }

    @Test
    void aFileThatIsNotAnOnnxModelFailsToLoadNamingTheModel() {
        EmbeddingModelSpec notOnnx = spec(Map.of(EmbeddingModelConfig.PATH, tokenizer.toString()));
        assertThatThrownBy(() -> SharedEmbeddingModels.acquire(notOnnx))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Could not load the in-process model local/tokenizer.json");
    }

    @Test
    void equalSettingsShareOneModel() {
        try (SharedResources.Lease<EmbeddingModel> again = SharedEmbeddingModels.acquire(spec(Map.of()))) {
            assertThat(again.get()).isSameAs(fromPath.get());
        }
    }

    @Test
    void truncationIsCountedForAPathModelToo() throws Exception {
        EmbeddingModelSpec spec = spec(Map.of(EmbeddingModelConfig.MAX_TOKENS, "64"));
        List<String> log = new ArrayList<>();
        try (SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(spec);
             EmbeddingMetrics metrics = new EmbeddingMetrics(model.get().id(), "path-truncation-test")) {
            TruncationNotice notice = new TruncationNotice("EmbedText (" + metrics.instance() + ")", spec,
                    metrics::truncated, log::add);
            model.get().embed("word ".repeat(62).strip(), notice);
            model.get().embedAll(List.of("short", "word ".repeat(63).strip(), "word ".repeat(500)), notice);
            ObjectName name = new ObjectName(PluginMetrics.JMX_DOMAIN + ":type=" + EmbeddingMetrics.GROUP
                    + ",model=" + ObjectName.quote(spec.id()) + ",instance=" + metrics.instance());
            assertThat(((Number) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(name, "texts-truncated-total")).doubleValue()).isEqualTo(2.0);
        }
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).contains("model.max.tokens=64 tokens of local/minilm.onnx");
    }
}
