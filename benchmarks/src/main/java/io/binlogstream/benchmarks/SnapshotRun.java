package io.binlogstream.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.binlogstream.testkit.ConnectRestClient;
import io.binlogstream.testkit.Stack;

/**
 * One snapshot run of one connector: a fresh topic (LogAppendTime) and a fresh connector name, topic prefix and
 * server id; the connector created with its initial snapshot of the loaded table ({@link SnapshotTable}), and
 * timed until the table's topic holds every row. Rows/s is taken from the broker's append times of the first and
 * last record; the total time runs from the create request to the last record's append.
 */
final class SnapshotRun {
    /** {@code rate}: rows/s over the append span; {@code cpuMicrosPerRecord}: the worker's CPU per row. */
    record Result(Contender contender, String connector, String phase, long rows, long records, long duplicates,
                  long missing, double rate, double spanSeconds, double firstRecordSeconds, double totalSeconds,
                  double cpuSeconds, double cpuMicrosPerRecord, double dbCpuMicrosPerRow, double avgValueBytes,
                  long workerWarnings, long workerErrors, List<String> notes, WorkerResources resources) implements Measured {
    }

    private SnapshotRun() {
    }

    static Result run(Stack stack, Contender contender, int runIndex, String phase, long rows, PrintStream log) throws Exception {
        String prefix = contender.prefix + "s" + runIndex;
        String topic = Contender.tableTopic(prefix, SnapshotTable.TABLE);
        String name = contender.label + "-snapshot-r" + runIndex;
        ConnectRestClient rest = stack.rest();
        long workerPid = stack.worker(0).pid();
        long dbPid = stack.mariaDb().pid();

        Topics.create(stack, topic);
        WorkerLog workerLog = WorkerLog.mark(stack.worker(0).logFile());
        long cpu0 = ProcCpu.ticks(workerPid);
        long db0 = ProcCpu.ticks(dbPid);
        long createdMs = System.currentTimeMillis();
        WorkerResources.Meter meter = WorkerResources.start(stack);
        rest.createConnector(name, contender.config(stack, Contender.Mode.SNAPSHOT, prefix, SnapshotTable.TABLE, runIndex));
        try {
            Topics.awaitEndOffset(stack, topic, rows);
            long cpu1 = ProcCpu.ticks(workerPid);
            long db1 = ProcCpu.ticks(dbPid);
            WorkerResources resources = meter.stop();
            double tick = ProcCpu.ticksPerSecond();
            double cpuSeconds = (cpu1 - cpu0) / tick;

            Topics.Verification v = Topics.verify(stack, topic, rows);
            List<String> lines = workerLog.lines();
            List<String> notes = new ArrayList<>();
            // Debezium's own account of its global read lock ("Writes to MySQL tables prevented for a total of ...").
            WorkerLog.matching(lines, l -> l.contains("prevented for a total of")).stream()
                    .map(l -> l.substring(l.indexOf("Writes")).trim()).forEach(notes::add);
            notes.addAll(WorkerLog.distinctProblems(lines));
            Result r = new Result(contender, name, phase, rows, v.records(), v.duplicates(), v.missing(),
                    v.recordsPerSecond(), v.spanSeconds(), (v.firstAppendMs() - createdMs) / 1000.0,
                    (v.lastAppendMs() - createdMs) / 1000.0, cpuSeconds, cpuSeconds * 1e6 / v.records(),
                    (db1 - db0) / tick * 1e6 / v.records(), v.avgValueBytes(), WorkerLog.count(lines, "WARN"),
                    WorkerLog.count(lines, "ERROR"), notes, resources);
            log.printf("[bench]   %s: %,.0f rows/s over %.2f s, first record after %.2f s, last after %.2f s, %.2f CPU us/row"
                    + " (MariaDB %.2f), %,d records, %d duplicates, %d missing, worker log %d WARN / %d ERROR%s; worker:%s%n", name,
                    r.rate(), r.spanSeconds(), r.firstRecordSeconds(), r.totalSeconds(), r.cpuMicrosPerRecord(),
                    r.dbCpuMicrosPerRow(), r.records(), r.duplicates(), r.missing(), r.workerWarnings(), r.workerErrors(),
                    notes.isEmpty() ? "" : "; " + String.join("; ", notes), resources.summary());
            return r;
        } finally {
            rest.deleteConnector(name);
            Harness.detachBinlogClients(stack);
            // Frees the broker's disk between runs; each run has its own topic names anyway.
            Topics.delete(stack, List.of(topic, Contender.historyTopic(prefix)));
        }
    }
}
