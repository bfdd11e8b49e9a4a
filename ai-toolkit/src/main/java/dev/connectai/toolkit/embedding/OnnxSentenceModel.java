package dev.connectai.toolkit.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * A sentence-embedding model run in-process with ONNX Runtime: one of the catalogue's models
 * ({@link LocalModelVariant}, read from langchain4j's jars) or a user's own export read from {@code model.path} and
 * {@code model.tokenizer.path}, both described by an {@link OnnxModelDescriptor}. The text's role (document or
 * query) picks the prefix put before it, so one loaded model serves both sides of a search.
 *
 * <p><b>One vector per text.</b> Every text runs through the network alone, never padded next to another text.
 * That is what makes a vector independent of the path and batch it came through (EmbedText one record at a time,
 * the sink in slices of any size, a search query): the int8 builds quantise activations per ONNX run (dynamic
 * quantisation takes the scale from the whole input tensor), so a batch neighbour would shift a text's int8 vector
 * (cosine down to 0.956 measured), and padding is then never computed at all. Throughput comes from running texts
 * side by side instead: a call with several texts spreads them, longest first, over {@code threads} threads that run
 * one single-threaded session concurrently ("lanes"); a call with one text (EmbedText) runs on a second session
 * that uses all {@code threads} cores inside the run. The two sessions give a text the same vector (the
 * path-equality test checks cosine 0.999999 and above on 200 texts).
 *
 * <p>Each text is tokenized once, in the lane that runs it, and truncated at {@code maxTokens} (special tokens
 * included; by default where sentence-transformers truncates the model, e.g. 256 for MiniLM, 512 for bge and e5);
 * {@link #embedAll(List, IntConsumer)} reports how many texts were cut, from the tokenizer's own overflow flag.
 *
 * <p>langchain4j's {@code AllMiniLmL6V2EmbeddingModel} reads less of a long text: the tokenizer config bundled in
 * its jar truncates at 128 tokens, before its 510-token split into windows could apply. Up to 128 tokens our fp32
 * vectors equal its vectors; beyond that ours read up to {@code maxTokens}.
 */
final class OnnxSentenceModel implements EmbeddingModel {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final String id;
    private final int threads;
    private final Pooling pooling;
    private final boolean normalize;
    private final OnnxModelDescriptor descriptor;
    private final int dimension;
    private final OrtEnvironment environment;
    /** Runs one text with every thread: the single-text path (EmbedText). */
    private final OrtSession session;
    /** A single-threaded session run side by side for calls with several texts; opened on the first such call. */
    private volatile Lanes lanes;
    private final boolean wantsTokenTypes;
    private final HuggingFaceTokenizer tokenizer;
    /** The same vocabulary without truncation or special tokens, to measure texts for chunking. */
    private final HuggingFaceTokenizer counter;

    /**
     * The one way a model is opened, from the catalogue ({@link LocalModelVariant#descriptor()}) or from the user's
     * files ({@link LocalModelFiles#descriptor(String)}): the same code reads, tokenizes and pools both.
     */
    static OnnxSentenceModel open(OnnxModelDescriptor descriptor, int maxTokens, int threads) {
        return new OnnxSentenceModel(descriptor, maxTokens, threads);
    }

    private OnnxSentenceModel(OnnxModelDescriptor descriptor, int maxTokens, int threads) {
        String id = descriptor.id();
        if (maxTokens < 2 || maxTokens > descriptor.maxTokensLimit()) {
            throw new IllegalArgumentException("maxTokens must be between 2 and " + descriptor.maxTokensLimit());
        }
        this.id = id;
        this.threads = Math.max(1, threads);
        this.descriptor = descriptor;
        this.pooling = descriptor.pooling();
        this.normalize = descriptor.normalize();
        // DJL and ONNX Runtime find their native libraries through the context class loader. Connect sets it
        // to the loader of the connector this transform runs in (e.g. FileStreamSink's), which cannot see our
        // jars, so point it at the pack's own loader while the natives load.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(OnnxSentenceModel.class.getClassLoader());
        try {
            this.environment = OrtEnvironment.getEnvironment();
            this.session = openSession(this.threads);
            this.dimension = outputDimension(session, id);
            Set<String> inputs = session.getInputNames();
            this.wantsTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
            Map<String, String> tokenizerOptions = Map.of(
                    "padding", "false",
                    "truncation", "true",
                    "maxLength", Integer.toString(maxTokens));
            try (InputStream in = descriptor.tokenizer().open()) {
                this.tokenizer = HuggingFaceTokenizer.newInstance(in, tokenizerOptions);
            }
            try (InputStream in = descriptor.tokenizer().open()) {
                this.counter = HuggingFaceTokenizer.newInstance(in, Map.of(
                        "padding", "false", "truncation", "false", "addSpecialTokens", "false"));
            }
        } catch (OrtException | IOException e) {
            throw new ConnectException("Could not load the in-process model " + id, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The vector size, from the first output's declared shape [batch, tokens, dimension]: a sentence model exports
     * its token states there. A model whose first output has another shape is not one this class can pool.
     */
    private static int outputDimension(OrtSession session, String id) throws OrtException {
        var first = session.getOutputInfo().values().iterator().next();
        if (!(first.getInfo() instanceof TensorInfo info) || info.getShape().length != 3 || info.getShape()[2] <= 0) {
            throw new ConnectException("The ONNX model " + id + " is not a sentence-embedding model this plugin can "
                    + "pool: its first output '" + first.getName() + "' must be token states shaped [batch, tokens, "
                    + "dimension] with a fixed dimension, e.g. 'last_hidden_state' of a Hugging Face export");
        }
        return (int) info.getShape()[2];
    }

    /** Length of the vectors this model returns, as its ONNX output declares. */
    int dimension() {
        return dimension;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return embedAll(texts, cut -> { });
    }

    @Override
    public List<float[]> embedAll(List<String> texts, IntConsumer truncated) {
        return embedAll(texts, TextRole.DOCUMENT, truncated);
    }

    @Override
    public List<float[]> embedAll(List<String> texts, TextRole role, IntConsumer truncated) {
        if (texts.isEmpty()) {
            return List.of();
        }
        String lead = descriptor.lead(role);
        if (!lead.isEmpty()) {
            texts = texts.stream().map(t -> lead + t).toList();
        }
        float[][] vectors = new float[texts.size()][];
        AtomicInteger cut = new AtomicInteger();
        if (texts.size() == 1 || threads == 1) {
            for (int i = 0; i < texts.size(); i++) {
                vectors[i] = embedOne(session, texts.get(i), cut);
            }
        } else {
            lanes().embed(texts, vectors, cut);
        }
        if (cut.get() > 0) {
            truncated.accept(cut.get());
        }
        return Arrays.asList(vectors);
    }

    /** Tokenizes one text and runs it alone on {@code on}; counts it in {@code cut} when truncation shortened it. */
    private float[] embedOne(OrtSession on, String text, AtomicInteger cut) {
        Encoding encoding = tokenizer.encode(text);
        // DJL sets exceedMaxLength when the Hugging Face encoding has overflowing tokens, which it has only when
        // truncation removed some: no second tokenization (the overflowing parts themselves are not copied to Java).
        if (encoding.exceedMaxLength()) {
            cut.incrementAndGet();
        }
        return run(on, encoding);
    }

    private Lanes lanes() {
        Lanes current = lanes;
        if (current == null) {
            synchronized (this) {
                current = lanes;
                if (current == null) {
                    current = new Lanes();
                    lanes = current;
                }
            }
        }
        return current;
    }

    /**
     * A session of the model using {@code intraOpThreads} threads inside each run. DJL and ONNX Runtime find their
     * native libraries through the context class loader. Connect sets it to the loader of the connector this
     * transform runs in (e.g. FileStreamSink's), which cannot see our jars, so point it at the pack's own loader.
     */
    private OrtSession openSession(int intraOpThreads) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(OnnxSentenceModel.class.getClassLoader());
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            return descriptor.onnx().session(environment, options);
        } catch (OrtException | IOException e) {
            throw new ConnectException("Could not load the in-process model " + id, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * One single-threaded session and {@code threads} daemon threads that run it side by side (ONNX Runtime allows
     * concurrent runs of one session; measured here, as fast as one session per thread, with one copy of the
     * weights). A call hands its texts out longest first (by characters, a cheap stand-in for tokens) so the lanes
     * finish together; concurrent calls (several tasks of one worker) share the threads.
     */
    private final class Lanes {
        private final OrtSession narrow;
        private final ExecutorService executor;

        Lanes() {
            narrow = openSession(1);
            AtomicInteger count = new AtomicInteger();
            executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "connect-ai-embed-" + id + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        void embed(List<String> texts, float[][] vectors, AtomicInteger cut) {
            Integer[] order = new Integer[texts.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingInt((Integer i) -> texts.get(i).length()).reversed());
            AtomicInteger next = new AtomicInteger();
            int workers = Math.min(threads, texts.size());
            List<Future<?>> running = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                running.add(executor.submit(() -> {
                    for (int k = next.getAndIncrement(); k < order.length; k = next.getAndIncrement()) {
                        vectors[order[k]] = embedOne(narrow, texts.get(order[k]), cut);
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                next.set(order.length);
                running.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new ConnectException("interrupted while " + id + " embedded " + texts.size() + " texts", e);
            } catch (ExecutionException e) {
                next.set(order.length); // the other lanes stop after their current text
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new ConnectException("embedding with " + id + " failed", cause);
            }
        }

        void close() {
            executor.shutdownNow();
            try {
                narrow.close();
            } catch (OrtException e) {
                throw new ConnectException("closing ONNX session failed", e);
            }
        }
    }

    /** One text through the network, alone: a batch of one row, so nothing is padded. */
    private float[] run(OrtSession on, Encoding encoding) {
        long[] mask = encoding.getAttentionMask();
        long[] shape = {1, mask.length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getIds()), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put(TOKEN_TYPE_IDS,
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()), shape));
            }
            try (OrtSession.Result result = on.run(inputs)) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                int dim = (int) hidden.getInfo().getShape()[2];
                FloatBuffer states = hidden.getFloatBuffer();
                float[] vector = pooling == Pooling.CLS ? clsToken(states, dim) : meanPool(states, mask, dim);
                return normalize ? normalized(vector) : vector;
            }
        } catch (OrtException e) {
            throw new ConnectException("ONNX Runtime failed to run " + id, e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] clsToken(FloatBuffer states, int dim) {
        float[] first = new float[dim];
        states.get(0, first);
        return first;
    }

    /** The mean of the token vectors the attention mask marks (all of them: texts are never padded). */
    private static float[] meanPool(FloatBuffer states, long[] mask, int dim) {
        float[] sum = new float[dim];
        int tokens = 0;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            tokens++;
            int offset = t * dim;
            for (int d = 0; d < dim; d++) {
                sum[d] += states.get(offset + d);
            }
        }
        for (int d = 0; d < dim; d++) {
            sum[d] /= tokens;
        }
        return sum;
    }

    private static float[] normalized(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= inv;
        }
        return vector;
    }

    /** Token count after truncation, including the two special tokens: what the model actually reads. */
    int countModelTokens(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    @Override
    public int countTokens(String text) {
        return counter.encode(text).getIds().length;
    }

    @Override
    public void close() {
        try {
            Lanes open = lanes;
            if (open != null) {
                open.close();
            }
            session.close();
        } catch (OrtException e) {
            throw new ConnectException("closing ONNX session failed", e);
        } finally {
            tokenizer.close();
            counter.close();
        }
    }
}
