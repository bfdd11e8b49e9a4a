package dev.connectai.toolkit.sparse;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.connectai.toolkit.config.Enums;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.eu.BasqueAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.hy.ArmenianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.lt.LithuanianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.ArabicStemmer;
import org.tartarus.snowball.ext.ArmenianStemmer;
import org.tartarus.snowball.ext.BasqueStemmer;
import org.tartarus.snowball.ext.CatalanStemmer;
import org.tartarus.snowball.ext.DanishStemmer;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FinnishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.HindiStemmer;
import org.tartarus.snowball.ext.HungarianStemmer;
import org.tartarus.snowball.ext.IndonesianStemmer;
import org.tartarus.snowball.ext.ItalianStemmer;
import org.tartarus.snowball.ext.LithuanianStemmer;
import org.tartarus.snowball.ext.NorwegianStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.RomanianStemmer;
import org.tartarus.snowball.ext.RussianStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;
import org.tartarus.snowball.ext.SwedishStemmer;
import org.tartarus.snowball.ext.TurkishStemmer;

/**
 * The languages BM25 stems and filters stop words for: each pairs the Snowball stemmer with the stop-word list of
 * Lucene's analyzer for that language (Lucene's lists, not NLTK's: English's is Lucene's short list of 33 words).
 */
public enum Bm25Language {
    ARABIC(ArabicAnalyzer::getDefaultStopSet, ArabicStemmer::new),
    ARMENIAN(ArmenianAnalyzer::getDefaultStopSet, ArmenianStemmer::new),
    BASQUE(BasqueAnalyzer::getDefaultStopSet, BasqueStemmer::new),
    CATALAN(CatalanAnalyzer::getDefaultStopSet, CatalanStemmer::new),
    DANISH(DanishAnalyzer::getDefaultStopSet, DanishStemmer::new),
    DUTCH(DutchAnalyzer::getDefaultStopSet, DutchStemmer::new),
    ENGLISH(EnglishAnalyzer::getDefaultStopSet, EnglishStemmer::new),
    FINNISH(FinnishAnalyzer::getDefaultStopSet, FinnishStemmer::new),
    FRENCH(FrenchAnalyzer::getDefaultStopSet, FrenchStemmer::new),
    GERMAN(GermanAnalyzer::getDefaultStopSet, GermanStemmer::new),
    HINDI(HindiAnalyzer::getDefaultStopSet, HindiStemmer::new),
    HUNGARIAN(HungarianAnalyzer::getDefaultStopSet, HungarianStemmer::new),
    INDONESIAN(IndonesianAnalyzer::getDefaultStopSet, IndonesianStemmer::new),
    ITALIAN(ItalianAnalyzer::getDefaultStopSet, ItalianStemmer::new),
    LITHUANIAN(LithuanianAnalyzer::getDefaultStopSet, LithuanianStemmer::new),
    NORWEGIAN(NorwegianAnalyzer::getDefaultStopSet, NorwegianStemmer::new),
    PORTUGUESE(PortugueseAnalyzer::getDefaultStopSet, PortugueseStemmer::new),
    ROMANIAN(RomanianAnalyzer::getDefaultStopSet, RomanianStemmer::new),
    RUSSIAN(RussianAnalyzer::getDefaultStopSet, RussianStemmer::new),
    SPANISH(SpanishAnalyzer::getDefaultStopSet, SpanishStemmer::new),
    SWEDISH(SwedishAnalyzer::getDefaultStopSet, SwedishStemmer::new),
    TURKISH(TurkishAnalyzer::getDefaultStopSet, TurkishStemmer::new);

    private final Supplier<CharArraySet> stopWords;
    private final Supplier<SnowballStemmer> stemmer;

    Bm25Language(Supplier<CharArraySet> stopWords, Supplier<SnowballStemmer> stemmer) {
        this.stopWords = stopWords;
        this.stemmer = stemmer;
    }

    /** Lucene's stop words of this language (lower case, unmodifiable). */
    public CharArraySet stopWords() {
        return stopWords.get();
    }

    /** A new stemmer: Snowball stemmers keep state, so each token stream needs its own. */
    public SnowballStemmer newStemmer() {
        return stemmer.get();
    }

    public String configName() {
        return Enums.configName(this);
    }

    /** The config words of every language, comma-separated, for documentation. */
    public static String names() {
        return Arrays.stream(values()).map(Bm25Language::configName).collect(Collectors.joining(", "));
    }
}
