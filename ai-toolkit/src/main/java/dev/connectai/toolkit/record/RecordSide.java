package dev.connectai.toolkit.record;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;

/**
 * The side of a record a transform works on. The Kafka idiom gives every SMT nested {@code Key} and {@code Value}
 * classes; each of ours just picks one of these instead of repeating the record plumbing.
 */
public enum RecordSide {
    KEY("key") {
        @Override
        public Schema schema(ConnectRecord<?> record) {
            return record.keySchema();
        }

        @Override
        public Object value(ConnectRecord<?> record) {
            return record.key();
        }

        @Override
        public <R extends ConnectRecord<R>> R replace(R record, String topic, Schema schema, Object value, Headers headers) {
            return record.newRecord(topic, record.kafkaPartition(), schema, value, record.valueSchema(), record.value(),
                    record.timestamp(), headers);
        }
    },
    VALUE("value") {
        @Override
        public Schema schema(ConnectRecord<?> record) {
            return record.valueSchema();
        }

        @Override
        public Object value(ConnectRecord<?> record) {
            return record.value();
        }

        @Override
        public <R extends ConnectRecord<R>> R replace(R record, String topic, Schema schema, Object value, Headers headers) {
            return record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(), schema, value,
                    record.timestamp(), headers);
        }
    };

    private final String label;

    RecordSide(String label) {
        this.label = label;
    }

    /** "key" or "value", for messages. */
    public String label() {
        return label;
    }

    public abstract Schema schema(ConnectRecord<?> record);

    public abstract Object value(ConnectRecord<?> record);

    /** A copy of the record with this side replaced, on {@code topic}, carrying {@code headers}. */
    public abstract <R extends ConnectRecord<R>> R replace(R record, String topic, Schema schema, Object value,
                                                           Headers headers);
}
