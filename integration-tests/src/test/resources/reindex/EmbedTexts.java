import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.toolkit.embedding.EmbeddingModel;
import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.LocalModelVariant;
import dev.connectai.toolkit.embedding.SharedEmbeddingModels;
import dev.connectai.toolkit.shared.SharedResources;

/**
 * Test fixture of ReindexIT, run as a single-file program with the search command's classpath in a JVM of its own
 * (the IT's JVM holds the tokenizer's native library in the worker's plugin loader): embeds each text of a JSON
 * array as a document, one text per model run as the sink does, and writes the vectors as a JSON array.
 * Arguments: catalogue model name, input file, output file.
 */
public class EmbedTexts {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String[] texts = json.readValue(Files.readString(Path.of(args[1])), String[].class);
        List<float[]> vectors = new ArrayList<>();
        try (SharedResources.Lease<EmbeddingModel> model = SharedEmbeddingModels.acquire(
                EmbeddingModelSpec.local(LocalModelVariant.fromModelName(args[0])))) {
            for (String text : texts) {
                vectors.add(model.get().embed(text));
            }
        }
        Files.writeString(Path.of(args[2]), json.writeValueAsString(vectors));
        System.exit(0);
    }
}
