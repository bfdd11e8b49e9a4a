package dev.connectai.toolkit.config;

import java.util.Arrays;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Config choices taken from enums, so a choice list is never typed by hand. A constant is configured by its
 * {@code toString()} in lower case; an enum whose config word differs from its name (e.g. {@code null-vector})
 * overrides {@code toString()}.
 */
public final class Enums {

    private Enums() {
    }

    /** The word {@code constant} is configured with. */
    public static String configName(Enum<?> constant) {
        return constant.toString().toLowerCase(Locale.ROOT);
    }

    /** The config words of every constant of {@code type}, in declaration order. */
    public static <E extends Enum<E>> String[] names(Class<E> type) {
        return names(type.getEnumConstants());
    }

    /** The config words of {@code constants}, for keys that accept only some of an enum. */
    @SafeVarargs
    public static <E extends Enum<E>> String[] names(E... constants) {
        return Arrays.stream(constants).map(Enums::configName).toArray(String[]::new);
    }

    /** Kafka's case-insensitive validator over every constant of {@code type}. */
    public static <E extends Enum<E>> ConfigDef.Validator validator(Class<E> type) {
        return ConfigDef.CaseInsensitiveValidString.in(names(type));
    }

    /** Kafka's case-insensitive validator over some constants of an enum. */
    @SafeVarargs
    public static <E extends Enum<E>> ConfigDef.Validator validator(E... constants) {
        return ConfigDef.CaseInsensitiveValidString.in(names(constants));
    }

    /**
     * Kafka's case-insensitive validator over every constant of {@code type}, where empty (or null) also passes: for
     * optional settings whose absence means "do not send it".
     */
    public static <E extends Enum<E>> ConfigDef.Validator optionalValidator(Class<E> type) {
        ConfigDef.Validator choices = validator(type);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null && !value.toString().isBlank()) {
                    choices.ensureValid(name, value.toString().trim());
                }
            }

            @Override
            public String toString() {
                return "empty or " + choices;
            }
        };
    }

    /** The constant configured as {@code value}, or null when {@code value} is null or blank. */
    public static <E extends Enum<E>> E parseOptional(Class<E> type, String value) {
        return value == null || value.isBlank() ? null : parse(type, value);
    }

    /** The constant configured as {@code value} (any case, surrounding blanks ignored). */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        String word = value == null ? "" : value.trim();
        for (E constant : type.getEnumConstants()) {
            if (configName(constant).equalsIgnoreCase(word)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + String.join(", ", names(type)));
    }
}
