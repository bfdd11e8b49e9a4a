package dev.connectai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.connectai.testing.SampleTexts;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.LocalModelVariant;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.shared.SharedResources;
import dev.connectai.toolkit.sparse.Bm25Encoder;
import dev.connectai.toolkit.sparse.Bm25Settings;

/**
 * What a BM25 sparse vector costs next to the dense int8 embedding of the same text (issue 14's target: at most
 * 5%). Two text sets: the 60 sample texts of 10-60 words, and chunk-sized texts of about 250 words (six samples
 * joined). For each it measures, in the same run and in {@value #ROUNDS_DEFAULT} interleaved rounds (best round
 * kept), the time per text of: BM25 document encoding (English, Snowball stemming and stop words, one thread, as the
 * sink and EmbedText run it); each int8 model one text at a time (EmbedText's call) and all texts in one call (the
 * sink's). The dense model uses every core ({@code model.threads=0}); BM25 runs on the calling thread. Prints;
 * asserts nothing.
 */
public final class Bm25Benchmark {

    private static final int PASSES = Integer.getInteger("bench.passes", 5);
    private static final int ROUNDS_DEFAULT = 3;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", ROUNDS_DEFAULT);
    private static final int BM25_PASSES = 200;

    private Bm25Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> shortTexts = SampleTexts.all();
        List<String> chunkTexts = new ArrayList<>();
        for (int i = 0; i < shortTexts.size(); i++) {
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < 6; j++) {
                text.append(j == 0 ? "" : " ").append(shortTexts.get((i + j * 7) % shortTexts.size()));
            }
            chunkTexts.add(text.toString());
        }
        System.out.printf(Locale.ROOT, "BM25 benchmark: %d cores, %d dense passes, best of %d interleaved rounds%n%n",
                Runtime.getRuntime().availableProcessors(), PASSES, ROUNDS);

        List<LocalModelVariant> models = List.of(LocalModelVariant.ALL_MINILM_L6_V2_Q,
                LocalModelVariant.BGE_SMALL_EN_V15_Q);
        List<SharedResources.Lease<EmbeddingModel>> leases = new ArrayList<>();
        for (LocalModelVariant m : models) {
            leases.add(SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(m)));
        }
        try (Bm25Encoder bm25 = new Bm25Encoder(Bm25Settings.DEFAULTS)) {
            System.out.println("| texts | model | dense one at a time, ms/text | dense batched, ms/text "
                    + "| BM25, ms/text | BM25 / dense one at a time | BM25 / dense batched | target |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
            for (List<String> texts : List.of(shortTexts, chunkTexts)) {
                String label = texts == shortTexts ? "60 texts, 10-60 words" : "60 texts, ~250 words";
                double bestBm25 = Double.MAX_VALUE;
                double[] bestSingle = new double[models.size()];
                double[] bestBatched = new double[models.size()];
                java.util.Arrays.fill(bestSingle, Double.MAX_VALUE);
                java.util.Arrays.fill(bestBatched, Double.MAX_VALUE);
                for (int round = 0; round < ROUNDS; round++) {
                    bestBm25 = Math.min(bestBm25, msPerText(texts, BM25_PASSES, bm25::encodeDocument));
                    for (int i = 0; i < models.size(); i++) {
                        EmbeddingModel model = leases.get(i).get();
                        bestSingle[i] = Math.min(bestSingle[i], msPerText(texts, PASSES, model::embed));
                        bestBatched[i] = Math.min(bestBatched[i], msPerBatch(texts, model));
                    }
                }
                for (int i = 0; i < models.size(); i++) {
                    System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.4f | %.2f%% | %.2f%% | <= 5%% |%n",
                            label, models.get(i).modelName(), bestSingle[i], bestBatched[i], bestBm25,
                            100 * bestBm25 / bestSingle[i], 100 * bestBm25 / bestBatched[i]);
                }
            }
        } finally {
            leases.forEach(SharedResources.Lease::close);
        }
        System.exit(0);
    }

    private static double msPerText(List<String> texts, int passes, Consumer<String> work) {
        texts.forEach(work); // warm-up
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            texts.forEach(work);
        }
        return (System.nanoTime() - start) / 1e6 / ((long) texts.size() * passes);
    }

    private static double msPerBatch(List<String> texts, EmbeddingModel model) {
        model.embedAll(texts);
        long start = System.nanoTime();
        for (int p = 0; p < PASSES; p++) {
            model.embedAll(texts);
        }
        return (System.nanoTime() - start) / 1e6 / ((long) texts.size() * PASSES);
    }
}
