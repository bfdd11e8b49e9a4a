package dev.connectai.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.connectai.local.ShippedConnectorConfigs;
import dev.connectai.qdrantapi.QdrantApiServer;
import dev.connectai.testing.ConnectHarness;

/**
 * Resident memory of a Connect worker while large documents flow through the shipped RAG sink config
 * ({@code rag-documents-to-qdrant.json}: int8 model, 200-token chunks, chunk.max.per.document=1000) for
 * {@code bench.minutes} (default 10). Documents of 50 KB, 200 KB, 500 KB and 900 KB (the last makes more than 1,000
 * chunks and goes to the DLQ) are kept queued ahead of the sink, so every poll can bring megabytes of text. Prints
 * the process's resident set size (VmRSS; the process holds the worker, the broker and the Qdrant-API server) and the
 * heap after a GC every 30 s. Asserts nothing.
 */
public final class LargeDocumentMemoryRun {

    private static final String TOPIC = "documents";
    private static final String CONNECTOR = "rag-documents-to-qdrant";
    private static final int[] SIZES_KB = {50, 200, 500, 900};
    private static final int QUEUED = 8;

    private LargeDocumentMemoryRun() {
    }

    public static void main(String[] args) throws Exception {
        long minutes = Long.getLong("bench.minutes", 10);
        Path configs = Path.of(System.getProperty("connectai.configs.dir", "../connector-configs"));
        Map<String, String> config = ShippedConnectorConfigs.configMap(ShippedConnectorConfigs.in(configs).all().stream()
                .filter(c -> CONNECTOR.equals(c.get("name").asText())).findFirst().orElseThrow());
        try (QdrantApiServer server = QdrantApiServer.start();
             ConnectHarness connect = ConnectHarness.start(1)) {
            config.put("qdrant.url", server.grpcUrl());
            config.remove("qdrant.api.key");
            connect.createTopic(TOPIC, 2);
            connect.createTopic(config.get("errors.deadletterqueue.topic.name"), 1);
            connect.cluster().configureConnector(CONNECTOR, config);
            connect.awaitRunning(CONNECTOR, 2);

            System.out.printf(Locale.ROOT, "Large-document memory run: %d min, %s, -Xmx %d MB, %d cores%n%n", minutes,
                    CONNECTOR, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
            System.out.println("| minute | RSS MB | heap after GC MB | documents produced | documents committed "
                    + "| chunks embedded | records handed back | task states |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|");
            long start = System.nanoTime();
            long end = start + Duration.ofMinutes(minutes).toNanos();
            long nextReport = start;
            int produced = 0;
            long maxRss = 0;
            while (System.nanoTime() < end) {
                long committed = connect.committedOffsets(CONNECTOR);
                while (produced - committed < QUEUED) {
                    int kb = SIZES_KB[produced % SIZES_KB.length];
                    connect.produce(TOPIC, "doc-" + produced, "{\"title\":\"Document " + produced + "\",\"body\":\""
                            + document(produced, kb * 1024) + "\"}");
                    produced++;
                }
                long rss = rssKb() >> 10;
                maxRss = Math.max(maxRss, rss);
                if (System.nanoTime() >= nextReport) {
                    System.gc();
                    long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
                    System.out.printf(Locale.ROOT, "| %.1f | %d | %d | %d | %d | %.0f | %.0f | %s |%n",
                            (System.nanoTime() - start) / 60e9, rss, heap, produced, committed,
                            metric("texts-embedded-total"), metric("records-handed-back-total"),
                            connect.status(CONNECTOR).tasks().stream().map(t -> t.state()).toList());
                    nextReport += Duration.ofSeconds(30).toNanos();
                }
                Thread.sleep(1_000);
            }
            System.out.printf(Locale.ROOT, "%nmax RSS sampled every second: %d MB%n", maxRss);
        }
    }

    /** Distinct sentences (so no two chunks are alike), JSON-safe, about {@code bytes} long. */
    private static String document(int d, int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 200);
        for (int p = 0; sb.length() < bytes; p++) {
            sb.append("Section ").append(p).append(" of document ").append(d).append(" says that shipment ")
                    .append(d * 100_000 + p).append(" left warehouse ").append(p % 17).append(" on day ")
                    .append(p % 28 + 1).append(" and reached the customer ").append(p % 5 + 1)
                    .append(" days later in good condition. ");
            if (p % 8 == 7) {
                sb.append("\\n\\n");
            }
        }
        return sb.toString();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double metric(String attribute) throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        double sum = 0;
        for (ObjectName n : jmx.queryNames(new ObjectName(
                "dev.connectai:type=qdrant-sink-metrics,connector=" + CONNECTOR + ",*"), null)) {
            sum += ((Number) jmx.getAttribute(n, attribute)).doubleValue();
        }
        return sum;
    }
}
