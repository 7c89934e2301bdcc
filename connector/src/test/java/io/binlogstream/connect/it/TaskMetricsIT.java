package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.ConnectRestClient;
import io.binlogstream.testkit.ConnectWorker;
import io.binlogstream.testkit.JvmMBeans;
import io.binlogstream.testkit.Stack;

/**
 * The task's gauges on a real worker's JMX, read while a transaction streams through a small
 * {@code max.in.flight.records} and a producer that holds each batch 100 ms: the bound is published, the records in
 * flight never pass it, poll() is seen waiting at it, and once Kafka has everything the queue and the in-flight
 * count are back to zero, with every row on the topic; a row of a table not captured counts its two events as
 * dropped. On a worker of its own with at-least-once delivery: with exactly-once (the shared worker) each poll's
 * transaction commits before the next poll, so Kafka has acknowledged every record by then and poll() never meets
 * the bound.
 */
class TaskMetricsIT {
    private static final String CONNECTOR = "metrics-cdc";
    private static final String MBEAN = "kafka.connect:type=plugins,connector=" + CONNECTOR + ",task=0";
    private static final int BOUND = 50;
    private static final int ROWS = 3_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    static Stack stack;
    static ConnectWorker atLeastOnce;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        atLeastOnce = SharedStack.extraWorker("metrics", options -> options
                .workerSetting("exactly.once.source.support", "disabled")
                // The task's first record (its start position) must be stored before changes follow.
                .workerSetting("offset.flush.interval.ms", "1000"));
    }

    @AfterAll
    static void stop() {
        if (atLeastOnce != null) {
            atLeastOnce.close();
        }
    }

    @Test
    void gaugesShowTheQueueAndTheRecordsInFlightHeldAtTheBound() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE task_metrics", "CREATE TABLE task_metrics.t (id INT PRIMARY KEY, v VARCHAR(100))",
                "CREATE DATABASE task_metrics_other", "CREATE TABLE task_metrics_other.t (id INT PRIMARY KEY)");
        Map<String, String> config = ConnectorConfigs.avro(stack, "tm", "task_metrics");
        config.put("database.server.id", "7003");
        config.put("max.in.flight.records", Integer.toString(BOUND));
        // The rows come as changes only: a snapshot would read them again once they are committed.
        config.put("snapshot.mode", "no_data");
        // Each producer batch waits 100 ms before it goes, so records stay in flight long enough to meet the bound.
        config.put("producer.override.linger.ms", "100");
        ConnectRestClient rest = atLeastOnce.rest();
        rest.createConnector(CONNECTOR, config);
        try (JvmMBeans worker = JvmMBeans.attach(atLeastOnce.pid()); Admin admin = stack.kafka().admin()) {
            rest.awaitConnectorRunning(CONNECTOR, TIMEOUT);
            stack.mariaDb().awaitBinlogClients(1, TIMEOUT);
            assertThat(awaitNumber(worker, "max-in-flight-records")).isEqualTo(BOUND);

            // A row of a table the connector does not capture: its TABLE_MAP and its rows event are dropped unread.
            long droppedBefore = number(worker, "uncaptured-events-dropped-total");
            stack.mariaDb().execute("INSERT INTO task_metrics_other.t VALUES (1)");
            long droppedDeadline = System.nanoTime() + TIMEOUT.toNanos();
            while (number(worker, "uncaptured-events-dropped-total") < droppedBefore + 2) {
                assertThat(System.nanoTime()).as("the uncaptured row's events counted in time").isLessThan(droppedDeadline);
                Thread.sleep(50);
            }

            stack.mariaDb().execute("USE task_metrics", "INSERT INTO task_metrics.t SELECT seq, CONCAT('row ', seq) FROM seq_1_to_" + ROWS);
            TopicPartition topic = new TopicPartition("tm.task_metrics.t", 0);
            long most = 0, mostQueued = 0, mostQueuedBytes = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (endOffset(admin, topic) < ROWS) {
                assertThat(System.nanoTime()).as("all %d rows on the topic in time", ROWS).isLessThan(deadline);
                most = Math.max(most, number(worker, "in-flight-records"));
                mostQueued = Math.max(mostQueued, number(worker, "queued-records"));
                mostQueuedBytes = Math.max(mostQueuedBytes, number(worker, "queued-bytes"));
                Thread.sleep(5);
            }
            System.err.printf("[it] most seen: %d records in flight, %d queued (%d bytes); poll() waited %d ms at the bound%n", most,
                    mostQueued, mostQueuedBytes, number(worker, "in-flight-wait-ms-total"));
            assertThat(most).as("records in flight, sampled").isBetween(1L, (long) BOUND);
            // Held at the bound, the transaction's rows wait in the reader's queue.
            assertThat(mostQueued).as("records queued, sampled").isBetween((long) BOUND, (long) ROWS);
            assertThat(mostQueuedBytes).as("bytes queued, sampled").isPositive();
            assertThat(number(worker, "in-flight-wait-ms-total")).as("poll() waited at the bound").isPositive();
            assertThat(endOffset(admin, topic)).isEqualTo(ROWS);
            awaitZero(worker, "in-flight-records");
            awaitZero(worker, "queued-records");
            assertThat(endOffset(admin, topic)).as("every row once, nothing after").isEqualTo(ROWS);
            assertThat(number(worker, "queued-bytes")).isZero();
            assertThat(number(worker, "uncaptured-events-dropped-total")).as("the captured rows' events all passed")
                    .isEqualTo(droppedBefore + 2);
        } finally {
            rest.deleteConnector(CONNECTOR);
        }
    }

    /** 0 until Connect has created the topic with the first record. */
    private static long endOffset(Admin admin, TopicPartition tp) throws Exception {
        try {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
    }

    private static long number(JvmMBeans worker, String attribute) throws Exception {
        Object value = worker.attribute(MBEAN, attribute);
        assertThat(value).as("%s on %s", attribute, MBEAN).isInstanceOf(Number.class);
        return ((Number) value).longValue();
    }

    /** The gauges appear once the task has started. */
    private static long awaitNumber(JvmMBeans worker, String attribute) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (worker.attribute(MBEAN, attribute) == null) {
            assertThat(System.nanoTime()).as("%s registered in time", attribute).isLessThan(deadline);
            Thread.sleep(100);
        }
        return number(worker, attribute);
    }

    /** Acknowledgements trail the append that made the end offset reach the rows by a moment. */
    private static void awaitZero(JvmMBeans worker, String attribute) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (number(worker, attribute) != 0) {
            assertThat(System.nanoTime()).as("%s back to 0 in time", attribute).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
