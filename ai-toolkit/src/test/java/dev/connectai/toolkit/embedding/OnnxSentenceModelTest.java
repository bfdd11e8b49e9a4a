package dev.connectai.toolkit.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.connectai.testing.SampleTexts;
import dev.connectai.toolkit.remote.RetryPolicy;
import dev.connectai.toolkit.shared.SharedResources;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.connectai.testing.Vectors.cosine;
import static org.assertj.core.api.Assertions.assertThat;

/** Vector fidelity of the in-process model: against langchain4j, across precisions, batches and truncation. */
class OnnxSentenceModelTest {

    private static SharedResources.Lease<EmbeddingModel> fp32;
    private static SharedResources.Lease<EmbeddingModel> int8;

    @BeforeAll
    static void load() {
        fp32 = SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(LocalModelVariant.ALL_MINILM_L6_V2));
        int8 = SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(LocalModelVariant.ALL_MINILM_L6_V2_Q));
    }

    @AfterAll
    static void close() {
        fp32.close();
        int8.close();
    }

    /** langchain4j's bundled tokenizer.json truncates at 128 tokens; these texts stay within that, so both read all. */
    @Test
    void matchesLangchain4jForTextsWithin128Tokens() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        List<String> texts = SampleTexts.all();
        List<float[]> ours = fp32.get().embedAll(texts);
        double worst = 1;
        for (int i = 0; i < texts.size(); i++) {
            assertThat(((OnnxSentenceModel) fp32.get()).countModelTokens(texts.get(i))).isLessThan(256);
            assertThat(((OnnxSentenceModel) fp32.get()).countModelTokens(texts.get(i))).isLessThanOrEqualTo(128);
            float[] theirs = reference.embed(texts.get(i)).content().vector();
            assertThat(ours.get(i)).hasSize(384);
            worst = Math.min(worst, cosine(ours.get(i), theirs));
        }
        assertThat(worst).as("lowest cosine against langchain4j").isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void int8StaysCloseToFp32OverSixtyVariedTexts() {
        List<String> texts = SampleTexts.all();
        assertThat(texts).hasSizeGreaterThanOrEqualTo(50);
        List<float[]> a = fp32.get().embedAll(texts);
        List<float[]> b = int8.get().embedAll(texts);
        double worst = 1;
        for (int i = 0; i < texts.size(); i++) {
            worst = Math.min(worst, cosine(a.get(i), b.get(i)));
        }
        assertThat(worst).as("lowest int8/fp32 cosine").isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void paddingInAnFp32BatchDoesNotChangeVectors() {
        List<String> texts = List.of("short", SampleTexts.all().get(2), "a medium length sentence about trains", "");
        List<float[]> batched = fp32.get().embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] single = fp32.get().embed(texts.get(i));
            assertThat(cosine(batched.get(i), single)).as("text %d", i).isGreaterThan(0.99999);
        }
    }

    @Test
    void int8BatchesStayCloseToFp32() {
        // int8 quantises activations per tensor, so a batch's vectors shift a little with its neighbours;
        // they must stay within the same bound as int8 itself.
        List<String> texts = List.of("short", SampleTexts.all().get(2), "a medium length sentence about trains", "ok");
        List<float[]> batched = int8.get().embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(batched.get(i), fp32.get().embed(texts.get(i)))).as("text %d", i).isGreaterThan(0.95);
        }
    }

    @Test
    void truncatesAt256TokensLikeSentenceTransformers() {
        StringBuilder longText = new StringBuilder();
        for (String t : SampleTexts.all()) {
            longText.append(t).append(' ');
        }
        OnnxSentenceModel model = (OnnxSentenceModel) fp32.get();
        assertThat(model.countModelTokens(longText.toString())).isEqualTo(256);
        assertThat(model.countTokens(longText.toString())).isGreaterThan(1000);
        float[] whole = model.embed(longText.toString());
        float[] withTail = model.embed(longText + " A completely different ending about volcanoes and jazz.");
        assertThat(cosine(whole, withTail)).isGreaterThan(0.99999);
        // ...while langchain4j's bundled tokenizer cuts at 128 tokens, so it reads less: a different vector.
        float[] reference = new AllMiniLmL6V2EmbeddingModel().embed(longText.toString()).content().vector();
        assertThat(cosine(whole, reference)).isLessThan(0.999);
    }

    /** {@code n} word-piece tokens without the special ones: "word" is one token of the vocabulary. */
    private static String words(int n) {
        return "word ".repeat(n).strip();
    }

    @Test
    void countsEachTextCutAtTheLimitOnce() {
        OnnxSentenceModel model = (OnnxSentenceModel) fp32.get();
        String atLimit = words(254); // + [CLS] and [SEP] = 256: fits exactly
        String overByOne = words(255);
        assertThat(model.countTokens(atLimit)).isEqualTo(254);
        assertThat(model.countModelTokens(overByOne)).isEqualTo(256);

        List<Integer> reports = new ArrayList<>();
        model.embedAll(List.of("short", words(253), atLimit), reports::add);
        assertThat(reports).as("nothing cut, so no report").isEmpty();

        model.embedAll(List.of("short", atLimit, overByOne, words(3000), overByOne), reports::add);
        assertThat(reports).as("one report per call, one count per cut text").containsExactly(3);

        model.embed(overByOne, reports::add);
        model.embed(atLimit, reports::add);
        assertThat(reports).containsExactly(3, 1);
    }

    @Test
    void aLowerMaxTokensCutsEarlierAndIsCounted() {
        EmbeddingModelSpec spec128 = new EmbeddingModelSpec(EmbeddingProvider.LOCAL, "all-minilm-l6-v2-q", null, null,
                null, 128, 32, Duration.ofSeconds(30), RetryPolicy.DEFAULT);
        try (SharedResources.Lease<EmbeddingModel> lease = SharedEmbeddingModels.acquire(spec128)) {
            List<Integer> reports = new ArrayList<>();
            lease.get().embedAll(List.of(words(126), words(127), words(200)), reports::add);
            assertThat(reports).containsExactly(2);
        }
    }

    @Test
    void equalSpecsShareOneLoadedModel() {
        long before = SharedEmbeddingModels.loads();
        List<SharedResources.Lease<EmbeddingModel>> leases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leases.add(SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(LocalModelVariant.ALL_MINILM_L6_V2)));
        }
        assertThat(leases).allSatisfy(l -> assertThat(l.get()).isSameAs(fp32.get()));
        assertThat(SharedEmbeddingModels.loads()).isEqualTo(before);
        leases.forEach(SharedResources.Lease::close);
    }
}
