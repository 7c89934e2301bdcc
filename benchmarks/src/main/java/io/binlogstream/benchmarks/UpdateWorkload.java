package io.binlogstream.benchmarks;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.binlogstream.testkit.MariaDbServer;

/**
 * W3: single-row {@code UPDATE}s of {@link WideTable}'s 100-column, 2 KB rows, round-robin over a table loaded
 * before the connector starts (so the load is not captured), committed every {@code txnRows} updates. Keys repeat,
 * so the check follows each key's {@code version} instead of counting distinct keys.
 */
final class UpdateWorkload implements Workload {
    private final long updates;
    private final long tableRows;
    private final int txnRows;

    UpdateWorkload(long updates, long tableRows, int txnRows) {
        if (updates < 1 || tableRows < 1) {
            throw new IllegalArgumentException("W3 needs at least one update and one row: " + updates + " updates, " + tableRows + " rows");
        }
        this.updates = updates;
        this.tableRows = tableRows;
        this.txnRows = txnRows;
    }

    @Override
    public String name() {
        return "W3";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "- Workload W3: %,d single-row `UPDATE` statements, committed every %,d updates, round-robin over the %,d rows\n"
                + "  of a fresh table per run (%s), so each row is updated %,d times (%s).\n"
                + "  Each update sets `version = version + 1` and changes 8 more columns (4 texts, 2 INT, a BIGINT, a DECIMAL);\n"
                + "  `binlog_row_image=FULL`, so each event carries the whole row before and after.\n"
                + "- The table is loaded (`INSERT ... SELECT` from the sequence engine) before the connector is created, so the\n"
                + "  load is not captured; events = updates. Check: per key, the `version` in `after` must run 1, 2, ... in topic\n"
                + "  order up to that key's update count (a lower or repeated version counts as a duplicate, a skipped one as out of order).\n",
                updates, txnRows, tableRows, WideTable.SHAPE, updates / tableRows,
                updates % tableRows == 0 ? "evenly" : "the first " + String.format(Locale.ROOT, "%,d", updates % tableRows) + " rows once more");
    }

    @Override
    public long events() {
        return updates;
    }

    @Override
    public Tables tables(int run) {
        String table = "w3_r" + run;
        return new Tables(List.of(table), List.of(), table);
    }

    @Override
    public void create(MariaDbServer db, Tables tables) {
        String table = tables.captured().get(0);
        // USE: the sequence engine's seq_N_to_M tables resolve in the current database.
        List<String> sql = new ArrayList<>(List.of("CREATE DATABASE IF NOT EXISTS " + DATABASE, "USE " + DATABASE,
                WideTable.createTable(table)));
        sql.addAll(WideTable.load(table, tableRows));
        db.execute(sql.toArray(String[]::new));
    }

    @Override
    public Written write(MariaDbServer db, Tables tables) throws SQLException {
        String table = tables.captured().get(0);
        String body = "  DECLARE u BIGINT DEFAULT 0;\n  START TRANSACTION;\n"
                + "  WHILE u < " + updates + " DO\n    SET u = u + 1;\n    " + WideTable.update(table, tableRows)
                + "    IF u % " + txnRows + " = 0 THEN COMMIT; START TRANSACTION; END IF;\n"
                + "  END WHILE;\n  COMMIT;\n";
        return StoredProcedure.call(db, "update_" + table, body, "Com_update");
    }

    @Override
    public RecordCheck check(Tables tables, List<String> topics, String registryUrl) {
        return new RecordCheck.VersionOrder(topics.get(0), tableRows, updates, registryUrl);
    }
}
