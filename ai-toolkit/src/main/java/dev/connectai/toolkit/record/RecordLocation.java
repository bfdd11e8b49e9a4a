package dev.connectai.toolkit.record;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/** Where a record comes from, for error messages: topic, partition and (for sink records) offset. */
public final class RecordLocation {

    private RecordLocation() {
    }

    public static String of(ConnectRecord<?> record) {
        StringBuilder sb = new StringBuilder("topic=").append(record.topic())
                .append(" partition=").append(record.kafkaPartition());
        if (record instanceof SinkRecord sink) {
            sb.append(" offset=").append(sink.kafkaOffset());
        }
        return sb.toString();
    }
}
