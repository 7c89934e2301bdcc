package io.binlogstream.connect.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Struct;

import io.binlogstream.converters.AvroConverter;

/** A record read back from Kafka and decoded with binlogstream's AvroConverter, as a consumer would. */
record DecodedChange(String topic, Struct key, Struct value, String eventId, String transactionEnd, boolean splitHere) {

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
        AvroConverter keys = new AvroConverter();
        keys.configure(Map.of("schema.registry.url", registryUrl), true);
        AvroConverter values = new AvroConverter();
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<DecodedChange> changes = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + timeout.toNanos();
            // Read on for a moment after the count is reached: extra records (duplicates) must show up too.
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Struct key = (Struct) keys.toConnectData(record.topic(), record.key()).value();
                    Struct value = (Struct) values.toConnectData(record.topic(), record.value()).value();
                    changes.add(new DecodedChange(record.topic(), key, value, header(record, "binlogstream.event.id"),
                            header(record, "binlogstream.txn.end"), header(record, "binlogstream.txn.split") != null));
                }
                if (changes.size() >= count && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return changes;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
