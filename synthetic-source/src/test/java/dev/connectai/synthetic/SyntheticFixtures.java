package dev.connectai.synthetic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers: run a task in memory, and check records with a real JSON Schema validator and with Connect. */
final class SyntheticFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonConverter CONVERTER = new JsonConverter();

    static {
        CONVERTER.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
    }

    private SyntheticFixtures() {
    }

    static SyntheticSourceTask task(Map<String, String> props, int index, int count, Map<String, Object> storedOffset) {
        Map<String, String> p = new HashMap<>(props);
        p.putIfAbsent(SyntheticSourceConfig.TOPIC, "synthetic");
        p.put(SyntheticSourceConfig.TASK_INDEX, Integer.toString(index));
        p.put(SyntheticSourceConfig.TASK_COUNT, Integer.toString(count));
        SyntheticSourceTask task = new SyntheticSourceTask();
        task.initialize(new Context(storedOffset));
        task.start(p);
        return task;
    }

    static List<SourceRecord> take(SyntheticSourceTask task, int n) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        int idle = 0;
        while (out.size() < n && idle < 20) {
            List<SourceRecord> batch = task.poll();
            if (batch == null) {
                idle++;
                continue;
            }
            out.addAll(batch);
        }
        return out.size() > n ? out.subList(0, n) : out;
    }

    /** Every value is valid for Connect (when it has a Connect schema) and, written as JSON, for the JSON Schema. */
    static void assertValid(List<SourceRecord> records, JsonNode jsonSchema) {
        JsonSchema validator = jsonSchema == null ? null
                : JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(jsonSchema);
        for (SourceRecord r : records) {
            if (r.value() == null) {
                continue;
            }
            if (r.valueSchema() != null) {
                ConnectSchema.validateValue(r.valueSchema(), r.value());
            }
            if (validator != null) {
                JsonNode json = asJson(r);
                Set<ValidationMessage> errors = validator.validate(json);
                assertThat(errors).as("record %s: %s", r.sourceOffset(), json).isEmpty();
            }
        }
    }

    static JsonNode asJson(SourceRecord r) {
        try {
            return JSON.readTree(new String(CONVERTER.fromConnectData(r.topic(), r.valueSchema(), r.value()),
                    StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final class Context implements SourceTaskContext {
        private final Map<String, Object> stored;

        Context(Map<String, Object> stored) {
            this.stored = stored;
        }

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                @SuppressWarnings("unchecked")
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return stored;
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(java.util.Collection<Map<String, T>> partitions) {
                    return Map.of();
                }
            };
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
