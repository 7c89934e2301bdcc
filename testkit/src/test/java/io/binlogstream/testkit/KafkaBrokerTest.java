package io.binlogstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(TestDirs.create("kafka"));
        System.err.printf("[timing] Kafka broker started in %d ms (of which storage format %d ms)%n",
                broker.startupTime().toMillis(), broker.formatTime().toMillis());
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            long pid = broker.pid();
            broker.close();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void producesAndConsumesARecordTransactionally() throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("testkit-topic", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties pp = broker.clientProperties();
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            // Transactions need the single-node transaction-state settings to work at all.
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("testkit-topic", "k", "v"));
            producer.commitTransaction();
        }
        Properties cp = broker.clientProperties();
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-group");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of("testkit-topic"));
            ConsumerRecord<String, String> got = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    got = records.iterator().next();
                }
            }
            assertThat(got).isNotNull();
            assertThat(got.key()).isEqualTo("k");
            assertThat(got.value()).isEqualTo("v");
        }
    }
}
