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
 * How far a sink connector's consumer group ({@code connect-<name>}) is behind the end of its topics: per partition,
 * the end offset minus the committed offset (minus the log start offset where nothing is committed yet). A sink
 * task commits an offset only after its put returned, and the Qdrant sink's put returns when the points are
 * written, so a lag of zero means every record up to the end offsets read is in Qdrant.
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

    /** The summed lag of the group over the partitions, read now. */
    long of(String group, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicPartition p : partitions) {
            latest.put(p, OffsetSpec.latest());
            earliest.put(p, OffsetSpec.earliest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(CALL_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                .get(CALL_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(CALL_SECONDS, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata c = committed.get(p);
            long from = c != null ? c.offset() : starts.get(p).offset();
            lag += Math.max(0, ends.get(p).offset() - from);
        }
        return lag;
    }
}
