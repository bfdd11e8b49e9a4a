package dev.connectai.synthetic;

import org.apache.kafka.common.config.ConfigException;

/** A setting that is wrong, and which one: validate() reports it on that setting (a stream's, stream.x.y, too). */
final class SettingProblem extends ConfigException {

    private static final long serialVersionUID = 1L;
    final String key;

    SettingProblem(String key, Object value, String message) {
        super(key, value, message);
        this.key = key;
    }
}
