package io.binlogstream.benchmarks;

import java.time.Duration;
import java.util.HashMap;
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
 * A run's topics: created with the broker's append time as the clock, watched through their end offsets while the
 * connector works, read back whole afterwards. Shared by both benchmarks.
 */
final class Topics {
    /** A run fails if the topic gains no record for this long. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PROGRESS_POLL = Duration.ofMillis(100);

    /** The whole topic, read back after a run. */
    record Verification(long records, long duplicates, long missing, long firstAppendMs, long lastAppendMs,
                        long valueBytes, long outOfOrder, long timedRecords, long keyBytes) {
        /**
         * (timed records - 1) / (last - first append time of the timed records): the first record's own append
         * opens the span. The timed records are all but the priming ones ({@link Workload#prime}).
         */
        double recordsPerSecond() {
            double span = spanSeconds();
            return span > 0 ? (timedRecords - 1) / span : Double.NaN;
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
        create(stack, List.of(topic));
    }

    /** {@link #create(Stack, String)} for many topics in one request (W5's 200). */
    static void create(Stack stack, List<String> topics) throws ExecutionException, InterruptedException {
        try (Admin admin = stack.kafka().admin()) {
            List<NewTopic> newTopics = topics.stream().map(topic -> new NewTopic(topic, 1, (short) 1)
                    // The broker stamps each batch when it appends it: the clock the rate is measured on.
                    .configs(Map.of("message.timestamp.type", "LogAppendTime", "cleanup.policy", "delete",
                            "retention.ms", "-1", "retention.bytes", "-1"))).toList();
            admin.createTopics(newTopics).all().get();
        }
    }

    /** The topic's end offset now (its record count: one partition, nothing deleted). */
    static long endOffset(Stack stack, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = stack.kafka().admin()) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        }
    }

    static void awaitEndOffset(Stack stack, String topic, long records) throws Exception {
        awaitEndOffsets(stack, List.of(topic), records);
    }

    /**
     * Polls the topics' end offsets (one cheap metadata request for all of them, so the measuring process takes
     * next to no CPU from the worker on this 2-core machine) until together they hold {@code records}.
     */
    static void awaitEndOffsets(Stack stack, List<String> topics, long records) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        topics.forEach(t -> request.put(new TopicPartition(t, 0), OffsetSpec.latest()));
        try (Admin admin = stack.kafka().admin()) {
            long last = -1;
            long lastProgress = System.nanoTime();
            while (true) {
                long end = 0;
                for (var offset : admin.listOffsets(request).all().get().values()) {
                    end += offset.offset();
                }
                if (end >= records) {
                    return;
                }
                if (end != last) {
                    last = end;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(describe(topics) + " stalled at " + end + " of " + records + " records for "
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
        return verify(stack, List.of(topic), new RecordCheck.UniqueIds(List.of(topic), rows), 0);
    }

    /**
     * Reads the topics whole, each record through {@code check}: counts records and value bytes, takes the first
     * and last append times over all topics of the records at offset {@code untimedPerTopic} and later (the
     * records before it were written before the timed span, see {@link Workload#prime}).
     */
    static Verification verify(Stack stack, List<String> topics, RecordCheck check, long untimedPerTopic) {
        Properties p = readBackProperties(stack);
        List<TopicPartition> partitions = topics.stream().map(t -> new TopicPartition(t, 0)).toList();
        long records = 0, valueBytes = 0, keyBytes = 0, timed = 0;
        long first = Long.MAX_VALUE, lastTs = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new IllegalStateException(r.topic() + " has " + r.timestampType() + " timestamps");
                    }
                    records++;
                    valueBytes += r.value() == null ? 0 : r.value().length;
                    keyBytes += r.key() == null ? 0 : r.key().length;
                    if (r.offset() >= untimedPerTopic) {
                        timed++;
                        first = Math.min(first, r.timestamp());
                        lastTs = Math.max(lastTs, r.timestamp());
                    }
                    check.accept(r);
                }
            }
        }
        return new Verification(records, check.duplicates(), check.missing(), first, lastTs, valueBytes, check.outOfOrder(), timed,
                keyBytes);
    }

    private static String describe(List<String> topics) {
        return topics.size() == 1 ? topics.get(0) : topics.size() + " topics (" + topics.get(0) + ", ...)";
    }

    /** Consumer settings for reading a run's topics back whole: large fetches, nothing committed. */
    static Properties readBackProperties(Stack stack) {
        Properties p = stack.kafka().clientProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        return p;
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
