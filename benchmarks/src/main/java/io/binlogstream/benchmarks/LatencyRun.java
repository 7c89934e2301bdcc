package io.binlogstream.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;

import io.binlogstream.testkit.ConnectRestClient;
import io.binlogstream.testkit.Stack;

/**
 * One W7 run of one connector at one rate, live: fresh table, topic and connector; once the connector reads the
 * binlog, {@link PacedWriter} writes at the rate while the connector streams; then the harness waits until the
 * topic holds every row and reads it back ({@link CommitLatencies}).
 */
final class LatencyRun {
    /** A connector that falls behind delivers its last rows this late or later; one that keeps up, within its usual latency. */
    static final double KEPT_UP_LAST_ROW_MS = 1000;
    /**
     * {@code bench.latency.timestamp}: {@code LogAppendTime} (the measure) or {@code CreateTime}, a diagnostic:
     * binlogstream's records carry no timestamp, so the producer stamps each at {@code send()}, and the "latency"
     * becomes commit to the task's send, without the producer's batching and the broker.
     */
    static final String TIMESTAMP_TYPE = System.getProperty("bench.latency.timestamp", "LogAppendTime");

    /** After the writer stops, the rest must arrive within this (a connector far behind at 50k/s needs a while). */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(5);

    /**
     * @param settings    {@code defaults} (each connector's own, Connect's producer defaults) or {@code overrides}
     *                    (the shared {@code producer.override.*} of {@link Contender#producerOverrides()})
     * @param targetRate  rows per second asked of the writer
     * @param written     what the writer did
     * @param latencies   what the topic holds
     * @param deliverySeconds from the writer's last statement to the topic holding every row
     * @param cpuMicrosPerEvent the worker's CPU from the first statement until every row was on the topic, per record
     * @param measuredJitSeconds CPU seconds of the worker's JIT compiler threads from the first measured statement
     *                    until every row was on the topic: near zero once the worker is warm
     */
    record Result(Contender contender, String connector, String phase, String settings, int targetRate, PacedWriter.Written written,
                  CommitLatencies.Result latencies, double deliverySeconds, double cpuMicrosPerEvent, WorkerResources resources,
                  double measuredJitSeconds) {
        /** The last row arrived within {@link #KEPT_UP_LAST_ROW_MS}, and so did every row. */
        boolean keptUp() {
            return complete() && latencies.lastRowMs() <= KEPT_UP_LAST_ROW_MS;
        }

        boolean complete() {
            return latencies.records() == written.rows() && latencies.duplicates() == 0 && latencies.missing() == 0;
        }
    }

    /** The phase of a measured run (then its round's number); warm-up runs are not measured. */
    static final String MEASURED = "measured";

    private LatencyRun() {
    }

    static Result run(Stack stack, Contender contender, int runIndex, String phase, String settings, int rate,
                      Duration warmUp, Duration measured, PrintStream log) throws Exception {
        String table = "w7_r" + runIndex;
        String prefix = contender.prefix + "l" + runIndex;
        String topic = Contender.tableTopic(prefix, table);
        String name = contender.label + "-w7-r" + runIndex;
        ConnectRestClient rest = stack.rest();
        long workerPid = stack.worker(0).pid();

        boolean floor = !contender.readsBinlog();
        // The writer's table; for the floor, its load's (FloorLoad), which no connector reads.
        PacedWriter.createTable(stack.mariaDb(), table);
        createTopic(stack, topic);
        // The targets are for default settings: Connect's producer (linger.ms 5, batch.size 16 KiB), so no
        // shared overrides; a variant keeps its own, which are what it is there to compare.
        boolean shared = !settings.equals("defaults");
        long floorRows = rate * (warmUp.toSeconds() + measured.toSeconds());
        Map<String, String> config = floor ? Contender.pacedFloorConfig(stack, prefix, table, floorRows, rate, shared)
                : contender.config(stack, Contender.Mode.STREAM, prefix, table, runIndex, 0, shared);
        try (FloorLoad load = floor ? FloorLoad.connect(stack.mariaDb(), table) : null) {
            rest.createConnector(name, config);
            try {
                rest.awaitConnectorRunning(name, Duration.ofMinutes(2));
                if (!floor) {
                    // RUNNING comes before the task reads the binlog; rows written earlier would wait for its start.
                    stack.mariaDb().awaitBinlogClients(1, Duration.ofMinutes(2));
                }

                long cpu0 = ProcCpu.ticks(workerPid);
                WorkerResources.Meter meter = WorkerResources.start(stack);
                long[] jitAtMeasuredStart = {ProcCpu.compilerTicks(workerPid)};
                Runnable atMeasuredStart = () -> jitAtMeasuredStart[0] = ProcCpu.compilerTicks(workerPid);
                PacedWriter.Written w = floor ? load.write(floorRows, rate, warmUp, measured, atMeasuredStart)
                        : PacedWriter.write(stack.mariaDb(), table, rate, warmUp, measured, atMeasuredStart);
                long wroteNs = System.nanoTime();
                log.printf("[bench]   %s: wrote %,d rows in %,d statements, %,.0f rows/s measured (target %,d), at most %.1f ms"
                        + " behind schedule; waiting for delivery%n", name, w.rows(), w.statements(), w.measuredRate(), rate, w.maxBehindMs());
                awaitEndOffset(stack, topic, w.rows());
                double deliverySeconds = (System.nanoTime() - wroteNs) / 1e9;
                long cpu1 = ProcCpu.ticks(workerPid);
                double measuredJit = (ProcCpu.compilerTicks(workerPid) - jitAtMeasuredStart[0]) / (double) ProcCpu.ticksPerSecond();
                WorkerResources resources = meter.stop();

                CommitLatencies.Result l = CommitLatencies.read(stack, topic, w.rows(), w.firstMeasuredId(),
                        TIMESTAMP_TYPE.equals("CreateTime") ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME);
                double cpuMicros = (cpu1 - cpu0) / (double) ProcCpu.ticksPerSecond() * 1e6 / Math.max(1, l.records());
                Result r = new Result(contender, name, phase, settings, rate, w, l, deliverySeconds, cpuMicros, resources, measuredJit);
                log.printf("[bench]   %s: latency ms p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f, last row %.1f (commit to ts_ms p50 %.1f,"
                        + " p99 %.1f); %,d records, %d duplicates, %d missing, %s; worker CPU %.2f us/event, JIT %.1f s CPU in the"
                        + " measured seconds;%s%n", name, l.percentile(50),
                        l.percentile(99), l.percentile(99.9), l.max(), l.lastRowMs(), l.envelopePercentile(50), l.envelopePercentile(99),
                        l.records(), l.duplicates(), l.missing(), r.keptUp() ? "kept up" : "FELL BEHIND",
                        cpuMicros, measuredJit, resources.summary());
                return r;
            } finally {
                if (load != null) {
                    // Before the detach, which would otherwise wait for its dump thread and kill it; a failure here
                    // must not keep the rest of the clean-up from running.
                    try {
                        load.close();
                    } catch (java.io.IOException e) {
                        log.println("[bench]   " + name + ": closing the floor's binlog load: " + e);
                    }
                }
                rest.deleteConnector(name);
                Harness.detachBinlogClients(stack);
                stack.mariaDb().execute("DROP TABLE IF EXISTS " + Workload.DATABASE + "." + table);
                Topics.delete(stack, List.of(topic, Contender.historyTopic(prefix)));
            }
        }
    }

    /** As {@link Topics#create}, with {@link #TIMESTAMP_TYPE} as the topic's clock. */
    private static void createTopic(Stack stack, String topic) throws Exception {
        if (!TIMESTAMP_TYPE.equals("LogAppendTime") && !TIMESTAMP_TYPE.equals("CreateTime")) {
            throw new IllegalArgumentException("bench.latency.timestamp must be LogAppendTime or CreateTime: " + TIMESTAMP_TYPE);
        }
        try (Admin admin = stack.kafka().admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("message.timestamp.type", TIMESTAMP_TYPE,
                    "retention.ms", "-1", "retention.bytes", "-1")))).all().get();
        }
    }

    /** Polls the end offset until the topic holds {@code rows} records, or {@link #DELIVERY_TIMEOUT} passes. */
    private static void awaitEndOffset(Stack stack, String topic, long rows) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        try (Admin admin = stack.kafka().admin()) {
            while (admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset() < rows) {
                if (System.nanoTime() > deadline) {
                    // Reported as incomplete (missing rows), not failed: the other runs still say something.
                    return;
                }
                Harness.sleep(Duration.ofMillis(100));
            }
        }
    }
}
