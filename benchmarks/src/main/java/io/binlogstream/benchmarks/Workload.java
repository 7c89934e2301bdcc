package io.binlogstream.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
    private static final int STATEMENTS_PER_ROUND_TRIP = 1000;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

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
     */
    static long insert(MariaDbServer db, String table, long rows, int txnRows) throws SQLException {
        // Connector/J could turn a batch into one bulk statement (one rows event for many rows); W1 is
        // about single-row statements, so bulk and rewriting stay off. Batches are still pipelined.
        String url = db.jdbcUrl(DATABASE) + "?useBulkStmts=false&useBulkStmtsForInserts=false&rewriteBatchedStatements=false";
        try (Connection c = DriverManager.getConnection(url, db.adminUser(), db.adminPassword())) {
            long before = comInsert(c);
            c.setAutoCommit(false);
            StringBuilder text = new StringBuilder(120);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + table + " (id, k, c, pad) VALUES (?, ?, ?, ?)")) {
                for (long id = 1; id <= rows; id++) {
                    long h = mix(id);
                    ps.setLong(1, id);
                    ps.setInt(2, (int) h);
                    ps.setString(3, text(text, h, 120));
                    ps.setString(4, text(text, ~h, 60));
                    ps.addBatch();
                    if (id % STATEMENTS_PER_ROUND_TRIP == 0 || id == rows) {
                        ps.executeBatch();
                    }
                    if (id % txnRows == 0 || id == rows) {
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
            return comInsert(c) - before;
        }
    }

    private static long comInsert(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Com_insert'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** Deterministic, varied text (so rows are not all alike), without a Random per row. */
    private static String text(StringBuilder sb, long seed, int length) {
        sb.setLength(0);
        long x = seed;
        for (int i = 0; i < length; i++) {
            if (i % 10 == 0) {
                x = mix(x + i);
            }
            sb.append(ALPHABET.charAt((int) (x & 63)));
            x >>>= 6;
        }
        return sb.toString();
    }

    /** splitmix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
