package dev.connectai.synthetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.PackVersion;
import dev.connectai.toolkit.schema.JsonSchemaModel;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/** Source connector of schema-conformant synthetic records. */
public class SyntheticSourceConnector extends SourceConnector {

    public static final String OVERVIEW_DOC = "Produces schema-conformant synthetic records from a JSON Schema, an Avro "
            + "schema or one example record, with realistic values (Datafaker expressions, or inferred from field "
            + "names), at an exact rate or as fast as possible, bounded or endless. Seeded and resumable: the same seed "
            + "gives the same records, tasks give distinct sub-streams, restarts neither repeat nor skip. Optional "
            + "event-time simulation with late records, tombstones and anomaly injection; or an LLM writes the "
            + "records and each is validated before it is sent.";

    public static final ConfigDef CONFIG_DEF = SyntheticSourceConfig.CONFIG_DEF;

    private Map<String, String> props;

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        SyntheticSourceConfig config = new SyntheticSourceConfig(props);
        try {
            check(config);
        } catch (SchemaProblem e) {
            throw new ConfigException(SyntheticSourceConfig.SCHEMA, "(schema)", e.getMessage());
        }
    }

    private static void check(SyntheticSourceConfig config) {
        if (config.llm()) {
            try {
                JsonSchemaModel.parse(config.jsonSchema());
            } catch (IllegalArgumentException e) {
                throw new SchemaProblem("$", "LLM generation needs a schema in the extraction subset: " + e.getMessage());
            }
        } else {
            config.compile();
        }
    }

    /** Identifies the stream a stored offset belongs to: resuming a different schema would be wrong. */
    static String fingerprint(SyntheticSourceConfig config) {
        return Integer.toHexString((config.schemaType() + "\u0000" + config.schemaText()).hashCode());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SyntheticSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> out = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> c = new HashMap<>(props);
            c.put(SyntheticSourceConfig.TASK_INDEX, Integer.toString(i));
            c.put(SyntheticSourceConfig.TASK_COUNT, Integer.toString(maxTasks));
            out.add(c);
        }
        return out;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    /** Every record is derived from (seed, task, sequence) and the offset says where a task is. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Adds schema problems (unsatisfiable bounds, bad patterns, unknown faker expressions, dangling $ref). */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        boolean clean = result.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (!clean) {
            return result;
        }
        ConfigValue schema = result.configValues().stream()
                .filter(v -> v.name().equals(SyntheticSourceConfig.SCHEMA)).findFirst().orElseThrow();
        try {
            check(new SyntheticSourceConfig(connectorConfigs));
        } catch (SchemaProblem | ConfigException e) {
            schema.addErrorMessage(e.getMessage());
        }
        return result;
    }
}
