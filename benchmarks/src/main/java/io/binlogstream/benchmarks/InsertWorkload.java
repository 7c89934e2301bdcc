package io.binlogstream.benchmarks;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import io.binlogstream.testkit.MariaDbServer;

/**
 * W1, W2 and W4: single-row {@code INSERT} statements of {@link NarrowRow} into one fresh table per run, ids
 * 1..rows; they differ only in where the commits fall.
 */
final class InsertWorkload implements Workload {
    /** Where the writer commits. */
    enum Commits {
        /** W1: every {@code txnRows} rows. */
        EVERY_N,
        /** W2: each INSERT is its own transaction. */
        AUTOCOMMIT,
        /** W4: all rows in one transaction. */
        ONE_TRANSACTION
    }

    private final String name;
    private final long rows;
    private final Commits commits;
    private final int txnRows;

    InsertWorkload(String name, long rows, Commits commits, int txnRows) {
        this.name = name;
        this.rows = rows;
        this.commits = commits;
        this.txnRows = txnRows;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        String commitText = switch (commits) {
            case EVERY_N -> String.format(Locale.ROOT, "committed every %,d rows", txnRows);
            case AUTOCOMMIT -> "each its own transaction (autocommit, no explicit transaction)";
            case ONE_TRANSACTION -> "all in one transaction (one commit at the end)";
        };
        return String.format(Locale.ROOT, "- Workload %s: %,d single-row `INSERT` statements, %s, into a fresh\n"
                + "  table per run (%s).\n", name, rows, commitText, NarrowRow.SHAPE);
    }

    @Override
    public long events() {
        return rows;
    }

    @Override
    public String defaultWorkerHeap() {
        // W4 asks whether one huge transaction fits a small worker heap (issue 6).
        return commits == Commits.ONE_TRANSACTION ? "512m" : "1g";
    }

    @Override
    public Tables tables(int run) {
        String table = name.toLowerCase(Locale.ROOT) + "_r" + run;
        return new Tables(List.of(table), List.of(), table);
    }

    @Override
    public void create(MariaDbServer db, Tables tables) {
        db.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE, NarrowRow.createTable(tables.captured().get(0)));
    }

    @Override
    public Written write(MariaDbServer db, Tables tables) throws SQLException {
        String table = tables.captured().get(0);
        StringBuilder body = new StringBuilder("  DECLARE i BIGINT DEFAULT 0;\n");
        // The JDBC connection is in autocommit mode: without START TRANSACTION each statement commits alone.
        body.append(commits == Commits.AUTOCOMMIT ? "  SET autocommit = 1;\n" : "  START TRANSACTION;\n");
        body.append("  WHILE i < ").append(rows).append(" DO\n    SET i = i + 1;\n    ").append(NarrowRow.insert(table, "i"));
        if (commits == Commits.EVERY_N) {
            body.append("    IF i % ").append(txnRows).append(" = 0 THEN COMMIT; START TRANSACTION; END IF;\n");
        }
        body.append("  END WHILE;\n");
        if (commits != Commits.AUTOCOMMIT) {
            body.append("  COMMIT;\n");
        }
        return StoredProcedure.call(db, "fill_" + table, body.toString(), "Com_insert");
    }

    @Override
    public RecordCheck check(Tables tables, List<String> topics, String registryUrl) {
        return new RecordCheck.UniqueIds(topics, rows);
    }
}
