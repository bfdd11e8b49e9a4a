package dev.connectai.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Texts per second on one fixed set of 10–60-word texts (documents; bge and e5 get their document form), every figure measured in this run and given as a ratio to
 * (a), langchain4j's own per-text embedding. The cases and the ceilings run in {@value #ROUNDS_DEFAULT} interleaved rounds and each
 * keeps its best round, so a burst of load on the machine cannot favour one case. Per model it also prints the
 * model's ceiling here ({@link ModelCeiling}: raw ONNX runs at their most favourable batch, no guarantees) and the
 * fraction of it each plugin path reaches. Prints; asserts nothing.
 */
public final class EmbeddingBenchmark {

    private static final int PASSES = Integer.getInteger("bench.passes", 6);
    private static final int ROUNDS_DEFAULT = 3;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", ROUNDS_DEFAULT);

    private interface Measure {
        double textsPerSecond() throws Exception;
    }

    private record Case(String name, String model, String target, Measure measure) {
    }

    private EmbeddingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> texts = SampleTexts.all();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "Embedding benchmark: %d texts of 10-60 words, %d passes per measurement, "
                + "best of %d interleaved rounds, %d cores%n%n", texts.size(), PASSES, ROUNDS, cores);

        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("(a) langchain4j AllMiniLmL6V2EmbeddingModel.embed() per text", null, "baseline",
                () -> perText(texts, reference::embed)));
        Map<String, EmbedText<SinkRecord>> smts = new LinkedHashMap<>();
        Map<String, SharedResources.Lease<EmbeddingModel>> leases = new LinkedHashMap<>();
        List<LocalModelVariant> models = Arrays.stream(LocalModelVariant.values())
                .filter(LocalModelVariant::installed).toList();
        for (LocalModelVariant m : models) {
            smts.put(m.modelName(), transform(m.modelName(), 0));
            leases.put(m.modelName(), SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(m)));
        }
        String fp32 = LocalModelVariant.ALL_MINILM_L6_V2.modelName();
        for (LocalModelVariant m : models) {
            boolean minilm = m.modelName().startsWith("all-minilm");
            cases.add(new Case("(b) EmbedText SMT per record, " + m.modelName(), m.modelName(),
                    !minilm ? "-" : m.quantized() ? ">= 3x" : ">= 1x", () -> smt(texts, smts.get(m.modelName()))));
            cases.add(new Case("(c) batched API (the sink's call), " + m.modelName(), m.modelName(),
                    !minilm ? "-" : m.quantized() ? ">= 5x" : ">= 2x",
                    () -> batched(texts, leases.get(m.modelName()))));
        }
        EmbedText<SinkRecord> cached = transform(fp32, 10_000);
        cases.add(new Case("(d) EmbedText SMT, cache hits", null, ">= 50x", () -> cacheHits(texts, cached)));

        Map<String, ModelCeiling> probes = new LinkedHashMap<>();
        for (LocalModelVariant m : models) {
            probes.put(m.modelName(), new ModelCeiling(m.modelResource(), m.tokenizerResource(),
                    m.defaultMaxTokens(), texts));
        }
        double[] best = new double[cases.size()];
        Map<String, ModelCeiling.Setting> ceilings = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < cases.size(); i++) {
                best[i] = Math.max(best[i], cases.get(i).measure().textsPerSecond());
            }
            for (Map.Entry<String, ModelCeiling> probe : probes.entrySet()) {
                ModelCeiling.Setting fastest = probe.getValue().measure(PASSES).get(0);
                ceilings.merge(probe.getKey(), fastest,
                        (was, now) -> now.textsPerSecond() > was.textsPerSecond() ? now : was);
            }
        }
        for (ModelCeiling probe : probes.values()) {
            probe.close();
        }
        smts.values().forEach(EmbedText::close);
        leases.values().forEach(SharedResources.Lease::close);
        cached.close();

        double a = best[0];
        System.out.println("| case | texts/s | ratio to (a) | target | share of the model's ceiling |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            ModelCeiling.Setting ceiling = c.model() == null ? null : ceilings.get(c.model());
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.2fx | %s | %s |%n", c.name(), best[i], best[i] / a,
                    c.target(), ceiling == null ? "-" : String.format(Locale.ROOT, "%.0f%%",
                            100 * best[i] / ceiling.textsPerSecond()));
        }
        System.out.println();
        System.out.println("| model | ceiling texts/s | ratio to (a) | at |");
        System.out.println("|---|---:|---:|---|");
        ceilings.forEach((name, s) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.2fx | %s |%n", name,
                s.textsPerSecond(), s.textsPerSecond() / a, s.name()));
        System.exit(0);
    }

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

    private static double smt(List<String> texts, EmbedText<SinkRecord> t) {
        List<SinkRecord> records = records(texts);
        records.forEach(t::apply);
        long start = System.nanoTime();
        for (int p = 0; p < PASSES; p++) {
            records.forEach(t::apply);
        }
        return rate((long) records.size() * PASSES, start);
    }

    private static double cacheHits(List<String> texts, EmbedText<SinkRecord> t) {
        List<SinkRecord> records = records(texts);
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
    }

    private static double batched(List<String> texts, SharedResources.Lease<EmbeddingModel> model) {
        model.get().embedAll(texts);
        long start = System.nanoTime();
        for (int p = 0; p < PASSES; p++) {
            model.get().embedAll(texts);
        }
        return rate((long) texts.size() * PASSES, start);
    }
}
