package dev.connectai.toolkit.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlankTextTest {

    @Test
    void nullEmptyAndWhitespaceAreBlank() {
        assertThat(BlankText.is(null)).isTrue();
        assertThat(BlankText.is("")).isTrue();
        assertThat(BlankText.is(" \t\r\n\n")).isTrue();
    }

    @Test
    void unicodeSpacesAndInvisibleCharactersAreBlankThoughStringIsBlankSaysNo() {
        String invisible = "\u00a0\u202f\u2007\u3000\u2003\u200b\u2060\ufeff\u2028\u2029\u0000\u0007";
        assertThat(invisible.isBlank()).isFalse();
        assertThat(BlankText.is(invisible)).isTrue();
    }

    @Test
    void anyVisibleCharacterIsContent() {
        assertThat(BlankText.is("\u00a0x\u00a0")).isFalse();
        assertThat(BlankText.is(" . ")).isFalse();
        assertThat(BlankText.is("\u4e2d")).isFalse();
        assertThat(BlankText.is("\ud83d\ude00")).isFalse();
        // A lone surrogate is not white space; the tokenizer sees a character.
        assertThat(BlankText.is("\ud800")).isFalse();
    }
}
