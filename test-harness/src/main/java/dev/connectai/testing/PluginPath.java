package dev.connectai.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the build unpacked the plugin pack (and any other plugins a test needs), as a worker's
 * {@code plugin.path} would hold them. Set by the build as the system property {@value #PROPERTY}.
 */
public final class PluginPath {

    public static final String PROPERTY = "connectai.plugin.path";
    public static final String PACK_FOLDER = "connect-ai-pack";

    private PluginPath() {
    }

    public static Path root() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + PROPERTY + " is not set; run the tests through "
                    + "Maven (mvn verify), which unpacks the plugin pack first");
        }
        Path root = Path.of(value).toAbsolutePath();
        Path pack = root.resolve(PACK_FOLDER);
        if (!Files.isDirectory(pack.resolve("lib"))) {
            throw new IllegalStateException("No unpacked plugin pack at " + pack + "; run 'mvn verify' from the top");
        }
        try (Stream<Path> jars = Files.list(pack.resolve("lib"))) {
            if (jars.noneMatch(p -> p.toString().endsWith(".jar"))) {
                throw new IllegalStateException("The plugin pack at " + pack + " holds no jars");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }
}
