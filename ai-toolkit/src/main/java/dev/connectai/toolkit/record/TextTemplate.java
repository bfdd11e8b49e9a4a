package dev.connectai.toolkit.record;

import java.util.ArrayList;
import java.util.List;

import dev.connectai.toolkit.config.ParsingValidator;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;

/**
 * A text template over record fields, e.g. <code>{title}\n\n{body}</code>. Placeholders are field
 * paths; <code>{{</code> and <code>}}</code> stand for literal braces. A null field renders as an
 * empty string; a missing field or a struct/map/array field is an error, because silently
 * embedding "Struct{...}" would produce a wrong vector that no one notices.
 */
public final class TextTemplate {

    private final String source;
    private final List<Object> parts; // String literal or FieldPath

    private TextTemplate(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Validates a template setting; {@code required} rejects an empty one. */
    public static ConfigDef.Validator validator(boolean required) {
        String description = "text with {field.path} placeholders; {{ and }} for literal braces";
        return required ? ParsingValidator.required(TextTemplate::parse, description)
                : ParsingValidator.optional(TextTemplate::parse, description);
    }

    public static TextTemplate parse(String source) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < source.length() && source.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("template has an unclosed '{' at position " + i);
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(FieldPath.parse(source.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("template has an unmatched '}' at position " + i
                        + " (write '}}' for a literal brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        if (parts.stream().noneMatch(p -> p instanceof FieldPath)) {
            throw new IllegalArgumentException("template has no {field} placeholder");
        }
        return new TextTemplate(source, List.copyOf(parts));
    }

    public List<FieldPath> fields() {
        return parts.stream().filter(p -> p instanceof FieldPath).map(p -> (FieldPath) p).toList();
    }

    /** Renders against a value; returns the text, or throws {@link IllegalArgumentException} naming the field. */
    public String render(Object root, Schema rootSchema) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
                continue;
            }
            FieldPath path = (FieldPath) part;
            FieldPath.Resolved resolved = path.resolve(root, rootSchema);
            if (!resolved.exists()) {
                throw new IllegalArgumentException("template " + resolved.problem());
            }
            Object value = resolved.value();
            if (value == null) {
                continue;
            }
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                throw new IllegalArgumentException("template field '" + path + "' is " + ValueTypes.describe(value)
                        + "; only text, numbers and booleans can be placed in a template");
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
