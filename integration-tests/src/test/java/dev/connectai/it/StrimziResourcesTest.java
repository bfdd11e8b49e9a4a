package dev.connectai.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Strimzi resources parse with Strimzi's own API model, and every KafkaConnector carries exactly the config of
 * its REST JSON twin: the two cannot drift apart unnoticed.
 */
class StrimziResourcesTest {

    private static final Path CONFIGS = Path.of("..", "connector-configs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static <T> List<T> read(Path file, Class<T> type) throws Exception {
        try (MappingIterator<T> it = YAML.readerFor(type).readValues(file.toFile())) {
            return it.readAll();
        }
    }

    private static Map<String, JsonNode> restConfigs() throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        try (Stream<Path> files = Files.list(CONFIGS.resolve("rest"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode n = JSON.readTree(f.toFile());
                out.put(n.get("name").asText(), n.get("config"));
            }
        }
        return out;
    }

    @Test
    void kafkaConnectBuildsThePackWithConfigProvidersAndConnectorResources() throws Exception {
        KafkaConnect connect = read(CONFIGS.resolve("strimzi/kafka-connect.yaml"), KafkaConnect.class).get(0);
        // The 0.51 model fills apiVersion with its own default when it reads, so check the file itself.
        assertThat(YAML.readTree(CONFIGS.resolve("strimzi/kafka-connect.yaml").toFile()).get("apiVersion").asText())
                .isEqualTo("kafka.strimzi.io/v1");
        assertThat(connect.getMetadata().getAnnotations()).containsEntry("strimzi.io/use-connector-resources", "true");
        assertThat(connect.getSpec().getBuild().getPlugins()).extracting(p -> p.getName())
                .contains("connect-ai-pack", "debezium-postgres");
        assertThat(connect.getSpec().getBuild().getPlugins().get(0).getArtifacts().get(0).getType()).isEqualTo("zip");
        assertThat(connect.getSpec().getConfig()).containsEntry("config.providers", "env,secrets")
                .containsEntry("config.providers.secrets.class", "io.strimzi.kafka.KubernetesSecretConfigProvider");
        Set<String> env = new HashSet<>();
        connect.getSpec().getTemplate().getConnectContainer().getEnv().forEach(e -> env.add(e.getName()));
        // Every ${env:X} a connector uses is provided to the container.
        for (JsonNode config : restConfigs().values()) {
            config.fields().forEachRemaining(e -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{env:([A-Z_]+)}").matcher(e.getValue().asText());
                while (m.find()) {
                    assertThat(env).as("env var %s used by %s", m.group(1), e.getKey()).contains(m.group(1));
                }
            });
        }
    }

    @Test
    void everyRestPipelineHasAKafkaConnectorWithTheSameConfig() throws Exception {
        Map<String, JsonNode> rest = restConfigs();
        assertThat(rest).hasSizeGreaterThanOrEqualTo(8);
        for (Map.Entry<String, JsonNode> e : rest.entrySet()) {
            File file = CONFIGS.resolve("strimzi/connectors/" + e.getKey() + ".yaml").toFile();
            assertThat(file).as("KafkaConnector for %s", e.getKey()).exists();
            KafkaConnector c = read(file.toPath(), KafkaConnector.class).get(0);
            assertThat(c.getMetadata().getName()).isEqualTo(e.getKey());
            assertThat(c.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "connect-ai");
            JsonNode cfg = e.getValue();
            assertThat(c.getSpec().getClassName()).isEqualTo(cfg.get("connector.class").asText());
            assertThat(c.getSpec().getTasksMax()).isEqualTo(cfg.get("tasks.max").asInt());
            Map<String, Object> expected = new HashMap<>();
            cfg.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("connector.class") && !f.getKey().equals("tasks.max")) {
                    expected.put(f.getKey(), f.getValue().asText());
                }
            });
            Map<String, Object> actual = new HashMap<>();
            c.getSpec().getConfig().forEach((k, v) -> actual.put(k, String.valueOf(v)));
            assertThat(actual).as("config of %s drifted from rest/%s.json", e.getKey(), e.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void everyTopicExistsAndTheUserMayTouchOnlyWhatItNeeds() throws Exception {
        Set<String> topics = new HashSet<>();
        for (KafkaTopic t : read(CONFIGS.resolve("strimzi/topics.yaml"), KafkaTopic.class)) {
            topics.add(t.getMetadata().getName());
            assertThat(t.getSpec().getPartitions()).isPositive();
        }
        KafkaUser user = read(CONFIGS.resolve("strimzi/users.yaml"), KafkaUser.class).get(0);
        Set<String> aclTopics = new HashSet<>();
        for (AclRule rule : ((io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
            if (rule.getResource() instanceof AclRuleTopicResource r) {
                aclTopics.add(r.getName());
            }
        }
        for (JsonNode cfg : restConfigs().values()) {
            for (String key : List.of("topics", "topic", "errors.deadletterqueue.topic.name")) {
                if (cfg.has(key)) {
                    for (String t : cfg.get(key).asText().split(",")) {
                        assertThat(topics).as("KafkaTopic for %s", t).contains(t);
                        assertThat(aclTopics).as("ACL for %s", t).contains(t);
                    }
                }
            }
        }
        assertThat(aclTopics).doesNotContain("*");
    }
}
