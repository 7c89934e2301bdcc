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

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.ConnectRestClient;
import io.binlogstream.testkit.Stack;

/**
 * One drain-mode run of one connector: fresh table, topic and connector name; the connector attached to
 * the binlog, then paused while the workload is written, then resumed and timed until the topic holds every
 * row. Throughput is taken from the broker's append times of the first and last record, so neither this
 * process's polling nor the writer enters the figure.
 */
final class DrainRun {
    /** A run fails if the topic gains no record for this long after resuming. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PROGRESS_POLL = Duration.ofMillis(100);

    record Result(Contender contender, String connector, String phase, long rows, long records, long duplicates,
                  long missing, long firstAppendMs, long lastAppendMs, double eventsPerSecond, double cpuMicrosPerEvent,
                  double cpuSeconds, double drainWallSeconds, double avgValueBytes, double writeSeconds,
                  long insertStatements) {
        boolean correct() {
            return records == rows && duplicates == 0 && missing == 0;
        }
    }

    private DrainRun() {
    }

    static Result run(Stack stack, Contender contender, int runIndex, String phase, long rows, int txnRows,
                      java.io.PrintStream log) throws Exception {
        String table = "w1_r" + runIndex;
        String prefix = contender.prefix + runIndex;
        String topic = prefix + "." + Workload.DATABASE + "." + table;
        String name = contender.label + "-w1-r" + runIndex;
        ConnectRestClient rest = stack.rest();
        long workerPid = stack.worker(0).pid();

        Workload.createTable(stack.mariaDb(), table);
        createTopic(stack, topic);
        rest.createConnector(name, contender.config(stack, prefix, table, runIndex));
        try {
            rest.awaitConnectorRunning(name, Duration.ofMinutes(2));
            // RUNNING comes before the task reads the binlog; rows written earlier would precede its start.
            stack.mariaDb().awaitBinlogClients(1, Duration.ofMinutes(2));
            rest.pause(name);
            awaitPaused(rest, name, Duration.ofMinutes(1));

            long w0 = System.nanoTime();
            long statements = Workload.insert(stack.mariaDb(), table, rows, txnRows);
            double writeSeconds = (System.nanoTime() - w0) / 1e9;
            log.printf("[bench]   %s: wrote %,d rows (%,d INSERT statements) in %.1f s; resuming%n", name, rows,
                    statements, writeSeconds);

            long cpu0 = ProcCpu.ticks(workerPid);
            long t0 = System.nanoTime();
            rest.resume(name);
            awaitEndOffset(stack, topic, rows);
            long cpu1 = ProcCpu.ticks(workerPid);
            double drainWall = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu1 - cpu0) / (double) ProcCpu.ticksPerSecond();

            Verification v = verify(stack, topic, rows);
            double span = (v.lastAppendMs - v.firstAppendMs) / 1000.0;
            // Events between the first and the last append: the first record's own append opens the span.
            double eps = span > 0 ? (v.records - 1) / span : Double.NaN;
            Result r = new Result(contender, name, phase, rows, v.records, v.duplicates, v.missing, v.firstAppendMs,
                    v.lastAppendMs, eps, cpuSeconds * 1e6 / v.records, cpuSeconds, drainWall,
                    v.valueBytes / (double) v.records, writeSeconds, statements);
            log.printf("[bench]   %s: %,.0f events/s over %.2f s, %.2f CPU us/event, %,d records, %d duplicates,"
                    + " %d missing%n", name, eps, span, r.cpuMicrosPerEvent(), v.records, v.duplicates, v.missing);
            return r;
        } finally {
            rest.deleteConnector(name);
            detachBinlogClients(stack);
            stack.mariaDb().execute("DROP TABLE IF EXISTS " + Workload.DATABASE + "." + table);
            try (Admin admin = stack.kafka().admin()) {
                // Frees the broker's disk between runs; each run has its own topic name anyway.
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    private static void createTopic(Stack stack, String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = stack.kafka().admin()) {
            NewTopic t = new NewTopic(topic, 1, (short) 1)
                    // The broker stamps each batch when it appends it: the clock the rate is measured on.
                    .configs(Map.of("message.timestamp.type", "LogAppendTime", "cleanup.policy", "delete",
                            "retention.ms", "-1", "retention.bytes", "-1"));
            admin.createTopics(List.of(t)).all().get();
        }
    }

    private static void awaitPaused(ConnectRestClient rest, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode s = rest.connectorStatus(name);
            boolean paused = "PAUSED".equals(s.path("connector").path("state").asText());
            for (JsonNode task : s.path("tasks")) {
                paused &= "PAUSED".equals(task.path("state").asText());
            }
            if (paused && s.path("tasks").size() > 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connector " + name + " not PAUSED within " + timeout + ": " + s);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Polls the topic's end offset (a cheap metadata request, so the measuring process takes next to no CPU
     * from the worker on this 2-core machine) until it holds every row.
     */
    private static void awaitEndOffset(Stack stack, String topic, long rows) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = stack.kafka().admin()) {
            long last = -1;
            long lastProgress = System.nanoTime();
            while (true) {
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
                if (end >= rows) {
                    return;
                }
                if (end != last) {
                    last = end;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(topic + " stalled at " + end + " of " + rows + " records for "
                            + STALL_TIMEOUT);
                }
                sleep(PROGRESS_POLL);
            }
        }
    }

    private record Verification(long records, long duplicates, long missing, long firstAppendMs, long lastAppendMs,
                                long valueBytes) {
    }

    /** Reads the whole topic after the drain: counts, finds duplicate and missing keys, takes append times. */
    private static Verification verify(Stack stack, String topic, long rows) {
        Properties p = stack.kafka().clientProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        TopicPartition tp = new TopicPartition(topic, 0);
        BitSet seen = new BitSet((int) rows + 1);
        long records = 0, duplicates = 0, valueBytes = 0;
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
                    first = Math.min(first, r.timestamp());
                    lastTs = Math.max(lastTs, r.timestamp());
                    long id = AvroKey.firstLong(r.key());
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
        return new Verification(records, duplicates, missing, first, lastTs, valueBytes);
    }

    /**
     * Closes binlog dump connections a deleted connector left on the server, so the next run's
     * "attached" check counts only its own connector.
     */
    private static void detachBinlogClients(Stack stack) {
        String q = "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!stack.mariaDb().query(q).isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
        }
        for (Map<String, Object> row : stack.mariaDb().query(q)) {
            try {
                stack.mariaDb().execute("KILL CONNECTION " + row.get("ID"));
            } catch (IllegalStateException alreadyGone) {
                // ended between the query and the KILL
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
