package dev.connectai.docs;

import java.nio.file.Path;

import org.apache.kafka.common.config.ConfigDef;

/**
 * One plugin's generated reference: the plugin class (whose {@code OVERVIEW_DOC} and {@code CONFIG_DEF} it renders)
 * and where the Markdown is committed, relative to the repository root.
 */
public record PluginReference(Class<?> plugin, String title, String overview, ConfigDef configDef, String file) {

    public String markdown() {
        return ConfigReference.markdown(title, overview, configDef);
    }

    public Path path(Path repositoryRoot) {
        return repositoryRoot.resolve(file);
    }

    @Override
    public String toString() {
        return plugin.getSimpleName() + " -> " + file;
    }
}
