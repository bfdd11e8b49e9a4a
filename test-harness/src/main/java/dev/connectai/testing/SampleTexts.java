package dev.connectai.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sixty varied texts of 10–60 words (reviews, news, tech, support mail, three other languages). */
public final class SampleTexts {

    private static final List<String> TEXTS = load();

    private SampleTexts() {
    }

    public static List<String> all() {
        return TEXTS;
    }

    private static List<String> load() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SampleTexts.class.getResourceAsStream("/sample-texts.txt"), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
