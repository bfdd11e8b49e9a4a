package dev.connectai.toolkit.sparse;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.UnicodeUtil;

/**
 * Turns text into BM25 sparse vectors whose IDF part Qdrant adds at search time ({@code modifier: idf} on the sparse
 * vector). The design follows Qdrant's fastembed model "Qdrant/bm25" (qdrant/fastembed, fastembed/sparse/bm25.py:
 * term-frequency part on the document side, weight 1 per query term, the same hash), so indices agree with
 * fastembed's for the same terms; tokenisation and stop-word lists are Lucene's, not fastembed's, so a term can
 * differ at the edges (e.g. "don't" is one term here).
 *
 * <p>Terms: the text is split into words by Unicode's word-boundary rules (UAX #29, Lucene's StandardTokenizer),
 * lower-cased (Unicode, locale-neutral), words longer than {@value #MAX_TERM_CHARS} chars dropped, then the
 * language's stop words dropped and the Snowball stemmer applied, each unless configured {@code none}. Words without
 * a letter or digit (emoji) are dropped.
 *
 * <p>Index of a term: MurmurHash3 x86 32-bit, seed 0, of the term's UTF-8 bytes, read as a signed 32-bit integer,
 * absolute value (Python: {@code abs(mmh3.hash(term))}); 0 to 2^31, an unsigned index for Qdrant. Terms whose
 * indices collide count as one term.
 *
 * <p>Document value of a term occurring {@code tf} times among the document's {@code len} terms:
 * {@code tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avgLength))}. Query value: 1 for each distinct term.
 *
 * <p>Thread-safe: Lucene keeps one token stream per thread.
 */
public final class Bm25Encoder implements AutoCloseable {

    /** Longer words are dropped, as fastembed does with its token_max_length. */
    public static final int MAX_TERM_CHARS = 40;

    private final Bm25Settings settings;
    private final Analyzer analyzer;

    public Bm25Encoder(Bm25Settings settings) {
        this.settings = settings;
        this.analyzer = new TermAnalyzer(settings);
    }

    public Bm25Settings settings() {
        return settings;
    }

    /** The BM25 document vector of {@code text}: empty when the text has no terms (blank, only stop words). */
    public SparseVector encodeDocument(String text) {
        int[] sorted = sortedIndices(text);
        int n = sorted.length;
        if (n == 0) {
            return SparseVector.EMPTY;
        }
        double norm = settings.k1() * (1 - settings.b() + settings.b() * n / settings.avgLength());
        int[] indices = new int[n];
        float[] values = new float[n];
        int distinct = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            int tf = j - i;
            indices[distinct] = sorted[i];
            values[distinct++] = (float) (tf * (settings.k1() + 1) / (tf + norm));
            i = j;
        }
        return new SparseVector(Arrays.copyOf(indices, distinct), Arrays.copyOf(values, distinct));
    }

    /** The query vector of {@code text}: weight 1 for each distinct term; Qdrant's IDF modifier weighs them. */
    public SparseVector encodeQuery(String text) {
        int[] sorted = sortedIndices(text);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        float[] values = new float[distinct];
        Arrays.fill(values, 1f);
        return distinct == 0 ? SparseVector.EMPTY : new SparseVector(Arrays.copyOf(sorted, distinct), values);
    }

    /** The terms of {@code text} after splitting, lower-casing, stop words and stemming, in text order. */
    public List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        forEachTerm(text, (chars, length) -> terms.add(new String(chars, 0, length)));
        return terms;
    }

    /** The sparse index of {@code term}, as documented above. */
    public static int termIndex(String term) {
        char[] chars = term.toCharArray();
        return termIndex(chars, chars.length, new byte[UnicodeUtil.maxUTF8Length(chars.length)]);
    }

    private static int termIndex(char[] chars, int length, byte[] buffer) {
        int bytes = UnicodeUtil.UTF16toUTF8(chars, 0, length, buffer);
        // Math.abs leaves Integer.MIN_VALUE as it is: read unsigned, that is 2^31, which is abs(-2^31).
        return Math.abs(Murmur3.hash32(buffer, bytes, 0));
    }

    /** Every term's index, ascending as unsigned numbers (so 2^31, held as Integer.MIN_VALUE, comes last). */
    private int[] sortedIndices(String text) {
        TermIndices indices = new TermIndices();
        forEachTerm(text, indices);
        return indices.sortedUnsigned();
    }

    /** Collects the index of every term of one text. */
    private static final class TermIndices implements TermSink {

        private int[] indices = new int[16];
        private int count;
        private byte[] utf8 = new byte[UnicodeUtil.maxUTF8Length(MAX_TERM_CHARS)];

        @Override
        public void accept(char[] chars, int length) {
            if (utf8.length < UnicodeUtil.maxUTF8Length(length)) {
                utf8 = new byte[UnicodeUtil.maxUTF8Length(length)]; // a stemmer may lengthen a word a little
            }
            if (count == indices.length) {
                indices = Arrays.copyOf(indices, count * 2);
            }
            indices[count++] = termIndex(chars, length, utf8);
        }

        int[] sortedUnsigned() {
            int[] out = Arrays.copyOf(indices, count);
            Arrays.sort(out);
            int wrapped = 0;
            while (wrapped < out.length && out[wrapped] == Integer.MIN_VALUE) {
                wrapped++;
            }
            if (wrapped > 0) {
                System.arraycopy(out, wrapped, out, 0, out.length - wrapped);
                Arrays.fill(out, out.length - wrapped, out.length, Integer.MIN_VALUE);
            }
            return out;
        }
    }

    private interface TermSink {
        void accept(char[] chars, int length);
    }

    private void forEachTerm(String text, TermSink sink) {
        if (text == null || text.isEmpty()) {
            return;
        }
        try (TokenStream stream = analyzer.tokenStream("", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (hasLetterOrDigit(term.buffer(), term.length())) {
                    sink.accept(term.buffer(), term.length());
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private static boolean hasLetterOrDigit(char[] chars, int length) {
        for (int i = 0; i < length; ) {
            int cp = Character.codePointAt(chars, i, length);
            if (Character.isLetterOrDigit(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    @Override
    public void close() {
        analyzer.close();
    }

    private static final class TermAnalyzer extends Analyzer {

        private final Bm25Settings settings;

        TermAnalyzer(Bm25Settings settings) {
            this.settings = settings;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer words = new StandardTokenizer();
            TokenStream terms = new LengthFilter(new LowerCaseFilter(words), 1, MAX_TERM_CHARS);
            if (settings.stopWords() == Bm25StopWords.LANGUAGE) {
                terms = new StopFilter(terms, settings.language().stopWords());
            }
            if (settings.stemming() == Bm25Stemming.SNOWBALL) {
                terms = new SnowballFilter(terms, settings.language().newStemmer());
            }
            return new TokenStreamComponents(words, terms);
        }
    }
}
