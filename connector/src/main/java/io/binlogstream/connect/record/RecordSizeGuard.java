package io.binlogstream.connect.record;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Stops the task, naming the table, the GTID and the settings to raise, before Connect hands the producer a
 * record it must refuse. The producer's own refusal (RecordTooLargeException in its send callback) fails the task
 * with a message that names none of them, and with errors.tolerance=all drops the record silently.
 *
 * <p>The size is a lower bound of what any converter writes: the bytes of every string and binary value and 1 to
 * 8 bytes per other value, before and after images alike. A record above the limit by this count is certainly
 * refused; one just under it may still be, by the producer, with its own message. The limit is the connector's
 * {@code producer.override.max.request.size}, else the producer's default (1 MiB): a worker-wide
 * {@code producer.max.request.size} is not visible to the task, so it must be repeated as the override.
 */
public final class RecordSizeGuard {
    public static final String OVERRIDE = "producer.override.max.request.size";
    /** The Kafka producer's default max.request.size. */
    public static final int PRODUCER_DEFAULT = 1_048_576;

    private final long limit;

    public RecordSizeGuard(long limit) {
        this.limit = limit;
    }

    /** The limit from the connector's own configuration (its producer override, else the producer's default). */
    public static RecordSizeGuard fromConnectorConfig(Map<String, ?> originals) {
        Object override = originals.get(OVERRIDE);
        return new RecordSizeGuard(override == null ? PRODUCER_DEFAULT : Long.parseLong(override.toString().trim()));
    }

    /** Checks the record unless {@code sizeBound}, an upper bound of its estimate, is within the limit. */
    public void check(SourceRecord record, long sizeBound) {
        if (sizeBound > limit) {
            check(record);
        }
    }

    public void check(SourceRecord record) {
        long size = estimate(record.key()) + estimate(record.value());
        if (size <= limit) {
            return;
        }
        String table = record.topic();
        String gtid = "unknown";
        if (record.value() instanceof Struct envelope && envelope.schema().field("source") != null) {
            Struct source = envelope.getStruct("source");
            table = source.getString("db") + "." + source.getString("table");
            gtid = source.getString("gtid");
        }
        throw new ConnectException("A change of " + table + " in transaction " + gtid + " makes a record of at least " + size
                + " bytes, more than the producer accepts (max.request.size " + limit + " bytes). Raise "
                + OVERRIDE + " in the connector's config (the worker needs connector.client.config.override.policy=All), "
                + "and the topic's max.message.bytes (broker default message.max.bytes) to match; then restart the task, "
                + "which resumes with this transaction.");
    }

    /** A lower bound of the value's serialized size. */
    public static long estimate(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        if (value instanceof Struct struct) {
            long total = 0;
            for (Field field : struct.schema().fields()) {
                total += estimate(struct.get(field));
            }
            return total;
        }
        if (value instanceof List<?> list) {
            long total = 0;
            for (Object element : list) {
                total += estimate(element);
            }
            return total;
        }
        if (value instanceof Map<?, ?> map) {
            long total = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                total += estimate(e.getKey()) + estimate(e.getValue());
            }
            return total;
        }
        return 1;
    }
}
