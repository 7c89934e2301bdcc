package io.binlogstream.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Issue 5's snapshot throughput, binlogstream's chunked lock-free snapshot against Debezium's default snapshot on
 * one stack ({@link Harness}: warm-up, A-B / B-A pairs, report {@code benchmarks/results/<date>-snapshot.md}).
 * The table is loaded once ({@link SnapshotTable}) and nothing writes to it during the runs. Started by
 * {@code ./benchmark --snapshot}; see benchmarks/README.md.
 *
 * <p>{@code bench.pairs} defaults to 5 and {@code bench.budget.minutes} to 25 here (a pair of 1,000,000-row runs took
 * 1.5-3 minutes on the shared 2-core machine; no pair starts that would end past the budget).
 */
public final class SnapshotBenchmark {
    /** The loaded table as {@link SnapshotTable#describe} saw it, for the report. */
    private static String loaded = "not loaded";

    private SnapshotBenchmark() {
    }

    private static double[] paired(List<SnapshotRun.Result> results, Contender c, ToDoubleFunction<SnapshotRun.Result> value) {
        return results.stream().filter(r -> r.contender() == c && r.phase().startsWith("pair")).mapToDouble(value).toArray();
    }

    public static void main(String[] args) throws Exception {
        Harness.main("Snapshot benchmark", "rows", "-snapshot", 5, 25, "1g",
                (stack, rows) -> {
                    long t0 = System.nanoTime();
                    SnapshotTable.load(stack.mariaDb(), rows);
                    SnapshotTable.createDebeziumUser(stack.mariaDb());
                    loaded = SnapshotTable.describe(stack.mariaDb());
                    System.err.printf("[bench] loaded %s.%s in %.1f s: %s%n", Workload.DATABASE, SnapshotTable.TABLE,
                            (System.nanoTime() - t0) / 1e9, loaded);
                },
                (stack, c, run, phase, rows) -> SnapshotRun.run(stack, c, run, phase, rows, System.err),
                new Harness.Describe<SnapshotRun.Result>() {
                    @Override
                    public String setup(long rows) {
                        return String.format(Locale.ROOT, "- Table `%s.%s`, loaded once from the sequence engine and idle during every run (no writer),\n"
                                + "  so every run reads the same rows: `%s`. Loaded: %s.\n", Workload.DATABASE, SnapshotTable.TABLE,
                                SnapshotTable.DDL.replace(Workload.DATABASE + "." + SnapshotTable.TABLE, SnapshotTable.TABLE), loaded)
                                + "- Per run: a fresh topic (1 partition, `message.timestamp.type=LogAppendTime`, created before the connector), a\n"
                                + "  fresh connector name, topic prefix and server id; connector created, timed until the topic's end offset\n"
                                + "  reached the row count, then deleted (with its topics).\n"
                                + "- Rows/s = (records - 1) / (last - first broker append time). Total = create request to the last record's\n"
                                + "  append; first record = create request to the first record's append (the snapshot's start-up).\n"
                                + "- CPU: utime+stime from `/proc/<pid>/stat` of the Connect worker JVM (and of `mariadbd`), from the create\n"
                                + "  request until the topic's end offset reached the row count (polled every 100 ms), divided by the rows.\n"
                                + "- binlogstream: `snapshot.mode=initial`, default `snapshot.chunk.size` (4096), the connector user with the\n"
                                + "  testkit's narrow grants (SELECT, REPLICATION SLAVE, BINLOG MONITOR, REPLICATION MASTER ADMIN).\n"
                                + "- Debezium: its default snapshot (`snapshot.mode=initial`, default `snapshot.locking.mode=minimal`), a user\n"
                                + "  with the grants its MariaDB documentation lists (" + SnapshotTable.DEBEZIUM_GRANTS + "),\n"
                                + "  `include.schema.changes=false`, its schema history in a Kafka topic per run.\n"
                                + WorkerResources.describe();
                    }

                    @Override
                    public String runs(List<SnapshotRun.Result> results) {
                        StringBuilder md = new StringBuilder();
                        md.append("| phase | connector | rows/s | span s | first record s | total s | CPU µs/row | CPU s | MariaDB CPU µs/row"
                                + " | records | dup | missing | avg value B | worker WARN/ERROR |" + WorkerResources.HEADER + "\n");
                        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + WorkerResources.ALIGN + "\n");
                        for (SnapshotRun.Result r : results) {
                            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %,d | %d | %d | %.0f | %d / %d |%s\n",
                                    r.phase(), r.connector(), r.rate(), r.spanSeconds(), r.firstRecordSeconds(), r.totalSeconds(),
                                    r.cpuMicrosPerRecord(), r.cpuSeconds(), r.dbCpuMicrosPerRow(), r.records(), r.duplicates(), r.missing(),
                                    r.avgValueBytes(), r.workerWarnings(), r.workerErrors(), r.resources().cells()));
                        }
                        md.append('\n').append(WorkerResources.medians(results, SnapshotRun.Result::resources));
                        for (Contender c : Contender.values()) {
                            double[] total = paired(results, c, SnapshotRun.Result::totalSeconds);
                            double[] first = paired(results, c, SnapshotRun.Result::firstRecordSeconds);
                            if (total.length > 0) {
                                md.append(String.format(Locale.ROOT, "- %s, median over the pairs: total %.2f s, first record after %.2f s\n",
                                        c.label, Report.median(total), Report.median(first)));
                            }
                        }
                        List<String> notes = results.stream().filter(r -> !r.notes().isEmpty())
                                .map(r -> "- " + r.connector() + ":\n" + r.notes().stream().map(n -> "  - `" + n + "`")
                                        .collect(java.util.stream.Collectors.joining("\n"))).toList();
                        if (!notes.isEmpty()) {
                            md.append("\nFrom the worker log during each run (Debezium's global read lock, distinct ERROR messages and exceptions):\n\n")
                                    .append(String.join("\n", notes)).append('\n');
                        }
                        return md.toString();
                    }
                });
    }
}
