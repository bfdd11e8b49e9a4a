package dev.connectai.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.connectai.embedding.EmbedText;
import dev.connectai.testing.SampleTexts;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.LocalModelVariant;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.shared.SharedResources;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Texts per second on one fixed set of 18–27-word texts, every figure measured in this run and given
 * as a ratio to (a), langchain4j's own per-text embedding. Prints; asserts nothing.
 */
public final class EmbeddingBenchmark {

    private static final int PASSES = Integer.getInteger("bench.passes", 8);

    private EmbeddingBenchmark() {
    }

    public static void main(String[] args) {
        List<String> texts = SampleTexts.all();
        System.out.printf(Locale.ROOT, "Embedding benchmark: %d texts of 18-27 words, %d passes each, %d cores%n%n",
                texts.size(), PASSES, Runtime.getRuntime().availableProcessors());

        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        double a = perText(texts, t -> reference.embed(t));

        double b = smt(texts, "all-minilm-l6-v2", 0);
        double c = smt(texts, "all-minilm-l6-v2-q", 0);
        double d = cacheHits(texts);
        double e32 = batched(texts, LocalModelVariant.FP32);
        double e8 = batched(texts, LocalModelVariant.INT8);

        System.out.println("| case | texts/s | ratio to (a) | target |");
        System.out.println("|---|---:|---:|---:|");
        row("(a) langchain4j AllMiniLmL6V2EmbeddingModel.embed() per text", a, a, "baseline");
        row("(b) EmbedText SMT, fp32, per record", b, a, ">= 1.0x");
        row("(c) EmbedText SMT, int8, per record", c, a, ">= 1.5x");
        row("(d) EmbedText SMT, cache hits", d, a, ">= 50x");
        row("(e) batched API, batch 32, fp32", e32, a, "-");
        row("(e) batched API, batch 32, int8", e8, a, ">= 2.5x");
    }

    private static void row(String name, double value, double baseline, String target) {
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.2fx | %s |%n", name, value, value / baseline, target);
    }

    /** One warm-up pass, then {@link #PASSES} timed passes. */
    private static double perText(List<String> texts, Consumer<String> embed) {
        texts.forEach(embed);
        long start = System.nanoTime();
        for (int p = 0; p < PASSES; p++) {
            texts.forEach(embed);
        }
        return rate(texts.size() * PASSES, start);
    }

    private static double rate(long count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static List<SinkRecord> records(List<String> texts) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Map<String, Object> value = new HashMap<>();
            value.put("id", i);
            value.put("text", texts.get(i));
            out.add(new SinkRecord("bench", 0, null, null, null, value, i));
        }
        return out;
    }

    private static EmbedText<SinkRecord> transform(String model, int cacheSize) {
        EmbedText<SinkRecord> t = new EmbedText.Value<>();
        t.configure(Map.of("input.field", "text", "model.name", model, "cache.size", Integer.toString(cacheSize)));
        return t;
    }

    private static double smt(List<String> texts, String model, int cacheSize) {
        List<SinkRecord> records = records(texts);
        EmbedText<SinkRecord> t = transform(model, cacheSize);
        try {
            records.forEach(t::apply);
            long start = System.nanoTime();
            for (int p = 0; p < PASSES; p++) {
                records.forEach(t::apply);
            }
            return rate((long) records.size() * PASSES, start);
        } finally {
            t.close();
        }
    }

    private static double cacheHits(List<String> texts) {
        List<SinkRecord> records = records(texts);
        EmbedText<SinkRecord> t = transform("all-minilm-l6-v2", 10_000);
        try {
            records.forEach(t::apply); // fills the cache
            int rounds = 2000;
            for (int r = 0; r < 200; r++) {
                records.forEach(t::apply);
            }
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                records.forEach(t::apply);
            }
            return rate((long) records.size() * rounds, start);
        } finally {
            t.close();
        }
    }

    private static double batched(List<String> texts, LocalModelVariant variant) {
        EmbeddingModelSpec spec = EmbeddingModelSpec.local(variant);
        try (SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(spec)) {
            model.get().embedAll(texts);
            long start = System.nanoTime();
            for (int p = 0; p < PASSES; p++) {
                model.get().embedAll(texts);
            }
            return rate((long) texts.size() * PASSES, start);
        }
    }
}
