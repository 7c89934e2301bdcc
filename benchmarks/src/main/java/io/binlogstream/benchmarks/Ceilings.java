package io.binlogstream.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.binlogstream.testkit.Stack;

/**
 * Issue 6's raw ceilings, measured once after the pairs on the same stack: reading one W1 run's binlog with
 * nothing behind the reader ({@link BinlogCeiling}) and producing records of W1's sizes with nothing in front of
 * the producer ({@link ProducerCeiling}). The report gives binlogstream's median events/s as a share of each.
 */
final class Ceilings {
    private Ceilings() {
    }

    /** The report's section; a ceiling that fails is reported as such and does not fail the benchmark. */
    static String section(Stack stack, List<DrainRun.Result> results, long rows, PrintStream log) {
        StringBuilder md = new StringBuilder("## Ceilings (measured once, after the pairs, on the same stack)\n\n");
        List<DrainRun.Result> bls = results.stream().filter(r -> r.contender() == Contender.BINLOGSTREAM).toList();
        double blsRate = Report.median(bls.stream().filter(r -> r.phase().startsWith("pair")).mapToDouble(DrainRun.Result::rate).toArray());
        if (bls.isEmpty()) {
            return md.append("Not measured: binlogstream did not run (the ceilings use its runs' binlog range and record sizes).\n\n").toString();
        }
        if (Double.isNaN(blsRate)) {
            blsRate = bls.get(bls.size() - 1).rate();
        }
        md.append("| ceiling | rows/s (records/s) | binlogstream median events/s | binlogstream's share |\n|---|---:|---:|---:|\n");
        StringBuilder notes = new StringBuilder();

        DrainRun.Result last = bls.get(bls.size() - 1);
        try {
            log.printf("[bench] binlog ceiling: reading %s's range %s%n", last.connector(), last.binlog());
            BinlogCeiling.Result b = BinlogCeiling.measure(stack.mariaDb(), last.binlog(), last.rows());
            log.printf("[bench]   %,.0f rows/s (%,d rows in %.2f s)%n", b.rowsPerSecond(), b.rows(), b.seconds());
            md.append(String.format(Locale.ROOT, "| binlog read | %,.0f | %,.0f | %.0f%% |\n", b.rowsPerSecond(), blsRate,
                    100 * blsRate / b.rowsPerSecond()));
            notes.append(String.format(Locale.ROOT, "- Binlog read: the binlog range of run %s (%s, %,d bytes), %,d rows in %.2f s."
                    + " Reader: %s. As the admin user; the server is the same one the pairs ran on, idle.\n",
                    last.connector(), b.range(), b.bytes(), b.rows(), b.seconds(), b.reader()));
        } catch (Exception e) {
            log.println("[bench] binlog ceiling FAILED: " + e);
            md.append("| binlog read | failed | | |\n");
            notes.append("- Binlog read failed: `").append(e).append("`\n");
        }

        // The record sizes binlogstream's runs produced with this converter (median of the runs' averages).
        int keyBytes = (int) Math.round(Report.median(bls.stream().mapToDouble(DrainRun.Result::avgKeyBytes).toArray()));
        int valueBytes = (int) Math.round(Report.median(bls.stream().mapToDouble(DrainRun.Result::avgValueBytes).toArray()));
        try {
            log.printf("[bench] producer ceiling: %,d records of %d + %d bytes%n", rows, keyBytes, valueBytes);
            ProducerCeiling.Result p = ProducerCeiling.measure(stack, "ceiling.producer", rows, keyBytes, valueBytes);
            log.printf("[bench]   %,.0f records/s over %.2f s%n", p.recordsPerSecond(), p.spanSeconds());
            md.append(String.format(Locale.ROOT, "| producer only | %,.0f | %,.0f | %.0f%% |\n", p.recordsPerSecond(), blsRate,
                    100 * blsRate / p.recordsPerSecond()));
            notes.append(String.format(Locale.ROOT, "- Producer only: a plain `KafkaProducer` in the harness JVM (not the worker), one"
                    + " thread, %,d byte[] records of %d key + %d value bytes (binlogstream's median average sizes in this run,"
                    + " %s) to a fresh one-partition `LogAppendTime` topic; rate from append times over %.2f s. Settings: %s"
                    + " (Connect's source-producer settings, then the contenders' overrides).\n", p.records(), keyBytes, valueBytes,
                    ConverterChoice.current().name().toLowerCase(Locale.ROOT), p.spanSeconds(),
                    p.settings().entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", "))));
        } catch (Exception e) {
            log.println("[bench] producer ceiling FAILED: " + e);
            md.append("| producer only | failed | | |\n");
            notes.append("- Producer only failed: `").append(e).append("`\n");
        }
        return md.append('\n').append(notes).append('\n').toString();
    }
}
