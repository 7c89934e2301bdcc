package io.binlogstream.connect.snapshot;

import java.util.Locale;

import javax.management.openmbean.CompositeData;

/**
 * One table's snapshot progress, as {@link SnapshotProgressMXBean#getTables} shows it (mapped to {@code CompositeData}
 * by the MXBean rules: one item per getter; {@link #from} lets a JMX client's proxy rebuild it).
 */
public final class TableProgress {
    private final String table;
    private final String state;
    private final long rowsDone;
    private final long chunksDone;
    private final long estimatedRows;
    private final double elapsedSeconds;

    public TableProgress(String table, String state, long rowsDone, long chunksDone, long estimatedRows, double elapsedSeconds) {
        this.table = table;
        this.state = state;
        this.rowsDone = rowsDone;
        this.chunksDone = chunksDone;
        this.estimatedRows = estimatedRows;
        this.elapsedSeconds = elapsedSeconds;
    }

    /** {@code db.table}. */
    public String getTable() {
        return table;
    }

    /** {@code pending}, {@code running} or {@code done}. */
    public String getState() {
        return state;
    }

    public long getRowsDone() {
        return rowsDone;
    }

    public long getChunksDone() {
        return chunksDone;
    }

    /** {@code information_schema.TABLES.TABLE_ROWS} at the snapshot's start (an estimate for InnoDB), -1 if none. */
    public long getEstimatedRows() {
        return estimatedRows;
    }

    /** Time spent on the table: 0 while pending, frozen once done. */
    public double getElapsedSeconds() {
        return elapsedSeconds;
    }

    public static TableProgress from(CompositeData data) {
        return new TableProgress((String) data.get("table"), (String) data.get("state"), (Long) data.get("rowsDone"),
                (Long) data.get("chunksDone"), (Long) data.get("estimatedRows"), (Double) data.get("elapsedSeconds"));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s rows=%d chunks=%d estimated=%d %.1fs", table, state, rowsDone, chunksDone, estimatedRows,
                elapsedSeconds);
    }
}
