package dev.connectai.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.connectai.testing.ConnectHarness;
import dev.connectai.testing.qdrant.QdrantTarget;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two workers, four tasks: a worker leaves and comes back mid-stream, and nothing is lost. */
class QdrantSinkResilienceIT {

    private static ConnectHarness connect;
    private static QdrantTarget qdrant;
    private static QdrantPoints points;

    @BeforeAll
    static void start() {
        qdrant = QdrantTarget.forTests();
        points = new QdrantPoints(qdrant.client());
        // Reassign a departed worker's tasks after 3 s instead of Connect's default 5 minutes.
        connect = ConnectHarness.start(2, Map.of("scheduled.rebalance.max.delay.ms", "3000"));
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

    private static void produceWave(String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            int id = i % 200;
            connect.cluster().kafka().produce(topic, id % 4, Integer.toString(id),
                    "{\"embedding\":[1," + (i % 7) + "],\"seq\":" + i + "}");
        }
    }

    @Test
    void aWorkerStoppedAndRestartedMidStreamLosesNothing() throws Exception {
        String topic = "resilience-" + System.nanoTime();
        points.drop(topic);
        connect.createTopic(topic, 4);
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "dev.connectai.qdrant.QdrantSinkConnector");
        c.put("tasks.max", "4");
        c.put("topics", topic);
        c.put("qdrant.url", qdrant.grpcUrl());
        if (qdrant.apiKey() != null) {
            c.put("qdrant.api.key", qdrant.apiKey());
        }
        c.put("collection.auto.create", "true");
        c.put("batch.size", "16");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        connect.cluster().configureConnector(topic, c);
        connect.awaitRunning(topic, 4);

        produceWave(topic, 0, 300);
        WorkerHandle leaving = connect.cluster().workers().iterator().next();
        connect.cluster().removeWorker(leaving);                 // tasks rebalance onto the other worker
        produceWave(topic, 300, 500);
        connect.cluster().assertions().assertAtLeastNumWorkersAreUp(1, "one worker left");
        connect.awaitRunning(topic, 4);
        connect.cluster().addWorker();                           // and spread again
        produceWave(topic, 500, 600);
        connect.cluster().assertions().assertAtLeastNumWorkersAreUp(2, "worker back");

        ConnectHarness.await(() -> {
            Map<String, RetrievedPoint> all = points.all(topic);
            return all.size() == 200 && all.values().stream()
                    .allMatch(p -> Integer.parseInt(QdrantPoints.text(p, "seq")) >= 400);
        }, Duration.ofSeconds(120), "200 ids, each with its last payload");
        Map<String, RetrievedPoint> all = points.all(topic);
        for (int id = 0; id < 200; id++) {
            int latest = id + 400; // 0..599 written, id = i % 200: the last is id + 400
            assertThat(QdrantPoints.text(all.get(Integer.toString(id)), "seq")).as("id %d", id)
                    .isEqualTo(Integer.toString(latest));
        }
        connect.cluster().deleteConnector(topic);
    }
}
