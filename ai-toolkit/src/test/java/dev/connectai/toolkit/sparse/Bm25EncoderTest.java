package dev.connectai.toolkit.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class Bm25EncoderTest {

    private static final String FOX = "The quick brown fox jumps over the lazy dog; the dog sleeps.";

    private static Bm25Encoder encoder(Bm25Language language, Bm25Stemming stemming, Bm25StopWords stopWords) {
        return new Bm25Encoder(new Bm25Settings(language, stemming, stopWords, 1.2, 0.75, 256));
    }

    @Test
    void murmur3MatchesTheReferenceOnEveryTailLength() {
        // Expected values from Python's mmh3 5.3.0 (mmh3.hash(s) and mmh3.hash(s, 42)), computed outside this code.
        String[] texts = {"", "a", "ab", "abc", "abcd", "abcde", "ünïcødé"};
        int[] seed0 = {0, 1009084850, -1681926305, -1277324294, 1139631978, -392455434, -2084637834};
        int[] seed42 = {142593372, -1293573533, -684913081, 1313807976, -396302900, -1361433616, -1135748193};
        for (int i = 0; i < texts.length; i++) {
            byte[] bytes = texts[i].getBytes(StandardCharsets.UTF_8);
            assertThat(Murmur3.hash32(bytes, bytes.length, 0)).as(texts[i]).isEqualTo(seed0[i]);
            assertThat(Murmur3.hash32(bytes, bytes.length, 42)).as(texts[i]).isEqualTo(seed42[i]);
        }
    }

    @Test
    void termIndicesArePinned() {
        // abs(mmh3.hash(term)) in Python, as fastembed's Qdrant/bm25 computes them: changing them breaks every
        // collection already written.
        assertThat(Bm25Encoder.termIndex("dog")).isEqualTo(1312749093);
        assertThat(Bm25Encoder.termIndex("fox")).isEqualTo(1621867415);
        assertThat(Bm25Encoder.termIndex("quick")).isEqualTo(771291085);
        assertThat(Bm25Encoder.termIndex("run")).isEqualTo(243905464);
        assertThat(Bm25Encoder.termIndex("café")).isEqualTo(605818632);
        assertThat(Bm25Encoder.termIndex("東京")).isEqualTo(1765863102);
    }

    @Test
    void theOneHashWhoseAbsoluteValueIsTwoToThe31IsTheLastIndex() {
        // mmh3.hash("aivlts3m") == -2^31 (found by inverting MurmurHash3, checked with Python's mmh3): its index is
        // 2^31, held as Integer.MIN_VALUE, and sorts after every other index as an unsigned number.
        assertThat(Bm25Encoder.termIndex("aivlts3m")).isEqualTo(Integer.MIN_VALUE);
        assertThat(Integer.toUnsignedLong(Bm25Encoder.termIndex("aivlts3m"))).isEqualTo(2147483648L);
        try (Bm25Encoder bm25 = encoder(Bm25Language.ENGLISH, Bm25Stemming.NONE, Bm25StopWords.NONE)) {
            assertThat(bm25.encodeQuery("aivlts3m dog aivlts3m").indices())
                    .containsExactly(1312749093, Integer.MIN_VALUE);
            SparseVector doc = bm25.encodeDocument("aivlts3m dog aivlts3m fox");
            assertThat(doc.indices()).containsExactly(1312749093, 1621867415, Integer.MIN_VALUE);
            assertThat(doc.valueAt(Integer.MIN_VALUE)).isGreaterThan(doc.valueAt(1312749093));
        }
    }

    @Test
    void englishTermsAreSplitLowerCasedStopWordFilteredAndStemmed() {
        try (Bm25Encoder bm25 = new Bm25Encoder(Bm25Settings.DEFAULTS)) {
            assertThat(bm25.terms(FOX))
                    .containsExactly("quick", "brown", "fox", "jump", "over", "lazi", "dog", "dog", "sleep");
        }
    }

    @Test
    void documentValuesAreBm25TermFrequencies() {
        // 9 terms; norm = 1.2 * (1 - 0.75 + 0.75 * 9 / 256) = 0.331640625;
        // tf 1: 2.2 / 1.331640625 = 1.652097389..., tf 2 ("dog"): 4.4 / 2.331640625 = 1.887083263...
        try (Bm25Encoder bm25 = new Bm25Encoder(Bm25Settings.DEFAULTS)) {
            SparseVector vector = bm25.encodeDocument(FOX);
            assertThat(vector.size()).isEqualTo(8);
            assertThat(vector.valueAt(1312749093)).isCloseTo(1.8870833f, within(1e-6f));
            assertThat(vector.valueAt(1621867415)).isCloseTo(1.6520974f, within(1e-6f));
            assertThat(vector.valueAt(Bm25Encoder.termIndex("sleep"))).isCloseTo(1.6520974f, within(1e-6f));
            assertThat(vector.valueAt(Bm25Encoder.termIndex("the"))).isZero();
            for (int i = 1; i < vector.size(); i++) {
                assertThat(Integer.compareUnsigned(vector.indices()[i - 1], vector.indices()[i])).isNegative();
            }
        }
    }

    @Test
    void parametersChangeTheValues() {
        // b = 0: no length normalisation, tf 1 gives (k1 + 1) / (1 + k1) = 1 whatever the length.
        try (Bm25Encoder bm25 = new Bm25Encoder(new Bm25Settings(Bm25Language.ENGLISH, Bm25Stemming.SNOWBALL,
                Bm25StopWords.LANGUAGE, 1.2, 0, 256))) {
            assertThat(bm25.encodeDocument(FOX).valueAt(1621867415)).isEqualTo(1f);
        }
        // k1 = 2, b = 1, avg 9 = this text's length: tf 2 gives 2 * 3 / (2 + 2) = 1.5.
        try (Bm25Encoder bm25 = new Bm25Encoder(new Bm25Settings(Bm25Language.ENGLISH, Bm25Stemming.SNOWBALL,
                Bm25StopWords.LANGUAGE, 2, 1, 9))) {
            assertThat(bm25.encodeDocument(FOX).valueAt(1312749093)).isCloseTo(1.5f, within(1e-6f));
        }
    }

    @Test
    void queryWeighsEachDistinctTermOne() {
        try (Bm25Encoder bm25 = new Bm25Encoder(Bm25Settings.DEFAULTS)) {
            SparseVector query = bm25.encodeQuery("Dogs and the DOG, running");
            assertThat(query.indices()).containsExactly(243905464, 1312749093);
            assertThat(query.values()).containsExactly(1f, 1f);
        }
    }

    @Test
    void noneTurnsStemmingAndStopWordsOff() {
        try (Bm25Encoder bm25 = encoder(Bm25Language.ENGLISH, Bm25Stemming.NONE, Bm25StopWords.NONE)) {
            assertThat(bm25.terms("The dogs are Running")).containsExactly("the", "dogs", "are", "running");
        }
        try (Bm25Encoder bm25 = encoder(Bm25Language.ENGLISH, Bm25Stemming.NONE, Bm25StopWords.LANGUAGE)) {
            assertThat(bm25.terms("The dogs are Running")).containsExactly("dogs", "running");
        }
        try (Bm25Encoder bm25 = encoder(Bm25Language.ENGLISH, Bm25Stemming.SNOWBALL, Bm25StopWords.NONE)) {
            assertThat(bm25.terms("The dogs are Running")).containsExactly("the", "dog", "are", "run");
        }
    }

    @Test
    void otherLanguagesUseTheirOwnStemmerAndStopWords() {
        try (Bm25Encoder bm25 = encoder(Bm25Language.GERMAN, Bm25Stemming.SNOWBALL, Bm25StopWords.LANGUAGE)) {
            assertThat(bm25.terms("Die Häuser und die Bäume")).containsExactly("haus", "baum");
        }
        try (Bm25Encoder bm25 = encoder(Bm25Language.FRENCH, Bm25Stemming.SNOWBALL, Bm25StopWords.LANGUAGE)) {
            assertThat(bm25.terms("Les chevaux mangeaient dans la prairie"))
                    .containsExactly("cheval", "mang", "prair");
        }
        // The English list does not know German words, nor the English stemmer German plurals.
        try (Bm25Encoder bm25 = new Bm25Encoder(Bm25Settings.DEFAULTS)) {
            assertThat(bm25.terms("Die Häuser und die Bäume")).containsExactly("die", "häuser", "und", "die", "bäume");
        }
    }

    @Test
    void wordsSplitOnUnicodeBoundaries() {
        try (Bm25Encoder bm25 = encoder(Bm25Language.ENGLISH, Bm25Stemming.NONE, Bm25StopWords.NONE)) {
            assertThat(bm25.terms("SKU-4411X costs 12.50€ at Café Zoë 🙂 東京"))
                    .containsExactly("sku", "4411x", "costs", "12.50", "at", "café", "zoë", "東", "京");
            assertThat(bm25.terms("a" + "x".repeat(40) + " kept " + "y".repeat(40))).containsExactly("kept", "y".repeat(40));
        }
    }

    @Test
    void textWithoutTermsGivesAnEmptyVector() {
        try (Bm25Encoder bm25 = new Bm25Encoder(Bm25Settings.DEFAULTS)) {
            assertThat(bm25.encodeDocument("")).isEqualTo(SparseVector.EMPTY);
            assertThat(bm25.encodeDocument(null).isEmpty()).isTrue();
            assertThat(bm25.encodeDocument("the and of, ... !").isEmpty()).isTrue();
            assertThat(bm25.encodeQuery("  to be or not to be ").isEmpty()).isTrue();
        }
    }

    @Test
    void settingsRejectImpossibleParameters() {
        assertThatThrownBy(() -> new Bm25Settings(Bm25Language.ENGLISH, Bm25Stemming.NONE, Bm25StopWords.NONE,
                1.2, 1.5, 256)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b=1.5");
        assertThatThrownBy(() -> new Bm25Settings(Bm25Language.ENGLISH, Bm25Stemming.NONE, Bm25StopWords.NONE,
                1.2, 0.75, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(Bm25Language.values())).hasSizeGreaterThan(20);
    }
}
