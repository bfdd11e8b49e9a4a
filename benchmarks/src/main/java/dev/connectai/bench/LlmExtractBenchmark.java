package dev.connectai.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectai.llm.LlmExtract;
import dev.connectai.testing.ModelEndpointStubs;
import org.apache.kafka.connect.sink.SinkRecord;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Per-record cost of LlmExtract with the model answering at once (WireMock on loopback), against a bare JDK
 * HttpClient POST to the same stub in the same run: the difference is what our code adds (prompt building,
 * JSON, validation, Struct conversion, metrics). Also the cache-hit path. Prints; asserts nothing.
 */
public final class LlmExtractBenchmark {

    private static final int N = Integer.getInteger("bench.records", 3000);
    private static final String ANSWER = "{\"customer\":{\"name\":\"Ana Ruiz\",\"email\":\"ana@example.com\"},"
            + "\"order_id\":4821,\"issue\":\"refund\",\"items\":[\"kettle\",\"lid\"]}";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"customer\":{\"type\":\"object\","
            + "\"properties\":{\"name\":{\"type\":\"string\"},\"email\":{\"type\":[\"string\",\"null\"]}},"
            + "\"required\":[\"name\"]},\"order_id\":{\"type\":\"integer\"},\"issue\":{\"type\":\"string\","
            + "\"enum\":[\"refund\",\"delivery\",\"other\"]},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
            + "\"required\":[\"customer\",\"order_id\",\"issue\"]}";

    private LlmExtractBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(8));
        server.start();
        try {
            String body = ModelEndpointStubs.openAiChat("gpt-4o-mini", ANSWER, "stop");
            server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(ModelEndpointStubs.json(200, body)));
            System.out.printf(Locale.ROOT, "LlmExtract benchmark: %d records, WireMock answering at once, %d cores%n%n",
                    N, Runtime.getRuntime().availableProcessors());

            long[] raw = rawPosts(server.baseUrl() + "/v1/chat/completions");
            long[] ours = extract(server.baseUrl() + "/v1", false);
            double cacheRate = cacheHits(server.baseUrl() + "/v1");

            System.out.println("| path | p50 ms | p99 ms |");
            System.out.println("|---|---:|---:|");
            System.out.printf(Locale.ROOT, "| bare HttpClient POST to the stub (transport + WireMock) | %.3f | %.3f |%n",
                    pct(raw, 50), pct(raw, 99));
            System.out.printf(Locale.ROOT, "| LlmExtract.apply(), cache off | %.3f | %.3f |%n", pct(ours, 50), pct(ours, 99));
            System.out.printf(Locale.ROOT, "| our overhead (difference) | %.3f | %.3f | target <= 1 ms%n",
                    pct(ours, 50) - pct(raw, 50), pct(ours, 99) - pct(raw, 99));
            System.out.printf(Locale.ROOT, "%ncache-hit path: %.0f records/s (target >= 50,000)%n", cacheRate);
        } finally {
            server.stop();
        }
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static long[] rawPosts(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"},"
                + "{\"role\":\"user\",\"content\":\"<document>\\nOrder 1\\n</document>\"}]}";
        long[] out = new long[N];
        for (int i = -500; i < N; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("stub answered " + r.statusCode());
            }
            if (i >= 0) {
                out[i] = System.nanoTime() - start;
            }
        }
        return out;
    }

    private static LlmExtract<SinkRecord> transform(String base, int cacheSize) {
        LlmExtract<SinkRecord> t = new LlmExtract.Value<>();
        t.configure(Map.of("llm.base.url", base, "llm.model", "gpt-4o-mini", "extract.schema", SCHEMA,
                "input.field", "body", "cache.size", Integer.toString(cacheSize)));
        return t;
    }

    private static SinkRecord record(int i) {
        Map<String, Object> v = new HashMap<>();
        v.put("body", "Hi, I'm Ana Ruiz. Order " + i + ": the kettle leaks, I want a refund.");
        return new SinkRecord("emails", 0, null, null, null, v, i);
    }

    private static long[] extract(String base, boolean cache) {
        LlmExtract<SinkRecord> t = transform(base, cache ? 10_000 : 0);
        try {
            long[] out = new long[N];
            for (int i = -500; i < N; i++) {
                SinkRecord r = record(i + 1000);
                long start = System.nanoTime();
                t.apply(r);
                if (i >= 0) {
                    out[i] = System.nanoTime() - start;
                }
            }
            return out;
        } finally {
            t.close();
        }
    }

    private static double cacheHits(String base) {
        LlmExtract<SinkRecord> t = transform(base, 100);
        try {
            SinkRecord[] records = new SinkRecord[50];
            for (int i = 0; i < records.length; i++) {
                records[i] = record(i);
                t.apply(records[i]);
            }
            for (int i = 0; i < 100_000; i++) {
                t.apply(records[i % records.length]);
            }
            int n = 500_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                t.apply(records[i % records.length]);
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            t.close();
        }
    }
}
