package dev.connectai.toolkit.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * A sentence-embedding model run in-process with ONNX Runtime, in padded batches: one of the catalogue's models
 * ({@link LocalModelVariant}, read from langchain4j's jars) or a user's own export read from {@code model.path} and
 * {@code model.tokenizer.path}, both described by an {@link OnnxModelDescriptor}. The text's role (document or
 * query) picks the prefix put before it, so one loaded model serves both sides of a search.
 *
 * <p>Each text is tokenized once and truncated at {@code maxTokens} (special tokens included; by default where
 * sentence-transformers truncates the model, e.g. 256 for MiniLM, 512 for bge and e5);
 * {@link #embedAll(List, IntConsumer)} reports how many texts were cut, from the tokenizer's own overflow flag. Many
 * texts go through one ONNX run, sorted by length so that padding stays small; mean pooling honours the attention
 * mask so padding never changes an fp32 vector; CLS pooling reads the first token, which padding never moves.
 * int8 quantises activations per batch, so batch neighbours shift an int8 vector slightly; measured against fp32
 * over 140 texts (README, "int8 vs fp32"): median cosine 0.99, lowest 0.9739 embedded alone and 0.9697 in a batch.
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
    private final int batchSize;
    private final Pooling pooling;
    private final boolean normalize;
    private final OnnxModelDescriptor descriptor;
    private final int dimension;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean wantsTokenTypes;
    private final HuggingFaceTokenizer tokenizer;
    /** The same vocabulary without truncation or special tokens, to measure texts for chunking. */
    private final HuggingFaceTokenizer counter;

    /**
     * The one way a model is opened, from the catalogue ({@link LocalModelVariant#descriptor()}) or from the user's
     * files ({@link LocalModelFiles#descriptor(String)}): the same code reads, tokenizes and pools both.
     */
    static OnnxSentenceModel open(OnnxModelDescriptor descriptor, int maxTokens, int batchSize) {
        return new OnnxSentenceModel(descriptor, maxTokens, batchSize);
    }

    private OnnxSentenceModel(OnnxModelDescriptor descriptor, int maxTokens, int batchSize) {
        String id = descriptor.id();
        if (maxTokens < 2 || maxTokens > descriptor.maxTokensLimit()) {
            throw new IllegalArgumentException("maxTokens must be between 2 and " + descriptor.maxTokensLimit());
        }
        this.id = id;
        this.batchSize = Math.max(1, batchSize);
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
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                this.session = descriptor.onnx().session(environment, options);
            }
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
        Encoding[] encodings = texts.size() == 1
                ? new Encoding[] {tokenizer.encode(texts.get(0))}
                : tokenizer.batchEncode(texts);
        int cut = truncatedCount(encodings);
        Integer[] order = new Integer[encodings.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Similar lengths in one batch: the batch is padded to its longest text.
        Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
        float[][] vectors = new float[encodings.length][];
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            runBatch(encodings, Arrays.copyOfRange(order, start, end), vectors);
        }
        if (cut > 0) {
            truncated.accept(cut);
        }
        return Arrays.asList(vectors);
    }

    /**
     * Texts the tokenizer cut at {@code maxTokens}. DJL sets {@code exceedMaxLength} when the Hugging Face encoding
     * has overflowing tokens, which it has only when truncation removed some; reading the flag costs no second
     * tokenization (the overflowing parts themselves are not copied to Java).
     */
    private static int truncatedCount(Encoding[] encodings) {
        int cut = 0;
        for (Encoding e : encodings) {
            if (e.exceedMaxLength()) {
                cut++;
            }
        }
        return cut;
    }

    private void runBatch(Encoding[] encodings, Integer[] members, float[][] out) {
        int rows = members.length;
        int width = 0;
        for (int m : members) {
            width = Math.max(width, encodings[m].getIds().length);
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] types = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            Encoding e = encodings[members[r]];
            System.arraycopy(e.getIds(), 0, ids, r * width, e.getIds().length);
            System.arraycopy(e.getAttentionMask(), 0, mask, r * width, e.getAttentionMask().length);
            System.arraycopy(e.getTypeIds(), 0, types, r * width, e.getTypeIds().length);
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] hiddenShape = hidden.getInfo().getShape();
                int dim = (int) hiddenShape[2];
                FloatBuffer states = hidden.getFloatBuffer();
                for (int r = 0; r < rows; r++) {
                    float[] vector = pooling == Pooling.CLS
                            ? clsToken(states, r, width, dim)
                            : meanPool(states, mask, r, width, dim);
                    out[members[r]] = normalize ? normalized(vector) : vector;
                }
            }
        } catch (OrtException e) {
            throw new ConnectException("ONNX Runtime failed to run " + id, e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] clsToken(FloatBuffer states, int row, int width, int dim) {
        float[] first = new float[dim];
        states.get(row * width * dim, first);
        return first;
    }

    private static float[] meanPool(FloatBuffer states, long[] mask, int row, int width, int dim) {
        float[] sum = new float[dim];
        int tokens = 0;
        int base = row * width * dim;
        for (int t = 0; t < width; t++) {
            if (mask[row * width + t] == 0) {
                continue;
            }
            tokens++;
            int offset = base + t * dim;
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
            session.close();
        } catch (OrtException e) {
            throw new ConnectException("closing ONNX session failed", e);
        } finally {
            tokenizer.close();
            counter.close();
        }
    }
}
