package dev.connectai.toolkit.record;

import dev.connectai.toolkit.config.Enums;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** What a transform does when the text it reads is null, empty or only white space: the {@value #CONFIG} setting. */
public enum NullTextPolicy {
    /** Forward the record unchanged, without the output field. */
    PASS,
    /** Add the output field with a null vector (EmbedText). */
    NULL_VECTOR {
        @Override
        public String toString() {
            return "null-vector";
        }
    },
    /** Treat it as a bad record: DataException, so errors.tolerance decides (DLQ or stop). */
    FAIL;

    public static final String CONFIG = "input.null.policy";

    /** Adds {@value #CONFIG} (default pass) to {@code def}, accepting the policies {@code allowed}. */
    public static ConfigDef define(ConfigDef def, String doc, String group, int orderInGroup, NullTextPolicy... allowed) {
        return def.define(CONFIG, Type.STRING, Enums.configName(PASS), Enums.validator(allowed), Importance.MEDIUM, doc,
                group, orderInGroup, Width.SHORT, "Null text policy");
    }

    public static NullTextPolicy of(AbstractConfig config) {
        return Enums.parse(NullTextPolicy.class, config.getString(CONFIG));
    }
}
