package dev.connectai.toolkit.config;

import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a string setting by parsing it with the parser the plugin uses later, so a bad value fails at validate
 * time with the parser's own message and the key's name. Empty passes unless the setting is required.
 */
public final class ParsingValidator implements ConfigDef.Validator {

    private final Consumer<String> parser;
    private final boolean required;
    private final String description;

    private ParsingValidator(Consumer<String> parser, boolean required, String description) {
        this.parser = parser;
        this.required = required;
        this.description = description;
    }

    /** Empty, or a value {@code parser} accepts; {@code description} says which, in the config docs. */
    public static ParsingValidator optional(Consumer<String> parser, String description) {
        return new ParsingValidator(parser, false, description);
    }

    /** A value {@code parser} accepts. */
    public static ParsingValidator required(Consumer<String> parser, String description) {
        return new ParsingValidator(parser, true, description);
    }

    /** A list setting whose entries {@code parser} accepts as a whole (it may compare entries, e.g. duplicates). */
    public static ConfigDef.Validator list(Consumer<List<String>> parser, String description) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                parser.accept(value == null ? List.of() : ((List<?>) value).stream().map(Object::toString).toList());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }, () -> description);
    }

    @Override
    public void ensureValid(String name, Object value) {
        String v = value == null ? "" : value.toString().trim();
        if (v.isEmpty()) {
            if (required) {
                throw new ConfigException(name, value, "is required");
            }
            return;
        }
        try {
            parser.accept(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
