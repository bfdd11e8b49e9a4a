package dev.connectai.toolkit.text;

/**
 * Whether a text has nothing a model could embed. {@link String#isBlank()} is not enough: it knows only
 * {@link Character#isWhitespace} and so takes a text of no-break spaces (U+00A0, U+202F), ideographic spaces
 * (U+3000) or zero-width characters (U+200B, U+FEFF) for content, while the models' tokenizers drop all of them
 * and embed such a text as if it were empty: a point with a meaningless vector and no trace.
 */
public final class BlankText {

    private BlankText() {
    }

    /**
     * True for null and for text whose every code point is white space, a Unicode space, line or paragraph
     * separator, or a control or format character.
     */
    public static boolean is(String text) {
        if (text == null) {
            return true;
        }
        return text.codePoints().allMatch(BlankText::invisible);
    }

    private static boolean invisible(int cp) {
        if (Character.isWhitespace(cp)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.CONTROL:
            case Character.FORMAT:
                return true;
            default:
                return false;
        }
    }
}
