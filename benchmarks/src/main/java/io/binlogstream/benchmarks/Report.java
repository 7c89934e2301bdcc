package io.binlogstream.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The dated markdown report: machine, settings, every run's figures, per-pair ratios and their medians. */
final class Report {
    private Report() {
    }

    static String render(long rows, int txnRows, int pairsPlanned, List<DrainRun.Result> results, String failure,
                         String workerCommand, String plugins, double totalSeconds) {
        StringBuilder md = new StringBuilder();
        md.append("# W1 drain benchmark, ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
        md.append("binlogstream against Debezium's MariaDB connector 3.5.0.Final, one at a time on the same MariaDB, broker,\n")
                .append("schema registry and Connect worker, both with binlogstream's `AvroConverter`. Written by `./benchmark`\n")
                .append("(see `benchmarks/README.md`).\n\n");
        md.append("**The machine is shared and noisy**: other engineers' builds and tests may run during a measurement. The\n")
                .append("A-B / B-A pair order spreads slow drift over both connectors, and the ratio is the median of per-pair\n")
                .append("ratios; single runs can still be off. Load average at report time: ").append(loadAverage()).append(".\n\n");
        if (failure != null) {
            md.append("**The run did not complete**: ").append(failure).append("\n\n");
        }

        md.append("## Machine\n\n");
        md.append("- CPU: ").append(cpu()).append('\n');
        md.append("- Memory: ").append(memTotal()).append('\n');
        md.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version")).append('\n');
        md.append("- Clock ticks per second (`getconf CLK_TCK`): ").append(ProcCpu.ticksPerSecond()).append("\n\n");

        md.append("## Setup\n\n");
        md.append(String.format(Locale.ROOT, "- Workload W1: %,d single-row `INSERT` statements, committed every %,d rows, into a fresh\n"
                + "  table per run (`id BIGINT` key, `INT`, `VARCHAR(120)`, `VARCHAR(60)`, `TIMESTAMP(6)`: about 200 bytes a row).\n", rows, txnRows));
        md.append("- Drain mode: connector created, binlog client attached, connector paused, workload written, connector resumed.\n")
                .append("  Events/s = (records - 1) / (last - first broker append time), topics with `message.timestamp.type=LogAppendTime`.\n")
                .append("- CPU: utime+stime of the Connect worker JVM from `/proc/<pid>/stat`, from the resume request until the\n")
                .append("  topic's end offset reached the row count (polled every 100 ms), divided by the records.\n")
                .append("- Correctness: the whole topic read back after each run: exact count, no duplicate and no missing key.\n")
                .append("- Worker: one Connect worker, `exactly.once.source.support=disabled` (at least once for both), `plugin.discovery=service_load`.\n")
                .append("- Producer overrides for both: ")
                .append(Contender.producerOverrides().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> "`producer.override." + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", ")))
                .append("; connector defaults otherwise (Debezium: `snapshot.mode=no_data`, `snapshot.locking.mode=none`, `include.schema.changes=false`).\n");
        md.append("- Connector plugins on the worker: ").append(plugins).append('\n');
        md.append("- Worker command line (JVM flags first): `").append(workerCommand.replaceAll(" -cp \\S+", " -cp <kafka>")).append("`\n\n");

        md.append("## Runs, in the order they ran\n\n");
        md.append("| phase | connector | events/s | span s | CPU µs/event | CPU s | drain wall s | records | dup | missing | avg value B | write s |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (DrainRun.Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f | %.1f | %.1f | %,d | %d | %d | %.0f | %.1f |\n",
                    r.phase(), r.connector(), r.eventsPerSecond(), (r.lastAppendMs() - r.firstAppendMs()) / 1000.0,
                    r.cpuMicrosPerEvent(), r.cpuSeconds(), r.drainWallSeconds(), r.records(), r.duplicates(), r.missing(),
                    r.avgValueBytes(), r.writeSeconds()));
        }
        md.append('\n');

        List<double[]> pairs = pairs(results);
        md.append("## Pairs (binlogstream / Debezium)\n\n");
        md.append(String.format(Locale.ROOT, "%d of %d planned pairs ran.\n\n", pairs.size(), pairsPlanned));
        if (!pairs.isEmpty()) {
            md.append("| pair | binlogstream events/s | Debezium events/s | throughput ratio | binlogstream CPU µs/event | Debezium CPU µs/event | CPU ratio |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int i = 0; i < pairs.size(); i++) {
                double[] p = pairs.get(i);
                md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f |\n", i + 1, p[0], p[1],
                        p[0] / p[1], p[2], p[3], p[2] / p[3]));
            }
            md.append('\n');
            md.append(String.format(Locale.ROOT, "- **Median throughput ratio** (binlogstream / Debezium): **%.2f**\n",
                    median(pairs.stream().mapToDouble(p -> p[0] / p[1]).toArray())));
            md.append(String.format(Locale.ROOT, "- **Median CPU-per-event ratio** (binlogstream / Debezium): **%.2f**\n",
                    median(pairs.stream().mapToDouble(p -> p[2] / p[3]).toArray())));
            md.append(String.format(Locale.ROOT, "- Median events/s: binlogstream %,.0f, Debezium %,.0f\n",
                    median(pairs.stream().mapToDouble(p -> p[0]).toArray()), median(pairs.stream().mapToDouble(p -> p[1]).toArray())));
            md.append(String.format(Locale.ROOT, "- Median CPU µs/event: binlogstream %.2f, Debezium %.2f\n",
                    median(pairs.stream().mapToDouble(p -> p[2]).toArray()), median(pairs.stream().mapToDouble(p -> p[3]).toArray())));
        }
        boolean allCorrect = results.stream().allMatch(DrainRun.Result::correct);
        md.append("- Correctness: ").append(allCorrect ? "every run delivered every row exactly once"
                : "**at least one run lost or duplicated rows; see the table**").append('\n');
        md.append(String.format(Locale.ROOT, "- Whole benchmark took %.1f min\n", totalSeconds / 60));
        return md.toString();
    }

    /** Per measured pair: {bls events/s, dbz events/s, bls CPU, dbz CPU}; warm-up runs are left out. */
    private static List<double[]> pairs(List<DrainRun.Result> results) {
        List<double[]> out = new ArrayList<>();
        Map<String, List<DrainRun.Result>> byPhase = results.stream().filter(r -> r.phase().startsWith("pair"))
                .collect(Collectors.groupingBy(DrainRun.Result::phase, java.util.LinkedHashMap::new, Collectors.toList()));
        for (List<DrainRun.Result> p : byPhase.values()) {
            DrainRun.Result a = p.stream().filter(r -> r.contender() == Contender.BINLOGSTREAM).findFirst().orElse(null);
            DrainRun.Result b = p.stream().filter(r -> r.contender() == Contender.DEBEZIUM).findFirst().orElse(null);
            if (a != null && b != null) {
                out.add(new double[] {a.eventsPerSecond(), b.eventsPerSecond(), a.cpuMicrosPerEvent(), b.cpuMicrosPerEvent()});
            }
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String cpu() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown model");
            long processors = lines.stream().filter(l -> l.startsWith("processor")).count();
            String mhz = lines.stream().filter(l -> l.startsWith("cpu MHz")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim() + " MHz").orElse("");
            return model + ", " + processors + " logical processors" + (mhz.isEmpty() ? "" : ", " + mhz);
        } catch (IOException e) {
            return "unreadable /proc/cpuinfo: " + e.getMessage();
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> l.replaceAll("\\s+", " ")).orElse("unknown");
        } catch (IOException e) {
            return "unreadable /proc/meminfo: " + e.getMessage();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
