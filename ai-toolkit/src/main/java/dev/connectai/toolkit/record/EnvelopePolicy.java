package dev.connectai.toolkit.record;

import java.util.function.Supplier;

import dev.connectai.toolkit.config.Enums;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.connect.data.Schema;

/** Whether a plugin reads records as Debezium change events: the {@value #CONFIG} setting of every plugin. */
public enum EnvelopePolicy {
    /** Unwrap values shaped like a change event; take anything else as it is. */
    AUTO,
    /** Every value must be a change event. */
    DEBEZIUM,
    /** Never unwrap. */
    NONE;

    public static final String CONFIG = "input.envelope";

    /** How 'auto' tells a change event from an ordinary record, for every plugin's doc of {@value #CONFIG}. */
    public static final String AUTO_DOC = "'auto' reads a value as a change event only when it has Debezium's "
            + "envelope: with schemas, a struct whose schema name ends in '.Envelope', or with 'op', 'after' and a "
            + "'source' struct; without schemas, a map with 'op', a 'source' map and 'after' or 'before'. Anything "
            + "else, e.g. {\"op\":\"d\",\"before\":null,\"after\":null} without 'source', is an ordinary record.";

    /** The doc of {@value #CONFIG} for transforms, which read from and write into {@code after}. */
    public static final String TRANSFORM_DOC = "'debezium': paths address the 'after' state of a change event and the "
            + "output field is written into 'after'; delete events (after = null) pass unchanged; any other value "
            + "is an error. " + AUTO_DOC + " 'none' never unwraps.";

    /** Adds {@value #CONFIG} (default auto) to {@code def}. */
    public static ConfigDef define(ConfigDef def, String doc, String group, int orderInGroup) {
        return def.define(CONFIG, Type.STRING, Enums.configName(AUTO), Enums.validator(EnvelopePolicy.class),
                Importance.MEDIUM, doc, group, orderInGroup, Width.SHORT, "Envelope");
    }

    public static EnvelopePolicy of(AbstractConfig config) {
        return Enums.parse(EnvelopePolicy.class, config.getString(CONFIG));
    }

    /**
     * The change event {@code value} holds under this policy, or null when the value is to be used as it is.
     * With {@link #DEBEZIUM}, a value that is not a change event throws what {@code notAChangeEvent} supplies, so
     * each plugin words the error for its users.
     */
    public DebeziumEnvelope unwrap(Object value, Schema schema, Supplier<? extends RuntimeException> notAChangeEvent) {
        if (this == NONE) {
            return null;
        }
        if (DebeziumEnvelope.isEnvelope(value, schema)) {
            return new DebeziumEnvelope(value, schema);
        }
        if (this == DEBEZIUM) {
            throw notAChangeEvent.get();
        }
        return null;
    }
}
