package dev.connectai.synthetic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.PackVersion;
import dev.connectai.toolkit.llm.ChatModelClient;
import dev.connectai.toolkit.llm.ChatModelConfig;
import dev.connectai.toolkit.llm.LlmMetrics;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one task's sub-stream. Pacing is per poll, not per record: a poll returns as many records as the rate has
 * earned since the task started (up to batch.size), and waits only when none are due.
 */
public class SyntheticSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(SyntheticSourceTask.class);

    private ValueGenerator root;
    private RecordFactory factory;
    private LlmRecordWriter llm;
    private LlmMetrics llmMetrics;
    private ChatModelClient llmClient;
    private final Deque<Struct> llmBuffer = new ArrayDeque<>();
    private long next;
    private long quota;
    private double ratePerTask;
    private int batchSize;
    private long startNanos;
    private long emittedThisRun;
    private boolean announcedDone;
    /** Several related streams (streams=...), or null for one stream. */
    private Streams streams;
    private long[] positions;
    private double timeScale;
    /** Where on the streams' schedule this run started (seconds). */
    private double scheduleStart = -1;

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        SyntheticSourceConfig config = new SyntheticSourceConfig(props);
        int task = Integer.parseInt(props.getOrDefault(SyntheticSourceConfig.TASK_INDEX, "0"));
        int tasks = Integer.parseInt(props.getOrDefault(SyntheticSourceConfig.TASK_COUNT, "1"));
        batchSize = config.getInt(SyntheticSourceConfig.BATCH_SIZE);
        if (!config.streams().isEmpty()) {
            startStreams(config, task, tasks);
            return;
        }
        String fingerprint = SyntheticSourceConnector.fingerprint(config);
        factory = new RecordFactory(config, task, fingerprint);
        if (config.llm()) {
            ChatModelClient client = new ChatModelClient(ChatModelConfig.spec(config), "synthetic-source");
            llmClient = client;
            llmMetrics = new LlmMetrics(client.spec().id(), "synthetic-source");
            llm = new LlmRecordWriter(client, config.jsonSchema(), config.getInt(SyntheticSourceConfig.LLM_BATCH),
                    config.getString(SyntheticSourceConfig.LLM_DESCRIPTION),
                    config.getString(SyntheticSourceConfig.LLM_EXAMPLES), llmMetrics);
        } else {
            root = config.compile();
        }
        long max = config.getLong(SyntheticSourceConfig.MAX_RECORDS);
        quota = max == 0 ? Long.MAX_VALUE : max / tasks + (task < max % tasks ? 1 : 0);
        ratePerTask = config.getDouble(SyntheticSourceConfig.RATE) / tasks;
        Map<String, Object> stored = context.offsetStorageReader().offset(RecordFactory.partition(task));
        if (factory.sameStream(stored)) {
            next = RecordFactory.asLong(stored.get("iteration")) + 1;
            log.info("Synthetic source task {} resumes at record {}", task, next);
        } else if (stored != null) {
            log.info("Synthetic source task {}: seed or schema changed since the stored offset; starting a new stream",
                    task);
        }
        startNanos = System.nanoTime();
    }

    private void startStreams(SyntheticSourceConfig config, int task, int tasks) {
        streams = Streams.build(config, task, tasks);
        timeScale = config.getDouble(SyntheticSourceConfig.STREAMS_TIME_SCALE);
        Map<String, Object> stored = context.offsetStorageReader().offset(streams.partition());
        positions = streams.resume(stored);
        if (positions != null) {
            log.info("Synthetic source task {} resumes its streams at {}", task, stored);
        } else {
            if (stored != null) {
                log.info("Synthetic source task {}: seed or schemas changed since the stored offset; starting new "
                        + "streams", task);
            }
            positions = new long[streams.streams.size()];
        }
        startNanos = System.nanoTime();
    }

    /** Related streams: records in schedule order, as many as the schedule has made due (all, at time scale 0). */
    private List<SourceRecord> pollStreams() throws InterruptedException {
        Streams.Stream s = streams.next(positions);
        if (s == null) {
            if (!announcedDone) {
                log.info("Synthetic source streams reached their max.records; idling");
                announcedDone = true;
            }
            Thread.sleep(500);
            return null;
        }
        if (scheduleStart < 0) {
            scheduleStart = Streams.due(s, positions[s.order]);
        }
        double now = scheduleStart + (System.nanoTime() - startNanos) / 1e9 * timeScale;
        if (timeScale > 0 && Streams.due(s, positions[s.order]) > now) {
            long waitMs = (long) Math.ceil((Streams.due(s, positions[s.order]) - now) / timeScale * 1000);
            Thread.sleep(Math.max(1, Math.min(100, waitMs)));
            return null;
        }
        List<SourceRecord> out = new ArrayList<>();
        while (s != null && out.size() < batchSize && (timeScale == 0 || Streams.due(s, positions[s.order]) <= now)) {
            out.add(streams.emit(s, positions));
            s = streams.next(positions);
        }
        return out;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (streams != null) {
            return pollStreams();
        }
        if (next >= quota) {
            if (!announcedDone) {
                log.info("Synthetic source reached its {} records; idling", quota);
                announcedDone = true;
            }
            Thread.sleep(500);
            return null;
        }
        long n = Math.min(batchSize, quota - next);
        if (ratePerTask > 0) {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            long due = (long) Math.floor(elapsed * ratePerTask) + 1 - emittedThisRun;
            if (due <= 0) {
                long waitMs = (long) Math.ceil(((emittedThisRun) / ratePerTask - elapsed) * 1000);
                Thread.sleep(Math.max(1, Math.min(100, waitMs)));
                return null;
            }
            n = Math.min(n, due);
        }
        List<SourceRecord> out = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            SourceRecord r;
            if (llm != null) {
                // A model that keeps answering invalid records must not spin the task: a few calls per poll at most.
                for (int call = 0; llmBuffer.isEmpty() && call < 3; call++) {
                    llmBuffer.addAll(llm.next());
                }
                if (llmBuffer.isEmpty()) {
                    break;
                }
                r = factory.given(llm.schema(), llmBuffer.poll(), next);
            } else {
                r = factory.rules(root, next);
            }
            out.add(r);
            next++;
        }
        emittedThisRun += out.size();
        return out.isEmpty() ? null : out;
    }

    @Override
    public void stop() {
        if (llmMetrics != null) {
            llmMetrics.close();
        }
        if (llmClient != null) {
            llmClient.close();
        }
    }
}
