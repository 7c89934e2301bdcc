package io.binlogstream.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.binlogstream.testkit.Stack;

/**
 * What the Connect worker's JVM used during one run: its GC pauses (from the worker's GC log, {@link GcLog}) and its
 * peak resident set ({@link RssSampler}). Heap figures come from the GC log, so they are what G1 saw at each pause:
 * the largest heap before a pause is the run's peak heap (to within one young generation), and the heap after the
 * first and the last pause of the run show whether it stayed flat.
 *
 * @param gcPauses      stop-the-world pauses that ended within the run's window
 * @param gcTotalMs     their summed duration
 * @param gcMaxMs       the longest of them
 * @param heapPeakMb    the largest heap occupancy before a pause, MB (NaN without a pause)
 * @param heapAfterFirstMb heap after the run's first pause, MB (NaN without a pause)
 * @param heapAfterLastMb  heap after the run's last pause, MB
 * @param rssPeakMb     the largest {@code VmRSS} sampled during the run, MB
 * @param rssSamples    how many samples that peak was taken from
 * @param liveHeapMb    the heap after each full collection {@link LiveHeapProbe} forced, MB
 * @param jitCpuSeconds CPU seconds the worker's JIT compiler threads used in the window: well above zero means the
 *                      worker was still compiling, so the run measured a JVM that was not warm yet
 */
record WorkerResources(int gcPauses, double gcTotalMs, double gcMaxMs, double heapPeakMb, double heapAfterFirstMb,
                       double heapAfterLastMb, double rssPeakMb, int rssSamples, List<Double> liveHeapMb, double jitCpuSeconds) {

    /** The worker's GC log, in the stack's work directory (deleted with it after a successful run). */
    static Path gcLog(Path stackWorkDir) {
        return stackWorkDir.resolve("connect-gc.log");
    }

    /**
     * The worker JVM flag that writes {@link #gcLog}: {@code gc} at info level is one line per pause with the heap
     * before and after and its duration. Decorations: UTC time for a reader, epoch milliseconds (when the pause
     * ended, on the clock the run's window is taken with) for {@link GcLog}, uptime to match JFR recordings. No
     * rotation, so a long benchmark never loses the pauses of a run.
     */
    static String gcLogFlag(Path stackWorkDir) {
        return "-Xlog:gc:file=" + gcLog(stackWorkDir) + ":utctime,timemillis,uptime:filecount=0";
    }

    /** Starts measuring the stack's first worker now: the window opens here and closes at {@link Meter#stop()}. */
    static Meter start(Stack stack) {
        return start(stack, Duration.ZERO);
    }

    /** As {@link #start(Stack)}, also forcing a full collection every {@code liveHeapPeriod} (zero: never; {@link LiveHeapProbe}). */
    static Meter start(Stack stack, Duration liveHeapPeriod) {
        long pid = stack.worker(0).pid();
        return new Meter(pid, gcLog(stack.workDir()), System.currentTimeMillis(), RssSampler.start(pid),
                LiveHeapProbe.start(pid, liveHeapPeriod));
    }

    /** A run's measurement in progress. */
    static final class Meter {
        private final long pid;
        private final Path gcLog;
        private final long startMs;
        private final long compilerTicks;
        private final RssSampler rss;
        private final LiveHeapProbe liveHeap;

        private Meter(long pid, Path gcLog, long startMs, RssSampler rss, LiveHeapProbe liveHeap) {
            this.pid = pid;
            this.compilerTicks = ProcCpu.compilerTicks(pid);
            this.gcLog = gcLog;
            this.startMs = startMs;
            this.rss = rss;
            this.liveHeap = liveHeap;
        }

        /** Closes the window: the pauses that ended in it and the RSS peak. */
        WorkerResources stop() {
            long endMs = System.currentTimeMillis();
            double jit = (ProcCpu.compilerTicks(pid) - compilerTicks) / (double) ProcCpu.ticksPerSecond();
            rss.close();
            if (liveHeap != null) {
                liveHeap.close();
            }
            List<GcLog.Pause> pauses = GcLog.pauses(gcLog, startMs, endMs);
            double total = 0, max = 0, heapPeak = Double.NaN;
            for (GcLog.Pause p : pauses) {
                total += p.millis();
                max = Math.max(max, p.millis());
                heapPeak = Double.isNaN(heapPeak) ? p.beforeMb() : Math.max(heapPeak, p.beforeMb());
            }
            double first = pauses.isEmpty() ? Double.NaN : pauses.get(0).afterMb();
            double last = pauses.isEmpty() ? Double.NaN : pauses.get(pauses.size() - 1).afterMb();
            List<Double> live = pauses.stream().filter(GcLog.Pause::full).map(GcLog.Pause::afterMb).toList();
            return new WorkerResources(pauses.size(), total, max, heapPeak, first, last, rss.peakKb() / 1024.0, rss.samples(), live, jit);
        }
    }

    /** Column headers matching {@link #cells()}, for a runs table. */
    static final String HEADER = " GC pauses | GC ms | GC max ms | heap peak MB | heap after GC MB (first → last) | RSS peak MB | JIT CPU s |";
    static final String ALIGN = "---:|---:|---:|---:|---:|---:|---:|";

    /** This run's cells for a markdown table row (without the leading and trailing pipe handling of the caller). */
    String cells() {
        return String.format(Locale.ROOT, " %d | %.0f | %.1f | %s | %s → %s | %.0f | %.1f |", gcPauses, gcTotalMs, gcMaxMs,
                mb(heapPeakMb), mb(heapAfterFirstMb), mb(heapAfterLastMb), rssPeakMb, jitCpuSeconds);
    }

    /** One line for the benchmark's log. */
    String summary() {
        return String.format(Locale.ROOT, " %d GC pauses, %.0f ms (max %.1f), heap peak %s MB, after GC %s -> %s MB, RSS peak %.0f MB,"
                        + " JIT %.1f s CPU", gcPauses, gcTotalMs, gcMaxMs, mb(heapPeakMb), mb(heapAfterFirstMb), mb(heapAfterLastMb),
                rssPeakMb, jitCpuSeconds)
                + (liveHeapMb.isEmpty() ? "" : ", live heap " + liveHeap());
    }

    /** The live heap after each forced full collection, in order, with its range: "61, 64, 63 MB (61-64)". */
    String liveHeap() {
        DoubleSummaryStatistics range = liveHeapMb.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        return liveHeapMb.stream().map(WorkerResources::mb).collect(java.util.stream.Collectors.joining(", "))
                + String.format(Locale.ROOT, " MB (%.0f-%.0f)", range.getMin(), range.getMax());
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** Markdown bullets: per connector, the medians over the measured runs ({@code phase} other than warm-up). */
    static <R extends Measured> String medians(List<R> results, java.util.function.Function<R, WorkerResources> of) {
        StringBuilder md = new StringBuilder();
        for (Contender c : Contender.values()) {
            List<WorkerResources> rs = results.stream().filter(r -> r.contender() == c && !r.phase().startsWith("warm-up"))
                    .map(of).toList();
            if (rs.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "- %s worker resources, median over %d measured runs: %.0f GC pauses, %.0f ms"
                            + " in GC (longest %.1f ms), heap peak %s MB, heap after GC %s → %s MB, RSS peak %.0f MB, JIT %.1f s CPU\n",
                    c.label, rs.size(), median(rs, r -> r.gcPauses), median(rs, WorkerResources::gcTotalMs),
                    median(rs, WorkerResources::gcMaxMs), mb(median(rs, WorkerResources::heapPeakMb)),
                    mb(median(rs, WorkerResources::heapAfterFirstMb)), mb(median(rs, WorkerResources::heapAfterLastMb)),
                    median(rs, WorkerResources::rssPeakMb), median(rs, WorkerResources::jitCpuSeconds)));
            List<String> live = rs.stream().filter(r -> !r.liveHeapMb.isEmpty()).map(WorkerResources::liveHeap).toList();
            if (!live.isEmpty()) {
                md.append("  - ").append(c.label).append(" live heap after each forced full collection, per measured run: ")
                        .append(String.join("; ", live)).append('\n');
            }
        }
        return md.toString();
    }

    /** The median of the values that are numbers (a run without a GC pause has no heap figures). */
    private static double median(List<WorkerResources> rs, ToDoubleFunction<WorkerResources> f) {
        return Report.median(rs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray());
    }

    /** The setup bullet that says how these columns were measured. */
    static String describe() {
        return "- Worker resources per run, from the resume (or create) request until the measured end: stop-the-world GC pauses\n"
                + "  that ended in that window, from the worker's `-Xlog:gc` file (count, total, longest); heap peak = the largest\n"
                + "  heap occupancy before a pause (live data and garbage: what the heap held at its fullest); heap after GC at the\n"
                + "  window's first and last pause (flat or growing); `-` where the run had no pause (it allocated less than the\n"
                + "  young generation's free space). RSS peak = the largest `VmRSS` of `/proc/<pid>/status`, sampled every "
                + RssSampler.PERIOD.toMillis() + " ms. Live heap (W4, or `bench.live.heap.seconds`): the heap after a full collection\n"
                + "  the harness forces with `jcmd <pid> GC.run` every few seconds during the run, which leaves only live objects.\n"
                + "  JIT CPU s = utime+stime of the worker's C1 and C2 compiler threads in the window: a worker that is still\n"
                + "  compiling takes CPU from the connector, MariaDB and the broker, so a large figure marks a run that measured a\n"
                + "  JVM not yet warm.\n";
    }
}
