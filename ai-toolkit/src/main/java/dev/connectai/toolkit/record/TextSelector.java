package dev.connectai.toolkit.record;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Where a plugin reads its text: one field, a template over several fields, or (with neither) the whole value,
 * which must then be a string. Problems come back as {@link IllegalArgumentException}s that name the field and
 * type, for the caller to wrap with the record's location.
 */
public final class TextSelector {

    private final FieldPath field;
    private final TextTemplate template;

    public TextSelector(FieldPath field, TextTemplate template) {
        if (field != null && template != null) {
            throw new IllegalArgumentException("a field or a template, not both");
        }
        this.field = field;
        this.template = template;
    }

    public boolean wholeValue() {
        return field == null && template == null;
    }

    /** The text (possibly null or blank: the caller's null policy decides). */
    public String select(Object root, Schema rootSchema, String side) {
        if (wholeValue()) {
            if (!(root instanceof String text)) {
                throw new IllegalArgumentException("no text field or template is set, so the whole " + side
                        + " must be a string, but it is " + ValueTypes.describe(root));
            }
            return text;
        }
        if (!(root instanceof Struct) && !(root instanceof Map)) {
            throw new IllegalArgumentException("the " + side + " is " + ValueTypes.describe(root) + ", so "
                    + describe() + " cannot be read from it");
        }
        if (template != null) {
            return template.render(root, rootSchema);
        }
        FieldPath.Resolved resolved = field.resolve(root, rootSchema);
        if (!resolved.exists()) {
            throw new IllegalArgumentException(resolved.problem() + " in the " + side);
        }
        Object text = resolved.value();
        if (text != null && !(text instanceof String)) {
            throw new IllegalArgumentException("field '" + field + "' is " + ValueTypes.describe(text)
                    + ", expected a string");
        }
        return (String) text;
    }

    public String describe() {
        return template != null ? "template '" + template + "'" : field != null ? "field '" + field + "'" : "the value";
    }
}
