package io.binlogstream.benchmarks;

import java.util.Locale;

/**
 * Issue 6's workloads W1-W6 in drain mode, binlogstream against Debezium's MariaDB connector on one stack
 * ({@link Harness}: warm-up, A-B / B-A pairs, report {@code benchmarks/results/<date>.md} for W1,
 * {@code <date>-w3.md} etc. for the others). Started by {@code ./benchmark [--workload Wn]}; see benchmarks/README.md.
 *
 * <p>System properties besides {@link Harness}'s: {@code bench.workload} (W1), {@code bench.txn.rows} (10,000),
 * {@code bench.w3.table.rows}, {@code bench.w5.tables} (200), {@code bench.w6.tables} (10); {@code bench.pairs}
 * defaults to 5, {@code bench.budget.minutes} to 60, {@code bench.worker.heap} to the workload's (512m for W4, else 1g).
 */
public final class DrainBenchmark {
    private DrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int txnRows = Integer.getInteger("bench.txn.rows", 10_000);
        long rows = Long.getLong("bench.rows", 1_000_000L);
        Workload workload = Workload.named(System.getProperty("bench.workload", "W1"), rows, txnRows);
        // W1 keeps the undecorated name its earlier reports have.
        String suffix = workload.name().equals("W1") ? "" : "-" + workload.name().toLowerCase(Locale.ROOT);
        boolean w1 = workload.name().equals("W1");
        // W1 also runs the floor (cheap: no writer) and measures the raw ceilings after the pairs; the floor emits W1's
        // records only. debezium-defaults only when asked for: a third full Debezium run per pair.
        Harness.Body<DrainRun.Result> run = (stack, c, runIndex, phase, r) -> DrainRun.run(stack, c, workload, runIndex, phase, System.err);
        Harness.After<DrainRun.Result> after = (stack, results) -> "";
        if (w1) {
            after = (stack, results) -> Ceilings.section(stack, results, rows, System.err);
        } else if (workload instanceof RoundRobinWorkload rr && workload.binlogRows() != workload.events()) {
            SkippedRowCost skipped = new SkippedRowCost(rr, System.err);
            run = skipped.besidePairs(run);
            after = skipped;
        }
        Harness.main(workload.name() + " drain benchmark", "events", suffix, 5, 60, workload.defaultWorkerHeap(),
                w1 ? "binlogstream,debezium,floor" : "binlogstream,debezium", (stack, r) -> { }, run, new DrainReport(workload), after);
    }
}
