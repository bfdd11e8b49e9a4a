package dev.connectai.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hybrid search end to end: the sink in a real worker embeds spare-part descriptions and writes each one's BM25
 * sparse vector next to the dense one ({@code sparse.bm25.vector}); {@code ./search.sh} then searches them the way a
 * user does, against the in-process Qdrant-API server (or a real Qdrant with QDRANT_URL set).
 *
 * <p>The corpus: one long description of an oven door hinge with the product code {@value #CODE}, among
 * {@value #OTHERS} short descriptions of other appliance parts whose codes look alike (two letters, four digits, a
 * letter) but share no BM25 term with it. Searching the code densely ranks the hinge below the top 10 (the code is a
 * few characters of a long text, and the look-alike codes are most of theirs): the test asserts that, so it shows
 * what hybrid search fixes. The sparse prefetch finds the code's exact terms in the hinge only, so RRF ranks it first;
 * and a question about the hinge in other words still finds it with hybrid search.
 */
class HybridSearchIT {

    private static final String CODE = "XK-4471-B";
    private static final int OTHERS = 60;
    private static final String MODEL = "bge-small-en-v1.5-q";
    private static final String HINGE = CODE + " replacement hinge for the oven door. This heavy-duty stainless "
            + "steel hinge fits most built-in ovens with a drop-down door. It carries the door's full weight, lets it "
            + "open smoothly to ninety degrees and holds it closed tightly so no heat escapes while you bake. "
            + "Mounting screws and a step-by-step fitting guide are included; fitting takes about ten minutes.";
    private static final String[] PARTS = {"fridge water filter", "dishwasher spray arm", "washing machine drain pump",
        "tumble dryer drive belt", "microwave turntable plate", "kettle lid spring", "toaster crumb tray",
        "vacuum cleaner hose", "coffee machine brew unit", "blender jug seal", "freezer drawer handle",
        "cooker hood grease filter", "dishwasher cutlery basket", "fridge door shelf", "washing machine carbon brushes",
        "dryer lint filter", "hob control knob", "extractor fan motor", "iron soleplate", "fridge thermostat"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectHarness connect;
    private static QdrantTarget qdrant;
    private static QdrantPoints points;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
        points = new QdrantPoints(qdrant.client());
        connect = ConnectHarness.start(1);
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.close();
        }
        if (qdrant != null) {
            qdrant.close();
        }
    }

    @Test
    void hybridFindsAnExactProductCodeThatDenseSearchMissesAndStillAnswersQuestions() throws Exception {
        String collection = "parts-" + Long.toHexString(System.nanoTime());
        points.drop(collection);
        connect.createTopic(collection, 1);
        connect.produce(collection, "hinge", JSON.writeValueAsString(Map.of("text", HINGE)));
        List<String> codes = lookAlikeCodes();
        for (int i = 0; i < OTHERS; i++) {
            String part = PARTS[i % PARTS.length];
            connect.produce(collection, "part-" + i, JSON.writeValueAsString(Map.of("text",
                    codes.get(i) + " " + part + ", original spare part.")));
        }
        Map<String, String> sink = sink(collection);
        Path sinkConfig = temp.resolve(collection + ".json");
        Files.writeString(sinkConfig, JSON.writeValueAsString(Map.of("name", collection, "config", sink)));
        connect.cluster().configureConnector(collection, sink);
        connect.awaitRunning(collection, 1);
        ConnectHarness.await(() -> points.all(collection).size() == OTHERS + 1, Duration.ofSeconds(180),
                (OTHERS + 1) + " points in " + collection);

        // The sink wrote the BM25 vector next to the dense one, into a sparse vector Qdrant weighs by IDF.
        SparseVectorParams bm25 = qdrant.client().getCollectionInfoAsync(collection).get(10, TimeUnit.SECONDS)
                .getConfig().getParams().getSparseVectorsConfig().getMapMap().get("bm25");
        assertThat(bm25).as("sparse vector 'bm25' of the auto-created collection").isNotNull();
        assertThat(bm25.getModifier()).isEqualTo(Modifier.Idf);
        RetrievedPoint any = points.all(collection).values().iterator().next();
        assertThat(any.getVectors().getVectors().getVectorsMap()).containsKey("bm25");

        List<String> dense = search(collection, sinkConfig, "dense", CODE, 10);
        assertThat(dense).as("dense top 10 for the bare code").hasSize(10)
                .noneMatch(line -> line.contains(CODE));

        List<String> hybrid = search(collection, sinkConfig, "hybrid", CODE, 3);
        assertThat(hybrid.get(0)).as("hybrid (RRF) best hit for the bare code").contains(CODE);

        List<String> dbsf = search(collection, sinkConfig, "hybrid", CODE, 3, "--fusion", "dbsf");
        assertThat(dbsf.get(0)).as("hybrid (DBSF) best hit for the bare code").contains(CODE);

        List<String> sparse = search(collection, sinkConfig, "sparse", CODE, 3);
        assertThat(sparse.get(0)).as("sparse best hit for the bare code").contains(CODE);

        List<String> question = search(collection, sinkConfig, "hybrid",
                "What keeps my oven door from falling open when I cook?", 3);
        assertThat(question.get(0)).as("hybrid best hit for a question worded unlike the text").contains(CODE);

        // Without --mode the command sees the BM25 vector and searches hybrid.
        List<String> byDefault = search(collection, null, null, CODE, 1);
        assertThat(byDefault.get(0)).contains(CODE);
        connect.cluster().deleteConnector(collection);
    }

    /**
     * Codes shaped like {@value #CODE} (letters near X and K, digits near 4471) that share no BM25 term with it:
     * no "xk", no "4471", no "b".
     */
    private static List<String> lookAlikeCodes() {
        String[] prefixes = {"XJ", "XL", "YK", "XR", "KX", "XT", "ZK", "XM", "WK", "XC"};
        String[] suffixes = {"C", "D", "E", "F", "G", "H"};
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < OTHERS; i++) {
            String digits = Integer.toString(4400 + (i * 7) % 100);
            if (!digits.equals("4471")) {
                out.add(prefixes[i % prefixes.length] + "-" + digits + "-" + suffixes[i % suffixes.length]);
            }
        }
        return out;
    }

    private static Map<String, String> sink(String topic) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "dev.connectai.qdrant.QdrantSinkConnector");
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("qdrant.url", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            c.put("qdrant.api.key", qdrant.apiKey());
        }
        c.put("collection.auto.create", "true");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("embed.input.field", "text");
        c.put("model.name", MODEL);
        c.put("vector.field", "");
        c.put("sparse.bm25.vector", "bm25");
        return c;
    }

    /**
     * The hit lines of {@code ./search.sh [--mode M] [--sink-config F] --model MODEL "query" k collection}, run from
     * the repository root in a JVM of its own, as users run it.
     */
    private static List<String> search(String collection, Path sinkConfig, String mode, String query, int k,
            String... more) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--model", MODEL));
        if (mode != null) {
            arguments.addAll(List.of("--mode", mode));
        }
        if (sinkConfig != null) {
            arguments.addAll(List.of("--sink-config", sinkConfig.toString()));
        }
        arguments.addAll(List.of(more));
        arguments.addAll(List.of(query, Integer.toString(k), collection));
        String output = SearchCommand.run(qdrant, arguments);
        List<String> hits = SearchCommand.hits(output, query);
        assertThat(hits).as(output).isNotEmpty();
        System.out.println("search.sh " + String.join(" ", arguments) + ":\n" + String.join("\n", hits));
        return hits;
    }
}
