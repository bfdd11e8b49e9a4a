package dev.connectai.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Every resource under {@code connector-configs/strimzi/} is what a Kubernetes API server with Strimzi 1.2.0's CRDs
 * accepts: each YAML document is checked against the {@code openAPIV3Schema} of the CRD matching its
 * {@code apiVersion}/{@code kind} (copied verbatim from Strimzi's release into {@code ../shared/reference/}) with
 * {@link CrdSchemaValidator}, and against what Strimzi's operator drops from {@code spec.config}. Beyond the schema:
 * every referenced Secret and ConfigMap key is shipped, the KafkaUser's ACLs cover what exactly-once source support
 * needs, every KafkaConnector carries exactly the config of its REST JSON twin, and every topic has a KafkaTopic.
 * (Strimzi's Java model, used for the older checks below, enforces neither {@code required} nor unknown fields.)
 */
class StrimziCrdSchemaTest {

    private static final Path CONFIGS = Path.of("..", "connector-configs");
    private static final Path STRIMZI = CONFIGS.resolve("strimzi");
    private static final Path CRDS = Path.of(System.getProperty("connectai.reference.dir", "../../shared/reference"))
            .resolve("strimzi-1.2.0-crds");
    private static final Path EXPORTER_RULES = CONFIGS.resolve("metrics/jmx-exporter-rules.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What Strimzi's operator drops from {@code KafkaConnect.spec.config}: keys starting with one of these (compared
     * in lower case), except the exact exceptions. From strimzi/strimzi-kafka-operator tag 1.2.0,
     * {@code api/.../connect/KafkaConnectSpec.java} FORBIDDEN_PREFIXES and FORBIDDEN_PREFIX_EXCEPTIONS, applied by
     * {@code cluster-operator/.../model/AbstractConfiguration.filterForbidden}; the CRD's description of
     * {@code spec.config} repeats them, and {@link #forbiddenKeysAreTheOnesTheCrdsDescribe} checks that.
     */
    static final List<String> CONNECT_FORBIDDEN_PREFIXES = List.of("group.id", "config.storage.topic",
            "offset.storage.topic", "status.storage.topic", "ssl.", "sasl.", "security.", "listeners", "plugin.path",
            "rest.", "bootstrap.servers", "consumer.interceptor.classes", "producer.interceptor.classes",
            "prometheus.metrics.reporter.");
    static final List<String> CONNECT_FORBIDDEN_EXCEPTIONS = List.of("ssl.endpoint.identification.algorithm",
            "ssl.cipher.suites", "ssl.protocol", "ssl.enabled.protocols");
    /** {@code KafkaConnector.spec.config} keys Strimzi drops (exact, lower case): AbstractConnectorSpec.FORBIDDEN_PARAMETERS. */
    static final List<String> CONNECTOR_FORBIDDEN_KEYS = List.of("name", "connector.class", "tasks.max",
            "connector.plugin.version");

    private static final String BASE64 = "^[A-Za-z0-9+/]*={0,2}$";
    /**
     * The parts of Kubernetes' core/v1 Secret and ConfigMap schemas these files use (Kubernetes API reference),
     * in the same structural form, so the one validator checks them too; metadata is ObjectMeta as for CRDs.
     */
    private static final String SECRET_SCHEMA = """
            {"type": "object", "required": ["apiVersion", "kind"], "properties": {
              "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
              "type": {"type": "string"}, "immutable": {"type": "boolean"},
              "data": {"type": "object", "additionalProperties": {"type": "string", "pattern": "%s"}},
              "stringData": {"type": "object", "additionalProperties": {"type": "string"}}}}
            """.formatted(BASE64);
    private static final String CONFIG_MAP_SCHEMA = """
            {"type": "object", "required": ["apiVersion", "kind"], "properties": {
              "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
              "immutable": {"type": "boolean"},
              "data": {"type": "object", "additionalProperties": {"type": "string"}},
              "binaryData": {"type": "object", "additionalProperties": {"type": "string", "pattern": "%s"}}}}
            """.formatted(BASE64);

    /** One YAML document of a shipped file. */
    private record Doc(Path file, int index, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return STRIMZI.relativize(file) + " #" + index + " " + kind() + " " + name();
        }
    }

    private static List<Doc> shippedDocs() throws IOException {
        List<Doc> docs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(STRIMZI, 4)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                int index = 0;
                while (it.hasNext()) {
                    JsonNode node = it.next();
                    if (node != null && !node.isNull() && !node.isEmpty()) {
                        docs.add(new Doc(file, index, node));
                    }
                    index++;
                }
            }
        }
        return docs;
    }

    private static List<Doc> docs(List<Doc> all, String kind) {
        return all.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    /** {@code group/version/Kind} (or {@code v1/Kind} for core kinds) to the schema the API server applies. */
    private static Map<String, JsonNode> schemas() throws IOException {
        assertThat(CRDS).as("Strimzi's CRDs (set -Dconnectai.reference.dir to the folder holding strimzi-1.2.0-crds)")
                .isDirectory();
        Map<String, JsonNode> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(CRDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode crd = YAML.readTree(f.toFile());
                JsonNode spec = crd.get("spec");
                for (JsonNode version : spec.get("versions")) {
                    if (version.path("served").asBoolean()) {
                        out.put(spec.get("group").asText() + "/" + version.get("name").asText() + "/"
                                + spec.get("names").get("kind").asText(), version.get("schema").get("openAPIV3Schema"));
                    }
                }
            }
        }
        out.put("v1/Secret", JSON.readTree(SECRET_SCHEMA));
        out.put("v1/ConfigMap", JSON.readTree(CONFIG_MAP_SCHEMA));
        return out;
    }

    /** Every violation of one document: its schema, then what Strimzi or Kubernetes refuse beyond the schema. */
    static List<String> violations(JsonNode doc, Map<String, JsonNode> schemas) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        JsonNode schema = schemas.get(key);
        if (schema == null) {
            return List.of("$.apiVersion: no served CRD or known core kind for " + key + " (known: " + schemas.keySet() + ")");
        }
        List<String> out = new ArrayList<>(new CrdSchemaValidator(schema).validate(doc));
        JsonNode config = doc.path("spec").path("config");
        if (config.isObject()) {
            config.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    // Strimzi documents String, Number and Boolean values for config maps.
                    out.add("$.spec.config." + e.getKey() + ": must be a string, number or boolean, found "
                            + e.getValue().getNodeType());
                }
            });
        }
        switch (doc.path("kind").asText()) {
            case "KafkaConnect" -> config.fieldNames().forEachRemaining(k -> {
                String lower = k.toLowerCase(java.util.Locale.ENGLISH);
                CONNECT_FORBIDDEN_PREFIXES.stream().filter(lower::startsWith).findFirst()
                        .filter(prefix -> !CONNECT_FORBIDDEN_EXCEPTIONS.contains(k))
                        .ifPresent(prefix -> out.add("$.spec.config." + k + ": forbidden by Strimzi (prefix '" + prefix
                                + "'; the operator ignores it)" + replacement(prefix)));
            });
            case "KafkaConnector" -> config.fieldNames().forEachRemaining(k -> {
                if (CONNECTOR_FORBIDDEN_KEYS.contains(k.toLowerCase(java.util.Locale.ENGLISH))) {
                    out.add("$.spec.config." + k + ": forbidden by Strimzi in KafkaConnector (use spec.class/spec.tasksMax/"
                            + "metadata.name/spec.version)");
                }
            });
            case "Secret" -> {
                // kubernetes.io/dockerconfigjson Secrets must carry .dockerconfigjson (Kubernetes refuses them otherwise).
                if (doc.path("type").asText().equals("kubernetes.io/dockerconfigjson")
                        && !doc.path("data").has(".dockerconfigjson") && !doc.path("stringData").has(".dockerconfigjson")) {
                    out.add("$.data..dockerconfigjson: required for type kubernetes.io/dockerconfigjson");
                }
            }
            default -> { }
        }
        return out;
    }

    private static String replacement(String prefix) {
        return switch (prefix) {
            case "group.id" -> "; set spec.groupId";
            case "config.storage.topic" -> "; set spec.configStorageTopic";
            case "offset.storage.topic" -> "; set spec.offsetStorageTopic";
            case "status.storage.topic" -> "; set spec.statusStorageTopic";
            default -> "";
        };
    }

    private static List<String> violationsOf(List<Doc> docs, Map<String, JsonNode> schemas) {
        List<String> out = new ArrayList<>();
        for (Doc d : docs) {
            violations(d.node(), schemas).forEach(v -> out.add(d + ": " + v));
        }
        return out;
    }

    @Test
    void everyShippedResourceIsValidAgainstStrimzisCrds() throws Exception {
        List<Doc> docs = shippedDocs();
        assertThat(violationsOf(docs, schemas())).isEmpty();
        Map<String, Integer> kinds = new TreeMap<>();
        docs.forEach(d -> kinds.merge(d.kind(), 1, Integer::sum));
        assertThat(kinds).containsOnlyKeys("KafkaConnect", "KafkaConnector", "KafkaTopic", "KafkaUser", "Secret", "ConfigMap");
        assertThat(kinds.get("KafkaConnector")).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theValidatorCatchesBrokenCopiesAtTheirPath() throws Exception {
        List<Doc> docs = shippedDocs();
        Map<String, JsonNode> schemas = schemas();
        JsonNode connect = docs(docs, "KafkaConnect").get(0).node();
        JsonNode connector = docs(docs, "KafkaConnector").get(0).node();
        JsonNode topic = docs(docs, "KafkaTopic").get(0).node();
        JsonNode user = docs(docs, "KafkaUser").get(0).node();
        JsonNode secret = docs(docs, "Secret").get(0).node();
        JsonNode configMap = docs(docs, "ConfigMap").get(0).node();

        assertCaught(schemas, connect, d -> spec(d).remove("groupId"), "$.spec.groupId: required property is missing");
        assertCaught(schemas, connect, d -> spec(d).remove("offsetStorageTopic"), "$.spec.offsetStorageTopic: required");
        assertCaught(schemas, connect, d -> obj(d, "spec", "config").put("group.id", "connect-ai"),
                "$.spec.config.group.id: forbidden by Strimzi");
        assertCaught(schemas, connect, d -> obj(d, "spec", "config").put("SSL.keystore.location", "/x"),
                "$.spec.config.SSL.keystore.location: forbidden by Strimzi");
        assertCaught(schemas, connect, d -> obj(d, "spec", "config").put("prometheus.metrics.reporter.listener", "x"),
                "$.spec.config.prometheus.metrics.reporter.listener: forbidden");
        assertCaught(schemas, connect, d -> obj(d, "spec", "config").putObject("nested").put("a", 1),
                "$.spec.config.nested: must be a string, number or boolean");
        assertCaught(schemas, connect, d -> spec(d).put("groupID", "connect-ai"), "$.spec.groupID: unknown field");
        assertCaught(schemas, connect, d -> obj(d, "spec", "build", "output").put("tag", "latest"),
                "$.spec.build.output.tag: unknown field");
        assertCaught(schemas, connect, d -> obj(d, "spec", "build", "output").put("type", "podman"),
                "$.spec.build.output.type: \"podman\" is not one of");
        assertCaught(schemas, connect, d -> obj(d, "spec", "metricsConfig").put("type", "jmxExporter"),
                "$.spec.metricsConfig.type: \"jmxExporter\" is not one of");
        assertCaught(schemas, connect, d -> spec(d).put("replicas", "2"), "$.spec.replicas: must be of type integer");
        assertCaught(schemas, connect, d -> spec(d).put("replicas", 1.5), "$.spec.replicas: must be of type integer");
        assertCaught(schemas, connect, d -> spec(d).put("version", 4.3), "$.spec.version: must be of type string");
        assertCaught(schemas, connect, d -> obj(d, "spec", "jvmOptions").put("-Xmx", "2GB"),
                "$.spec.jvmOptions.-Xmx: '2GB' does not match the pattern");
        assertCaught(schemas, connect, d -> obj(d, "spec", "resources", "requests").put("memory", true),
                "$.spec.resources.requests.memory: must be an integer or a string");
        assertCaught(schemas, connect, d -> obj(d, "spec", "resources", "limits").put("memory", "4 GB"),
                "$.spec.resources.limits.memory: '4 GB' does not match the pattern");
        assertCaught(schemas, connect, d -> ((ObjectNode) d.at("/spec/tls/trustedCertificates/0")).put("certificate", "ca.crt"),
                "$.spec.tls.trustedCertificates[0]: must match exactly one of [required [\"certificate\"], required [\"pattern\"]], matches 2");
        assertCaught(schemas, connect, d -> ((ObjectNode) d.at("/spec/template/connectContainer/env/0")).remove("value"),
                "$.spec.template.connectContainer.env[0]: must match exactly one of");
        assertCaught(schemas, connect, d -> ((ObjectNode) d.at("/spec/build/plugins/0/artifacts/0")).put("url", "file:///x.zip"),
                "$.spec.build.plugins[0].artifacts[0].url: 'file:///x.zip' does not match the pattern");
        assertCaught(schemas, connect, d -> spec(d).putNull("image"), "$.spec.image: null is not allowed");
        assertCaught(schemas, connect, d -> obj(d, "metadata").put("nmae", "x"), "$.metadata.nmae: unknown field");
        assertCaught(schemas, connect, d -> obj(d, "metadata").put("name", "Connect_AI"), "$.metadata.name: 'Connect_AI'");
        assertCaught(schemas, connect, d -> obj(d, "metadata", "annotations").put("strimzi.io/use-connector-resources", true),
                "$.metadata.annotations.strimzi.io/use-connector-resources: must be a string");
        assertCaught(schemas, connect, d -> ((ObjectNode) d).put("apiVersion", "kafka.strimzi.io/v1beta2"),
                "$.apiVersion: no served CRD");

        assertCaught(schemas, connector, d -> obj(d, "spec", "config").put("tasks.max", "3"),
                "$.spec.config.tasks.max: forbidden by Strimzi in KafkaConnector");
        assertCaught(schemas, connector, d -> spec(d).put("tasksMax", 0), "$.spec.tasksMax: 0 is below the minimum 1");
        assertCaught(schemas, connector, d -> spec(d).put("state", "started"), "$.spec.state: \"started\" is not one of");
        assertCaught(schemas, topic, d -> spec(d).put("replicas", 40000), "$.spec.replicas: 40000 is above the maximum 32767");
        assertCaught(schemas, topic, d -> spec(d).put("partitions", "3"), "$.spec.partitions: must be of type integer");
        assertCaught(schemas, user, d -> ((ArrayNode) d.at("/spec/authorization/acls/0/operations")).add("Fly"),
                "$.spec.authorization.acls[0].operations[4]: \"Fly\" is not one of");
        assertCaught(schemas, user, d -> ((ObjectNode) d.at("/spec/authorization/acls/0/resource")).put("type", "transactionalID"),
                "$.spec.authorization.acls[0].resource.type: \"transactionalID\" is not one of");
        assertCaught(schemas, user, d -> ((ObjectNode) d.at("/spec/authorization/acls/0")).remove("operations"),
                "$.spec.authorization.acls[0].operations: required property is missing");
        assertCaught(schemas, secret, d -> obj(d).putObject("data").put("api-key", "not base64!"),
                "$.data.api-key: 'not base64!' does not match the pattern");
        assertCaught(schemas, secret, d -> obj(d, "stringData").put("port", 5432), "$.stringData.port: must be of type string");
        assertCaught(schemas, configMap, d -> obj(d, "data").put("replicas", 2), "$.data.replicas: must be of type string");
        assertCaught(schemas, configMap, d -> obj(d).put("kind", "ConfigMapp"), "$.apiVersion: no served CRD or known core kind");
    }

    private static void assertCaught(Map<String, JsonNode> schemas, JsonNode original, Consumer<JsonNode> breakIt,
                                     String expected) {
        assertThat(violations(original, schemas)).as("the unbroken %s", original.path("kind").asText()).isEmpty();
        JsonNode broken = original.deepCopy();
        breakIt.accept(broken);
        assertThat(violations(broken, schemas)).as("violations of a %s broken to give '%s'",
                original.path("kind").asText(), expected).anyMatch(v -> v.startsWith(expected));
    }

    private static ObjectNode spec(JsonNode doc) {
        return obj(doc, "spec");
    }

    private static ObjectNode obj(JsonNode doc, String... path) {
        JsonNode n = doc;
        for (String p : path) {
            n = n.get(p);
        }
        return (ObjectNode) n;
    }

    @Test
    void forbiddenKeysAreTheOnesTheCrdsDescribe() throws Exception {
        JsonNode connect = YAML.readTree(CRDS.resolve("041-Crd-kafkaconnect.yaml").toFile());
        String description = connect.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/config/description").asText();
        Matcher m = Pattern.compile("following prefixes cannot be set: (.*) \\(with the exception of: (.*)\\)\\.").matcher(description);
        assertThat(m.find()).as(description).isTrue();
        assertThat(Arrays.asList(m.group(1).split(", "))).isEqualTo(CONNECT_FORBIDDEN_PREFIXES);
        assertThat(Arrays.asList(m.group(2).split(", "))).isEqualTo(CONNECT_FORBIDDEN_EXCEPTIONS);

        JsonNode connector = YAML.readTree(CRDS.resolve("047-Crd-kafkaconnector.yaml").toFile());
        String connectorDescription = connector.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/config/description").asText();
        m = Pattern.compile("following properties cannot be set: (.*)\\.").matcher(connectorDescription);
        assertThat(m.find()).as(connectorDescription).isTrue();
        assertThat(Arrays.asList(m.group(1).split(", "))).isEqualTo(CONNECTOR_FORBIDDEN_KEYS);
    }

    @Test
    void everyReferencedSecretAndConfigMapKeyIsShipped() throws Exception {
        List<Doc> docs = shippedDocs();
        Map<String, Set<String>> secrets = keysByName(docs(docs, "Secret"), "data", "stringData");
        Map<String, Set<String>> configMaps = keysByName(docs(docs, "ConfigMap"), "data", "binaryData");
        // Strimzi makes these: the User Operator a Secret per KafkaUser, the Cluster Operator <cluster>-cluster-ca-cert.
        Set<String> madeByStrimzi = new HashSet<>();
        for (Doc d : docs) {
            if (d.kind().equals("KafkaUser")) {
                madeByStrimzi.add(d.name());
            }
            if (d.kind().equals("KafkaUser") || d.kind().equals("KafkaTopic")) {
                madeByStrimzi.add(d.node().path("metadata").path("labels").path("strimzi.io/cluster").asText() + "-cluster-ca-cert");
            }
        }
        List<String> references = new ArrayList<>();
        for (Doc d : docs) {
            collectReferences(d.node(), "$", references, 0);
        }
        List<String> missing = new ArrayList<>();
        for (String ref : references) {
            String[] p = ref.split(" ");
            String kind = p[0];
            String name = p[1];
            String key = p[2];
            Map<String, Set<String>> shipped = kind.equals("configMap") ? configMaps : secrets;
            if (kind.equals("secret") && madeByStrimzi.contains(name)) {
                continue;
            }
            if (!shipped.containsKey(name) || (!key.equals("-") && !shipped.get(name).contains(key))) {
                missing.add(ref + (kind.equals("secret") ? ": add an example to secrets.yaml" : ""));
            }
        }
        assertThat(missing).isEmpty();
        assertThat(references).as("references found").anyMatch(r -> r.startsWith("secret registry-credentials"))
                .anyMatch(r -> r.startsWith("configMap connect-ai-metrics"));
    }

    private static Map<String, Set<String>> keysByName(List<Doc> docs, String... fields) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Doc d : docs) {
            Set<String> keys = out.computeIfAbsent(d.name(), n -> new HashSet<>());
            for (String f : fields) {
                d.node().path(f).fieldNames().forEachRemaining(keys::add);
            }
        }
        return out;
    }

    private static final Pattern SECRET_PROVIDER_REF = Pattern.compile("\\$\\{secrets:[^/}]+/([^:}]+):([^}]+)}");

    /** {@code "secret|configMap <name> <key or ->"} for every reference Strimzi or Kubernetes resolves. */
    private static void collectReferences(JsonNode n, String path, List<String> out, int depth) {
        if (depth > CrdSchemaValidator.MAX_DEPTH) {
            throw new IllegalStateException(path + ": nested too deep");
        }
        if (n.isTextual()) {
            Matcher m = SECRET_PROVIDER_REF.matcher(n.asText());
            while (m.find()) {
                out.add("secret " + m.group(1) + " " + m.group(2) + " at " + path);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                collectReferences(n.get(i), path + "[" + i + "]", out, depth + 1);
            }
        } else if (n.isObject()) {
            if (n.has("secretKeyRef")) {
                out.add("secret " + n.at("/secretKeyRef/name").asText() + " " + n.at("/secretKeyRef/key").asText() + " at " + path);
            }
            if (n.has("configMapKeyRef")) {
                out.add("configMap " + n.at("/configMapKeyRef/name").asText() + " " + n.at("/configMapKeyRef/key").asText()
                        + " at " + path);
            }
            if (n.has("secretName")) {
                String key = n.has("password") ? n.get("password").asText() : "-";
                out.add("secret " + n.get("secretName").asText() + " " + key + " at " + path);
            }
            if (n.has("pushSecret")) {
                out.add("secret " + n.get("pushSecret").asText() + " .dockerconfigjson at " + path);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collectReferences(e.getValue(), path + "." + e.getKey(), out, depth + 1);
            }
        }
    }

    @Test
    void metricsConfigReadsTheExporterRulesFromTheShippedConfigMap() throws Exception {
        List<Doc> docs = shippedDocs();
        JsonNode metrics = docs(docs, "KafkaConnect").get(0).node().at("/spec/metricsConfig");
        assertThat(metrics.path("type").asText()).isEqualTo("jmxPrometheusExporter");
        assertThat(metrics.at("/valueFrom/configMapKeyRef/name").asText()).isEqualTo("connect-ai-metrics");
        assertThat(metrics.at("/valueFrom/configMapKeyRef/key").asText()).isEqualTo("metrics-config.yml");
        JsonNode configMap = docs(docs, "ConfigMap").stream().filter(d -> d.name().equals("connect-ai-metrics"))
                .findFirst().orElseThrow().node();
        String exporterConfig = configMap.at("/data/metrics-config.yml").asText();
        // A JMX exporter config: a map whose rules each have a pattern (the exporter refuses a rule without one
        // only when it has a name; a catch-all rule may omit both, ours never do).
        JsonNode parsed = YAML.readTree(exporterConfig);
        assertThat(parsed.isObject()).as(exporterConfig).isTrue();
        assertThat(parsed.path("rules").isArray()).as("rules list").isTrue();
        assertThat(parsed.path("rules")).isNotEmpty().allSatisfy(rule -> assertThat(rule.path("pattern").isTextual()).isTrue());
        if (Files.exists(EXPORTER_RULES)) {
            assertThat(exporterConfig).as("metrics-configmap.yaml's metrics-config.yml must be a copy of %s: run"
                            + " python3 connector-configs/render-strimzi-connectors.py", EXPORTER_RULES)
                    .isEqualTo(Files.readString(EXPORTER_RULES));
        }
    }

    @Test
    void theUserMayDoWhatTheWorkersAndExactlyOnceSourceTasksNeed() throws Exception {
        List<Doc> docs = shippedDocs();
        JsonNode connect = docs(docs, "KafkaConnect").get(0).node();
        JsonNode user = docs(docs, "KafkaUser").get(0).node();
        JsonNode acls = user.at("/spec/authorization/acls");
        String group = connect.at("/spec/groupId").asText();
        assertThat(group).isNotEmpty();
        // The workers authenticate with the KafkaUser's certificate.
        assertThat(connect.at("/spec/authentication/certificateAndKey/secretName").asText()).isEqualTo(user.at("/metadata/name").asText());
        for (Doc connector : docs(docs, "KafkaConnector")) {
            assertThat(connector.node().at("/metadata/labels/strimzi.io~1cluster").asText()).as(connector.toString())
                    .isEqualTo(connect.at("/metadata/name").asText());
        }

        assertAllowed(acls, "group", group, "Read");
        for (String topicField : List.of("configStorageTopic", "offsetStorageTopic", "statusStorageTopic")) {
            String topic = connect.at("/spec/" + topicField).asText();
            for (String op : List.of("Read", "Write", "Describe", "Create")) {
                assertAllowed(acls, "topic", topic, op);
            }
        }
        String eos = connect.at("/spec/config/exactly.once.source.support").asText("disabled");
        assertThat(eos).as("this test checks the exactly-once ACLs; keep it enabled or adapt the test").isEqualTo("enabled");
        // Kafka docs, "Exactly-once support" > "ACL requirements" (docs/kafka-connect/user-guide.md; KIP-618).
        assertAllowed(acls, "transactionalId", "connect-cluster-" + group, "Write");
        assertAllowed(acls, "transactionalId", "connect-cluster-" + group, "Describe");
        assertAllowed(acls, "cluster", "kafka-cluster", "IdempotentWrite");
        Map<String, JsonNode> rest = restConfigs();
        int sources = 0;
        for (Map.Entry<String, JsonNode> e : rest.entrySet()) {
            JsonNode cfg = e.getValue();
            if (cfg.has("topics") || cfg.has("topics.regex")) {
                assertAllowed(acls, "group", "connect-" + e.getKey(), "Read"); // a sink's consumer group
                continue;
            }
            sources++;
            for (int task = 0; task < cfg.get("tasks.max").asInt(); task++) {
                String transactionalId = group + "-" + e.getKey() + "-" + task;
                assertAllowed(acls, "transactionalId", transactionalId, "Write");
                assertAllowed(acls, "transactionalId", transactionalId, "Describe");
            }
            String offsets = cfg.has("offsets.storage.topic") ? cfg.get("offsets.storage.topic").asText()
                    : connect.at("/spec/offsetStorageTopic").asText();
            for (String op : List.of("Read", "Write", "Describe")) {
                assertAllowed(acls, "topic", offsets, op);
            }
        }
        assertThat(sources).isGreaterThanOrEqualTo(5);
    }

    private static void assertAllowed(JsonNode acls, String type, String name, String operation) {
        boolean allowed = false;
        for (JsonNode rule : acls) {
            JsonNode r = rule.path("resource");
            boolean ops = false;
            for (JsonNode op : rule.path("operations")) {
                ops |= op.asText().equals(operation) || op.asText().equals("All");
            }
            if (!r.path("type").asText().equals(type) || !rule.path("type").asText("allow").equals("allow") || !ops) {
                continue;
            }
            String pattern = r.path("name").asText();
            allowed |= type.equals("cluster")
                    || (r.path("patternType").asText("literal").equals("prefix") ? name.startsWith(pattern)
                    : pattern.equals(name) || pattern.equals("*"));
        }
        assertThat(allowed).as("KafkaUser ACL allowing %s on %s '%s'", operation, type, name).isTrue();
    }

    // The checks below read the resources with Strimzi's API model (io.strimzi:api).

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
            List<String> keys = new ArrayList<>(List.of("topics", "topic", "errors.deadletterqueue.topic.name"));
            cfg.fieldNames().forEachRemaining(k -> {
                if (k.matches("stream\\.[^.]+\\.topic")) {
                    keys.add(k); // the synthetic source's related streams, each to its own topic
                }
            });
            for (String key : keys) {
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
