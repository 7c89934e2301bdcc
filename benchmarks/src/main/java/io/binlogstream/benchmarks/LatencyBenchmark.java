package io.binlogstream.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.binlogstream.testkit.Stack;

/**
 * W7 (issue 6): commit-to-append latency at steady write rates, binlogstream against Debezium's MariaDB connector on
 * one stack (the same as {@link Harness}'s), live rather than drained, with the floor (a connector reading no database,
 * pacing itself, beside the database's load: {@link FloorLoad}) for what Connect and its producer allow. Per rate and round, one run of each connector,
 * the order alternating from rate to rate and round to round (A-B, B-A, ...); report {@code benchmarks/results/<date>-latency.md}. Started by
 * {@code ./benchmark --latency}; see benchmarks/README.md.
 *
 * <p>System properties: {@code bench.latency.rates} (rows/s, default {@code 1000,10000,50000}),
 * {@code bench.latency.seconds} (measured seconds per run, 60), {@code bench.latency.skip.seconds} (written first in
 * each run and not measured, 30: a new connector's task and producer keep the worker's JIT compiler busy for
 * 20-40 s on this machine, taking CPU from everything the latency depends on), {@code bench.latency.warmup.rate} and
 * {@code bench.latency.warmup.seconds} (one unmeasured run of each connector first, 10000 rows/s for 15 s; 0 seconds for none), {@code bench.latency.overrides}
 * ({@code false}: each connector's defaults and Connect's producer defaults only; {@code true}: then the same again
 * with the shared producer overrides; {@code only}: the overrides alone), {@code bench.latency.rounds} (every rate
 * this many times, 1; the report gives the median of the rounds' percentiles), and {@link Harness}'s
 * {@code bench.contenders}, {@code bench.worker.jvm.extra}, {@code bench.plugin.*}, {@code bench.work.dir},
 * {@code bench.results.dir}.
 */
public final class LatencyBenchmark {
    /** The targets for binlogstream at default settings: p99 at most this many ms at this rate. */
    private static final int[][] TARGETS = {{10_000, 10}, {50_000, 50}};

    private LatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PrintStream log = System.err;
        int[] rates = Arrays.stream(System.getProperty("bench.latency.rates", "1000,10000,50000").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        Duration measured = Duration.ofSeconds(Long.getLong("bench.latency.seconds", 60));
        Duration skip = Duration.ofSeconds(Long.getLong("bench.latency.skip.seconds", 30));
        int warmRate = Integer.getInteger("bench.latency.warmup.rate", 10_000);
        Duration warmSeconds = Duration.ofSeconds(Long.getLong("bench.latency.warmup.seconds", 15));
        int rounds = Integer.getInteger("bench.latency.rounds", 1);
        if (rounds < 1) {
            throw new IllegalArgumentException("bench.latency.rounds must be at least 1: " + rounds);
        }
        String overrides = System.getProperty("bench.latency.overrides", "false").trim().toLowerCase(Locale.ROOT);
        List<String> sets = switch (overrides) {
            case "true" -> List.of("defaults", "overrides");
            case "only" -> List.of("overrides");
            case "false" -> List.of("defaults");
            default -> throw new IllegalArgumentException("bench.latency.overrides must be false, true or only: " + overrides);
        };
        BenchPaths paths = BenchPaths.fromProperties();
        String heap = System.getProperty("bench.worker.heap", "1g").trim();
        // The floor paces itself at each rate: the latency Connect, the converter and the producer alone allow.
        List<Contender> contenders = Contender.parse(System.getProperty("bench.contenders", "binlogstream,debezium,floor"));
        Path workDir = paths.workDir();
        Path resultsDir = paths.resultsDir();
        Files.createDirectories(workDir);
        Path runDir = Files.createTempDirectory(workDir, "run-");
        long started = System.nanoTime();
        log.printf("[bench] W7 latency: rates %s rows/s, %d round(s), %d s measured (+%d s unmeasured) per run, settings %s; work dir %s%n",
                Arrays.toString(rates), rounds, measured.toSeconds(), skip.toSeconds(), sets, runDir);

        List<LatencyRun.Result> results = new ArrayList<>();
        String failure = null;
        String workerCommand;
        String plugins;
        try (Stack stack = Stack.start(Harness.stackOptions(runDir, paths, heap))) {
            log.printf("[bench] stack ready in %.1f s%n%s", (System.nanoTime() - started) / 1e9, stack.describe());
            workerCommand = String.join(" ", ProcCpu.commandLine(stack.worker(0).pid()));
            plugins = Harness.connectorPlugins(stack);
            int run = 0;
            try {
                for (String set : sets) {
                    if (!warmSeconds.isZero()) {
                        for (Contender c : contenders) {
                            log.printf("[bench] warm-up (%s): %s at %,d rows/s%n", set, c.label, warmRate);
                            results.add(LatencyRun.run(stack, c, ++run, "warm-up", set, warmRate, Duration.ZERO, warmSeconds, log));
                        }
                    }
                    int turn = 0;
                    for (int round = 1; round <= rounds; round++) {
                        for (int rate : rates) {
                            // A-B, then B-A at the next rate or round: neither connector always runs on the fresher machine.
                            List<Contender> order = new ArrayList<>(contenders);
                            if (turn++ % 2 == 1) {
                                Collections.reverse(order);
                            }
                            for (Contender c : order) {
                                log.printf("[bench] %s, round %d, %,d rows/s: %s%n", set, round, rate, c.label);
                                results.add(LatencyRun.run(stack, c, ++run, LatencyRun.MEASURED + " " + round, set, rate, skip, measured, log));
                            }
                        }
                    }
                }
            } catch (Exception e) {
                failure = e.toString();
                log.println("[bench] FAILED: " + e);
                e.printStackTrace(log);
            }
        }
        Harness.finish(Harness.reportFile(resultsDir, "-latency"), LatencyReport.render(results, failure, workerCommand, plugins,
                rates, rounds, measured, skip, warmRate, warmSeconds, (System.nanoTime() - started) / 1e9), runDir, failure, log);
    }

    /** The p99 target in ms at this rate, or -1 if it sets none. */
    static int targetP99Ms(int rate) {
        for (int[] t : TARGETS) {
            if (t[0] == rate) {
                return t[1];
            }
        }
        return -1;
    }
}
