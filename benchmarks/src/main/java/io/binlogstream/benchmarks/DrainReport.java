package io.binlogstream.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A drain benchmark's part of the report: what the workload wrote and how it was measured, and the table of runs,
 * with the columns only some workloads need (W3's load time and order check, W6's CPU per binlog row; the price of
 * W6's skipped rows is {@link SkippedRowCost}'s section).
 */
final class DrainReport implements Harness.Describe<DrainRun.Result> {
    private final Workload workload;

    DrainReport(Workload workload) {
        this.workload = workload;
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
        return md.toString();
    }

    private static String fmt(String format, Object value) {
        return String.format(Locale.ROOT, format, value);
    }

    private record Column(String heading, String align, java.util.function.Function<DrainRun.Result, String> value) {
    }
}
