package dev.connectai.toolkit.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The published LLM API references the request-spec test checks against, read from {@code shared/reference/llm-api}
 * next to the checkout (OpenAI's OpenAPI document and Ollama's docs/api.md), found by walking up from the module.
 */
final class LlmApiReference {

    private static final Pattern BULLET = Pattern.compile("^- `([a-z_]+)`.*");

    private LlmApiReference() {
    }

    /** The reference directory, or null when this checkout has none beside it. */
    static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/reference/llm-api");
            if (Files.isRegularFile(candidate.resolve("openai-openapi.yaml"))) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Ollama's documented fields of one endpoint: the bullets {@code - `name`: ...} under the {@code ### Parameters}
     * of the section titled {@code sectionTitle}, top level only (the bullets after "The `message` object has" belong
     * to a message, until "Advanced parameters" returns to the top level).
     */
    static Set<String> ollamaParameters(Path apiMd, String sectionTitle) throws IOException {
        List<String> lines = Files.readAllLines(apiMd);
        int section = lines.indexOf("## " + sectionTitle);
        if (section < 0) {
            throw new IllegalArgumentException("no section '" + sectionTitle + "' in " + apiMd);
        }
        Set<String> names = new LinkedHashSet<>();
        boolean inParameters = false;
        boolean topLevel = true;
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("### ")) {
                inParameters = line.equals("### Parameters");
                continue;
            }
            if (!inParameters) {
                continue;
            }
            if (line.startsWith("The `message` object")) {
                topLevel = false;
            } else if (line.startsWith("Advanced parameters")) {
                topLevel = true;
            }
            Matcher m = BULLET.matcher(line);
            if (topLevel && m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The fields of a message object of Ollama's {@code /api/chat}. */
    static Set<String> ollamaMessageFields(Path apiMd) throws IOException {
        List<String> lines = Files.readAllLines(apiMd);
        Set<String> names = new LinkedHashSet<>();
        boolean in = false;
        for (String line : lines.subList(lines.indexOf("## Generate a chat completion"), lines.size())) {
            if (line.startsWith("The `message` object")) {
                in = true;
            } else if (in && (line.startsWith("Advanced") || line.startsWith("#"))) {
                break;
            } else if (in) {
                Matcher m = BULLET.matcher(line);
                if (m.matches()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /**
     * The model options Ollama documents: the keys of the {@code options} object in the api.md example that "sets
     * every available option".
     */
    static Set<String> ollamaOptions(Path apiMd) throws IOException {
        String text = Files.readString(apiMd);
        int example = text.indexOf("This example sets every available option");
        int start = text.indexOf("-d '", example) + 4;
        int end = text.indexOf("}'", start) + 1;
        JsonNode request = new ObjectMapper().readTree(text.substring(start, end));
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = request.get("options").fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        if (names.size() < 10) {
            throw new IllegalStateException("found only " + names + " as Ollama options");
        }
        return names;
    }

    /** Every top-level and {@code options} field of an Ollama request body that the lists above do not name. */
    static List<String> undocumented(JsonNode body, Set<String> parameters, Set<String> messageFields,
                                     Set<String> options) {
        List<String> out = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!parameters.contains(f)) {
                out.add(f);
            }
        });
        body.path("options").fieldNames().forEachRemaining(f -> {
            if (!options.contains(f)) {
                out.add("options." + f);
            }
        });
        for (JsonNode message : body.path("messages")) {
            message.fieldNames().forEachRemaining(f -> {
                if (!messageFields.contains(f)) {
                    out.add("messages[]." + f);
                }
            });
        }
        return out;
    }
}
