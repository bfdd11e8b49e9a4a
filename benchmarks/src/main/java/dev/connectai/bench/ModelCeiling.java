package dev.connectai.bench;

import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * What one ONNX model can do on this machine with the benchmark's texts, free of every guarantee the plugins give:
 * texts tokenized in advance, sorted by length, run in padded batches of 1, 8 or 32 on all cores in the two ways ONNX
 * Runtime offers (one session using every core, or one single-threaded session per core), output read but not
 * pooled. The best of those is the model's ceiling here, the figure each plugin path is compared with.
 */
final class ModelCeiling implements AutoCloseable {

    /** One way of running the model and its rate. */
    record Setting(String name, double textsPerSecond) {
    }

    private static final int[] BATCHES = {1, 8, 32};

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final OrtSession wide;
    private final List<OrtSession> narrow = new ArrayList<>();
    private final ExecutorService pool;
    private final Encoding[] sorted;
    private final boolean tokenTypes;

    ModelCeiling(String modelResource, String tokenizerResource, int maxTokens, List<String> texts) throws Exception {
        byte[] model;
        try (InputStream in = ModelCeiling.class.getResourceAsStream(modelResource)) {
            model = in.readAllBytes();
        }
        wide = open(model, cores);
        for (int i = 0; i < cores; i++) {
            narrow.add(open(model, 1));
        }
        pool = Executors.newFixedThreadPool(cores);
        tokenTypes = wide.getInputNames().contains("token_type_ids");
        try (InputStream in = ModelCeiling.class.getResourceAsStream(tokenizerResource);
             HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
                     "padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens)))) {
            sorted = tokenizer.batchEncode(texts);
        }
        Arrays.sort(sorted, Comparator.comparingInt(e -> e.getIds().length));
    }

    private OrtSession open(byte[] model, int threads) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            return environment.createSession(model, options);
        }
    }

    /** Every setting's rate, {@code passes} passes over the texts each; the fastest first. */
    List<Setting> measure(int passes) throws Exception {
        List<Setting> out = new ArrayList<>();
        for (int batch : BATCHES) {
            out.add(new Setting("batch " + batch + ", one session on " + cores + " cores",
                    rate(passes, () -> sequential(batch))));
            out.add(new Setting("batch " + batch + ", " + cores + " single-thread sessions",
                    rate(passes, () -> parallel(batch))));
        }
        out.sort(Comparator.comparingDouble(Setting::textsPerSecond).reversed());
        return out;
    }

    private interface Pass {
        void run() throws Exception;
    }

    private double rate(int passes, Pass pass) throws Exception {
        pass.run();
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            pass.run();
        }
        return (double) sorted.length * passes / ((System.nanoTime() - start) / 1e9);
    }

    private void sequential(int batch) throws Exception {
        for (int from = 0; from < sorted.length; from += batch) {
            run(wide, from, Math.min(sorted.length, from + batch));
        }
    }

    private void parallel(int batch) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> lanes = new ArrayList<>();
        for (OrtSession session : narrow) {
            lanes.add(pool.submit(() -> {
                for (int from = next.getAndAdd(batch); from < sorted.length; from = next.getAndAdd(batch)) {
                    run(session, from, Math.min(sorted.length, from + batch));
                }
                return null;
            }));
        }
        for (Future<?> lane : lanes) {
            lane.get();
        }
    }

    private float run(OrtSession session, int from, int to) throws Exception {
        int rows = to - from;
        int width = sorted[to - 1].getIds().length;
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            long[] row = sorted[from + r].getIds();
            System.arraycopy(row, 0, ids, r * width, row.length);
            Arrays.fill(mask, r * width, r * width + row.length, 1L);
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (tokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * width]),
                        shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
                return states.get(0);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws Exception {
        pool.shutdownNow();
        wide.close();
        for (OrtSession s : narrow) {
            s.close();
        }
    }
}
