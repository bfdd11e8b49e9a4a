package dev.connectai.synthetic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.connectai.toolkit.config.ConfigReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed config reference must be what the ConfigDef renders today. */
class ConfigReferenceDocTest {

    @Test
    void committedReferenceIsUpToDate() throws Exception {
        assertThat(Files.readString(Path.of("docs/config-reference.md"), StandardCharsets.UTF_8))
                .as("stale: run 'mvn -q -pl synthetic-source exec:java' and commit it")
                .isEqualTo(ConfigReference.markdown("Synthetic source configuration reference",
                        SyntheticSourceConnector.OVERVIEW_DOC, SyntheticSourceConfig.CONFIG_DEF));
    }
}
