package dev.connectai.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.connectai.embedding.EmbedText;
import dev.connectai.llm.LlmExtract;
import dev.connectai.llm.LlmGenerate;
import dev.connectai.qdrant.QdrantSinkConnector;
import dev.connectai.synthetic.SyntheticSourceConnector;

/**
 * Every plugin of the pack and where its configuration reference is committed. The one place to add a plugin's
 * docs; {@code PluginReferencesTest} fails when a committed file is stale or a plugin the pack declares is missing.
 */
public final class PluginReferences {

    public static final List<PluginReference> ALL = List.of(
            new PluginReference(EmbedText.class, "EmbedText configuration reference", EmbedText.OVERVIEW_DOC,
                    EmbedText.CONFIG_DEF, "embedding-transform/docs/config-reference.md"),
            new PluginReference(QdrantSinkConnector.class, "Qdrant sink configuration reference",
                    QdrantSinkConnector.OVERVIEW_DOC, QdrantSinkConnector.CONFIG_DEF,
                    "vectordb-sink/docs/config-reference.md"),
            new PluginReference(LlmExtract.class, "LlmExtract configuration reference", LlmExtract.OVERVIEW_DOC,
                    LlmExtract.CONFIG_DEF, "llm-extract-transform/docs/llm-extract-config-reference.md"),
            new PluginReference(LlmGenerate.class, "LlmGenerate configuration reference", LlmGenerate.OVERVIEW_DOC,
                    LlmGenerate.CONFIG_DEF, "llm-extract-transform/docs/llm-generate-config-reference.md"),
            new PluginReference(SyntheticSourceConnector.class, "Synthetic source configuration reference",
                    SyntheticSourceConnector.OVERVIEW_DOC, SyntheticSourceConnector.CONFIG_DEF,
                    "synthetic-source/docs/config-reference.md"));

    private PluginReferences() {
    }

    /** Writes every reference below the repository root given (default: the working directory). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length == 0 ? "." : args[0]).toAbsolutePath().normalize();
        for (PluginReference reference : ALL) {
            Path file = reference.path(root);
            Files.writeString(file, reference.markdown(), StandardCharsets.UTF_8);
            System.out.println("wrote " + root.relativize(file));
        }
    }
}
