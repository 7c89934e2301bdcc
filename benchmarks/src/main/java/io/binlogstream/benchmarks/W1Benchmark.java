package io.binlogstream.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * W1 in drain mode, binlogstream against Debezium's MariaDB connector on one stack ({@link Harness}: warm-up,
 * A-B / B-A pairs, report {@code benchmarks/results/<date>.md}). Started by {@code ./benchmark}; see
 * benchmarks/README.md.
 *
 * <p>System properties besides {@link Harness}'s: {@code bench.txn.rows} (10,000); {@code bench.pairs} defaults
 * to 5 and {@code bench.budget.minutes} to 60.
 */
public final class W1Benchmark {
    private W1Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int txnRows = Integer.getInteger("bench.txn.rows", 10_000);
        Harness.main("W1 drain benchmark", "events", "", 5, 60, (stack, rows) -> { },
                (stack, c, run, phase, rows) -> DrainRun.run(stack, c, run, phase, rows, txnRows, System.err),
                new Harness.Describe<DrainRun.Result>() {
                    @Override
                    public String setup(long rows) {
                        return String.format(Locale.ROOT, "- Workload W1: %,d single-row `INSERT` statements, committed every %,d rows, into a fresh\n"
                                + "  table per run (`id BIGINT` key, `INT`, `VARCHAR(120)`, `VARCHAR(60)`, `TIMESTAMP(6)`: about 200 bytes a row).\n", rows, txnRows)
                                + "- Drain mode: connector created, binlog client attached, connector paused, workload written, connector resumed.\n"
                                + "  Events/s = (records - 1) / (last - first broker append time), topics with `message.timestamp.type=LogAppendTime`.\n"
                                + "- CPU: utime+stime of the Connect worker JVM from `/proc/<pid>/stat`, from the resume request until the\n"
                                + "  topic's end offset reached the row count (polled every 100 ms), divided by the records.\n"
                                + "- Debezium: `snapshot.mode=no_data`, `snapshot.locking.mode=none`, `include.schema.changes=false`, the admin user.\n"
                                + WorkerResources.describe();
                    }

                    @Override
                    public String runs(List<DrainRun.Result> results) {
                        StringBuilder md = new StringBuilder();
                        md.append("| phase | connector | events/s | span s | CPU µs/event | CPU s | drain wall s | records | dup | missing | avg value B | write s |" + WorkerResources.HEADER + "\n");
                        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + WorkerResources.ALIGN + "\n");
                        for (DrainRun.Result r : results) {
                            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f | %.1f | %.1f | %,d | %d | %d | %.0f | %.1f |%s\n",
                                    r.phase(), r.connector(), r.eventsPerSecond(), (r.lastAppendMs() - r.firstAppendMs()) / 1000.0,
                                    r.cpuMicrosPerEvent(), r.cpuSeconds(), r.drainWallSeconds(), r.records(), r.duplicates(), r.missing(),
                                    r.avgValueBytes(), r.writeSeconds(), r.resources().cells()));
                        }
                        md.append('\n').append(WorkerResources.medians(results, DrainRun.Result::resources));
                        return md.toString();
                    }
                });
    }
}
