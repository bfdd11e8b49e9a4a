package dev.connectai.llm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.connectai.toolkit.config.ConfigReference;

/** Renders the config references of both LLM transforms into the folder given. */
public final class ConfigReferences {

    private ConfigReferences() {
    }

    static String extract() {
        return ConfigReference.markdown("LlmExtract configuration reference", LlmExtract.OVERVIEW_DOC, LlmExtract.CONFIG_DEF);
    }

    static String generate() {
        return ConfigReference.markdown("LlmGenerate configuration reference", LlmGenerate.OVERVIEW_DOC, LlmGenerate.CONFIG_DEF);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length == 0 ? "docs" : args[0]);
        Files.writeString(dir.resolve("llm-extract-config-reference.md"), extract(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("llm-generate-config-reference.md"), generate(), StandardCharsets.UTF_8);
    }
}
