package dev.connectai.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a sink connector's consumer group ({@code connect-<name>}) is behind given end offsets of its topics: per
 * partition, the end offset minus the committed offset (minus the log start offset where nothing is committed yet).
 * A sink task commits an offset only after its put returned, and the Qdrant sink's put returns when the points are
 * written, so nothing behind means every record below those end offsets is in Qdrant.
 */
final class ConsumerLag {

    private static final long CALL_SECONDS = 30;

    private final Admin admin;

    ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /** The partitions of the topics a sink config names ({@code topics} or {@code topics.regex}). */
    List<TopicPartition> partitions(Map<String, String> sinkConfig) throws Exception {
        List<String> topics = new ArrayList<>();
        String list = sinkConfig.getOrDefault("topics", "");
        String regex = sinkConfig.getOrDefault("topics.regex", "");
        if (!list.isBlank()) {
            for (String t : list.split(",")) {
                if (!t.isBlank()) {
                    topics.add(t.trim());
                }
            }
        } else if (!regex.isBlank()) {
            Pattern pattern = Pattern.compile(regex);
            for (String t : admin.listTopics().names().get(CALL_SECONDS, TimeUnit.SECONDS)) {
                if (pattern.matcher(t).matches()) {
                    topics.add(t);
                }
            }
        }
        List<TopicPartition> out = new ArrayList<>();
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(CALL_SECONDS, TimeUnit.SECONDS)
                .values()) {
            d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition())));
        }
        return out;
    }

    /** The end offsets of the partitions now: the offset the next record of each will get. */
    Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets(partitions, OffsetSpec.latest()).forEach((p, info) -> out.put(p, info.offset()));
        return out;
    }

    /**
     * How many records of the partitions below {@code targets} (end offsets read earlier) the group has not
     * committed yet; 0 once it has caught up with them, whatever arrived since. Measuring against fixed targets,
     * not the moving end, lets the wait end while records keep arriving faster than offsets are committed.
     */
    long behind(String group, Map<TopicPartition, Long> targets) throws Exception {
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(new ArrayList<>(targets.keySet()),
                OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(CALL_SECONDS, TimeUnit.SECONDS);
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            OffsetAndMetadata c = committed.get(target.getKey());
            long from = c != null ? c.offset() : starts.get(target.getKey()).offset();
            behind += Math.max(0, target.getValue() - from);
        }
        return behind;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request).all().get(CALL_SECONDS, TimeUnit.SECONDS);
    }
}
