package dev.connectai.local;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * Kafka's EnvVarConfigProvider plus values set in this JVM: a JVM cannot set its own environment, so the committed
 * connector JSON (which says ${env:QDRANT_URL}) runs unchanged with values the demo (or a test) puts here. Names not
 * set here fall back to the real environment.
 */
public final class OverridableEnvConfigProvider implements ConfigProvider {

    private static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    public static void set(String name, String value) {
        VALUES.put(name, value);
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public ConfigData get(String path) {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(VALUES);
        return new ConfigData(all);
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> out = new HashMap<>();
        for (String k : keys) {
            String v = VALUES.containsKey(k) ? VALUES.get(k) : System.getenv(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return new ConfigData(out);
    }

    @Override
    public void close() {
    }
}
