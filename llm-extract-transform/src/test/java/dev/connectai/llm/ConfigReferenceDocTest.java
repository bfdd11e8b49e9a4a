package dev.connectai.llm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed config references must be what the ConfigDefs render today. */
class ConfigReferenceDocTest {

    @Test
    void committedReferencesAreUpToDate() throws Exception {
        assertThat(Files.readString(Path.of("docs/llm-extract-config-reference.md"), StandardCharsets.UTF_8))
                .as("stale: run 'mvn -q -pl llm-extract-transform exec:java' and commit docs/")
                .isEqualTo(ConfigReferences.extract());
        assertThat(Files.readString(Path.of("docs/llm-generate-config-reference.md"), StandardCharsets.UTF_8))
                .as("stale: run 'mvn -q -pl llm-extract-transform exec:java' and commit docs/")
                .isEqualTo(ConfigReferences.generate());
    }
}
