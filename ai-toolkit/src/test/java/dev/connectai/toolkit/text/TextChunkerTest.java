package dev.connectai.toolkit.text;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextChunkerTest {

    /** One token per word keeps the arithmetic visible. */
    private static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    @Test
    void shortTextIsOneChunk() {
        assertThat(new TextChunker(10, 2, TextChunkerTest::words).chunks("  a b c  ")).containsExactly("a b c");
    }

    @Test
    void prefersParagraphThenSentenceBoundaries() {
        String text = "One two three. Four five six.\n\nSeven eight nine ten. Eleven twelve.";
        List<String> chunks = new TextChunker(6, 0, TextChunkerTest::words).chunks(text);
        assertThat(chunks).containsExactly("One two three. Four five six.", "Seven eight nine ten. Eleven twelve.");
        List<String> smaller = new TextChunker(4, 0, TextChunkerTest::words).chunks(text);
        assertThat(smaller).containsExactly("One two three.", "Four five six.", "Seven eight nine ten.", "Eleven twelve.");
    }

    @Test
    void everyChunkFitsAndOverlapRepeatsTheTail() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("w").append(i).append(i % 9 == 8 ? ". " : " ");
        }
        List<String> chunks = new TextChunker(20, 5, TextChunkerTest::words).chunks(sb.toString());
        assertThat(chunks).allSatisfy(c -> assertThat(words(c)).isLessThanOrEqualTo(20));
        for (int i = 1; i < chunks.size(); i++) {
            String[] prev = chunks.get(i - 1).split(" ");
            String tail = String.join(" ", java.util.Arrays.copyOfRange(prev, prev.length - 5, prev.length));
            assertThat(chunks.get(i)).as("chunk %d repeats the last 5 words of chunk %d", i, i - 1).startsWith(tail);
        }
        String joined = String.join(" ", chunks);
        for (int i = 0; i < 100; i++) {
            assertThat(joined).contains("w" + i);
        }
    }

    @Test
    void aWordLongerThanAChunkIsCut() {
        List<String> chunks = new TextChunker(3, 0, s -> (s.length() + 3) / 4).chunks("x".repeat(40));
        assertThat(chunks).allSatisfy(c -> assertThat((c.length() + 3) / 4).isLessThanOrEqualTo(3));
        assertThat(String.join("", chunks)).isEqualTo("x".repeat(40));
    }

    @Test
    void aLimitBoundsTheChunksAndSaysWhenTheTextMakesMore() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            sb.append("w").append(i).append(' ');
        }
        TextChunker chunker = new TextChunker(10, 0, TextChunkerTest::words);
        TextChunker.Chunking all = chunker.chunks(sb.toString(), 100);
        assertThat(all.complete()).isTrue();
        assertThat(all.chunks()).hasSize(100);
        assertThat(all.tokens()).isEqualTo(1_000);

        TextChunker.Chunking cut = chunker.chunks(sb.toString(), 7);
        assertThat(cut.complete()).isFalse();
        assertThat(cut.chunks()).hasSize(7).isEqualTo(all.chunks().subList(0, 7));
        assertThat(cut.tokens()).isEqualTo(1_000);

        // Exactly full: 1,000 tokens in 100 chunks of 10 is not an overflow; 99 is.
        assertThat(chunker.chunks(sb.toString(), 99).complete()).isFalse();
    }

    @Test
    void workStaysProportionalToTheLimitNotToTheText() {
        java.util.concurrent.atomic.AtomicLong tokenizedChars = new java.util.concurrent.atomic.AtomicLong();
        TextChunker chunker = new TextChunker(10, 2, t -> {
            tokenizedChars.addAndGet(t.length());
            return words(t);
        });
        String huge = "word ".repeat(2_000_000); // 10 MB, 2 million tokens
        TextChunker.Chunking c = chunker.chunks(huge, 5);
        assertThat(c.complete()).isFalse();
        assertThat(c.chunks()).hasSize(5);
        // One pass over the whole text to count it, then work on a prefix of about 5 chunks only.
        assertThat(tokenizedChars.get()).isLessThan(huge.length() + 10_000L);
    }

    @Test
    void aLongRunWithoutSpacesIsCutWithFewTokenizerCalls() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        TextChunker chunker = new TextChunker(50, 0, t -> {
            calls.incrementAndGet();
            return (t.length() + 1) / 2; // a token every 2 characters
        });
        String run = "ab".repeat(50_000);
        List<String> chunks = chunker.chunks(run);
        assertThat(String.join("", chunks)).isEqualTo(run);
        assertThat(chunks).allSatisfy(c -> assertThat((c.length() + 1) / 2).isLessThanOrEqualTo(50));
        assertThat(chunks).hasSize(1_000);
        // A character-by-character search would take ~100 calls per chunk.
        assertThat(calls.get()).isLessThan(chunks.size() * 20);
    }

    @Test
    void rejectsOverlapNotSmallerThanSize() {
        assertThatThrownBy(() -> new TextChunker(5, 5, TextChunkerTest::words)).isInstanceOf(IllegalArgumentException.class);
    }
}
