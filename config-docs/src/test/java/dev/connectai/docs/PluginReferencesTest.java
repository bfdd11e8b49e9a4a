package dev.connectai.docs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed references are what the plugins' ConfigDefs render today, and every plugin has one. */
class PluginReferencesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String REGENERATE = "run 'mvn -q install -DskipTests && mvn -q -pl config-docs exec:java' "
            + "and commit the docs";

    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.connectai.docs.PluginReferences#ALL")
    void committedReferenceIsUpToDate(PluginReference reference) throws Exception {
        Path file = reference.path(ROOT);
        assertThat(file).as("%s has no committed reference: %s", reference.plugin().getSimpleName(), REGENERATE)
                .exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s is stale: %s", reference.file(), REGENERATE)
                .isEqualTo(reference.markdown());
    }

    /** A plugin the pack declares to Connect (META-INF/services) but that has no reference here fails the build. */
    @Test
    void everyDeclaredPluginHasAReference() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (String service : new String[] {"org.apache.kafka.connect.transforms.Transformation",
                "org.apache.kafka.connect.sink.SinkConnector", "org.apache.kafka.connect.source.SourceConnector"}) {
            for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/services/" + service))) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            // EmbedText$Key and EmbedText$Value share their outer class's reference.
                            .map(l -> l.contains("$") ? l.substring(0, l.indexOf('$')) : l)
                            .filter(l -> l.startsWith("dev.connectai."))
                            .forEach(declared::add);
                }
            }
        }
        Set<String> documented = PluginReferences.ALL.stream().map(r -> r.plugin().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).as("plugins declared in META-INF/services").isNotEmpty();
        assertThat(documented).as("plugins with a reference in PluginReferences.ALL").isEqualTo(declared);
    }
}
