package dev.connectai.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.connectai.local.QdrantEndpoint;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CreateAlias;
import io.qdrant.client.grpc.Collections.DeleteAlias;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * The re-index command ({@code ./reindex.sh}): a blue/green re-index of a Qdrant sink pipeline against a running
 * Connect cluster, while search keeps querying a Qdrant alias. It starts a second sink connector (a new name, so a
 * new consumer group reading from offset 0) with the old connector's settings plus the new ones, writing to a new
 * collection; waits until that connector has caught up; pauses the old connector and waits until the new one has
 * caught up again (so it holds everything the old one wrote); refuses to switch when the new collection holds fewer
 * live documents ({@link LiveDocuments}) than the old; switches the alias in one UpdateAliases request; deletes the
 * old connector and keeps or drops the old collection. Every step is printed; a failure before the switch resumes
 * the old connector, so search keeps serving the old collection, and prints what to clean up.
 *
 * <p>Exit codes: 0 switched, 1 failed, 3 refused (fewer live documents), 64 bad arguments.
 */
public final class Reindex {

    static final String SINK_CLASS = "dev.connectai.qdrant.QdrantSinkConnector";
    static final int FAILED = 1;
    static final int REFUSED = 3;
    static final int USAGE = 64;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECTOR_STATE_WAIT = Duration.ofMinutes(2);
    private static final Duration QDRANT_CALL = Duration.ofSeconds(30);

    /** A step that cannot go on; the message says why and what to do. */
    static final class Stop extends Exception {
        final int exitCode;

        Stop(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private final ReindexOptions options;
    private final ConnectRest connect;
    private final QdrantClient qdrant;
    private final ConsumerLag lag;
    private int step;
    private boolean newConnectorStarted;
    private volatile boolean oldPaused;
    private volatile boolean switched;
    private volatile String oldCollection;

    private Reindex(ReindexOptions options, ConnectRest connect, QdrantClient qdrant, ConsumerLag lag) {
        this.options = options;
        this.connect = connect;
        this.qdrant = qdrant;
        this.lag = lag;
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), QdrantEndpoint.fromEnvironment()));
    }

    /** The whole command; returns its exit code. */
    static int run(List<String> args, QdrantEndpoint qdrantEndpoint) {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.println(ReindexOptions.USAGE);
            return 0;
        }
        ReindexOptions options;
        try {
            options = ReindexOptions.parse(args);
        } catch (Exception e) {
            System.err.println("reindex: " + e.getMessage());
            System.err.println(ReindexOptions.USAGE);
            return USAGE;
        }
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        admin.putAll(options.kafkaProperties());
        System.out.println("Re-indexing: connector " + options.connector() + " -> " + options.newConnector()
                + ", alias " + options.alias() + " -> collection " + options.newCollection() + "; Connect at "
                + options.connectUrl() + ", Qdrant at " + qdrantEndpoint + ", Kafka at " + options.bootstrapServers());
        Admin kafka = null;
        try (QdrantClient qdrant = qdrantEndpoint.connect()) {
            kafka = Admin.create(admin);
            Reindex reindex = new Reindex(options, new ConnectRest(options.connectUrl()), qdrant,
                    new ConsumerLag(kafka));
            // Ctrl-C between the pause and the switch must not leave the old pipeline paused.
            Thread resume = new Thread(reindex::resumeIfInterrupted, "reindex-resume");
            Runtime.getRuntime().addShutdownHook(resume);
            int exit = reindex.run();
            Runtime.getRuntime().removeShutdownHook(resume);
            return exit;
        } catch (Exception e) {
            System.err.println("reindex: " + e);
            return FAILED;
        } finally {
            if (kafka != null) {
                kafka.close(Duration.ofSeconds(10));
            }
        }
    }

    private void resumeIfInterrupted() {
        if (oldPaused && !switched) {
            try {
                connect.put("/connectors/" + enc(options.connector()) + "/resume");
                System.out.println("Interrupted: resumed connector " + options.connector() + "; search still serves '"
                        + oldCollection + "'. Delete connector " + options.newConnector() + " and collection '"
                        + options.newCollection() + "' before re-running.");
            } catch (Exception e) {
                System.out.println("Interrupted: resume connector " + options.connector() + " yourself: curl -X PUT "
                        + options.connectUrl() + "/connectors/" + enc(options.connector()) + "/resume");
            }
        }
    }

    private int run() throws InterruptedException {
        try {
            steps();
            return 0;
        } catch (Stop stop) {
            System.out.println();
            System.out.println((stop.exitCode == REFUSED ? "REFUSED: " : "FAILED: ") + stop.getMessage());
            rollBack();
            return stop.exitCode;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            System.out.println();
            System.out.println("FAILED: " + describe(e));
            rollBack();
            return FAILED;
        }
    }

    private void steps() throws Exception {
        String old = options.connector();
        String fresh = options.newConnector();
        String alias = options.alias();
        String target = options.newCollection();

        if (fresh.equals(old)) {
            throw new Stop(FAILED, "--new-connector must differ from --connector: a new name is what makes a new "
                    + "consumer group reading from offset 0");
        }
        begin("Read the configuration of connector " + old);
        Map<String, String> oldConfig = config(connect.get("/connectors/" + enc(old) + "/config"));
        if (!SINK_CLASS.equals(oldConfig.get("connector.class"))) {
            throw new Stop(FAILED, "connector " + old + " is a " + oldConfig.get("connector.class") + ", not the Qdrant"
                    + " sink (" + SINK_CLASS + "); nothing was changed");
        }
        String writesTo = oldConfig.getOrDefault("collection.name", "${topic}").trim();
        if (writesTo.contains("${topic}")) {
            throw new Stop(FAILED, "connector " + old + " writes to collection.name=" + writesTo + ", one collection"
                    + " per topic; one alias serves one collection, so re-index per topic with one connector each");
        }
        done("writes to collection '" + writesTo + "'");

        begin("Find what alias '" + alias + "' serves");
        oldCollection = servedCollection(alias, writesTo);
        checkNewCollection(alias, target);

        begin("Check the new connector's configuration with the worker");
        Map<String, String> newConfig = newConfig(oldConfig);
        validate(newConfig);
        done("valid; changed settings: " + changedKeys(oldConfig, newConfig));

        begin("Start connector " + fresh + " (consumer group connect-" + fresh + ", from offset 0) writing to '"
                + target + "'");
        if (connect.status("/connectors/" + enc(fresh)) != 404) {
            throw new Stop(FAILED, "a connector named " + fresh + " exists already; delete it or pass "
                    + "--new-connector with another name");
        }
        ObjectNode create = JSON.createObjectNode().put("name", fresh);
        create.set("config", JSON.valueToTree(newConfig));
        connect.createConnector(create);
        newConnectorStarted = true;
        awaitState(fresh, "RUNNING");
        done("running");

        List<TopicPartition> partitions = lag.partitions(newConfig);
        long deadline = System.nanoTime() + options.timeout().toNanos();
        begin("Wait until " + fresh + " has caught up (lag 0 over " + partitions.size() + " partition(s), at most "
                + options.timeout().toSeconds() + " s)");
        awaitCaughtUp(fresh, partitions, deadline);

        begin("Pause " + old + " and wait until " + fresh + " has caught up again (then it holds all " + old
                + " wrote)");
        connect.put("/connectors/" + enc(old) + "/pause");
        oldPaused = true;
        awaitState(old, "PAUSED");
        awaitCaughtUp(fresh, partitions, Math.max(deadline, System.nanoTime() + CONNECTOR_STATE_WAIT.toNanos()));

        begin("Count live documents (distinct document_id, or points without one)");
        if (!exists(target)) {
            throw new Stop(REFUSED, "collection '" + target + "' does not exist: " + fresh + " has written nothing"
                    + " yet (the sink creates it with the first record)");
        }
        long countDeadline = System.nanoTime() + options.timeout().toNanos();
        long before = LiveDocuments.count(qdrant, oldCollection, countDeadline);
        long after = LiveDocuments.count(qdrant, target, countDeadline);
        System.out.println("      old '" + oldCollection + "': " + before + " live document(s)");
        System.out.println("      new '" + target + "': " + after + " live document(s)");
        if (after < before) {
            throw new Stop(REFUSED, "the new collection '" + target + "' holds fewer live documents (" + after
                    + ") than the old '" + oldCollection + "' (" + before + "); the alias was not switched. Look at "
                    + fresh + "'s dead letter queue and task status for records it could not write.");
        }

        begin("Switch alias '" + alias + "' from '" + oldCollection + "' to '" + target + "' (one UpdateAliases "
                + "request: delete + create)");
        switchAlias(alias, target);
        switched = true;
        done("search now serves '" + target + "'");

        begin("Delete connector " + old);
        int status = connect.delete("/connectors/" + enc(old));
        if (status >= 300 && status != 404) {
            System.out.println("      the worker answered " + status + "; the alias is switched already. Delete it "
                    + "yourself: curl -X DELETE " + options.connectUrl() + "/connectors/" + enc(old)
                    + " (it is paused and writes nothing meanwhile)");
        } else {
            oldPaused = false;
            done("deleted");
        }

        if (options.dropOld()) {
            begin("Drop the old collection '" + oldCollection + "'");
            qdrant.deleteCollectionAsync(oldCollection, QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5,
                    TimeUnit.SECONDS);
            done("dropped");
        } else {
            begin("Keep the old collection '" + oldCollection + "' (pass --drop-old to drop it)");
            done("kept");
        }
        System.out.println();
        System.out.println("Done: alias '" + alias + "' serves '" + target + "', written by connector " + fresh
                + ". Re-index from it next time with --connector " + fresh + ".");
    }

    /**
     * The collection search serves today. The alias may point at the collection the connector writes to, or the
     * connector may write through the alias; when the alias does not exist yet, the connector's own collection is
     * the old one and the alias is created at the switch (search has to query the alias from then on).
     */
    private String servedCollection(String alias, String writesTo) throws Exception {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (AliasDescription a : qdrant.listAliasesAsync(QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5,
                TimeUnit.SECONDS)) {
            aliases.put(a.getAliasName(), a.getCollectionName());
        }
        String served = aliases.get(alias);
        if (served != null) {
            if (!writesTo.equals(alias) && !writesTo.equals(served)) {
                throw new Stop(FAILED, "alias '" + alias + "' serves '" + served + "', but connector "
                        + options.connector() + " writes to '" + writesTo + "'; name the connector that fills '"
                        + served + "'");
            }
            done("'" + alias + "' -> '" + served + "'");
            return served;
        }
        if (existsAsCollection(alias)) {
            throw new Stop(FAILED, "'" + alias + "' is a collection, not an alias, and Qdrant gives no alias the name "
                    + "of a collection. To migrate without downtime, run this command with a new alias name, e.g. --alias "
                    + alias + "-live: it creates that alias at the switch and keeps '" + alias + "' (leave out "
                    + "--drop-old); then let search query '" + alias + "-live' and drop '" + alias + "' when nothing"
                    + " reads it any more");
        }
        if (aliases.containsKey(writesTo) || !existsAsCollection(writesTo)) {
            throw new Stop(FAILED, "connector " + options.connector() + " writes to '" + writesTo + "', which is "
                    + (aliases.containsKey(writesTo) ? "an alias of '" + aliases.get(writesTo) + "', not '" + alias
                    + "'" : "no collection") + "; nothing to re-index from");
        }
        if (options.dropOld()) {
            throw new Stop(FAILED, "alias '" + alias + "' does not exist yet, so search still queries '" + writesTo
                    + "' directly; dropping it would break search. Run without --drop-old, point search at '"
                    + alias + "', then drop '" + writesTo + "'");
        }
        done("no alias '" + alias + "' yet: the switch creates it; the old collection is '" + writesTo
                + "' (search must query '" + alias + "' from then on)");
        return writesTo;
    }

    private void checkNewCollection(String alias, String target) throws Exception {
        if (target.equals(oldCollection) || target.equals(alias)) {
            throw new Stop(FAILED, "--new-collection must differ from the old collection and the alias");
        }
        for (AliasDescription a : qdrant.listAliasesAsync(QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5,
                TimeUnit.SECONDS)) {
            if (a.getAliasName().equals(target)) {
                throw new Stop(FAILED, "'" + target + "' is an alias of '" + a.getCollectionName() + "'; name a new"
                        + " collection");
            }
        }
        if (existsAsCollection(target)) {
            long points = qdrant.countAsync(target, QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5, TimeUnit.SECONDS);
            if (points > 0) {
                throw new Stop(FAILED, "collection '" + target + "' exists and holds " + points + " point(s); drop it "
                        + "or name another --new-collection");
            }
            System.out.println("      '" + target + "' exists and is empty: the new connector writes into it as it is");
        } else {
            System.out.println("      '" + target + "' does not exist: the new connector creates it "
                    + "(collection.auto.create=true) from its first record");
        }
    }

    /**
     * The old settings, the overrides, and what makes it a second pipeline: its own collection, auto-create, and
     * reading from the start of the topics (Connect's sink consumers default to earliest, but a worker may say
     * otherwise; the override needs the worker's connector.client.config.override.policy to allow it).
     */
    private Map<String, String> newConfig(Map<String, String> oldConfig) throws Stop {
        Map<String, String> config = new LinkedHashMap<>(oldConfig);
        config.putAll(options.overrides());
        for (String fixed : List.of("name", "connector.class", "collection.name")) {
            if (options.overrides().containsKey(fixed)) {
                throw new Stop(FAILED, fixed + " cannot be overridden: the command sets it (use --new-connector and "
                        + "--new-collection)");
            }
        }
        if (config.containsKey("consumer.override.group.id")) {
            throw new Stop(FAILED, "connector " + options.connector() + " sets consumer.override.group.id; the new "
                    + "connector would share its consumer group and not start from offset 0. Remove that setting "
                    + "first");
        }
        config.put("name", options.newConnector());
        config.put("collection.name", options.newCollection());
        config.put("collection.auto.create", "true");
        config.put("consumer.override.auto.offset.reset", "earliest");
        return config;
    }

    private void validate(Map<String, String> config) throws Exception {
        JsonNode answer = connect.put("/connector-plugins/" + SINK_CLASS + "/config/validate",
                JSON.valueToTree(config));
        if (answer.path("error_count").asInt() == 0) {
            return;
        }
        List<String> problems = new ArrayList<>();
        boolean overridePolicy = false;
        for (JsonNode c : answer.path("configs")) {
            for (JsonNode error : c.path("value").path("errors")) {
                String key = c.path("value").path("name").asText();
                problems.add(key + ": " + error.asText());
                overridePolicy |= key.startsWith("consumer.override.") || key.equals("auto.offset.reset");
            }
        }
        throw new Stop(FAILED, "the worker rejects the new connector's configuration: " + problems
                + (overridePolicy ? ". The worker does not let connectors override consumer settings; the new "
                + "connector needs consumer.override.auto.offset.reset=earliest to read from offset 0. Set "
                + "connector.client.config.override.policy=All (Kafka's default since 3.0) in the worker "
                + "configuration and restart the workers" : ""));
    }

    /**
     * Waits until the connector has committed every record the topics hold now (their end offsets read at the start
     * of the wait; what arrives later is the connector's to write as usual).
     */
    private void awaitCaughtUp(String connector, List<TopicPartition> partitions, long deadline) throws Exception {
        Map<TopicPartition, Long> targets = lag.endOffsets(partitions);
        long last = -1;
        long lastPrinted = 0;
        while (true) {
            failIfFailed(connector);
            long behind = lag.behind("connect-" + connector, targets);
            if (behind == 0) {
                done("lag 0: caught up with the end offsets read when the wait began");
                return;
            }
            if (behind != last && System.nanoTime() - lastPrinted > TimeUnit.SECONDS.toNanos(5)) {
                System.out.println("      " + behind + " record(s) behind");
                lastPrinted = System.nanoTime();
            }
            last = behind;
            if (System.nanoTime() > deadline) {
                throw new Stop(FAILED, connector + " did not catch up within " + options.timeout().toSeconds()
                        + " s (" + behind + " record(s) behind); raise --timeout, or look at its tasks");
            }
            Thread.sleep(500);
        }
    }

    private void switchAlias(String alias, String target) throws Exception {
        List<AliasOperations> actions = List.of(
                AliasOperations.newBuilder().setDeleteAlias(DeleteAlias.newBuilder().setAliasName(alias)).build(),
                AliasOperations.newBuilder().setCreateAlias(CreateAlias.newBuilder().setAliasName(alias)
                        .setCollectionName(target)).build());
        try {
            qdrant.updateAliasesAsync(actions, QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Qdrant applies the actions in order and keeps those before a failing one: if the delete went through
            // and the create failed, the alias would be gone. Point it back at the old collection then.
            restoreAlias(alias);
            throw new Stop(FAILED, "Qdrant refused the alias switch: " + describe(e));
        }
    }

    private void restoreAlias(String alias) {
        try {
            List<String> aliases = qdrant.listCollectionAliasesAsync(oldCollection, QDRANT_CALL)
                    .get(QDRANT_CALL.toSeconds() + 5, TimeUnit.SECONDS);
            boolean anywhere = qdrant.listAliasesAsync(QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5, TimeUnit.SECONDS)
                    .stream().anyMatch(a -> a.getAliasName().equals(alias));
            if (!aliases.contains(alias) && !anywhere) {
                qdrant.createAliasAsync(alias, oldCollection, QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5,
                        TimeUnit.SECONDS);
                System.out.println("      alias '" + alias + "' was gone after the failed switch: pointed it back at '"
                        + oldCollection + "'");
            }
        } catch (Exception e) {
            System.out.println("      could not check alias '" + alias + "' after the failed switch (" + describe(e)
                    + "): make sure it points at '" + oldCollection + "'");
        }
    }

    /** After a failure before the switch: the old connector runs again, search still serves the old collection. */
    private void rollBack() {
        if (switched) {
            System.out.println("The alias serves '" + options.newCollection() + "' already; finish the steps above "
                    + "that did not complete yourself.");
            return;
        }
        List<String> cleanUp = new ArrayList<>();
        if (oldPaused) {
            try {
                connect.put("/connectors/" + enc(options.connector()) + "/resume");
                oldPaused = false;
                System.out.println("Resumed connector " + options.connector() + ".");
            } catch (Exception e) {
                cleanUp.add("resume connector " + options.connector() + ": curl -X PUT " + options.connectUrl()
                        + "/connectors/" + enc(options.connector()) + "/resume");
            }
        }
        if (oldCollection != null) {
            System.out.println("Search still serves '" + oldCollection + "' through alias '" + options.alias()
                    + "' (or directly, if the alias does not exist yet).");
        }
        if (newConnectorStarted) {
            cleanUp.add("delete connector " + options.newConnector() + ": curl -X DELETE " + options.connectUrl()
                    + "/connectors/" + enc(options.newConnector()));
            cleanUp.add("drop collection '" + options.newCollection() + "' (DELETE /collections/"
                    + options.newCollection() + " on Qdrant's REST port) before re-running with the same name");
        }
        if (!cleanUp.isEmpty()) {
            System.out.println("To clean up:");
            cleanUp.forEach(c -> System.out.println("  - " + c));
        }
    }

    private void awaitState(String connector, String state) throws Exception {
        long deadline = System.nanoTime() + CONNECTOR_STATE_WAIT.toNanos();
        while (true) {
            JsonNode status = failIfFailed(connector);
            boolean reached = state.equals(status.path("connector").path("state").asText())
                    && status.path("tasks").size() > 0;
            for (JsonNode task : status.path("tasks")) {
                reached &= state.equals(task.path("state").asText());
            }
            if (reached) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new Stop(FAILED, "connector " + connector + " did not reach " + state + " within "
                        + CONNECTOR_STATE_WAIT.toSeconds() + " s: " + status);
            }
            Thread.sleep(300);
        }
    }

    /** The connector's status (an empty one while the worker has none yet), failing when it or a task FAILED. */
    private JsonNode failIfFailed(String connector) throws Exception {
        JsonNode status = connect.getOrNull("/connectors/" + enc(connector) + "/status");
        if (status == null) {
            return JSON.createObjectNode();
        }
        List<JsonNode> all = new ArrayList<>();
        all.add(status.path("connector"));
        status.path("tasks").forEach(all::add);
        for (JsonNode s : all) {
            if ("FAILED".equals(s.path("state").asText())) {
                String trace = s.path("trace").asText("");
                throw new Stop(FAILED, "connector " + connector + " failed: "
                        + (trace.isEmpty() ? status.toString() : trace.lines().findFirst().orElse("")));
            }
        }
        return status;
    }

    private boolean exists(String collection) throws Exception {
        return qdrant.collectionExistsAsync(collection, QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5,
                TimeUnit.SECONDS);
    }

    /** A collection of that very name: CollectionExists is true for an alias too, List names collections only. */
    private boolean existsAsCollection(String name) throws Exception {
        return qdrant.listCollectionsAsync(QDRANT_CALL).get(QDRANT_CALL.toSeconds() + 5, TimeUnit.SECONDS)
                .contains(name);
    }

    private static Map<String, String> config(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Only the keys: values may be secrets. */
    private static List<String> changedKeys(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        after.forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                out.add(k);
            }
        });
        return out;
    }

    private void begin(String what) {
        System.out.println("[" + (++step) + "] " + what);
    }

    private static void done(String what) {
        System.out.println("      " + what);
    }

    private static String enc(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof StatusRuntimeException s) {
            return s.getStatus().getCode() + " " + (s.getStatus().getDescription() == null ? ""
                    : s.getStatus().getDescription());
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
