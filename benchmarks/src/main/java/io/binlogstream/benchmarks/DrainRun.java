package io.binlogstream.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.ConnectRestClient;
import io.binlogstream.testkit.Stack;

/**
 * One drain-mode run of one connector on one {@link Workload}: fresh tables, topics and connector name; the
 * connector attached to the binlog, then paused while the workload is written, then resumed and timed until the
 * captured tables' topics hold every event. Throughput is taken from the broker's append times of the first and
 * last record over all those topics, so neither this process's polling nor the writer enters the figure.
 */
final class DrainRun {
    /**
     * One run's figures. {@code rows} is the records expected on the topics (the workload's events, plus W5's
     * priming records, which are not in the rate or the CPU per event), {@code insertStatements} the
     * writer's statements as the server counted them (INSERTs, or UPDATEs for W3); {@code binlogRows} counts the
     * rows of uncaptured tables too (W6), {@code transactions} the binlog transactions the writer made;
     * {@code binlog} is where the writer's transactions lie in the binlog (for the binlog ceiling), null for the floor,
     * which reads no binlog.
     */
    record Result(Contender contender, String connector, String phase, long rows, long records, long duplicates,
                  long missing, long firstAppendMs, long lastAppendMs, double eventsPerSecond, double cpuMicrosPerEvent,
                  double cpuSeconds, double drainWallSeconds, double avgValueBytes, double writeSeconds,
                  long insertStatements, String workload, long binlogRows, long transactions, long outOfOrder,
                  int topics, double createSeconds, double avgKeyBytes, BinlogRange binlog,
                  WorkerResources resources) implements Measured {
        @Override
        public double rate() {
            return eventsPerSecond;
        }

        @Override
        public double cpuMicrosPerRecord() {
            return cpuMicrosPerEvent;
        }

        /**
         * CPU per event without the worker's JIT compiler threads: a connector that has just started makes the
         * worker recompile for a while, a cost of the start rather than of each event.
         */
        double cpuMicrosPerEventWithoutJit() {
            return cpuMicrosPerEvent * (cpuSeconds - resources.jitCpuSeconds()) / cpuSeconds;
        }

        /** Worker CPU over every row the connector read from the binlog, captured or not. */
        double cpuMicrosPerBinlogRow() {
            return cpuSeconds * 1e6 / binlogRows;
        }

        @Override
        public boolean correct() {
            return Measured.super.correct() && outOfOrder == 0;
        }
    }

    private DrainRun() {
    }

    static Result run(Stack stack, Contender contender, Workload workload, int runIndex, String phase,
                      java.io.PrintStream log) throws Exception {
        Workload.Tables tables = workload.tables(runIndex);
        String prefix = contender.prefix + runIndex;
        List<String> topics = tables.captured().stream().map(t -> Contender.tableTopic(prefix, t)).toList();
        String name = contender.label + "-" + workload.name().toLowerCase(java.util.Locale.ROOT) + "-r" + runIndex;
        long events = workload.events();
        ConnectRestClient rest = stack.rest();
        long workerPid = stack.worker(0).pid();

        if (!contender.readsBinlog() && (!workload.name().equals("W1") || topics.size() != 1)) {
            throw new IllegalArgumentException("the floor emits W1's records only; leave it out of bench.contenders for "
                    + workload.name());
        }
        boolean created = false;
        boolean binlogClient = contender.readsBinlog();
        try {
            long c0 = System.nanoTime();
            if (contender.readsBinlog()) {
                workload.create(stack.mariaDb(), tables);
            }
            double createSeconds = (System.nanoTime() - c0) / 1e9;
            Topics.create(stack, topics);
            rest.createConnector(name, contender.config(stack, Contender.Mode.STREAM, prefix, tables.includePattern(), runIndex,
                    events, true));
            created = true;
            rest.awaitConnectorRunning(name, Duration.ofMinutes(2));
            long runningAt = System.nanoTime();
            long primed = 0;
            if (contender.readsBinlog()) {
                // RUNNING comes before the task reads the binlog; rows written earlier would precede its start.
                stack.mariaDb().awaitBinlogClients(1, Duration.ofMinutes(2));
                primed = workload.prime(stack.mariaDb(), tables);
                if (primed > 0) {
                    Topics.awaitEndOffsets(stack, topics, primed);
                    log.printf("[bench]   %s: %,d priming records delivered%n", name, primed);
                }
            }
            rest.pause(name);
            awaitPaused(rest, name, Duration.ofMinutes(1));
            Workload.Written w;
            BinlogRange binlog = null;
            if (contender.readsBinlog()) {
                BinlogRange.Position start = BinlogRange.current(stack.mariaDb());
                w = workload.write(stack.mariaDb(), tables);
                binlog = new BinlogRange(start, BinlogRange.current(stack.mariaDb()));
                log.printf("[bench]   %s: tables created in %.1f s; wrote %,d binlog rows (%,d statements, %,d transactions) in %.1f s;"
                        + " resuming%n", name, createSeconds, workload.binlogRows(), w.statements(), w.transactions(), w.seconds());
            } else {
                if (Topics.endOffset(stack, topics.get(0)) > 0) {
                    // The floor's start hold ran out before the pause: part of its run would fall outside the measurement.
                    throw new IllegalStateException(name + " emitted records before it was paused; raise the floor's start.hold.ms");
                }
                // Its task started about when RUNNING was seen, so its hold is over by then (give or take the
                // milliseconds between start() and the status): the CPU measured from the resume holds no idle polling.
                Harness.sleep(Duration.ofNanos(Math.max(0, runningAt + Contender.FLOOR_START_HOLD.toNanos() - System.nanoTime())));
                w = new Workload.Written(0, 0, 0);
            }

            long cpu0 = ProcCpu.ticks(workerPid);
            long t0 = System.nanoTime();
            WorkerResources.Meter meter = WorkerResources.start(stack, LiveHeapProbe.period(workload.name()));
            rest.resume(name);
            Topics.awaitEndOffsets(stack, topics, primed + events);
            long cpu1 = ProcCpu.ticks(workerPid);
            WorkerResources resources = meter.stop();
            double drainWall = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu1 - cpu0) / (double) ProcCpu.ticksPerSecond();

            Topics.Verification v = Topics.verify(stack, topics, workload.check(tables, topics, stack.registry().url()),
                    primed / topics.size());
            double eps = v.recordsPerSecond();
            Result r = new Result(contender, name, phase, primed + events, v.records(), v.duplicates(), v.missing(), v.firstAppendMs(),
                    v.lastAppendMs(), eps, cpuSeconds * 1e6 / v.timedRecords(), cpuSeconds, drainWall, v.avgValueBytes(),
                    w.seconds(), w.statements(), workload.name(), workload.binlogRows(), w.transactions(), v.outOfOrder(),
                    topics.size(), createSeconds, v.avgKeyBytes(), binlog, resources);
            log.printf("[bench]   %s: %,.0f events/s over %.2f s, %.2f CPU us/event (%.2f per binlog row), %,d records,"
                    + " %d duplicates, %d missing, %d out of order; worker:%s%n", name, eps, v.spanSeconds(), r.cpuMicrosPerEvent(),
                    r.cpuMicrosPerBinlogRow(), v.records(), v.duplicates(), v.missing(), v.outOfOrder(), resources.summary());
            return r;
        } finally {
            if (created) {
                rest.deleteConnector(name);
            }
            if (binlogClient) {
                Harness.detachBinlogClients(stack);
            }
            List<String> drop = new ArrayList<>();
            tables.all().forEach(t -> drop.add("DROP TABLE IF EXISTS " + Workload.DATABASE + "." + t));
            stack.mariaDb().execute(drop.toArray(String[]::new));
            // Frees the broker's disk between runs; each run has its own topic names anyway.
            List<String> delete = new ArrayList<>(topics);
            delete.add(Contender.historyTopic(prefix));
            Topics.delete(stack, delete);
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
