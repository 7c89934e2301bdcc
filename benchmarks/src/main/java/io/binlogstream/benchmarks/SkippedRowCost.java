package io.binlogstream.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.binlogstream.testkit.Stack;

/**
 * W6's step after the pairs: what a row of an uncaptured table costs, measured in the same invocation. Each contender
 * runs W6's captured table alone ({@link RoundRobinWorkload#capturedOnly()}) as many times as W6's pairs ran,
 * alternating the order; if skipping were free, W6's CPU per captured event would equal that run's CPU per event, so
 * the difference, spread over the skipped rows, is a skipped row's cost. Both figures come from the same worker at
 * the same hour, and both runs start a fresh connector, so its start-up costs (JIT recompilation, connection,
 * first metadata) fall on both alike.
 */
final class SkippedRowCost implements Harness.After<DrainRun.Result> {
    private final RoundRobinWorkload w6;
    private final RoundRobinWorkload alone;
    private final PrintStream log;

    SkippedRowCost(RoundRobinWorkload w6, PrintStream log) {
        this.w6 = w6;
        this.alone = w6.capturedOnly();
        this.log = log;
    }

    @Override
    public String after(Stack stack, List<DrainRun.Result> results) throws Exception {
        List<Contender> contenders = results.stream().filter(r -> r.phase().startsWith("pair")).map(DrainRun.Result::contender)
                .distinct().toList();
        long pairs = results.stream().filter(r -> r.phase().startsWith("pair")).map(DrainRun.Result::phase).distinct().count();
        List<DrainRun.Result> aloneResults = new ArrayList<>();
        int run = 0;
        for (int round = 1; round <= pairs; round++) {
            List<Contender> order = new ArrayList<>(contenders);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Contender c : order) {
                log.printf("[bench] captured table alone, round %d: %s%n", round, c.label);
                aloneResults.add(DrainRun.run(stack, c, alone, ++run, "alone " + round, log));
            }
        }
        return render(results, aloneResults);
    }

    private String render(List<DrainRun.Result> w6Results, List<DrainRun.Result> aloneResults) {
        long skippedPerEvent = (w6.binlogRows() - w6.events()) / w6.events();
        StringBuilder md = new StringBuilder("## Skipped rows\n\n");
        md.append(String.format(Locale.ROOT, "%,d of the %,d binlog rows per W6 run belong to uncaptured tables (%d per captured event). To"
                        + " price them, each connector\nalso ran %s, W6's captured table alone: the same %,d rows in the same %,d transactions,"
                        + " without the other tables'\nrows, as many times as W6's pairs ran, the order alternating. If skipped rows cost"
                        + " nothing, W6's CPU per captured\nevent would equal this run's CPU per event; a skipped row's cost = (W6 - alone) / %d,"
                        + " from the medians. \"Without\nJIT\" leaves out the worker's JIT compiler threads, which recompile for a while"
                        + " after each new connector starts.\n\n",
                w6.binlogRows() - w6.events(), w6.binlogRows(), skippedPerEvent, alone.name(), alone.events(),
                transactions(aloneResults), skippedPerEvent));
        md.append(new DrainReport(alone).runs(aloneResults)).append('\n');
        for (Contender c : Contender.values()) {
            double w6Cpu = median(w6Results, c, "pair", DrainRun.Result::cpuMicrosPerEvent);
            double aloneCpu = median(aloneResults, c, "alone", DrainRun.Result::cpuMicrosPerEvent);
            if (Double.isNaN(w6Cpu) || Double.isNaN(aloneCpu)) {
                continue;
            }
            double w6NoJit = median(w6Results, c, "pair", DrainRun.Result::cpuMicrosPerEventWithoutJit);
            double aloneNoJit = median(aloneResults, c, "alone", DrainRun.Result::cpuMicrosPerEventWithoutJit);
            md.append(String.format(Locale.ROOT, "- %s: W6 %.2f CPU µs per captured event, alone %.2f per event, so **%.2f µs per skipped row**"
                            + " (%.0f%% of a captured event); without JIT %.2f and %.2f, so %.2f µs (%.0f%%). Events/s: W6 %,.0f, alone %,.0f.\n",
                    c.label, w6Cpu, aloneCpu, (w6Cpu - aloneCpu) / skippedPerEvent, 100 * (w6Cpu - aloneCpu) / skippedPerEvent / aloneCpu,
                    w6NoJit, aloneNoJit, (w6NoJit - aloneNoJit) / skippedPerEvent,
                    100 * (w6NoJit - aloneNoJit) / skippedPerEvent / aloneNoJit,
                    median(w6Results, c, "pair", DrainRun.Result::eventsPerSecond),
                    median(aloneResults, c, "alone", DrainRun.Result::eventsPerSecond)));
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
