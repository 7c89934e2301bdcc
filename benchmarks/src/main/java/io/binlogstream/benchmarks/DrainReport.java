package io.binlogstream.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A drain benchmark's part of the report: what the workload wrote and how it was measured, and the table of runs,
 * with the columns only some workloads need (W3's load time and order check, W6's CPU per binlog row and its
 * comparison with W1).
 */
final class DrainReport implements Harness.Describe<DrainRun.Result> {
    private final Workload workload;
    private final Path resultsDir;

    DrainReport(Workload workload, Path resultsDir) {
        this.workload = workload;
        this.resultsDir = resultsDir;
    }

    private boolean skipsRows() {
        return workload.binlogRows() != workload.events();
    }

    private boolean updates() {
        return workload instanceof UpdateWorkload;
    }

    @Override
    public String setup(long rows) {
        return workload.describe()
                + "- Drain mode: tables created, topics created, connector created, binlog client attached, connector paused,\n"
                + "  workload written (by a stored procedure; the write time is reported, never timed into the rate), connector resumed.\n"
                + "  Events/s = (records - 1) / (last - first broker append time) over the captured tables' topics, all created\n"
                + "  with `message.timestamp.type=LogAppendTime`.\n"
                + "- CPU: utime+stime of the Connect worker JVM from `/proc/<pid>/stat`, from the resume request until the\n"
                + "  topics' end offsets reached the event count (polled every 100 ms), divided by the records"
                + (skipsRows() ? " (per captured event)\n  and by the binlog rows (captured or not).\n" : ".\n")
                + "- Writer counters per run: `statements` is the session's `Com_insert`/`Com_update` delta, `txns` the binlog's\n"
                + "  GTID sequence delta (transactions the writer committed).\n"
                + "- Debezium: `snapshot.mode=no_data`, `snapshot.locking.mode=none`, `include.schema.changes=false`, the admin user,\n"
                + "  the same `table.include.list` regular expression as binlogstream.\n"
                + WorkerResources.describe()
                + "  `debezium-defaults` (if it ran): the same, but without any `producer.override.*` (the producer as Connect sets it).\n"
                + (workload.name().equals("W1")
                ? "- Floor (if it ran): `io.binlogstream.benchmarks.floor.FloorSourceConnector`, its own plugin directory on the same\n"
                + "  worker; no database: it emits records shaped like binlogstream's W1 records (same key and envelope schemas,\n"
                + "  120/60-character text, event-id header) from a counter, `max.batch.size` 2048 per poll (binlogstream's default),\n"
                + "  through the same converter and producer overrides. Created, paused before its first record (its task holds\n"
                + "  back for `start.hold.ms` after its start), resumed once that has passed and measured like the others.\n"
                : "");
    }

    @Override
    public String runs(List<DrainRun.Result> results) {
        List<Column> columns = new ArrayList<>(List.of(
                new Column("phase", "---", DrainRun.Result::phase),
                new Column("connector", "---", DrainRun.Result::connector),
                new Column("events/s", "---:", r -> fmt("%,.0f", r.eventsPerSecond())),
                new Column("span s", "---:", r -> fmt("%.2f", (r.lastAppendMs() - r.firstAppendMs()) / 1000.0)),
                new Column(skipsRows() ? "CPU µs/captured event" : "CPU µs/event", "---:", r -> fmt("%.2f", r.cpuMicrosPerEvent()))));
        if (skipsRows()) {
            columns.add(new Column("CPU µs/binlog row", "---:", r -> fmt("%.2f", r.cpuMicrosPerBinlogRow())));
        }
        columns.addAll(List.of(
                new Column("CPU s", "---:", r -> fmt("%.1f", r.cpuSeconds())),
                new Column("drain wall s", "---:", r -> fmt("%.1f", r.drainWallSeconds())),
                new Column("records", "---:", r -> fmt("%,d", r.records())),
                new Column("dup", "---:", r -> fmt("%d", r.duplicates())),
                new Column("missing", "---:", r -> fmt("%d", r.missing()))));
        if (updates()) {
            columns.add(new Column("out of order", "---:", r -> fmt("%d", r.outOfOrder())));
        }
        columns.add(new Column("avg value B", "---:", r -> fmt("%.0f", r.avgValueBytes())));
        if (updates()) {
            columns.add(new Column("load s", "---:", r -> fmt("%.1f", r.createSeconds())));
        }
        columns.addAll(List.of(
                new Column("statements", "---:", r -> fmt("%,d", r.insertStatements())),
                new Column("txns", "---:", r -> fmt("%,d", r.transactions())),
                new Column("write s", "---:", r -> fmt("%.1f", r.writeSeconds()))));
        // The worker's GC, heap and RSS over the drain (WorkerResources' own columns).
        String[] headings = WorkerResources.HEADER.split("\\|");
        for (int i = 0; i < headings.length; i++) {
            String heading = headings[i].trim();
            if (heading.isEmpty()) {
                continue;
            }
            int index = i;
            columns.add(new Column(heading, "---:", r -> r.resources().cells().split("\\|")[index].trim()));
        }

        StringBuilder md = new StringBuilder();
        md.append('|');
        columns.forEach(c -> md.append(' ').append(c.heading).append(" |"));
        md.append("\n|");
        columns.forEach(c -> md.append(c.align).append('|'));
        md.append('\n');
        for (DrainRun.Result r : results) {
            md.append('|');
            columns.forEach(c -> md.append(' ').append(c.value.apply(r)).append(" |"));
            md.append('\n');
        }
        md.append('\n').append(WorkerResources.medians(results, DrainRun.Result::resources));
        if (skipsRows()) {
            md.append('\n').append(skippedRowCost(results));
        }
        return md.toString();
    }

    /**
     * W6: what the rows of uncaptured tables cost. Its rows have W1's shape and W1's commit interval, so if
     * skipping were free, the CPU per captured event would equal W1's CPU per event; the difference, spread over
     * the skipped rows, estimates a skipped row's cost. W1's figure comes from the newest W1 report (another
     * invocation, so another moment of this shared machine).
     */
    private String skippedRowCost(List<DrainRun.Result> results) {
        StringBuilder md = new StringBuilder();
        W1Reference w1 = W1Reference.newest(resultsDir);
        long skippedPerEvent = (workload.binlogRows() - workload.events()) / workload.events();
        md.append(String.format(Locale.ROOT, "Skipped rows: %,d of the %,d binlog rows per run belong to uncaptured tables (%d per captured event).\n",
                workload.binlogRows() - workload.events(), workload.binlogRows(), skippedPerEvent));
        md.append(w1 == null
                ? "No W1 report found in " + resultsDir + ": run `./benchmark` (W1, same row shape and commit interval) and compare its\n"
                + "CPU µs/event with the CPU µs per captured event here; the excess over W1, divided by " + skippedPerEvent
                + ", is what a skipped row costs.\n"
                : "Compared with W1 (same row shape and commit interval) from `" + w1.file().getFileName() + "`: if skipped rows cost\n"
                + "nothing, CPU per captured event here would equal W1's CPU per event. Estimated cost of a skipped row =\n"
                + "(W6 CPU per captured event - W1 CPU per event) / " + skippedPerEvent + ". W1 ran in another invocation, so the\n"
                + "machine's load differed; treat small differences as noise.\n");
        md.append('\n');
        for (Contender c : Contender.values()) {
            double perEvent = medianOfPairs(results, c, DrainRun.Result::cpuMicrosPerEvent);
            double perRow = medianOfPairs(results, c, DrainRun.Result::cpuMicrosPerBinlogRow);
            if (Double.isNaN(perEvent)) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "- %s, median over the pairs: %.2f CPU µs per captured event, %.2f per binlog row", c.label,
                    perEvent, perRow));
            Double w1PerEvent = w1 == null ? null : w1.cpuMicrosPerEvent(c);
            if (w1PerEvent != null) {
                double perSkipped = (perEvent - w1PerEvent) / skippedPerEvent;
                md.append(String.format(Locale.ROOT, "; W1 %.2f per event, so about %.2f µs per skipped row (%.0f%% of a captured event)",
                        w1PerEvent, perSkipped, 100 * perSkipped / w1PerEvent));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static double medianOfPairs(List<DrainRun.Result> results, Contender c, ToDoubleFunction<DrainRun.Result> value) {
        return Report.median(results.stream().filter(r -> r.contender() == c && r.phase().startsWith("pair")).mapToDouble(value).toArray());
    }

    private static String fmt(String format, Object value) {
        return String.format(Locale.ROOT, format, value);
    }

    private record Column(String heading, String align, java.util.function.Function<DrainRun.Result, String> value) {
    }
}
