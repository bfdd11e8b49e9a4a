package dev.connectai.toolkit.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.connectai.testing.SampleTexts;
import dev.connectai.toolkit.shared.SharedResources;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalogue model's own files, copied out of its jar and loaded through {@code model.path} with the settings its
 * catalogue entry has (pooling, prefixes as a user writes them in a config, token limit), give the catalogue entry's
 * vectors exactly, for documents and queries: both go through one loading path.
 */
class CatalogueModelFromPathTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = LocalModelVariant.class, names = {"BGE_SMALL_EN_V15_Q", "E5_SMALL_V2_Q"})
    void sameVectorsAsTheCatalogueEntry(LocalModelVariant variant) throws IOException {
        Map<String, String> props = Map.of(
                EmbeddingModelConfig.PATH, extract(variant.modelResource(), "model.onnx").toString(),
                EmbeddingModelConfig.TOKENIZER_PATH, extract(variant.tokenizerResource(), "tokenizer.json").toString(),
                EmbeddingModelConfig.POOLING, variant.pooling().configName(),
                EmbeddingModelConfig.NORMALIZE, "true",
                // as a user copies them from the model card; Kafka trims the trailing space, the model puts one back
                EmbeddingModelConfig.DOCUMENT_PREFIX, variant.lead(TextRole.DOCUMENT),
                EmbeddingModelConfig.QUERY_PREFIX, variant.lead(TextRole.QUERY),
                EmbeddingModelConfig.MAX_TOKENS, Integer.toString(variant.defaultMaxTokens()));
        EmbeddingModelSpec fromPath =
                EmbeddingModelConfig.spec(new AbstractConfig(EmbeddingModelConfig.addTo(new ConfigDef()), props));
        List<String> texts = new ArrayList<>(SampleTexts.all().subList(0, 20));
        texts.add("the cat sat on the mat ".repeat(200)); // over the limit: cut at the same token
        try (SharedResources.Lease<EmbeddingModel> path = SharedEmbeddingModels.acquire(fromPath);
             SharedResources.Lease<EmbeddingModel> catalogue =
                     SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(variant))) {
            assertThat(path.get()).isNotSameAs(catalogue.get());
            for (TextRole role : TextRole.values()) {
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(path.get().embed(texts.get(i), role, cut -> { }))
                            .as("%s as %s, text %d", variant.modelName(), role, i)
                            .containsExactly(catalogue.get().embed(texts.get(i), role, cut -> { }));
                }
            }
        }
    }

    private Path extract(String resource, String file) throws IOException {
        Path target = dir.resolve(file);
        try (InputStream in = CatalogueModelFromPathTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }
}
