package dev.connectai.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as a Markdown reference, grouped and ordered as the definition says.
 * Plugins call it from a {@code main()} so the committed docs are generated, never hand-written.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown(String title, String overview, ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append("<!-- Generated from the plugin's ConfigDef; do not edit by hand. -->\n\n");
        out.append(overview.strip()).append("\n");
        Map<String, List<ConfigDef.ConfigKey>> groups = new LinkedHashMap<>();
        List<String> groupOrder = def.groups();
        List<ConfigDef.ConfigKey> keys = new ArrayList<>(def.configKeys().values());
        keys.sort(java.util.Comparator
                .comparingInt((ConfigDef.ConfigKey k) -> k.group == null ? -1 : groupOrder.indexOf(k.group))
                .thenComparingInt(k -> k.orderInGroup)
                .thenComparing(k -> k.name));
        for (ConfigDef.ConfigKey key : keys) {
            String group = key.group == null ? "General" : key.group;
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(key);
        }
        for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : groups.entrySet()) {
            out.append("\n## ").append(group.getKey()).append("\n");
            for (ConfigDef.ConfigKey key : group.getValue()) {
                out.append("\n### `").append(key.name).append("`\n\n");
                out.append(key.documentation == null ? "" : key.documentation.strip()).append("\n\n");
                out.append("- Type: ").append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append("\n");
                out.append("- Default: ").append(defaultText(key)).append("\n");
                if (key.validator != null && !key.validator.toString().isBlank()) {
                    out.append("- Valid values: ").append(key.validator).append("\n");
                }
                out.append("- Importance: ").append(key.importance.name().toLowerCase(java.util.Locale.ROOT)).append("\n");
            }
        }
        return out.toString();
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "null";
        }
        if (value instanceof Password) {
            return "[hidden]";
        }
        String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + text.replace("\n", "\\n") + "`";
    }
}
