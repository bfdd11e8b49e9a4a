package dev.connectai.toolkit.config;

import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** One of a fixed set of words, any case; its {@code toString()} lists them for the config docs. */
public final class CaseInsensitiveChoice implements ConfigDef.Validator {

    private final List<String> allowed;

    private CaseInsensitiveChoice(List<String> allowed) {
        this.allowed = allowed;
    }

    public static CaseInsensitiveChoice of(String... allowed) {
        return new CaseInsensitiveChoice(List.of(allowed));
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            throw new ConfigException(name, null, "must be one of " + this);
        }
        String v = value.toString().trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new ConfigException(name, value, "must be one of " + this);
        }
    }

    @Override
    public String toString() {
        return String.join(", ", allowed);
    }
}
