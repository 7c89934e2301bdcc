package io.binlogstream.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.binlogstream.testkit.Stack;

/**
 * The producer ceiling: a plain {@link KafkaProducer} in the harness's JVM, one thread, sending byte[] records of a
 * given key and value size to a fresh one-partition {@code LogAppendTime} topic as fast as it accepts them, with the
 * producer settings Connect gives a source task's producer plus the contenders' {@code producer.override.*}. Rate
 * from the broker's append times, as for the connectors: what the broker and one producer can take, with no
 * converter or connector in front.
 */
final class ProducerCeiling {
    /** Distinct payloads cycled through, so the broker does not see one value a million times. */
    private static final int PAYLOADS = 256;

    record Result(long records, int keyBytes, int valueBytes, double recordsPerSecond, double spanSeconds,
                  Map<String, String> settings) {
    }

    private ProducerCeiling() {
    }

    static Result measure(Stack stack, String topic, long records, int keyBytes, int valueBytes) throws Exception {
        Topics.create(stack, topic);
        try {
            Properties p = stack.kafka().clientProperties();
            Map<String, String> settings = settings();
            p.putAll(settings);
            byte[][] keys = payloads(keyBytes, 1);
            byte[][] values = payloads(valueBytes, 2);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (long i = 0; i < records; i++) {
                    int slot = (int) (i % PAYLOADS);
                    producer.send(new ProducerRecord<>(topic, 0, keys[slot], values[slot]));
                }
                producer.flush();
            }
            long[] span = appendSpan(stack, topic);
            if (span[0] != records) {
                throw new IllegalStateException(topic + " holds " + span[0] + " records, not " + records);
            }
            double seconds = (span[2] - span[1]) / 1000.0;
            return new Result(records, keyBytes, valueBytes, (records - 1) / seconds, seconds, settings);
        } finally {
            Topics.delete(stack, List.of(topic));
        }
    }

    /**
     * What Connect's worker sets on every source task's producer (at-least-once: {@code acks=all}, one request in
     * flight per connection, no idempotence), then the contenders' overrides on top, as the worker applies them.
     */
    static Map<String, String> settings() {
        Map<String, String> s = new TreeMap<>();
        s.put(ProducerConfig.ACKS_CONFIG, "all");
        s.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        s.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        s.putAll(Contender.producerOverrides());
        return s;
    }

    private static byte[][] payloads(int size, int seed) {
        byte[][] out = new byte[PAYLOADS][size];
        Random random = new Random(seed);
        for (byte[] b : out) {
            random.nextBytes(b);
        }
        return out;
    }

    /** {records, first append ms, last append ms} of the whole topic. */
    private static long[] appendSpan(Stack stack, String topic) {
        Properties p = Topics.readBackProperties(stack);
        TopicPartition tp = new TopicPartition(topic, 0);
        long count = 0, first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    count++;
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                }
            }
        }
        return new long[] {count, first, last};
    }
}
