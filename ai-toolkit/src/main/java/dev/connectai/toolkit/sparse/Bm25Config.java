package dev.connectai.toolkit.sparse;

import dev.connectai.toolkit.config.Enums;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The BM25 settings, defined once for every plugin that makes BM25 sparse vectors (the sink, EmbedText). Each plugin
 * defines its own key that switches BM25 on (where the vector goes) and then adds these.
 */
public final class Bm25Config {

    public static final String GROUP = "BM25 sparse vector";

    public static final String PREFIX = "sparse.bm25.";
    /**
     * The sink's switch: the sparse vector it writes BM25 into. Named here, not defined (only the sink defines it),
     * so the search command reads the same key from a sink config.
     */
    public static final String SINK_VECTOR = PREFIX + "vector";
    public static final String LANGUAGE = PREFIX + "language";
    public static final String STEMMING = PREFIX + "stemming";
    public static final String STOPWORDS = PREFIX + "stopwords";
    public static final String K1 = PREFIX + "k1";
    public static final String B = PREFIX + "b";
    public static final String AVG_LENGTH = PREFIX + "avg.length";

    private Bm25Config() {
    }

    /**
     * Adds the BM25 settings to {@code def} in {@link #GROUP}, after the plugin's switch key ({@code switchKey},
     * already defined at {@code order}); returns the last order used.
     */
    public static int addTo(ConfigDef def, String switchKey, int order) {
        String with = "With " + switchKey + " set: ";
        def.define(LANGUAGE, Type.STRING, Bm25Language.ENGLISH.configName(), Enums.validator(Bm25Language.class),
                Importance.MEDIUM, with + "the language whose Snowball stemmer and stop-word list (Lucene's) apply.",
                GROUP, ++order, Width.SHORT, "BM25 language");
        def.define(STEMMING, Type.STRING, Bm25Stemming.SNOWBALL.configName(), Enums.validator(Bm25Stemming.class),
                Importance.LOW, with + "'snowball' reduces each word to its stem with the language's Snowball "
                        + "stemmer ('running' and 'runs' match 'run'); 'none' keeps words as written (lower-cased), "
                        + "e.g. for product codes and names, or a language not listed in " + LANGUAGE + ".",
                GROUP, ++order, Width.SHORT, "BM25 stemming");
        def.define(STOPWORDS, Type.STRING, Bm25StopWords.LANGUAGE.configName(), Enums.validator(Bm25StopWords.class),
                Importance.LOW, with + "'language' drops the language's stop words ('the', 'and', ...); 'none' "
                        + "keeps every word.", GROUP, ++order, Width.SHORT, "BM25 stop words");
        def.define(K1, Type.DOUBLE, Bm25Settings.DEFAULT_K1, Range.between(0.0, 10.0), Importance.LOW,
                with + "BM25 k1, how fast repeats of a term stop adding weight (0: a term counts once however often "
                        + "it occurs).", GROUP, ++order, Width.SHORT, "BM25 k1");
        def.define(B, Type.DOUBLE, Bm25Settings.DEFAULT_B, Range.between(0.0, 1.0), Importance.LOW,
                with + "BM25 b, how much a text longer than " + AVG_LENGTH + " lowers its terms' weight (0: not at "
                        + "all, 1: in proportion).", GROUP, ++order, Width.SHORT, "BM25 b");
        def.define(AVG_LENGTH, Type.DOUBLE, Bm25Settings.DEFAULT_AVG_LENGTH, Range.between(1.0, 1_000_000.0),
                Importance.LOW, with + "the average text length in terms (after stop words) that BM25 normalises "
                        + "to; set it near your texts' (or chunks') typical term count. Changing it, or any BM25 "
                        + "setting, changes the vectors: re-index so old and new points agree.",
                GROUP, ++order, Width.SHORT, "BM25 avg length");
        return order;
    }

    /** The BM25 settings of a parsed config. */
    public static Bm25Settings settings(AbstractConfig config) {
        return new Bm25Settings(Enums.parse(Bm25Language.class, config.getString(LANGUAGE)),
                Enums.parse(Bm25Stemming.class, config.getString(STEMMING)),
                Enums.parse(Bm25StopWords.class, config.getString(STOPWORDS)),
                config.getDouble(K1), config.getDouble(B), config.getDouble(AVG_LENGTH));
    }
}
