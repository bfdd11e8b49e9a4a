package dev.connectai.qdrant;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Cuts a batch into slices of bounded work, so a task can check its time budget between them: a slice ends after
 * about {@link #TEXT_CHARS} characters of values or {@link #RECORDS} records, and always holds at least one record.
 * The size is estimated from the record as it came (a string's length, a struct's or map's string fields), which
 * is what the model will see when the sink embeds.
 */
final class PutSlices {

    static final int TEXT_CHARS = 1_000_000;
    static final int RECORDS = 10_000;

    private PutSlices() {
    }

    /** The end (exclusive) of the slice that starts at {@code start}. */
    static int end(List<SinkRecord> batch, int start) {
        long chars = 0;
        int end = start;
        while (end < batch.size() && end - start < RECORDS) {
            chars += estimate(batch.get(end).value(), 0);
            end++;
            if (chars >= TEXT_CHARS) {
                break;
            }
        }
        return end;
    }

    /**
     * Characters of text in a value, three levels deep (a Debezium row in 'after' included): enough to tell a
     * large document from a small record without walking user data without bound.
     */
    private static long estimate(Object value, int depth) {
        if (value instanceof CharSequence text) {
            return text.length();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (depth == 3) {
            return 0;
        }
        long sum = 0;
        if (value instanceof Struct struct) {
            for (var field : struct.schema().fields()) {
                sum += estimate(struct.get(field), depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                sum += estimate(v, depth + 1);
            }
        }
        return sum;
    }
}
