package dev.connectai.toolkit.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Splits long text into chunks of at most {@code size} tokens, preferring paragraph, then sentence, then word
 * boundaries, with {@code overlap} tokens of the previous chunk repeated at the start of the next so that a
 * sentence cut at a boundary is still found by a search. Token counts come from the embedding model's tokenizer.
 */
public final class TextChunker {

    private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n");
    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?。！？])\\s+");
    private static final Pattern WORDS = Pattern.compile("\\s+");
    /** A generous bound on the characters of one token, to bound the window a hard cut searches. */
    private static final int MAX_CHARS_PER_TOKEN = 100;

    private final int size;
    private final int overlap;
    private final ToIntFunction<String> tokens;

    public TextChunker(int size, int overlap, ToIntFunction<String> tokens) {
        if (size < 1 || overlap < 0 || overlap >= size) {
            throw new IllegalArgumentException("need size >= 1 and 0 <= overlap < size");
        }
        this.size = size;
        this.overlap = overlap;
        this.tokens = tokens;
    }

    public List<String> chunks(String text) {
        return chunks(text, Integer.MAX_VALUE).chunks();
    }

    /**
     * The chunks of a text, at most {@code limit} of them. {@code complete} is false when the text makes more;
     * {@code chunks} then holds its first {@code limit}. The work stays proportional to the limit, not to the text:
     * a text with more tokens than {@code limit} full chunks can hold is chunked only as far as its prefix of about
     * that many tokens.
     */
    public Chunking chunks(String text, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("need limit >= 1");
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new Chunking(List.of(), true, 0);
        }
        int total = tokens.applyAsInt(trimmed);
        if (total <= size) {
            return new Chunking(List.of(trimmed), true, total);
        }
        long fits = (long) limit * size;
        String input = trimmed;
        if (total > fits) {
            // Characters roughly follow tokens; 10% more than needed so the prefix still yields `limit` chunks.
            int chars = (int) Math.min(trimmed.length(), Math.ceil(trimmed.length() * (fits / (double) total) * 1.1));
            input = trimmed.substring(0, chars);
        }
        List<String> pieces = new ArrayList<>();
        split(input, 0, pieces);
        List<String> all = pack(pieces);
        boolean complete = total <= fits && all.size() <= limit;
        return new Chunking(all.size() > limit ? List.copyOf(all.subList(0, limit)) : all, complete, total);
    }

    /** Chunks of one text; {@code tokens} counts the whole text, also when {@code chunks} holds only a part. */
    public record Chunking(List<String> chunks, boolean complete, int tokens) {
    }

    /** Breaks text into pieces that each fit, at the coarsest boundary that makes them fit. */
    private void split(String text, int level, List<String> out) {
        if (tokens.applyAsInt(text) <= size) {
            out.add(text);
            return;
        }
        if (level == 3) {
            hardCut(text, out);
            return;
        }
        Pattern boundary = level == 0 ? PARAGRAPHS : level == 1 ? SENTENCES : WORDS;
        String[] parts = boundary.split(text);
        if (parts.length == 1) {
            split(text, level + 1, out);
            return;
        }
        for (String part : parts) {
            if (!part.isBlank()) {
                split(part.strip(), level + 1, out);
            }
        }
    }

    /**
     * A single word longer than a chunk: cut it by characters, each piece the longest prefix of the rest that fits.
     * Found by binary search (token counts grow with the prefix) in a bounded window, so a long run of text
     * without spaces costs a few tokenizer calls per piece instead of one per character.
     */
    private void hardCut(String word, List<String> out) {
        int start = 0;
        while (start < word.length()) {
            int lo = start + 1;
            int hi = (int) Math.min(word.length(), start + (long) size * MAX_CHARS_PER_TOKEN);
            if (tokens.applyAsInt(word.substring(start, hi)) <= size) {
                lo = hi;
            }
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (tokens.applyAsInt(word.substring(start, mid)) <= size) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            out.add(word.substring(start, lo));
            start = lo;
        }
    }

    /** Greedily joins pieces into chunks, then prefixes each chunk with the previous chunk's tail. */
    private List<String> pack(List<String> pieces) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces) {
            String candidate = current.length() == 0 ? piece : current + " " + piece;
            if (current.length() > 0 && tokens.applyAsInt(candidate) > size - overlap) {
                chunks.add(current.toString());
                current.setLength(0);
                current.append(piece);
            } else {
                current.setLength(0);
                current.append(candidate);
            }
        }
        if (current.length() > 0) {
            chunks.add(current.toString());
        }
        if (overlap == 0 || chunks.size() < 2) {
            return chunks;
        }
        List<String> out = new ArrayList<>(chunks.size());
        out.add(chunks.get(0));
        for (int i = 1; i < chunks.size(); i++) {
            String tail = tail(chunks.get(i - 1));
            String joined = tail.isEmpty() ? chunks.get(i) : tail + " " + chunks.get(i);
            out.add(tokens.applyAsInt(joined) <= size ? joined : chunks.get(i));
        }
        return out;
    }

    /** The last words of a chunk that together stay within the overlap. */
    private String tail(String chunk) {
        String[] words = WORDS.split(chunk);
        int from = words.length;
        while (from > 0 && tokens.applyAsInt(String.join(" ", java.util.Arrays.copyOfRange(words, from - 1, words.length))) <= overlap) {
            from--;
        }
        return String.join(" ", java.util.Arrays.copyOfRange(words, from, words.length));
    }
}
