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
            + "records and each is validated before it is sent. One connector can also generate several related "
            + "streams ('streams'), each to its own topic at its own rate, where a field annotated x-ref holds a key "
            + "another stream already emitted.";

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
        if (!config.streams().isEmpty()) {
            check(config); // problems are reported on the stream's own setting
            return;
        }
        try {
            check(config);
        } catch (SchemaProblem e) {
            throw new ConfigException(SyntheticSourceConfig.SCHEMA, "(schema)", e.getMessage());
        }
    }

    private static void check(SyntheticSourceConfig config) {
        if (!config.streams().isEmpty()) {
            Streams.build(config, 0, 1);
            return;
        }
        if (config.llm()) {
            try {
                JsonSchemaModel.parse(config.jsonSchema());
            } catch (IllegalArgumentException e) {
                throw new SchemaProblem("$", "LLM generation needs a schema in the extraction subset: " + e.getMessage());
            }
        } else {
            List<References.Ref> refs = References.declared(config);
            if (!refs.isEmpty()) {
                References.Ref r = refs.get(0);
                throw new SchemaProblem(r.where(), References.ANNOTATION + " '" + r.stream() + "' references another "
                        + "stream's keys: list the related streams in '" + SyntheticSourceConfig.STREAMS
                        + "' and configure each with stream.<name>.*");
            }
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

    /**
     * Adds schema problems (unsatisfiable bounds, bad patterns, unknown faker expressions, dangling $ref) and, for
     * related streams, each problem on the setting at fault (a stream's schema, an unknown or cyclic reference).
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        boolean clean = result.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (!clean) {
            return result;
        }
        try {
            check(new SyntheticSourceConfig(connectorConfigs));
        } catch (SettingProblem e) {
            valueOf(result, e.key, connectorConfigs).addErrorMessage(e.getMessage());
        } catch (SchemaProblem | ConfigException e) {
            valueOf(result, SyntheticSourceConfig.SCHEMA, connectorConfigs).addErrorMessage(e.getMessage());
        }
        return result;
    }

    /** The result's entry for a setting; a stream's setting (stream.x.y) is not in the ConfigDef and is added. */
    private static ConfigValue valueOf(Config result, String name, Map<String, String> configs) {
        return result.configValues().stream().filter(v -> v.name().equals(name)).findFirst().orElseGet(() -> {
            ConfigValue v = new ConfigValue(name, configs.get(name), List.of(), new ArrayList<>());
            result.configValues().add(v);
            return v;
        });
    }
}
