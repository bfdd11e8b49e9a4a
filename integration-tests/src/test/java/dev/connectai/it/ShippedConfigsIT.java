package dev.connectai.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectai.local.OverridableEnvConfigProvider;
import dev.connectai.local.ShippedConnectorConfigs;
import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.ModelEndpointStubs;
import dev.connectai.testing.PostgresServer;
import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every connector JSON we ship under {@code connector-configs/rest/}, unchanged: a real worker with the pack (and
 * Debezium's PostgreSQL connector) on plugin.path validates each with zero errors, then each pipeline runs and moves
 * data. Endpoints come in through the {@code env} config provider as in production, here
 * {@link OverridableEnvConfigProvider} because a JVM cannot set its own environment. The LLM is WireMock, Qdrant the
 * in-process Qdrant-API server (or a real Qdrant when QDRANT_URL is set), PostgreSQL a real server from Debian's
 * package.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShippedConfigsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ShippedConnectorConfigs SHIPPED = ShippedConnectorConfigs.in(
            Path.of(System.getProperty("connectai.configs.dir", "../connector-configs")));
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SUMMARY = "Paid order of a returning customer, ready to ship; no action needed.";

    private static ConnectHarness connect;
    private static WireMockServer llm;
    private static QdrantTarget qdrant;
    private static QdrantPoints points;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        postgres.createDatabase("shop");
        postgres.sql("shop", "CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL, description text,"
                + " price numeric(10,2))");
        postgres.sql("shop", "INSERT INTO products VALUES (1, 'Trail running shoes', 'Light shoes with a grippy sole"
                + " for muddy mountain paths.', 119.00), (2, 'Espresso machine', 'Pumps at 15 bar and heats up in"
                + " forty seconds.', 349.00)");

        llm = new WireMockServer(options().dynamicPort());
        llm.start();
        stubLlm();

        qdrant = QdrantTarget.forTests();
        points = new QdrantPoints(qdrant.client());
        for (String c : List.of("documents", "reviews", "products", "order-summaries")) {
            points.drop(c);
        }

        OverridableEnvConfigProvider.set("QDRANT_URL", qdrant.grpcUrl());
        OverridableEnvConfigProvider.set("QDRANT_API_KEY", qdrant.apiKey() == null ? "" : qdrant.apiKey());
        OverridableEnvConfigProvider.set("OPENAI_BASE_URL", llm.baseUrl() + "/v1");
        OverridableEnvConfigProvider.set("OPENAI_API_KEY", "sk-shipped-configs-" + Long.toHexString(System.nanoTime()));
        OverridableEnvConfigProvider.set("OPENAI_CHAT_MODEL", "gpt-4o-mini");
        OverridableEnvConfigProvider.set("PG_HOST", postgres.host());
        OverridableEnvConfigProvider.set("PG_PORT", Integer.toString(postgres.port()));
        OverridableEnvConfigProvider.set("PG_USER", PostgresServer.USER);
        OverridableEnvConfigProvider.set("PG_PASSWORD", postgres.password());

        connect = ConnectHarness.start(1, Map.of(
                "config.providers", "env,file",
                "config.providers.env.class", OverridableEnvConfigProvider.class.getName()));
        SHIPPED.all().stream().flatMap(c -> ShippedConnectorConfigs.topics(c).stream()).distinct()
                .forEach(topic -> connect.createTopic(topic, 1));
    }

    /** Answers by what the request asks for, as a real chat model would: extraction, a summary, or a record batch. */
    private static void stubLlm() {
        String extraction = "{\"customer_name\":\"Dana Whitfield\",\"customer_email\":null,\"order_id\":\"A-1042\","
                + "\"category\":\"refund\",\"urgency\":\"high\",\"summary\":\"The customer wants a refund for a broken"
                + " blender.\"}";
        llm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("Subject:"))
                .willReturn(ModelEndpointStubs.json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini", extraction, "stop"))));
        llm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("Summarise this order"))
                .willReturn(ModelEndpointStubs.json(200, ModelEndpointStubs.openAiChat("gpt-4o-mini", SUMMARY, "stop"))));
        StringBuilder batch = new StringBuilder("{\"records\":[");
        String[] products = {"Toaster", "Kettle", "Blender", "Air fryer", "Stand mixer"};
        for (int i = 0; i < 10; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"product\":\"").append(products[i % 5])
                    .append("\",\"stars\":").append(1 + i % 5).append(",\"text\":\"Review ").append(i)
                    .append(": ").append(i % 2 == 0 ? "heats evenly and cleans easily." : "stopped working in a month.")
                    .append("\"}");
        }
        batch.append("]}");
        llm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("synthetic records"))
                .willReturn(ModelEndpointStubs.json(200,
                        ModelEndpointStubs.openAiChat("gpt-4o-mini", batch.toString(), "stop"))));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (connect != null) {
                connect.close();
            }
            if (llm != null) {
                llm.stop();
            }
            if (qdrant != null) {
                qdrant.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyShippedConfigValidatesWithZeroErrors() {
        List<ObjectNode> configs = SHIPPED.all();
        assertThat(configs).hasSizeGreaterThanOrEqualTo(9);
        List<String> problems = new ArrayList<>();
        for (JsonNode spec : configs) {
            Map<String, String> config = ShippedConnectorConfigs.configMap(spec);
            String cls = config.get("connector.class");
            ConnectHarness.RestAnswer answer = connect.restPut("/connector-plugins/" + cls + "/config/validate", config);
            assertThat(answer.status()).as("validate of %s", spec.get("name").asText()).isEqualTo(200);
            if (answer.body().get("error_count").asInt() != 0) {
                for (JsonNode c : answer.body().get("configs")) {
                    for (JsonNode e : c.get("value").get("errors")) {
                        problems.add(spec.get("name").asText() + ": " + c.get("value").get("name").asText() + ": " + e.asText());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    @Order(2)
    void ragIngestionChunksEmbedsAndWritesDocuments() throws Exception {
        launch("rag-documents-to-qdrant", 2);
        StringBuilder longBody = new StringBuilder();
        for (int p = 0; p < 12; p++) {
            longBody.append("Paragraph ").append(p).append(" of the handbook explains how returns are processed, ")
                    .append("which carrier collects the parcel, and how long the refund takes to reach the card. ")
                    .append("Customers outside the EU pay the return postage themselves unless the item was faulty.\n\n");
        }
        connect.produce("documents", "handbook", JSON.writeValueAsString(Map.of("title", "Returns handbook",
                "body", longBody.toString())));
        connect.produce("documents", "not-json", "this line is not JSON");
        connect.produce("documents", "no-text", JSON.writeValueAsString(Map.of("title", "  ", "body", "")));
        connect.produce("documents", "faq", JSON.writeValueAsString(Map.of("title", "Opening hours",
                "body", "The shop opens at nine and closes at six, Monday to Saturday.")));
        // The sink names each document's chunks with one document_id payload value (indexed by this config).
        ConnectHarness.await(() -> byDocument(points.all("documents")).size() == 2, WAIT,
                "chunks of both documents in 'documents'");
        // The two bad records sit in the DLQ with the stage and reason, and lost nothing else.
        Map<String, String> dlq = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : connect.consume(2, WAIT, "documents-dlq")) {
            dlq.put(new String(r.key(), StandardCharsets.UTF_8), header(r, "__connect.errors.stage") + ": "
                    + header(r, "__connect.errors.exception.message"));
        }
        assertThat(dlq.get("not-json")).startsWith("VALUE_CONVERTER: ");
        assertThat(dlq.get("no-text")).startsWith("TASK_PUT: ").contains("blank");
        Map<String, List<RetrievedPoint>> documents = byDocument(points.all("documents"));
        List<Integer> chunkCounts = documents.values().stream().map(List::size).sorted().toList();
        assertThat(chunkCounts.get(0)).as("the one-line FAQ is one chunk").isEqualTo(1);
        assertThat(chunkCounts.get(1)).as("the 12-paragraph handbook is split at 200 tokens").isGreaterThan(2);
        for (List<RetrievedPoint> chunks : documents.values()) {
            for (RetrievedPoint p : chunks) {
                assertThat(QdrantPoints.dense(p)).hasSize(384);
                assertThat(p.getPayloadMap()).doesNotContainKey("body").containsKeys("title", "text", "chunk_index");
                assertThat(p.getPayloadMap().get("chunk_count").getIntegerValue()).isEqualTo(chunks.size());
            }
        }

        // The search command, as a user runs it, finds the right document for questions worded unlike the text.
        Map<String, List<String>> more = Map.of(
                "warranty", List.of("Warranty", "Electronics carry a two-year warranty that covers manufacturing "
                        + "defects but not drops."),
                "shipping", List.of("Shipping and delivery", "Orders above fifty euros ship free within Germany; "
                        + "express parcels arrive the next working day."),
                "gift-cards", List.of("Gift cards", "Gift cards never expire and can be redeemed online or at the "
                        + "till in any branch."));
        for (Map.Entry<String, List<String>> d : more.entrySet()) {
            connect.produce("documents", d.getKey(), JSON.writeValueAsString(Map.of("title", d.getValue().get(0),
                    "body", d.getValue().get(1))));
        }
        ConnectHarness.await(() -> byDocument(points.all("documents")).size() == 5, WAIT, "five documents");
        assertThat(topHit("How long until my money is back on my card after I send something back?"))
                .as("a chunk of the returns handbook (the line shows its first 120 characters)")
                .containsAnyOf("handbook", "refund", "carrier", "return");
        assertThat(topHit("When can I visit the store on a Saturday?")).contains("opens at nine");
        assertThat(topHit("Do vouchers have an expiry date?")).contains("Gift cards never expire");
        assertThat(topHit("Is shipping free for big orders?")).contains("ship free");
    }

    /**
     * The text of the best hit of {@code ./search.sh "query" 1 documents}, run from the repository root against
     * this test's Qdrant, in a JVM of its own as users run it (the tokenizer's native library belongs to the
     * worker's plugin loader in this JVM).
     */
    private static String topHit(String query) throws Exception {
        String output = SearchCommand.run(qdrant, List.of(query, "1", "documents"));
        assertThat(output).as("the query form of the shipped model").contains("bge-small-en-v1.5-q");
        List<String> lines = output.lines().toList();
        int header = lines.indexOf("\"" + query + "\": 1 hit(s)");
        assertThat(header).as(output).isNotNegative();
        return lines.get(header + 1);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        org.apache.kafka.common.header.Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, List<RetrievedPoint>> byDocument(Map<String, RetrievedPoint> all) {
        return all.values().stream().collect(java.util.stream.Collectors.groupingBy(
                p -> QdrantPoints.text(p, "document_id")));
    }

    @Test
    @Order(3)
    void syntheticReviewsAreEmbeddedOnTheSourceAndLandInQdrant() throws Exception {
        launch("synthetic-reviews-embedded", 1);
        launch("reviews-to-qdrant", 1);
        ConnectHarness.await(() -> points.all("reviews").size() >= 100, WAIT, "100 reviews in 'reviews'");
        for (RetrievedPoint p : points.all("reviews").values()) {
            assertThat(QdrantPoints.dense(p)).hasSize(384);
            assertThat(QdrantPoints.text(p, "text")).isNotBlank();
            assertThat(p.getPayloadMap()).containsKeys("product", "stars", "reviewer").doesNotContainKey("embedding");
        }
        remove("synthetic-reviews-embedded");
        remove("reviews-to-qdrant");
    }

    @Test
    @Order(4)
    void supportEmailsBecomeTypedCustomerRequests() throws Exception {
        launch("support-emails-extract", 1);
        List<ConsumerRecord<byte[], byte[]>> records = connect.consume(3, WAIT, "customer-requests");
        remove("support-emails-extract");
        for (ConsumerRecord<byte[], byte[]> r : records.subList(0, 3)) {
            JsonNode envelope = JSON.readTree(r.value());
            assertThat(envelope.get("schema").get("type").asText()).isEqualTo("struct");
            JsonNode value = envelope.get("payload");
            assertThat(value.get("category").asText()).isEqualTo("refund");
            assertThat(value.get("urgency").asText()).isEqualTo("high");
            assertThat(value.get("customer_email").isNull()).isTrue();
            assertThat(r.key()).isNotNull();
        }
        llm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("\"strict\":true")));
    }

    @Test
    @Order(5)
    void syntheticOrdersThenLlmSummariesLandInQdrant() throws Exception {
        launch("synthetic-orders", 2);
        List<ConsumerRecord<byte[], byte[]>> orders = connect.consume(200, WAIT, "orders");
        for (ConsumerRecord<byte[], byte[]> r : orders.subList(0, 200)) {
            JsonNode order = JSON.readTree(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(order.get("order_id").asText());
            assertThat(order.get("items").size()).isBetween(1, 5);
            assertThat(order.get("customer").get("email").asText()).contains("@");
        }
        launch("product-summaries-to-qdrant", 1);
        ConnectHarness.await(() -> points.all("order-summaries").size() >= 50, WAIT, "50 order summaries in Qdrant");
        remove("synthetic-orders");
        for (RetrievedPoint p : points.all("order-summaries").values()) {
            assertThat(QdrantPoints.text(p, "summary")).isEqualTo(SUMMARY);
            assertThat(QdrantPoints.dense(p)).hasSize(384);
        }
        remove("product-summaries-to-qdrant");
    }

    @Test
    @Order(6)
    void llmGeneratedReviewsAreValidatedAndWritten() throws Exception {
        launch("synthetic-llm-reviews", 1);
        List<ConsumerRecord<byte[], byte[]>> records = connect.consume(10, WAIT, "llm-reviews");
        remove("synthetic-llm-reviews");
        for (ConsumerRecord<byte[], byte[]> r : records.subList(0, 10)) {
            JsonNode review = JSON.readTree(r.value());
            assertThat(review.get("stars").asInt()).isBetween(1, 5);
            assertThat(review.get("text").asText()).startsWith("Review ");
        }
    }

    @Test
    @Order(7)
    void postgresChangesFlowThroughDebeziumIntoQdrant() throws Exception {
        launch("cdc-postgres-products", 1);
        launch("cdc-products-to-qdrant", 1);
        ConnectHarness.await(() -> points.all("products").size() == 2, WAIT, "the two snapshot rows as points");

        postgres.sql("shop", "INSERT INTO products VALUES (3, 'Rain jacket', 'Waterproof shell that packs into its"
                + " own pocket.', 89.00)");
        ConnectHarness.await(() -> points.all("products").containsKey("3"), WAIT, "the inserted row as point 3");
        List<Float> before = QdrantPoints.dense(points.all("products").get("1"));

        postgres.sql("shop", "UPDATE products SET description = 'Cushioned road shoes for long marathon training runs.'"
                + " WHERE id = 1");
        ConnectHarness.await(() -> QdrantPoints.text(points.all("products").get("1"), "description")
                .startsWith("Cushioned"), WAIT, "the update on point 1");
        assertThat(QdrantPoints.dense(points.all("products").get("1"))).as("re-embedded after the update")
                .hasSize(384).isNotEqualTo(before);

        postgres.sql("shop", "DELETE FROM products WHERE id = 2");
        ConnectHarness.await(() -> !points.all("products").containsKey("2"), WAIT, "the delete of point 2");
        assertThat(points.all("products").keySet()).containsExactlyInAnyOrder("1", "3");
        assertThat(QdrantPoints.text(points.all("products").get("3"), "name")).isEqualTo("Rain jacket");
    }

    private static void launch(String name, int tasks) throws Exception {
        connect.launch(ShippedConnectorConfigs.configMap(SHIPPED.read(name)), tasks);
    }

    private static void remove(String name) {
        connect.cluster().deleteConnector(name);
    }
}
