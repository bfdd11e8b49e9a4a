package dev.connectai.toolkit.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.toolkit.shared.SharedResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.connectai.testing.Vectors.cosine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every catalogue model gives the vectors an independent implementation gives: reference-vectors.json was computed
 * once from the same jars' files with Python's onnxruntime and Hugging Face tokenizers, pooled and normalised as
 * sentence-transformers configures each model, with each model card's prefixes (see make_reference_vectors.py next
 * to it). And every model cuts a long text at its own token limit, and says so.
 */
class ReferenceVectorsTest {

    /** fp32 agrees to float rounding. */
    private static final double FP32_COSINE = 0.999999;
    /**
     * int8 activations are quantised at run time, and the result moves with the runtime's kernels and graph fusions:
     * the reference comes from onnxruntime 1.30 (the only Python build at hand), the plugin runs onnxruntime 1.20.
     * Measured lowest cosines (2026-11-30): all-minilm-l6-v2-q 0.99858, bge-small-en-v1.5-q 0.99967, e5-small-v2-q
     * 0.99462 (the code snippet). In Python alone, switching graph optimisation off moves e5-small-v2-q by as much
     * (0.9983), so this is the runtime's int8 noise, not a pooling or prefix difference: those would fail fp32 too.
     */
    private static final double INT8_COSINE = 0.99;

    private static JsonNode reference;
    private static List<String> texts;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = ReferenceVectorsTest.class.getResourceAsStream("/reference-vectors/reference-vectors.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        texts = new ArrayList<>();
        reference.get("texts").forEach(t -> texts.add(t.asText()));
    }

    @Test
    void everyCatalogueModelHasReferenceVectors() {
        List<String> names = new ArrayList<>();
        reference.get("models").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder(IntStream.range(0, LocalModelVariant.values().length)
                .mapToObj(i -> LocalModelVariant.values()[i].modelName()).toArray(String[]::new));
        assertThat(texts).hasSizeGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(LocalModelVariant.class)
    void vectorsMatchTheReferenceAsDocumentsAndAsQueries(LocalModelVariant variant) {
        double bound = variant.quantized() ? INT8_COSINE : FP32_COSINE;
        try (SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(variant))) {
            for (TextRole role : TextRole.values()) {
                JsonNode expected = reference.get("models").get(variant.modelName()).get(role.configName());
                List<String> worse = new ArrayList<>();
                double worst = 1;
                for (int i = 0; i < texts.size(); i++) {
                    float[] ours = model.get().embed(texts.get(i), role, cut -> { });
                    assertThat(ours).hasSize(variant.dimension());
                    double c = cosine(ours, vector(expected.get(i)));
                    worst = Math.min(worst, c);
                    if (c < bound) {
                        worse.add("text " + i + ": " + c);
                    }
                }
                assertThat(worse).as("%s as %s (lowest cosine %s)", variant.modelName(), role, worst).isEmpty();
            }
        }
    }

    /** Documents and queries are different vectors exactly where the model card asks for different prefixes. */
    @ParameterizedTest
    @EnumSource(LocalModelVariant.class)
    void theQueryFormDiffersOnlyForModelsWithPrefixes(LocalModelVariant variant) {
        String text = texts.get(1);
        try (SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(variant))) {
            float[] document = model.get().embed(text, TextRole.DOCUMENT, cut -> { });
            float[] query = model.get().embed(text, TextRole.QUERY, cut -> { });
            assertThat(model.get().embed(text)).as("the plain call embeds a document").containsExactly(document);
            if (variant.lead(TextRole.QUERY).equals(variant.lead(TextRole.DOCUMENT))) {
                assertThat(query).containsExactly(document);
            } else {
                assertThat(cosine(query, document)).isLessThan(0.99);
            }
        }
    }

    /**
     * A text of limit + 40 tokens gives the vector of its first tokens up to the limit (prefix and the two special
     * tokens included), is counted as cut, and the text that exactly fills the limit is not.
     */
    @ParameterizedTest
    @EnumSource(LocalModelVariant.class)
    void longTextsAreCutAtTheModelsLimit(LocalModelVariant variant) {
        EmbeddingModelSpec spec = EmbeddingModelSpec.local(variant);
        assertThat(spec.maxTokens()).isEqualTo(variant.modelName().startsWith("all-minilm") ? 256 : 512);
        try (SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(spec)) {
            for (TextRole role : TextRole.values()) {
                int room = spec.maxTokens() - 2 - model.get().countTokens(variant.lead(role));
                String fits = words(room);
                assertThat(((OnnxSentenceModel) model.get()).countModelTokens(variant.lead(role) + fits))
                        .isEqualTo(spec.maxTokens());
                AtomicInteger cut = new AtomicInteger();
                float[] whole = model.get().embed(fits, role, cut::addAndGet);
                assertThat(cut).as("a text that exactly fills the limit is not cut").hasValue(0);
                float[] longer = model.get().embed(words(room + 40), role, cut::addAndGet);
                assertThat(cut).as("%s as %s", variant.modelName(), role).hasValue(1);
                assertThat(longer).as("%s as %s", variant.modelName(), role).containsExactly(whole);
                assertThat(cosine(model.get().embed(words(room - 1), role, cut::addAndGet), whole))
                        .as("one token less is another text").isLessThan(0.999999);
            }
        }
    }

    /** {@code n} words of one word-piece each. */
    private static String words(int n) {
        String[] pool = {"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "home"};
        return IntStream.range(0, n).mapToObj(i -> pool[i % pool.length]).collect(Collectors.joining(" "));
    }

    private static float[] vector(JsonNode values) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values.get(i).asDouble();
        }
        return v;
    }
}
