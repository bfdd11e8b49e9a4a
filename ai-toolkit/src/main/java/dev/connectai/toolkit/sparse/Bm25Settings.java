package dev.connectai.toolkit.sparse;

/**
 * How BM25 sparse vectors are made: the language whose stemmer and stop words apply, whether they apply, and the
 * BM25 parameters of the document side ({@code k1} term-frequency saturation, {@code b} length normalisation,
 * {@code avgLength} the assumed average document length in terms). Read from config by {@link Bm25Config#settings}.
 */
public record Bm25Settings(Bm25Language language, Bm25Stemming stemming, Bm25StopWords stopWords,
                           double k1, double b, double avgLength) {

    public static final double DEFAULT_K1 = 1.2;
    public static final double DEFAULT_B = 0.75;
    public static final double DEFAULT_AVG_LENGTH = 256;

    /** English with Snowball stemming and stop words, k1 1.2, b 0.75, average length 256: fastembed's defaults. */
    public static final Bm25Settings DEFAULTS = new Bm25Settings(Bm25Language.ENGLISH, Bm25Stemming.SNOWBALL,
            Bm25StopWords.LANGUAGE, DEFAULT_K1, DEFAULT_B, DEFAULT_AVG_LENGTH);

    public Bm25Settings {
        if (language == null || stemming == null || stopWords == null) {
            throw new IllegalArgumentException("language, stemming and stop words are required");
        }
        if (!(k1 >= 0) || !(b >= 0 && b <= 1) || !(avgLength > 0) || Double.isInfinite(k1)
                || Double.isInfinite(avgLength)) {
            throw new IllegalArgumentException("BM25 needs k1 >= 0, 0 <= b <= 1 and avg length > 0, got k1=" + k1
                    + " b=" + b + " avg length=" + avgLength);
        }
    }
}
