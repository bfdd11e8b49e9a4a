package dev.connectai.qdrant;

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
        String committed = Files.readString(Path.of("docs/config-reference.md"), StandardCharsets.UTF_8);
        String generated = ConfigReference.markdown("Qdrant sink configuration reference",
                QdrantSinkConnector.OVERVIEW_DOC, QdrantSinkConfig.CONFIG_DEF);
        assertThat(committed)
                .as("docs/config-reference.md is stale: run 'mvn -q -pl vectordb-sink exec:java' and commit it")
                .isEqualTo(generated);
    }
}
