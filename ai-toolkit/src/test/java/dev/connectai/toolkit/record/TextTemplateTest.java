package dev.connectai.toolkit.record;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTemplateTest {

    @Test
    void rendersFieldsNumbersAndEscapedBraces() {
        Map<String, Object> value = new HashMap<>();
        value.put("title", "Hello");
        value.put("body", "World");
        value.put("stars", 4);
        value.put("note", null);
        String text = TextTemplate.parse("{title}\n\n{body} ({stars}/5) {{x}}{note}").render(value, null);
        assertThat(text).isEqualTo("Hello\n\nWorld (4/5) {x}");
    }

    @Test
    void missingOrStructuredFieldsAreErrors() {
        TextTemplate t = TextTemplate.parse("{title} {meta}");
        assertThatThrownBy(() -> t.render(Map.of("title", "x"), null)).hasMessageContaining("'meta' does not exist");
        assertThatThrownBy(() -> t.render(Map.of("title", "x", "meta", Map.of()), null))
                .hasMessageContaining("'meta' is a MAP");
    }

    @Test
    void badTemplatesAreRejected() {
        assertThatThrownBy(() -> TextTemplate.parse("{title")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> TextTemplate.parse("no fields")).hasMessageContaining("no {field}");
        assertThatThrownBy(() -> TextTemplate.parse("a } b {x}")).hasMessageContaining("unmatched '}'");
    }
}
