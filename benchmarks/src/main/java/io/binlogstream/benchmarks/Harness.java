package io.binlogstream.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.Artifacts;
import io.binlogstream.testkit.ConnectWorker;
import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.Stack;

/**
 * What the benchmarks share: one stack (MariaDB, broker, registry, one Connect worker with every plugin), a
 * warm-up run of each contender, then pairs (rounds, with more than two contenders) in A-B, B-A order (so a slow
 * drift of the shared machine hits all sides alike) within a time budget, a step after them, and a dated markdown
 * report. Started by {@code ./benchmark}; see benchmarks/README.md.
 *
 * <p>System properties: {@code bench.rows} (default 1,000,000), {@code bench.pairs}, {@code bench.budget.minutes}
 * (no new pair starts once the next one would end after this; defaults per benchmark), {@code bench.contenders},
 * {@code bench.worker.heap} (the worker's {@code -Xms}/{@code -Xmx}; default per benchmark), {@code bench.converter},
 * {@code bench.worker.jvm.extra}, {@code bench.plugin.binlogstream}, {@code bench.plugin.debezium},
 * {@code bench.plugin.floor}, {@code bench.work.dir}, {@code bench.results.dir}.
 */
final class Harness {
    /**
     * Same for every run of both connectors, after the heap ({@code -Xms} = {@code -Xmx} = {@code bench.worker.heap},
     * default per benchmark); recorded in the report from the worker's real command line.
     */
    static final List<String> WORKER_JVM = List.of("-XX:+UseG1GC");

    /** The phase of a measured run, then its pair's number from 1 ({@code "pair 3"}). */
    static final String PAIR_PHASE = "pair ";

    /** One run of one connector. */
    @FunctionalInterface
    interface Body<R extends Measured> {
        R run(Stack stack, Contender contender, int runIndex, String phase, long rows) throws Exception;
    }

    /** Done once on the started stack, before the first run (e.g. loading a table every run reads). */
    @FunctionalInterface
    interface Prepare {
        void prepare(Stack stack, long rows) throws Exception;
    }

    /** The benchmark's own part of the report: its setup bullets and its table of runs. */
    interface Describe<R extends Measured> {
        /** Markdown bullets of what this benchmark does (the shared worker and producer bullets follow). */
        String setup(long rows);

        /** The markdown table of every run, in the order they ran. */
        String runs(List<R> results);
    }

    /**
     * Done once on the same stack after the pairs (e.g. the ceilings); returns a markdown section for the report
     * (empty for none). Not run if a pair failed.
     */
    @FunctionalInterface
    interface After<R extends Measured> {
        String after(Stack stack, List<R> results) throws Exception;
    }

    /** What the report needs of the benchmark and the stack it ran on. */
    record Run<R extends Measured>(String title, String unit, long rows, int pairsPlanned, List<R> results, String failure,
                                   String workerCommand, String plugins, double totalSeconds, Describe<R> describe,
                                   String workerHeap, List<Contender> contenders, String afterSection) {
    }

    private Harness() {
    }

    /**
     * Runs a benchmark and exits: the stack, {@code prepare}, warm-up and pairs of {@code body}, then the report
     * {@code benchmarks/results/<date><suffix>.md} ({@code <date><suffix>-<HHmm>.md} if that exists).
     *
     * @param title      the report's heading and the log's name of the benchmark
     * @param unit       what one record is, for the report's rate columns ({@code events}, {@code rows})
     * @param suffix     appended to the report's date ({@code ""}, {@code "-w3"}, {@code "-snapshot"})
     * @param defaultHeap the worker's heap unless {@code bench.worker.heap} is set ({@code 1g}; {@code 512m} for W4)
     */
    static <R extends Measured> void main(String title, String unit, String suffix, int defaultPairs, long defaultBudgetMinutes,
                                          String defaultHeap, Prepare prepare, Body<R> body, Describe<R> describe) throws Exception {
        main(title, unit, suffix, defaultPairs, defaultBudgetMinutes, defaultHeap, "binlogstream,debezium", prepare, body, describe,
                (stack, results) -> "");
    }

    /**
     * As above, with the contenders run when {@code bench.contenders} is not set and a step after the pairs.
     *
     * @param defaultContenders comma-separated {@link Contender} labels
     */
    static <R extends Measured> void main(String title, String unit, String suffix, int defaultPairs, long defaultBudgetMinutes,
                                          String defaultHeap, String defaultContenders, Prepare prepare, Body<R> body,
                                          Describe<R> describe, After<R> after) throws Exception {
        List<Contender> contenders = Contender.parse(System.getProperty("bench.contenders", defaultContenders));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PrintStream log = System.err;
        long rows = Long.getLong("bench.rows", 1_000_000L);
        int pairs = Integer.getInteger("bench.pairs", defaultPairs);
        Duration budget = Duration.ofMinutes(Long.getLong("bench.budget.minutes", defaultBudgetMinutes));
        BenchPaths paths = BenchPaths.fromProperties();
        Path workDir = paths.workDir();
        Path resultsDir = paths.resultsDir();
        String heap = System.getProperty("bench.worker.heap", defaultHeap).trim();
        Files.createDirectories(workDir);
        Path runDir = Files.createTempDirectory(workDir, "run-");
        long started = System.nanoTime();
        log.printf("[bench] %s: bench.rows=%,d, %d pairs (budget %s), worker heap %s, contenders %s, converter %s; work dir %s%n",
                title, rows, pairs, budget, heap, contenders, ConverterChoice.current(), runDir);

        List<R> results = new ArrayList<>();
        String failure = null;
        String workerCommand;
        String pluginsListed;
        String afterSection = "";
        try (Stack stack = Stack.start(stackOptions(runDir, paths, heap))) {
            log.printf("[bench] stack ready in %.1f s%n%s", (System.nanoTime() - started) / 1e9, stack.describe());
            workerCommand = String.join(" ", ProcCpu.commandLine(stack.worker(0).pid()));
            pluginsListed = connectorPlugins(stack);
            log.println("[bench] connector plugins on the worker: " + pluginsListed);
            int run = 0;
            try {
                prepare.prepare(stack, rows);
                // Warm-up: each connector's code and the shared converter get JIT-compiled before measuring.
                for (Contender c : contenders) {
                    log.printf("[bench] warm-up: %s%n", c.label);
                    results.add(body.run(stack, c, ++run, "warm-up", rows));
                }
                long longestPairNanos = 0;
                for (int pair = 1; pair <= pairs; pair++) {
                    long elapsed = System.nanoTime() - started;
                    if (pair > 1 && elapsed + longestPairNanos > budget.toNanos()) {
                        log.printf("[bench] stopping after %d pairs: the next would end past the %s budget%n", pair - 1, budget);
                        break;
                    }
                    long p0 = System.nanoTime();
                    // A-B-C, then C-B-A, ...: each contender runs early and late equally often.
                    List<Contender> order = new ArrayList<>(contenders);
                    if (pair % 2 == 0) {
                        Collections.reverse(order);
                    }
                    for (Contender c : order) {
                        log.printf("[bench] pair %d: %s%n", pair, c.label);
                        results.add(body.run(stack, c, ++run, PAIR_PHASE + pair, rows));
                    }
                    longestPairNanos = Math.max(longestPairNanos, System.nanoTime() - p0);
                }
                afterSection = after.after(stack, results);
            } catch (Exception e) {
                failure = e.toString();
                log.println("[bench] FAILED: " + e);
                e.printStackTrace(log);
            }
        }
        finish(reportFile(resultsDir, suffix), Report.render(new Run<>(title, unit, rows, pairs, results, failure, workerCommand,
                pluginsListed, (System.nanoTime() - started) / 1e9, describe, heap, contenders, afterSection)), runDir, failure, log);
    }

    /**
     * Writes the report, deletes the run directory after a success (keeps it, with every server's log, after a
     * failure) and exits with the outcome.
     */
    static void finish(Path report, String markdown, Path runDir, String failure, PrintStream log) throws java.io.IOException {
        Files.writeString(report, markdown);
        log.println("[bench] report written to " + report);
        if (failure == null) {
            Artifacts.deleteRecursively(runDir);
        } else {
            log.println("[bench] logs kept in " + runDir);
        }
        System.exit(failure == null ? 0 : 1);
    }

    /** MariaDB settings the benchmarks add to the testkit's binlog settings; the reports list them. */
    static final Map<String, String> SERVER_SETTINGS = serverSettings();

    private static Map<String, String> serverSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        // The writer's durability does not enter any measurement; relaxing it shortens each run.
        settings.put("innodb_flush_log_at_trx_commit", "2");
        settings.put("sync_binlog", "0");
        settings.put("innodb_buffer_pool_size", "512M");
        // Drain mode pauses a connector while the workload is written (W2's million autocommits take about 60 s).
        // A paused task stops reading its binlog connection; once the socket buffers fill, the server gives up on
        // the blocked dump thread after net_write_timeout (60 s by default) and closes it. Debezium 3.5 fails its
        // task on that reset, so the default would measure that rather than throughput.
        settings.put("net_write_timeout", "600");
        return Collections.unmodifiableMap(settings);
    }

    private static MariaDbServer.Options serverOptions() {
        MariaDbServer.Options options = MariaDbServer.Options.defaults();
        SERVER_SETTINGS.forEach(options::setting);
        return options;
    }

    /** The report line naming {@link #SERVER_SETTINGS}. */
    static String serverSettingsLine() {
        return "- MariaDB settings beyond the binlog's: " + SERVER_SETTINGS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                .collect(java.util.stream.Collectors.joining(", ")) + ".\n";
    }

    static Stack.Options stackOptions(Path runDir, BenchPaths paths, String heap) {
        List<String> jvm = new ArrayList<>(workerJvm(heap));
        // Each run reads its GC pauses from this log (WorkerResources).
        jvm.add(WorkerResources.gcLogFlag(runDir));
        return Stack.Options.defaults()
                .workDir(runDir)
                .pluginPath(paths.binlogstreamPlugin())
                .mariaDb(serverOptions())
                .worker(ConnectWorker.Options.defaults()
                        .jvmArgs(jvm)
                        // Every plugin on one worker: the binlogstream plugin (connector and converter),
                        // Debezium's unpacked archive and the floor. Kafka splits plugin.path at commas.
                        .workerSetting("plugin.path", paths.binlogstreamPlugin() + "," + paths.debeziumPlugin() + "," + paths.floorPlugin())
                        // At-least-once for both: Debezium defines no transaction boundaries of its own, and
                        // exactly-once source support would make both pay for Kafka transactions per poll.
                        .workerSetting("exactly.once.source.support", "disabled")
                        // producer.override.* is refused under a stricter policy.
                        .workerSetting("connector.client.config.override.policy", "All"));
    }

    /** {@code <date><suffix>.md} in the results directory, or {@code <date><suffix>-<HHmm>.md} if that exists. */
    static Path reportFile(Path resultsDir, String suffix) throws java.io.IOException {
        String date = LocalDate.now().toString();
        Path report = resultsDir.resolve(date + suffix + ".md");
        if (Files.exists(report)) {
            report = resultsDir.resolve(date + suffix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmm")) + ".md");
        }
        Files.createDirectories(resultsDir);
        return report;
    }

    /**
     * The worker's heap, {@link #WORKER_JVM}, then extra flags from {@code bench.worker.jvm.extra} (space-separated),
     * e.g. a JFR recording for a profile, so the report's command line shows them all.
     */
    static List<String> workerJvm(String heap) {
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("bench.worker.heap must be a JVM size like 512m or 1g, not '" + heap + "'");
        }
        List<String> args = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        args.addAll(WORKER_JVM);
        String extra = System.getProperty("bench.worker.jvm.extra", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        return args;
    }

    static String connectorPlugins(Stack stack) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : stack.rest().connectorPlugins()) {
            names.add(p.path("class").asText() + " " + p.path("version").asText());
        }
        // Two builds of binlogstream carry the same version: name the one another build's directory supplied.
        String otherBuild = System.getProperty("bench.plugin.binlogstream", "").trim();
        return String.join(", ", names) + (otherBuild.isEmpty() ? "" : "; binlogstream's plugin from `" + otherBuild + "` (bench.plugin.binlogstream)");
    }

    /**
     * Closes binlog dump connections a deleted connector left on the server, so the next run's
     * "attached" check counts only its own connector.
     */
    static void detachBinlogClients(Stack stack) {
        String q = "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!stack.mariaDb().query(q).isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
        }
        for (Map<String, Object> row : stack.mariaDb().query(q)) {
            try {
                stack.mariaDb().execute("KILL CONNECTION " + row.get("ID"));
            } catch (IllegalStateException alreadyGone) {
                // ended between the query and the KILL
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
