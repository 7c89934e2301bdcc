package io.binlogstream.connect.snapshot;

import java.util.List;

/**
 * A task's snapshot progress over JMX, registered as {@code io.binlogstream:type=snapshot,context=<topic.prefix>,task=<task id>}
 * while the task runs a snapshot (from the snapshot's start to the task's stop, so a finished snapshot stays readable
 * as {@code done}). Figures count this task run: after a restart mid-snapshot they start again at the table the
 * offset stored (tables before it are not counted, and rows of that table read before the restart neither).
 */
public interface SnapshotProgressMXBean {
    /** {@code pending} until the table list is read, then {@code running}, then {@code done}. */
    String getState();

    int getTablesTotal();

    int getTablesDone();

    /** The table being read ({@code db.table}), null when none is. */
    String getCurrentTable();

    /** Rows emitted as op=r records (rows the watermark dropped are not counted). */
    long getRowsDone();

    long getChunksDone();

    /**
     * Rows done plus the rows still to read as estimated from {@code information_schema.TABLES.TABLE_ROWS} (an estimate
     * for InnoDB; a table that already gave more rows than its estimate counts what it gave); -1 when a table still to
     * read has no estimate.
     */
    long getEstimatedRowsTotal();

    /** Rows per second over the recent window ({@link #getRateWindowSeconds}), or since the start if it is younger. */
    double getRowsPerSecond();

    double getRowsPerSecondSinceStart();

    /** Seconds the recent rate covers at most. */
    int getRateWindowSeconds();

    /** The estimated rows still to read divided by the recent rate; -1 (unknown) while that rate is 0 or an estimate is missing. */
    long getEstimatedSecondsLeft();

    /** Since the snapshot started; frozen once it is done. */
    double getElapsedSeconds();

    /** Since the last chunk was emitted (or since the start, before the first); a stalled snapshot shows here. */
    double getSecondsSinceLastChunk();

    /** One entry per table of this run, in snapshot order. */
    List<TableProgress> getTables();
}
