package dev.connectai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.connectai.testing.SampleTexts;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.EmbeddingProvider;
import dev.connectai.toolkit.embedding.LocalModelVariant;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.remote.RetryPolicy;
import dev.connectai.toolkit.shared.SharedResources;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import static dev.connectai.testing.Vectors.cosine;

/**
 * How close the int8 in-process model's vectors are to fp32's, the figures README quotes. Texts: the 60 sample
 * texts, 30 long ones (5 to 12 sample texts joined, 115 to 300 tokens), 20 very short ones (1 to 4
 * words) and 30 varied ones (ids, numbers, code, markup, other languages, queries). Each is embedded alone and
 * within one batched call ({@code embedAll}, batches of 32, so int8's per-batch activation quantisation sees
 * neighbours). Also checks how far langchain4j's own model reads a long text, by comparing it with ours truncated
 * at 128 and at 256 tokens. Prints; asserts nothing.
 */
public final class Int8FidelityCheck {

    private static final double THRESHOLD = 0.98;

    /** Inputs unlike the English prose samples: ids, numbers, code, markup, other languages, queries, noise. */
    private static final List<String> VARIED = List.of(
            "SKU-48213-B", "4711", "3.14159 2.71828 1.41421", "2026-11-30T11:05:29Z",
            "ERROR 503 upstream connect error or disconnect/reset before headers",
            "SELECT id, name FROM products WHERE price > 100 ORDER BY name;",
            "for (int i = 0; i < n; i++) { sum += a[i]; }",
            "{\"order_id\": 17, \"items\": [{\"sku\": \"A1\", \"qty\": 2}]}",
            "<p>Free shipping on orders over <b>$50</b></p>",
            "https://shop.example.com/products/kettle?color=red&size=1.7l",
            "jane.doe@example.com", "+49 30 1234567",
            "Der Wasserkocher ist nach zwei Wochen kaputt gegangen.",
            "La livraison est arrivée avec trois jours de retard.",
            "El producto llegó roto y nadie responde a mis correos.",
            "この掃除機はとても静かです。", "这款耳机的音质非常好。", "Это лучший чайник, который у меня был.",
            "great product!!! 😍😍😍", "meh", "??!!..", "OK", "lol no",
            "cheap blender that does not leak", "how do I reset my password",
            "refund status order 88412", "WARNING: DISK USAGE AT 97 PERCENT ON NODE KAFKA-2",
            "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a",
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
            "- eggs\n- milk\n- flour\n- butter");

    private Int8FidelityCheck() {
    }

    public static void main(String[] args) {
        Map<String, List<String>> groups = texts();
        List<String> all = new ArrayList<>();
        groups.values().forEach(all::addAll);
        System.out.printf(Locale.ROOT, "int8 vs fp32 cosine on %d texts (%s)%n%n", all.size(), sizes(groups));

        try (SharedResources.Lease<EmbeddingModel> fp32 = SharedEmbeddingModels.acquire(
                     EmbeddingModelSpec.local(LocalModelVariant.ALL_MINILM_L6_V2));
             SharedResources.Lease<EmbeddingModel> int8 = SharedEmbeddingModels.acquire(
                     EmbeddingModelSpec.local(LocalModelVariant.ALL_MINILM_L6_V2_Q))) {
            List<float[]> fp32Single = all.stream().map(fp32.get()::embed).toList();
            List<float[]> int8Single = all.stream().map(int8.get()::embed).toList();
            List<float[]> int8Batched = int8.get().embedAll(all);
            List<float[]> fp32Batched = fp32.get().embedAll(all);

            System.out.println("| texts | comparison | n | min | p5 | median | below 0.98 |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|");
            int from = 0;
            for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                int to = from + g.getValue().size();
                row(g.getKey(), "int8 alone vs fp32", cosines(int8Single, fp32Single, from, to));
                row(g.getKey(), "int8 in a batch vs fp32", cosines(int8Batched, fp32Single, from, to));
                from = to;
            }
            row("all", "int8 alone vs fp32", cosines(int8Single, fp32Single, 0, all.size()));
            row("all", "int8 in a batch vs fp32", cosines(int8Batched, fp32Single, 0, all.size()));
            row("all", "fp32 in a batch vs fp32 alone", cosines(fp32Batched, fp32Single, 0, all.size()));

            langchain4jTruncation(groups.get("sample"), groups.get("long"), fp32.get());
        }
    }

    /** langchain4j's bundled tokenizer.json truncates at 128 tokens; its vectors should equal ours cut there. */
    private static void langchain4jTruncation(List<String> samples, List<String> longTexts, EmbeddingModel ours256) {
        EmbeddingModelSpec at128 = new EmbeddingModelSpec(EmbeddingProvider.LOCAL, LocalModelVariant.ALL_MINILM_L6_V2.modelName(),
                null, null, null, 128, 32, Duration.ofSeconds(30), RetryPolicy.DEFAULT);
        AllMiniLmL6V2EmbeddingModel langchain4j = new AllMiniLmL6V2EmbeddingModel();
        int[] tokens = longTexts.stream().mapToInt(ours256::countTokens).sorted().toArray();
        try (SharedResources.Lease<EmbeddingModel> ours128 = SharedEmbeddingModels.acquire(at128)) {
            double[] vs128 = new double[longTexts.size()];
            double[] vs256 = new double[longTexts.size()];
            for (int i = 0; i < longTexts.size(); i++) {
                float[] reference = langchain4j.embed(longTexts.get(i)).content().vector();
                vs128[i] = cosine(reference, ours128.get().embed(longTexts.get(i)));
                vs256[i] = cosine(reference, ours256.embed(longTexts.get(i)));
            }
            double[] short256 = new double[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                short256[i] = cosine(langchain4j.embed(samples.get(i)).content().vector(), ours256.embed(samples.get(i)));
            }
            System.out.printf(Locale.ROOT, "%nlangchain4j AllMiniLmL6V2EmbeddingModel vs ours, fp32; long texts: %d-%d tokens:%n",
                    tokens[0], tokens[tokens.length - 1]);
            System.out.println("| comparison | n | min | p5 | median | below 0.98 |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            stats("sample texts: langchain4j vs ours (default 256 tokens)", short256);
            stats("long texts: langchain4j vs ours truncated at 128 tokens", vs128);
            stats("long texts: langchain4j vs ours (default 256 tokens)", vs256);
        }
    }

    private static Map<String, List<String>> texts() {
        List<String> samples = SampleTexts.all();
        List<String> longTexts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int count = 5 + i % 8;
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < count; k++) {
                b.append(k == 0 ? "" : " ").append(samples.get((i * 7 + k) % samples.size()));
            }
            longTexts.add(b.toString());
        }
        List<String> shortTexts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String[] words = samples.get(i * 3 % samples.size()).split("\\s+");
            shortTexts.add(String.join(" ", Arrays.copyOf(words, 1 + i % 4)));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("sample", samples);
        groups.put("long", longTexts);
        groups.put("short", shortTexts);
        groups.put("varied", VARIED);
        return groups;
    }

    private static String sizes(Map<String, List<String>> groups) {
        List<String> parts = new ArrayList<>();
        groups.forEach((name, list) -> parts.add(list.size() + " " + name));
        return String.join(", ", parts);
    }

    private static double[] cosines(List<float[]> a, List<float[]> b, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = cosine(a.get(i), b.get(i));
        }
        return out;
    }

    private static void row(String group, String comparison, double[] values) {
        System.out.print("| " + group + " ");
        stats(comparison, values);
    }

    private static void stats(String label, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        long below = Arrays.stream(sorted).filter(v -> v < THRESHOLD).count();
        System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %d |%n", label, sorted.length, sorted[0],
                percentile(sorted, 0.05), percentile(sorted, 0.5), below);
    }

    /** Nearest rank on sorted values. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
