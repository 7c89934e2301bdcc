package io.binlogstream.benchmarks;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** W7's markdown report: machine, setup, every run, and per rate the two connectors' latency side by side. */
final class LatencyReport {
    private LatencyReport() {
    }

    static String render(List<LatencyRun.Result> results, String failure, String workerCommand, String plugins, int[] rates,
                         int rounds, Duration measured, Duration skip, int warmRate, Duration warmSeconds, double totalSeconds) {
        StringBuilder md = new StringBuilder();
        md.append("# W7 latency benchmark, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
        md.append("Commit-to-append latency at steady write rates: binlogstream against Debezium's MariaDB connector 3.5.0.Final,\n")
                .append("one at a time on the same MariaDB, broker, schema registry and Connect worker, both with binlogstream's\n")
                .append("`AvroConverter`, the connector streaming while the writer writes; and the floor, a connector reading no\n")
                .append("database that paces itself beside the database's load, for what Connect, the converter and the producer allow. Written by\n")
                .append("`./benchmark --latency` (see `benchmarks/README.md`).\n\n");
        md.append("**The machine is shared and noisy**: other engineers' builds and tests may run during a measurement, and on\n")
                .append("2 cores the writer, MariaDB, the broker and the worker compete for the CPU, so the tail percentiles are the\n")
                .append("machine's as much as the connector's. Load average at report time: ").append(Report.loadAverage()).append(".\n\n");
        if (!LatencyRun.TIMESTAMP_TYPE.equals("LogAppendTime")) {
            md.append("**Diagnostic run, `bench.latency.timestamp=").append(LatencyRun.TIMESTAMP_TYPE).append("`**: the topics keep the")
                    .append(" producer's timestamp, taken at the task's `send()`, so every latency below is commit to send: the\n")
                    .append("connector's part, without the producer's batching (`linger.ms`), its request and the broker's append.\n\n");
        }
        if (failure != null) {
            md.append("**The run did not complete**: ").append(failure).append("\n\n");
        }
        md.append(Report.machine());

        md.append("## Setup\n\n");
        md.append(String.format(Locale.ROOT, "- Workload W7: rates %s rows/s, %d s measured per run after %d s written but not measured (the\n"
                        + "  worker recompiles for a while after each new connector starts; see the JIT columns); first one\n"
                        + "  unmeasured run of each connector at %,d rows/s for %d s (warm-up, listed below). %s\n",
                Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%,d", r)).collect(Collectors.joining(", ")),
                measured.toSeconds(), skip.toSeconds(), warmRate, warmSeconds.toSeconds(), rounds == 1
                        ? "One round: each rate once per connector."
                        : rounds + " rounds: each rate " + rounds + " times per connector, the connectors' order reversed at every"
                        + " rate and round; per rate the summary gives the median over the rounds of each percentile, and every"
                        + " round's p99."));
        md.append("- Per run a fresh table `(id BIGINT PRIMARY KEY, committed_us BIGINT, c VARCHAR(120))` (about 120 bytes a row),\n")
                .append("  topic (1 partition, `message.timestamp.type=LogAppendTime`) and connector; the writer starts once the connector's\n")
                .append("  binlog connection is on the server.\n")
                .append("- Writer: multi-row `INSERT`s in autocommit, one about every millisecond with the rows due by then (1 row at\n")
                .append("  1k/s, 10 at 10k/s, 50 at 50k/s; a late statement is made up by a larger next one), `committed_us` =\n")
                .append("  `UNIX_TIMESTAMP(NOW(6))*1000000`, evaluated by the server in that statement (its start; the commit ends the same\n")
                .append("  statement). \"written rows/s\" is the rate it achieved over the measured seconds.\n")
                .append("- Latency per row = the broker's append time (ms) - `after.committed_us` / 1000; MariaDB and the broker share this\n")
                .append("  machine's clock. The value is decoded with its writer schema from the registry (both connectors' envelopes). The\n")
                .append("  append time has 1 ms resolution, so figures below about 1 ms are not resolved (and can be slightly negative).\n")
                .append("  Percentiles by nearest rank over the measured rows.\n")
                .append("- \"to ts_ms\": the same rows' commit to the envelope's `ts_ms`, which both connectors stamp when they build the\n")
                .append("  record from the binlog event: the binlog's transfer and decoding. The rest of the latency is the connector's\n")
                .append("  queue and poll, conversion, the producer's batching and the broker: \"ts_ms to append\". The floor stamps `ts_ms`\n")
                .append("  when its task builds the record and `committed_us` when the record fell due, so its \"ts_ms to append\" leaves\n")
                .append("  out its own task's lateness (a task thread starved of CPU wakes late and emits what fell due meanwhile) and\n")
                .append("  is the like-for-like figure for what Connect, the converter, the producer and the broker add after a\n")
                .append("  record exists. binlogstream stamps `ts_ms` on its reader thread, so its figure also holds the hand-off to poll().\n")
                .append(String.format(Locale.ROOT, "- Kept up: every row delivered and the last row written arrived within %.0f ms (a connector that falls\n"
                        + "  behind builds a backlog that its last rows wait through); \"last row ms\" is that row's latency, \"delivery s\" the\n"
                        + "  time from the writer's last statement until the topic held every row.\n", LatencyRun.KEPT_UP_LAST_ROW_MS))
                .append("- Correctness: the whole topic read back after each run: exact count, no duplicate and no missing id.\n")
                .append("- Floor (if it ran): `io.binlogstream.benchmarks.floor.FloorSourceConnector`, reading no database: records of\n")
                .append("  W7's row (binlogstream's key, envelope and source schemas, the event-id header), paced by its task like the\n")
                .append("  writer (every millisecond, the records due by then), each with the moment it fell due as `committed_us`, so a\n")
                .append("  floor that falls behind shows it. Same worker, converter and producer settings: what any source connector\n")
                .append("  on this worker pays at least. Beside it the database works as it does for a connector (`FloorLoad`): the\n")
                .append("  writer writes the same rows at the same rate into a table no connector reads, and a binlog client in the\n")
                .append("  harness (the library binlogstream uses, framing events, rows undecoded) keeps a dump thread streaming the\n")
                .append("  binlog. So the floor shares the 2 cores as a binlog connector does, less only that connector's own reading\n")
                .append("  and decoding. Its \"written rows/s\" and \"writer max behind\" are that load writer's. (Reports up to\n")
                .append("  `2026-11-22-latency-0429.md` ran the floor with the database idle.)\n")
                .append("- Settings `defaults`: each connector's default settings and no `producer.override.*`, so Connect's producer\n")
                .append("  defaults (`linger.ms` 5, `batch.size` 16 KiB, one request in flight). Debezium's defaults include\n")
                .append("  `poll.interval.ms=500`, `max.batch.size=2048`, `max.queue.size=8192`. Both: `snapshot.mode=no_data`; Debezium also\n")
                .append("  `snapshot.locking.mode=none`, `include.schema.changes=false`, the admin user.\n")
                .append("- Settings `overrides` (if run): the same with the shared producer overrides (W1's, `bench.producer.overrides` applied): ")
                .append(Contender.asCode(Contender.prefixedProducerOverrides())).append(".\n")
                .append(Contender.variantLine(results.stream().map(LatencyRun.Result::contender).toList()))
                .append("- CPU: utime+stime of the Connect worker JVM from the writer's first statement until the topic held every row,\n")
                .append("  per record. \"JIT CPU s measured\": the worker's C1 and C2 compiler threads' CPU from the first measured\n")
                .append("  statement until the topic held every row (the JIT CPU s column further right covers the whole run).\n")
                .append(WorkerResources.describe().replace("from the resume (or create) request until the measured end",
                        "from the writer's first statement until the topic held every row"))
                .append("- Worker: one Connect worker, `exactly.once.source.support=disabled` (at least once for both), `plugin.discovery=service_load`.\n")
                .append(Harness.serverSettingsLine())
                .append("- Connector plugins on the worker: ").append(plugins).append('\n')
                .append("- Worker command line (JVM flags first): `").append(workerCommand.replaceAll(" -cp \\S+", " -cp <kafka>")).append("`\n\n");

        md.append("## Runs, in the order they ran\n\n");
        md.append("| phase | settings | connector | target rows/s | written rows/s | writer max behind ms | rows | dup | missing"
                + " | p50 ms | p99 ms | p99.9 ms | max ms | to ts_ms p50 / p99 ms | ts_ms to append p50 / p99 ms | last row ms | delivery s | kept up | CPU µs/event | JIT CPU s measured |"
                + WorkerResources.HEADER + "\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|" + WorkerResources.ALIGN + "\n");
        for (LatencyRun.Result r : results) {
            CommitLatencies.Result l = r.latencies();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %,.0f | %.1f | %,d | %d | %d | %s | %s | %s | %s | %s / %s | %s / %s | %s | %.1f | %s | %.2f | %.1f |%s\n",
                    r.phase(), r.settings(), r.connector(), r.targetRate(), r.written().measuredRate(), r.written().maxBehindMs(),
                    r.written().rows(), l.duplicates(), l.missing(), ms(l.percentile(50)), ms(l.percentile(99)), ms(l.percentile(99.9)),
                    ms(l.max()), ms(l.envelopePercentile(50)), ms(l.envelopePercentile(99)), ms(l.fromEnvelopePercentile(50)),
                    ms(l.fromEnvelopePercentile(99)), ms(l.lastRowMs()), r.deliverySeconds(), r.keptUp() ? "yes" : "**no**", r.cpuMicrosPerEvent(),
                    r.measuredJitSeconds(), r.resources().cells()));
        }
        md.append('\n');

        for (String set : results.stream().map(LatencyRun.Result::settings).distinct().toList()) {
            md.append("## Latency by rate, settings `").append(set).append("`\n\n");
            List<Contender> ran = results.stream().map(LatencyRun.Result::contender).distinct().toList();
            md.append("| rows/s | connector | written rows/s | p50 / p99 / p99.9 / max ms (median of the rounds) | p99 per round"
                    + " | ts_ms to append p99 ms per round | kept up |\n");
            md.append("|---:|---|---:|---|---|---|---|\n");
            for (int rate : rates) {
                for (Contender c : ran) {
                    List<LatencyRun.Result> a = runs(results, set, rate, c);
                    if (!a.isEmpty()) {
                        md.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |\n", rate, c.label, written(a),
                                percentiles(a), perRound(a), perRound(a, r -> r.latencies().fromEnvelopePercentile(99)), keptUp(a)));
                    }
                }
            }
            md.append('\n');
            // The targets are for commit to append: a CreateTime diagnostic measures something else.
            if (set.equals("defaults") && LatencyRun.TIMESTAMP_TYPE.equals("LogAppendTime")) {
                for (int rate : rates) {
                    int target = LatencyBenchmark.targetP99Ms(rate);
                    List<LatencyRun.Result> a = runs(results, set, rate, Contender.BINLOGSTREAM);
                    if (target > 0 && !a.isEmpty()) {
                        double p99 = median(a, r -> r.latencies().percentile(99));
                        double written = a.stream().mapToDouble(r -> r.written().measuredRate()).min().orElse(0);
                        // A writer short of the rate (the machine's limit, not the connector's) tested a lower one.
                        String shortfall = written < 0.95 * rate
                                ? "; the writer fell short of the rate, so this is not the target's measurement" : "";
                        md.append(String.format(Locale.ROOT, "- Issue 6's target at %,d events/s, defaults: binlogstream p99 at most %d ms: %s ms%s, **%s**"
                                        + " (written at %,.0f rows/s or more%s)\n", rate, target, ms(p99),
                                a.size() == 1 ? "" : " (median of " + a.size() + " rounds: " + perRound(a) + ")",
                                p99 <= target ? "met" : "not met", written, shortfall));
                        List<LatencyRun.Result> f = runs(results, set, rate, Contender.FLOOR);
                        if (!f.isEmpty()) {
                            md.append(String.format(Locale.ROOT, "  - the floor at the same rate and settings (Connect, the converter"
                                    + " and the producer alone, beside the database's load): p99 %s ms%s from the moment each record fell"
                                    + " due; from the moment its task built each record (`ts_ms`) to the append, p99 %s ms (%s), against"
                                    + " binlogstream's %s ms (%s)\n", ms(median(f, r -> r.latencies().percentile(99))),
                                    f.size() == 1 ? "" : " (median of " + f.size() + " rounds: " + perRound(f) + ")",
                                    ms(median(f, r -> r.latencies().fromEnvelopePercentile(99))),
                                    perRound(f, r -> r.latencies().fromEnvelopePercentile(99)),
                                    ms(median(a, r -> r.latencies().fromEnvelopePercentile(99))),
                                    perRound(a, r -> r.latencies().fromEnvelopePercentile(99))));
                        }
                    }
                }
                md.append('\n');
            }
        }
        boolean allCorrect = results.stream().allMatch(LatencyRun.Result::complete);
        md.append("- Correctness: ").append(allCorrect ? "every run delivered every row exactly once"
                : "**at least one run lost, duplicated or did not deliver rows in time; see the table**").append('\n');
        md.append(String.format(Locale.ROOT, "- Whole benchmark took %.1f min\n", totalSeconds / 60));
        return md.toString();
    }

    /** The measured runs of one connector at one rate and settings, in round order. */
    private static List<LatencyRun.Result> runs(List<LatencyRun.Result> results, String set, int rate, Contender c) {
        return results.stream().filter(r -> r.phase().startsWith(LatencyRun.MEASURED) && r.settings().equals(set)
                && r.targetRate() == rate && r.contender() == c).toList();
    }

    /** p50 / p99 / p99.9 / max of one run, or the median of each over the rounds. */
    private static String percentiles(List<LatencyRun.Result> runs) {
        return ms(median(runs, r -> r.latencies().percentile(50))) + " / " + ms(median(runs, r -> r.latencies().percentile(99)))
                + " / " + ms(median(runs, r -> r.latencies().percentile(99.9))) + " / " + ms(median(runs, r -> r.latencies().max()));
    }

    private static String perRound(List<LatencyRun.Result> runs) {
        return perRound(runs, r -> r.latencies().percentile(99));
    }

    private static String perRound(List<LatencyRun.Result> runs, ToDoubleFunction<LatencyRun.Result> figure) {
        return runs.stream().map(r -> ms(figure.applyAsDouble(r))).collect(Collectors.joining(", "));
    }

    private static String written(List<LatencyRun.Result> runs) {
        return String.format(Locale.ROOT, "%,.0f", median(runs, r -> r.written().measuredRate()));
    }

    private static String keptUp(List<LatencyRun.Result> runs) {
        long kept = runs.stream().filter(LatencyRun.Result::keptUp).count();
        return kept == runs.size() ? "yes" : "**no** (" + (runs.size() - kept) + " of " + runs.size() + ")";
    }

    private static double median(List<LatencyRun.Result> runs, ToDoubleFunction<LatencyRun.Result> figure) {
        return Report.median(runs.stream().mapToDouble(figure).toArray());
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.1f", v);
    }

}
