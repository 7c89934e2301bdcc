package io.binlogstream.benchmarks;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.binlogstream.testkit.Stack;

/**
 * A run's topic: created with the broker's append time as the clock, watched through its end offset while the
 * connector works, read back whole afterwards. Shared by both benchmarks.
 */
final class Topics {
    /** A run fails if the topic gains no record for this long. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PROGRESS_POLL = Duration.ofMillis(100);

    /** The whole topic, read back after a run. */
    record Verification(long records, long duplicates, long missing, long firstAppendMs, long lastAppendMs,
                        long valueBytes, long keyBytes) {
        /** (records - 1) / (last - first append time): the first record's own append opens the span. */
        double recordsPerSecond() {
            double span = spanSeconds();
            return span > 0 ? (records - 1) / span : Double.NaN;
        }

        double spanSeconds() {
            return (lastAppendMs - firstAppendMs) / 1000.0;
        }

        double avgValueBytes() {
            return valueBytes / (double) records;
        }

        double avgKeyBytes() {
            return keyBytes / (double) records;
        }
    }

    private Topics() {
    }

    /** One partition, {@code LogAppendTime}, kept whole: created before the connector, so it never auto-creates it. */
    static void create(Stack stack, String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = stack.kafka().admin()) {
            NewTopic t = new NewTopic(topic, 1, (short) 1)
                    // The broker stamps each batch when it appends it: the clock the rate is measured on.
                    .configs(Map.of("message.timestamp.type", "LogAppendTime", "cleanup.policy", "delete",
                            "retention.ms", "-1", "retention.bytes", "-1"));
            admin.createTopics(List.of(t)).all().get();
        }
    }

    /** The topic's end offset now (its record count: one partition, nothing deleted). */
    static long endOffset(Stack stack, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = stack.kafka().admin()) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        }
    }

    /**
     * Polls the topic's end offset (a cheap metadata request, so the measuring process takes next to no CPU
     * from the worker on this 2-core machine) until it holds {@code records}.
     */
    static void awaitEndOffset(Stack stack, String topic, long records) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = stack.kafka().admin()) {
            long last = -1;
            long lastProgress = System.nanoTime();
            while (true) {
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
                if (end >= records) {
                    return;
                }
                if (end != last) {
                    last = end;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(topic + " stalled at " + end + " of " + records + " records for "
                            + STALL_TIMEOUT);
                }
                Harness.sleep(PROGRESS_POLL);
            }
        }
    }

    /**
     * Reads the whole topic: counts, finds duplicate and missing keys (the key's first field, an integer id in
     * 1..rows, decoded per {@code bench.converter}), takes the first and last append times.
     */
    static Verification verify(Stack stack, String topic, long rows) {
        Properties p = stack.kafka().clientProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        TopicPartition tp = new TopicPartition(topic, 0);
        BitSet seen = new BitSet((int) rows + 1);
        ConverterChoice converter = ConverterChoice.current();
        long records = 0, duplicates = 0, valueBytes = 0, keyBytes = 0;
        long first = Long.MAX_VALUE, lastTs = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new IllegalStateException(topic + " has " + r.timestampType() + " timestamps");
                    }
                    records++;
                    valueBytes += r.value() == null ? 0 : r.value().length;
                    keyBytes += r.key() == null ? 0 : r.key().length;
                    first = Math.min(first, r.timestamp());
                    lastTs = Math.max(lastTs, r.timestamp());
                    long id = converter.keyId(r.key());
                    if (id < 1 || id > rows) {
                        throw new IllegalStateException(topic + " offset " + r.offset() + ": key id " + id + " out of range");
                    }
                    if (seen.get((int) id)) {
                        duplicates++;
                    } else {
                        seen.set((int) id);
                    }
                }
            }
        }
        long missing = rows - seen.cardinality();
        return new Verification(records, duplicates, missing, first, lastTs, valueBytes, keyBytes);
    }

    /** Deletes the named topics that exist (frees the broker's disk between runs). */
    static void delete(Stack stack, List<String> topics) throws ExecutionException, InterruptedException {
        try (Admin admin = stack.kafka().admin()) {
            List<String> existing = admin.listTopics().names().get().stream().filter(topics::contains).toList();
            if (!existing.isEmpty()) {
                admin.deleteTopics(existing).all().get();
            }
        }
    }
}
