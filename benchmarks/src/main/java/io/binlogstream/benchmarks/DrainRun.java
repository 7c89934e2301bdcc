package io.binlogstream.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    record Result(Contender contender, String connector, String phase, long rows, long records, long duplicates,
                  long missing, long firstAppendMs, long lastAppendMs, double eventsPerSecond, double cpuMicrosPerEvent,
                  double cpuSeconds, double drainWallSeconds, double avgValueBytes, double writeSeconds,
                  long insertStatements, double avgKeyBytes, BinlogRange binlog) implements Measured {
        @Override
        public double rate() {
            return eventsPerSecond;
        }

        @Override
        public double cpuMicrosPerRecord() {
            return cpuMicrosPerEvent;
        }
    }

    private DrainRun() {
    }

    static Result run(Stack stack, Contender contender, int runIndex, String phase, long rows, int txnRows,
                      java.io.PrintStream log) throws Exception {
        String table = "w1_r" + runIndex;
        String prefix = contender.prefix + runIndex;
        String topic = Contender.tableTopic(prefix, table);
        String name = contender.label + "-w1-r" + runIndex;
        ConnectRestClient rest = stack.rest();
        long workerPid = stack.worker(0).pid();

        Map<String, String> config = contender.config(stack, Contender.Mode.STREAM, prefix, table, runIndex, rows);
        if (contender.readsBinlog()) {
            Workload.createTable(stack.mariaDb(), table);
        }
        Topics.create(stack, topic);
        long statements = 0;
        double writeSeconds = 0;
        BinlogRange binlog = null;
        rest.createConnector(name, config);
        try {
            rest.awaitConnectorRunning(name, Duration.ofMinutes(2));
            long runningAt = System.nanoTime();
            if (contender.readsBinlog()) {
                // RUNNING comes before the task reads the binlog; rows written earlier would precede its start.
                stack.mariaDb().awaitBinlogClients(1, Duration.ofMinutes(2));
            }
            rest.pause(name);
            awaitPaused(rest, name, Duration.ofMinutes(1));
            if (!contender.readsBinlog() && Topics.endOffset(stack, topic) > 0) {
                // The floor's start hold ran out before the pause: part of its run would fall outside the measurement.
                throw new IllegalStateException(name + " emitted records before it was paused; raise the floor's start.hold.ms");
            }
            if (!contender.readsBinlog()) {
                // Its task started about when RUNNING was seen, so its hold is over by then (give or take the
                // milliseconds between start() and the status): the CPU measured from the resume holds no idle polling.
                Harness.sleep(Duration.ofNanos(Math.max(0, runningAt + Contender.FLOOR_START_HOLD.toNanos() - System.nanoTime())));
            }

            if (contender.readsBinlog()) {
                BinlogRange.Position start = BinlogRange.current(stack.mariaDb());
                long w0 = System.nanoTime();
                statements = Workload.insert(stack.mariaDb(), table, rows, txnRows);
                writeSeconds = (System.nanoTime() - w0) / 1e9;
                binlog = new BinlogRange(start, BinlogRange.current(stack.mariaDb()));
                log.printf("[bench]   %s: wrote %,d rows (%,d INSERT statements) in %.1f s; resuming%n", name, rows,
                        statements, writeSeconds);
            }

            long cpu0 = ProcCpu.ticks(workerPid);
            long t0 = System.nanoTime();
            rest.resume(name);
            Topics.awaitEndOffset(stack, topic, rows);
            long cpu1 = ProcCpu.ticks(workerPid);
            double drainWall = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu1 - cpu0) / (double) ProcCpu.ticksPerSecond();

            Topics.Verification v = Topics.verify(stack, topic, rows);
            double eps = v.recordsPerSecond();
            Result r = new Result(contender, name, phase, rows, v.records(), v.duplicates(), v.missing(), v.firstAppendMs(),
                    v.lastAppendMs(), eps, cpuSeconds * 1e6 / v.records(), cpuSeconds, drainWall, v.avgValueBytes(),
                    writeSeconds, statements, v.avgKeyBytes(), binlog);
            log.printf("[bench]   %s: %,.0f events/s over %.2f s, %.2f CPU us/event, %,d records, %d duplicates,"
                    + " %d missing%n", name, eps, v.spanSeconds(), r.cpuMicrosPerEvent(), v.records(), v.duplicates(), v.missing());
            return r;
        } finally {
            rest.deleteConnector(name);
            if (contender.readsBinlog()) {
                Harness.detachBinlogClients(stack);
                stack.mariaDb().execute("DROP TABLE IF EXISTS " + Workload.DATABASE + "." + table);
            }
            // Frees the broker's disk between runs; each run has its own topic name anyway.
            Topics.delete(stack, List.of(topic));
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
            Harness.sleep(Duration.ofMillis(100));
        }
    }
}
