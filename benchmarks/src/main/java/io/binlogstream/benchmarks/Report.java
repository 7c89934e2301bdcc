package io.binlogstream.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dated markdown report: machine, settings, every run's figures, per-pair ratios and their medians. The
 * benchmark's own setup bullets and table of runs come from its {@link Harness.Describe}.
 */
final class Report {
    private Report() {
    }

    static <R extends Measured> String render(Harness.Run<R> run) {
        StringBuilder md = new StringBuilder();
        String unit = run.unit();
        String singular = unit.substring(0, unit.length() - 1);
        md.append("# ").append(run.title()).append(", ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
        md.append("Contenders: ").append(run.contenders().stream().map(c -> "`" + c.label + "`").collect(Collectors.joining(", ")))
                .append(" (Debezium: its MariaDB connector 3.5.0.Final), one at a time on the same MariaDB, broker, schema registry\n")
                .append("and Connect worker. **Converter: ").append(ConverterChoice.current().name().toLowerCase(Locale.ROOT))
                .append("**, ").append(ConverterChoice.current().describe()).append(", the same for every contender.\n")
                .append("Written by `./benchmark` (see `benchmarks/README.md`).\n\n");
        md.append("**The machine is shared and noisy**: other engineers' builds and tests may run during a measurement. The\n")
                .append("A-B / B-A pair order spreads slow drift over all contenders, and the ratio is the median of per-pair\n")
                .append("ratios; single runs can still be off. Load average at report time: ").append(loadAverage()).append(".\n\n");
        if (run.failure() != null) {
            md.append("**The run did not complete**: ").append(run.failure()).append("\n\n");
        }

        md.append(machine());

        md.append("## Setup\n\n");
        md.append(run.describe().setup(run.rows()));
        md.append("- Correctness: the whole topic read back after each run: exact count, no duplicate and no missing key.\n")
                .append("- Worker: one Connect worker, `exactly.once.source.support=disabled` (at least once for all), `plugin.discovery=service_load`;\n")
                .append("  heap `bench.worker.heap=").append(run.workerHeap()).append("` (`-Xms").append(run.workerHeap()).append(" -Xmx")
                .append(run.workerHeap()).append("`).\n")
                .append("- Producer overrides for every contender but `debezium-defaults`: ")
                .append(Contender.asCode(Contender.prefixedProducerOverrides()))
                .append("; connector defaults otherwise, but for the settings named above.\n");
        md.append(Contender.variantLine(run.contenders()));
        md.append(Harness.serverSettingsLine());
        md.append("- Connector plugins on the worker: ").append(run.plugins()).append('\n');
        md.append("- Worker command line (JVM flags first): `").append(run.workerCommand().replaceAll(" -cp \\S+", " -cp <kafka>")).append("`\n\n");

        md.append("## Runs, in the order they ran\n\n");
        md.append(run.describe().runs(run.results()));
        md.append('\n');

        md.append(Rounds.section(run.results(), run.contenders(), run.pairsPlanned(), unit));
        boolean allCorrect = run.results().stream().allMatch(Measured::correct);
        md.append("- Correctness: ").append(allCorrect ? "every run delivered every row exactly once"
                : "**at least one run lost or duplicated rows; see the table**").append('\n');
        md.append(String.format(Locale.ROOT, "- Whole benchmark took %.1f min\n", run.totalSeconds() / 60));
        if (!run.afterSection().isEmpty()) {
            md.append('\n').append(run.afterSection());
        }
        return md.toString();
    }

    /** The {@code ## Machine} section: the build measured, CPU, memory, OS, Java, clock ticks. */
    static String machine() {
        StringBuilder md = new StringBuilder();
        md.append("## Machine\n\n");
        md.append("- Tree built and measured (unless `bench.plugin.binlogstream` names another plugin): ").append(System.getProperty("bench.build", "not recorded (not run through ./benchmark)")).append('\n');
        md.append("- CPU: ").append(cpu()).append('\n');
        md.append("- Memory: ").append(memTotal()).append('\n');
        md.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version")).append('\n');
        md.append("- Clock ticks per second (`getconf CLK_TCK`): ").append(ProcCpu.ticksPerSecond()).append("\n\n");
        return md.toString();
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

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
