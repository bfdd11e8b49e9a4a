package dev.connectai.toolkit.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Bounds for an optional number whose absence (null) means "not sent": Kafka's {@code Range} rejects null.
 */
public final class OptionalRange implements ConfigDef.Validator {

    private final Number min;
    private final Number max;

    private OptionalRange(Number min, Number max) {
        this.min = min;
        this.max = max;
    }

    public static OptionalRange atLeast(long min) {
        return new OptionalRange(min, null);
    }

    /** Whole-number bounds, shown as such in the generated reference. */
    public static OptionalRange between(long min, long max) {
        return new OptionalRange(min, max);
    }

    public static OptionalRange between(double min, double max) {
        return new OptionalRange(min, max);
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        double v = ((Number) value).doubleValue();
        if (v < min.doubleValue()) {
            throw new ConfigException(name, value, "must be at least " + min);
        }
        if (max != null && v > max.doubleValue()) {
            throw new ConfigException(name, value, "must be no more than " + max);
        }
    }

    @Override
    public String toString() {
        return "null or [" + min + (max == null ? ",...]" : "," + max + "]");
    }
}
