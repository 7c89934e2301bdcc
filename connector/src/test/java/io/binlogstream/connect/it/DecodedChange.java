package io.binlogstream.connect.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Struct;

import io.binlogstream.converters.AvroConverter;

/**
 * A record read back from Kafka and decoded with binlogstream's AvroConverter, as a consumer would; {@code offset} is
 * its place in its topic's (single) partition.
 */
record DecodedChange(String topic, Struct key, Struct value, String eventId, String transactionEnd, boolean splitHere, long offset) {

    String op() {
        return value == null ? "tombstone" : value.getString("op");
    }

    Struct after() {
        return value == null ? null : value.getStruct("after");
    }

    Struct before() {
        return value == null ? null : value.getStruct("before");
    }

    /** Reads topics from the start with read_committed (what exactly-once consumers see) until {@code count} records arrived. */
    static List<DecodedChange> read(String bootstrap, String registryUrl, List<String> topics, int count, Duration timeout) {
        return read(bootstrap, registryUrl, topics, changes -> changes.size() >= count, timeout);
    }

    /**
     * Reads topics from the start with read_committed until the records read so far are {@code enough} (e.g. so many
     * distinct event ids, when duplicates are expected), then for two seconds more.
     */
    static List<DecodedChange> read(String bootstrap, String registryUrl, List<String> topics, Predicate<List<DecodedChange>> enough,
                                    Duration timeout) {
        List<DecodedChange> changes = new ArrayList<>();
        try (Feed feed = new Feed(bootstrap, registryUrl, topics, true)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            // Read on for a moment after the count is reached: extra records (duplicates) must show up too.
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                changes.addAll(feed.poll(Duration.ofMillis(200)));
                if (settleUntil == Long.MAX_VALUE && enough.test(changes)) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return changes;
    }

    /**
     * A consumer of topics from their start, decoding each record as {@link #read} does, for tests that fold records as
     * they arrive instead of holding them all. Partitions are assigned by hand, not by a consumer group: a group would
     * rebalance when a topic appears and, with nothing committed, read the others again from their start. Topics that
     * do not exist yet are looked for every second and read from their start once they do (never created by the
     * consumer, so the worker's topic.creation settings apply).
     */
    static final class Feed implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final AvroConverter keys = new AvroConverter();
        private final AvroConverter values = new AvroConverter();
        private final boolean decodeValues;
        private final List<String> topics;
        private final Set<TopicPartition> assigned = new HashSet<>();
        private long nextLookNanos;

        /** @param committedOnly read_committed (what exactly-once consumers see), else read_uncommitted (aborted records too) */
        Feed(String bootstrap, String registryUrl, List<String> topics, boolean committedOnly) {
            this(bootstrap, registryUrl, topics, committedOnly, true);
        }

        /**
         * @param decodeValues false: leave values undecoded ({@link DecodedChange#value()} null), for a consumer that only
         *                     needs keys, headers and offsets and must keep up with a fast topic on a small machine
         */
        Feed(String bootstrap, String registryUrl, List<String> topics, boolean committedOnly, boolean decodeValues) {
            this.decodeValues = decodeValues;
            this.topics = List.copyOf(topics);
            keys.configure(Map.of("schema.registry.url", registryUrl), true);
            values.configure(Map.of("schema.registry.url", registryUrl), false);
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        /** Assigns the partitions of topics that appeared since the last look, from their start. */
        private void lookForTopics() {
            if (assigned.size() >= topics.size() || System.nanoTime() - nextLookNanos < 0) {
                return;
            }
            nextLookNanos = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(10));
            List<TopicPartition> added = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo partition : existing.getOrDefault(topic, List.of())) {
                    TopicPartition p = new TopicPartition(topic, partition.partition());
                    if (assigned.add(p)) {
                        added.add(p);
                    }
                }
            }
            if (!added.isEmpty()) {
                consumer.assign(assigned); // positions of the partitions assigned before are kept
                consumer.seekToBeginning(added);
            }
        }

        List<DecodedChange> poll(Duration timeout) {
            lookForTopics();
            List<DecodedChange> changes = new ArrayList<>();
            if (assigned.isEmpty()) {
                sleep(timeout);
                return changes;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
                Struct key = (Struct) keys.toConnectData(record.topic(), record.key()).value();
                Struct value = decodeValues ? (Struct) values.toConnectData(record.topic(), record.value()).value() : null;
                changes.add(new DecodedChange(record.topic(), key, value, header(record, "binlogstream.event.id"),
                        header(record, "binlogstream.txn.end"), header(record, "binlogstream.txn.split") != null, record.offset()));
            }
            return changes;
        }

        /** Whether every partition of {@code ends} is assigned and read up to its (exclusive) end offset. */
        boolean reached(Map<TopicPartition, Long> ends) {
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                if (!assigned.contains(end.getKey()) || consumer.position(end.getKey()) < end.getValue()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
