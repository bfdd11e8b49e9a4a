package dev.connectai.synthetic;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegexGeneratorTest {

    @Test
    void generatedStringsMatchTheirPattern() {
        String[] patterns = {"^[A-Z]{3}-[0-9]{4}$", "^[a-f0-9]{8}$", "^(red|green|blue)$", "\\d{2,4}x?",
                "^(?:INV|ORD)-\\d+$", "[A-Za-z_][\\w]{0,7}", "a.b", "^\\+33 [1-9]( \\d{2}){4}$", "[-a-c.]{3}",
                "^[\\s\\d]{4}$", "^[\\S]{2,6}$", "^[A-Z\\W]+$", "^[\\D]{3}$", "^[\\t\\n]x$", "^[\\-+]\\d$"};
        Random r = new Random(1);
        for (String p : patterns) {
            RegexGenerator g = RegexGenerator.compile(p);
            assertThat(g).as(p).isNotNull();
            Pattern compiled = Pattern.compile(p);
            for (int i = 0; i < 1000; i++) {
                String s = g.next(r);
                assertThat(compiled.matcher(s).find()).as("%s from %s", s, p).isTrue();
            }
        }
    }

    @Test
    void unsupportedConstructsFallBack() {
        assertThat(RegexGenerator.compile("(?=a)b")).isNull();
        assertThat(RegexGenerator.compile("[^a-z]")).isNull();
        assertThat(RegexGenerator.compile("\\bword")).isNull();
        assertThat(RegexGenerator.compile("[\\p{L}]+")).isNull();
    }
}
