package io.binlogstream.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.binlogstream.testkit.Stack;

/**
 * What a row of an uncaptured table costs, measured in the same invocation. In every W6 pair, each contender also
 * runs W6's captured table alone ({@link RoundRobinWorkload#capturedOnly()}) right beside its W6 run, before it in
 * even pairs and after it in odd ones: CPU per event drifts with the run's place in the invocation (the worker keeps
 * warming), so pricing the rows from runs made after all pairs would credit the drift to skipping. If skipping were
 * free, W6's CPU per captured event would equal the alone run's CPU per event, so the difference, spread over the
 * skipped rows, is a skipped row's cost. Both runs start a fresh connector, so its start-up costs (JIT
 * recompilation, connection, first metadata) fall on both alike.
 */
final class SkippedRowCost implements Harness.After<DrainRun.Result> {
    private final RoundRobinWorkload w6;
    private final RoundRobinWorkload alone;
    private final PrintStream log;
    private final List<DrainRun.Result> aloneResults = new ArrayList<>();

    SkippedRowCost(RoundRobinWorkload w6, PrintStream log) {
        this.w6 = w6;
        this.alone = w6.capturedOnly();
        this.log = log;
    }

    /** The phase of an alone run, then its pair's number. */
    private static final String ALONE_PHASE = "alone ";
    /** Added to the W6 run's index for its alone run: tables, topics, prefix and server id all its own. */
    private static final int ALONE_RUN_OFFSET = 500;

    /** W6's runs, each pair's with the captured table alone beside it (the warm-up's without). */
    Harness.Body<DrainRun.Result> besidePairs(Harness.Body<DrainRun.Result> w6Run) {
        return (stack, c, run, phase, rows) -> {
            if (!phase.startsWith(Harness.PAIR_PHASE)) {
                return w6Run.run(stack, c, run, phase, rows);
            }
            int pair = Integer.parseInt(phase.substring(Harness.PAIR_PHASE.length()));
            if (pair % 2 == 0) {
                runAlone(stack, c, run, pair);
            }
            DrainRun.Result result = w6Run.run(stack, c, run, phase, rows);
            if (pair % 2 == 1) {
                runAlone(stack, c, run, pair);
            }
            return result;
        };
    }

    private void runAlone(Stack stack, Contender c, int run, int pair) throws Exception {
        log.printf("[bench] pair %d: %s, captured table alone%n", pair, c.label);
        aloneResults.add(DrainRun.run(stack, c, alone, run + ALONE_RUN_OFFSET, ALONE_PHASE + pair, log));
    }

    @Override
    public String after(Stack stack, List<DrainRun.Result> results) {
        return render(results, aloneResults);
    }

    private String render(List<DrainRun.Result> w6Results, List<DrainRun.Result> aloneResults) {
        long skippedPerEvent = (w6.binlogRows() - w6.events()) / w6.events();
        StringBuilder md = new StringBuilder("## Skipped rows\n\n");
        md.append(String.format(Locale.ROOT, "%,d of the %,d binlog rows per W6 run belong to uncaptured tables (%d per captured event). To"
                        + " price them, each connector\nalso ran %s, W6's captured table alone: the same %,d rows in the same %,d transactions,"
                        + " without the other tables'\nrows, beside each W6 run of each pair (after it in odd pairs, before it in even ones). If skipped rows cost"
                        + " nothing, W6's CPU per captured\nevent would equal this run's CPU per event; a skipped row's cost = (W6 - alone) / %d,"
                        + " from the medians. \"Without\nJIT\" leaves out the worker's JIT compiler threads, which recompile for a while"
                        + " after each new connector starts.\n\n",
                w6.binlogRows() - w6.events(), w6.binlogRows(), skippedPerEvent, alone.name(), alone.events(),
                transactions(aloneResults), skippedPerEvent));
        md.append(new DrainReport(alone).runs(aloneResults)).append('\n');
        for (Contender c : Contender.values()) {
            double w6Cpu = median(w6Results, c, Harness.PAIR_PHASE, DrainRun.Result::cpuMicrosPerEvent);
            double aloneCpu = median(aloneResults, c, ALONE_PHASE, DrainRun.Result::cpuMicrosPerEvent);
            if (Double.isNaN(w6Cpu) || Double.isNaN(aloneCpu)) {
                continue;
            }
            double w6NoJit = median(w6Results, c, Harness.PAIR_PHASE, DrainRun.Result::cpuMicrosPerEventWithoutJit);
            double aloneNoJit = median(aloneResults, c, ALONE_PHASE, DrainRun.Result::cpuMicrosPerEventWithoutJit);
            md.append(String.format(Locale.ROOT, "- %s: W6 %.2f CPU µs per captured event, alone %.2f per event, so **%.2f µs per skipped row**"
                            + " (%.0f%% of a captured event); without JIT %.2f and %.2f, so %.2f µs (%.0f%%). Events/s: W6 %,.0f, alone %,.0f.\n",
                    c.label, w6Cpu, aloneCpu, (w6Cpu - aloneCpu) / skippedPerEvent, 100 * (w6Cpu - aloneCpu) / skippedPerEvent / aloneCpu,
                    w6NoJit, aloneNoJit, (w6NoJit - aloneNoJit) / skippedPerEvent,
                    100 * (w6NoJit - aloneNoJit) / skippedPerEvent / aloneNoJit,
                    median(w6Results, c, Harness.PAIR_PHASE, DrainRun.Result::eventsPerSecond),
                    median(aloneResults, c, ALONE_PHASE, DrainRun.Result::eventsPerSecond)));
        }
        return md.toString();
    }

    /** Transactions per run (the same in each). */
    private static long transactions(List<DrainRun.Result> results) {
        return results.stream().mapToLong(DrainRun.Result::transactions).max().orElse(0);
    }

    private static double median(List<DrainRun.Result> results, Contender c, String phase, ToDoubleFunction<DrainRun.Result> value) {
        return Report.median(results.stream().filter(r -> r.contender() == c && r.phase().startsWith(phase)).mapToDouble(value).toArray());
    }
}
