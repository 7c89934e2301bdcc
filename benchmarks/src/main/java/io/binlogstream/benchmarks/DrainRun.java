package io.binlogstream.benchmarks;

import java.time.Duration;
import java.util.List;

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
                  long insertStatements, WorkerResources resources) implements Measured {
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

        Workload.createTable(stack.mariaDb(), table);
        Topics.create(stack, topic);
        rest.createConnector(name, contender.config(stack, Contender.Mode.STREAM, prefix, table, runIndex));
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
            WorkerResources.Meter meter = WorkerResources.start(stack);
            rest.resume(name);
            Topics.awaitEndOffset(stack, topic, rows);
            long cpu1 = ProcCpu.ticks(workerPid);
            WorkerResources resources = meter.stop();
            double drainWall = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu1 - cpu0) / (double) ProcCpu.ticksPerSecond();

            Topics.Verification v = Topics.verify(stack, topic, rows);
            double eps = v.recordsPerSecond();
            Result r = new Result(contender, name, phase, rows, v.records(), v.duplicates(), v.missing(), v.firstAppendMs(),
                    v.lastAppendMs(), eps, cpuSeconds * 1e6 / v.records(), cpuSeconds, drainWall, v.avgValueBytes(),
                    writeSeconds, statements, resources);
            log.printf("[bench]   %s: %,.0f events/s over %.2f s, %.2f CPU us/event, %,d records, %d duplicates,"
                    + " %d missing; worker:%s%n", name, eps, v.spanSeconds(), r.cpuMicrosPerEvent(), v.records(), v.duplicates(),
                    v.missing(), resources.summary());
            return r;
        } finally {
            rest.deleteConnector(name);
            Harness.detachBinlogClients(stack);
            stack.mariaDb().execute("DROP TABLE IF EXISTS " + Workload.DATABASE + "." + table);
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
