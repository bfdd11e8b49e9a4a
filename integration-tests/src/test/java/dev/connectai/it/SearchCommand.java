package dev.connectai.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.connectai.testing.qdrant.QdrantTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./search.sh} run from the repository root against a test's Qdrant, in a JVM of its own as users run it (the
 * tokenizer's native library belongs to the worker's plugin loader in the test JVM).
 */
final class SearchCommand {

    private SearchCommand() {
    }

    /** The command's whole output; it must exit 0 within two minutes. */
    static String run(QdrantTarget qdrant, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "search.sh"));
        command.addAll(arguments);
        ProcessBuilder search = new ProcessBuilder(command)
                .directory(Path.of("..").toAbsolutePath().normalize().toFile())
                .redirectErrorStream(true);
        search.environment().put("QDRANT_URL", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            search.environment().put("QDRANT_API_KEY", qdrant.apiKey());
        }
        Process process = search.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The hit lines printed under the {@code "query": N hit(s)} header of {@code query}. */
    static List<String> hits(String output, String query) {
        List<String> lines = output.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("\"" + query + "\": ")) {
                header = i;
            }
        }
        assertThat(header).as(output).isNotNegative();
        List<String> hits = new ArrayList<>();
        for (int i = header + 1; i < lines.size() && lines.get(i).startsWith("  "); i++) {
            hits.add(lines.get(i));
        }
        return hits;
    }
}
