package io.binlogstream.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.binlogstream.testkit.MariaDbServer;

/**
 * W1: single-row INSERT statements, committed every {@code txnRows} rows, into a fresh table per run.
 * A row image is about 200 bytes: BIGINT key, INT, a 120- and a 60-character VARCHAR, TIMESTAMP(6).
 */
final class Workload {
    static final String DATABASE = "bench";

    private Workload() {
    }

    static void createTable(MariaDbServer db, String table) {
        db.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE,
                "CREATE TABLE " + DATABASE + "." + table + " (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL,"
                        + " c VARCHAR(120) NOT NULL, pad VARCHAR(60) NOT NULL,"
                        + " created TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
    }

    /**
     * Writes ids 1..rows and returns how many INSERT statements the server counted ({@code Com_insert}
     * delta), which proves each row went in as its own statement (so its own rows event), not as one bulk.
     *
     * <p>The rows are written by a stored procedure, one {@code INSERT} per row in a loop with a commit every
     * {@code txnRows}: over JDBC each statement costs a round trip (about 9k rows/s here), which would make a
     * million-row run spend two minutes writing. With {@code binlog_format=ROW} every statement of the loop is
     * still logged as its own rows event, exactly as from a client. Text columns come from SHA-2 so rows differ.
     */
    static long insert(MariaDbServer db, String table, long rows, int txnRows) throws SQLException {
        String proc = DATABASE + ".fill_" + table;
        try (Connection c = db.connection(db.adminUser(), db.adminPassword(), DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE PROCEDURE " + proc + "(n BIGINT, txn BIGINT)\n"
                    + "BEGIN\n"
                    + "  DECLARE i BIGINT DEFAULT 0;\n"
                    + "  START TRANSACTION;\n"
                    + "  WHILE i < n DO\n"
                    + "    SET i = i + 1;\n"
                    + "    INSERT INTO " + DATABASE + "." + table + " (id, k, c, pad)"
                    + " VALUES (i, CRC32(i) >> 1, LEFT(SHA2(i, 512), 120), LEFT(SHA2(-i, 256), 60));\n"
                    + "    IF i % txn = 0 THEN COMMIT; START TRANSACTION; END IF;\n"
                    + "  END WHILE;\n"
                    + "  COMMIT;\n"
                    + "END");
            long before = comInsert(c);
            s.execute("CALL " + proc + "(" + rows + ", " + txnRows + ")");
            long statements = comInsert(c) - before;
            s.execute("DROP PROCEDURE " + proc);
            return statements;
        }
    }

    private static long comInsert(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Com_insert'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

}
