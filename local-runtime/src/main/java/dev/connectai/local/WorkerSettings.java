package dev.connectai.local;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.runtime.WorkerConfig;

/** Worker settings every local worker of ours shares: how plugins load and which config providers exist. */
public final class WorkerSettings {

    private WorkerSettings() {
    }

    /** plugin.path with service-loader discovery (as users install the pack) and the env/file config providers. */
    public static Map<String, String> pluginsAndConfigProviders(String pluginPath) {
        Map<String, String> props = new HashMap<>();
        props.put(WorkerConfig.PLUGIN_PATH_CONFIG, pluginPath);
        props.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, "service_load");
        props.put("config.providers", "env,file");
        props.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        return props;
    }
}
