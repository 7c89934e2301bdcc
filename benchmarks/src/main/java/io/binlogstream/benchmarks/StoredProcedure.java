package io.binlogstream.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.binlogstream.testkit.MariaDbServer;

/**
 * Runs a workload's writer as a stored procedure on the server: over JDBC each statement costs a round trip
 * (about 9k rows/s here), which would make a million-row run spend minutes writing. In {@code binlog_format=ROW}
 * every statement of the procedure's loop is still logged as its own rows event, as it would be from a client;
 * the server's counters, returned as {@link Workload.Written}, show what reached it.
 */
final class StoredProcedure {
    private StoredProcedure() {
    }

    /**
     * Creates {@code bench.<name>()} with {@code body} (the statements between BEGIN and END), calls it once,
     * drops it.
     *
     * @param counter the session status counter that counts the workload's statements ({@code Com_insert}, {@code Com_update})
     */
    static Workload.Written call(MariaDbServer db, String name, String body, String counter) throws SQLException {
        String proc = Workload.DATABASE + "." + name;
        try (Connection c = db.connection(db.adminUser(), db.adminPassword(), Workload.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE PROCEDURE " + proc + "()\nBEGIN\n" + body + "END");
            long statements0 = sessionStatus(c, counter);
            long gtid0 = binlogSequence(c);
            long t0 = System.nanoTime();
            s.execute("CALL " + proc + "()");
            double seconds = (System.nanoTime() - t0) / 1e9;
            long statements = sessionStatus(c, counter) - statements0;
            long transactions = binlogSequence(c) - gtid0;
            s.execute("DROP PROCEDURE " + proc);
            return new Workload.Written(statements, transactions, seconds);
        }
    }

    private static long sessionStatus(Connection c, String counter) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE '" + counter + "'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /**
     * The sum of the GTID sequence numbers in {@code @@gtid_binlog_pos} (one domain here): each transaction the
     * binlog receives adds one, so the difference around the call counts the writer's transactions.
     */
    private static long binlogSequence(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
            rs.next();
            String pos = rs.getString(1);
            long sum = 0;
            if (pos != null && !pos.isBlank()) {
                for (String gtid : pos.split(",")) {
                    sum += Long.parseLong(gtid.trim().substring(gtid.trim().lastIndexOf('-') + 1));
                }
            }
            return sum;
        }
    }
}
