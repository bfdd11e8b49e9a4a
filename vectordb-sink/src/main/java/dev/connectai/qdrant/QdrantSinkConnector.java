package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.connectai.qdrant.address.QdrantAddress;
import dev.connectai.toolkit.PackVersion;
import io.grpc.Status;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** Sink connector writing records as Qdrant points. */
public class QdrantSinkConnector extends SinkConnector {

    public static final String OVERVIEW_DOC = "Writes Kafka records to Qdrant over gRPC as points: vectors from a "
            + "field (dense, named, sparse or multi) or computed in the sink from text (batched, optionally chunked), "
            + "payload from the other fields (Struct, Map or JSON; Debezium 'after'), deterministic ids so replays are "
            + "idempotent, tombstones and Debezium deletes remove points. Within a batch the last write of an id wins; "
            + "bad records go to the dead letter queue with the reason; Qdrant outages are retried by Connect.";

    public static final ConfigDef CONFIG_DEF = QdrantSinkConfig.CONFIG_DEF;

    private Map<String, String> props;

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new QdrantSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return QdrantSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> c = new HashMap<>(props);
            c.put(QdrantSinkTask.TASK_ID, Integer.toString(i));
            configs.add(c);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    /**
     * Adds the cross-key rules and the reachability and key checks to the usual per-key validation, each reported
     * on the field at fault.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        result.configValues().forEach(v -> values.put(v.name(), v));
        QdrantSinkConfig.crossKeyProblems(key -> values.get(key).value(),
                        key -> values.get(key).errorMessages().isEmpty())
                .forEach(problem -> values.get(problem.key()).addErrorMessage(problem.error().getMessage()));
        ConfigValue url = values.get(QdrantSinkConfig.URL);
        ConfigValue key = values.get(QdrantSinkConfig.API_KEY);
        if (url == null || !url.errorMessages().isEmpty()) {
            return result;
        }
        QdrantAddress address = QdrantAddress.parse((String) url.value());
        Object keyValue = key == null ? null : key.value();
        String apiKey = keyValue == null ? null : keyValue instanceof org.apache.kafka.common.config.types.Password p
                ? p.value() : keyValue.toString();
        ConfigValue ca = values.get(QdrantSinkConfig.TLS_CA_FILE);
        String caFile = ca == null || ca.value() == null || ca.value().toString().isBlank() ? null : ca.value().toString();
        try (QdrantConnections.Handle handle = QdrantConnections.openUnshared(address,
                apiKey == null || apiKey.isBlank() ? null : apiKey, caFile, 5000)) {
            handle.client.listCollectionsAsync().get(6, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            Status.Code code = QdrantErrors.code(cause);
            if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
                (key != null ? key : url).addErrorMessage("Qdrant at " + address + " rejected the API key (" + code + ")");
            } else if (cause instanceof org.apache.kafka.connect.errors.ConnectException && ca != null) {
                ca.addErrorMessage(cause.getMessage());
            } else {
                url.addErrorMessage("Qdrant is not reachable at " + address + " (" + code + "): check the host, the "
                        + "gRPC port (6334 by default) and TLS");
            }
        }
        return result;
    }
}
