package io.binlogstream.benchmarks;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.binlogstream.testkit.MariaDbServer;

/**
 * W5 and W6: single-row {@code INSERT}s of {@link NarrowRow} written round-robin over many fresh tables per run
 * (one row into each table in turn, ids 1..rows/tables in every table), committed every {@code txnRows} rows.
 * W5 captures every table (one topic each); W6 captures one of them, so most binlog rows are ones the connector
 * has to skip.
 */
final class RoundRobinWorkload implements Workload {
    private final String name;
    private final int tableCount;
    private final long rowsPerTable;
    private final boolean oneCaptured;
    private final int txnRows;

    /**
     * @param rows        rows over all tables (rounded down to a multiple of {@code tableCount})
     * @param oneCaptured W6: only the first table is captured; W5: all are
     */
    RoundRobinWorkload(String name, long rows, int tableCount, boolean oneCaptured, int txnRows) {
        if (tableCount < 1 || rows < tableCount) {
            throw new IllegalArgumentException(name + ": " + rows + " rows cannot go round-robin over " + tableCount + " tables");
        }
        this.name = name;
        this.tableCount = tableCount;
        this.rowsPerTable = rows / tableCount;
        this.oneCaptured = oneCaptured;
        this.txnRows = txnRows;
    }

    /**
     * W6's captured table alone: the same rows, the same captured rows per transaction and the same number of
     * transactions, without the other tables. W6's CPU per captured event over this one's, spread over the skipped
     * rows, is what a skipped row costs ({@link SkippedRowCost}).
     */
    RoundRobinWorkload capturedOnly() {
        if (!oneCaptured) {
            throw new IllegalStateException(name + " captures every table: it skips no rows");
        }
        return new RoundRobinWorkload(name + "c", rowsPerTable, 1, true, (int) roundsPerCommit());
    }

    @Override
    public String name() {
        return name;
    }

    /** Rounds of one row per table between commits, so a transaction holds about {@code txnRows} rows. */
    private long roundsPerCommit() {
        return Math.max(1, txnRows / tableCount);
    }

    @Override
    public String describe() {
        String common = String.format(Locale.ROOT, "- Workload %s: %,d single-row `INSERT` statements written round-robin over %d fresh tables\n"
                + "  per run (one row into each table in turn, %,d rows a table), committed every %,d rows (%,d rounds); every\n"
                + "  table %s.\n", name, binlogRows(), tableCount, rowsPerTable, roundsPerCommit() * tableCount, roundsPerCommit(),
                NarrowRow.SHAPE);
        if (oneCaptured) {
            return common + String.format(Locale.ROOT, "- Captured: 1 of the %d tables (`table.include.list=bench\\.w6_r<run>_captured`), so %,d of the\n"
                    + "  %,d binlog rows become events and %.0f%% are rows of tables the connector leaves out. Events/s counts\n"
                    + "  captured events; CPU is given per captured event and per binlog row (captured or not).\n",
                    tableCount, events(), binlogRows(), 100.0 * (tableCount - 1) / tableCount);
        }
        return common + String.format(Locale.ROOT, "- Captured: all %d tables (`table.include.list=bench\\.w5_r<run>_t[0-9]+`), %d topics created with\n"
                + "  `LogAppendTime` before the connector; events/s from the first to the last append over all topics.\n"
                + "- Priming: before the pause, one row (id %,d) is written into each table and delivered, so each topic's key\n"
                + "  and value schema registrations (%d per run) and the producer's metadata for the new topics fall outside\n"
                + "  the timed span; those %d records (each topic's offset 0) are checked but not counted in events/s or CPU per event.\n",
                tableCount, tableCount, rowsPerTable + 1, 2 * tableCount, tableCount);
    }

    @Override
    public long events() {
        return oneCaptured ? rowsPerTable : binlogRows();
    }

    @Override
    public long binlogRows() {
        return rowsPerTable * tableCount;
    }

    @Override
    public Tables tables(int run) {
        String base = name.toLowerCase(Locale.ROOT) + "_r" + run;
        if (oneCaptured) {
            // Names share no prefix with the captured one, so no filter (anchored or not) can take them in by accident.
            List<String> skipped = new ArrayList<>();
            for (int t = 1; t < tableCount; t++) {
                skipped.add(base + "_skipped" + t);
            }
            return new Tables(List.of(base + "_captured"), skipped, base + "_captured");
        }
        List<String> captured = new ArrayList<>();
        for (int t = 0; t < tableCount; t++) {
            captured.add(String.format(Locale.ROOT, "%s_t%03d", base, t));
        }
        return new Tables(captured, List.of(), base + "_t[0-9]+");
    }

    @Override
    public void create(MariaDbServer db, Tables tables) {
        List<String> sql = new ArrayList<>(List.of("CREATE DATABASE IF NOT EXISTS " + DATABASE));
        tables.all().forEach(t -> sql.add(NarrowRow.createTable(t)));
        db.execute(sql.toArray(String[]::new));
    }

    /**
     * W5: one row (id rows-per-table + 1, after the workload's ids) into each captured table before the pause, so
     * the 200 topics' schema registrations and metadata fetches fall outside the timed span. W6's single topic
     * needs none, as W1's does not.
     */
    @Override
    public long prime(MariaDbServer db, Tables tables) {
        if (oneCaptured) {
            return 0;
        }
        // The workload's own INSERT, one autocommitted statement per table.
        List<String> sql = new ArrayList<>();
        tables.captured().forEach(t -> sql.add(NarrowRow.insert(t, Long.toString(rowsPerTable + 1)).trim()));
        db.execute(sql.toArray(String[]::new));
        return tables.captured().size();
    }

    @Override
    public Written write(MariaDbServer db, Tables tables) throws SQLException {
        // W6 writes the captured table first in each round, then the nine others.
        StringBuilder body = new StringBuilder("  DECLARE j BIGINT DEFAULT 0;\n  START TRANSACTION;\n");
        body.append("  WHILE j < ").append(rowsPerTable).append(" DO\n    SET j = j + 1;\n");
        for (String t : tables.all()) {
            body.append("    ").append(NarrowRow.insert(t, "j"));
        }
        body.append("    IF j % ").append(roundsPerCommit()).append(" = 0 THEN COMMIT; START TRANSACTION; END IF;\n");
        body.append("  END WHILE;\n  COMMIT;\n");
        return StoredProcedure.call(db, "fill_" + tables.captured().get(0), body.toString(), "Com_insert");
    }

    @Override
    public RecordCheck check(Tables tables, List<String> topics, String registryUrl) {
        // W5's priming row has the id after the workload's.
        return new RecordCheck.UniqueIds(topics, oneCaptured ? rowsPerTable : rowsPerTable + 1);
    }
}
