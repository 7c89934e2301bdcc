package io.binlogstream.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import io.binlogstream.testkit.MariaDbServer;

/**
 * W7's writer: rows at a steady rate, as small multi-row {@code INSERT}s in autocommit about every millisecond, each
 * row's {@code committed_us} set by the server in the same statement ({@code UNIX_TIMESTAMP(NOW(6))}, the statement's
 * start; its commit follows within the statement's own run time, well under a millisecond for a batch this small).
 *
 * <p>Paced by the clock, not by the statement count: at each tick it writes every row that is due by then, so a slow
 * statement is made up by a larger next batch (at most {@link #CATCH_UP_TICKS} ticks' worth) instead of lowering the
 * rate. Ids run 1..n.
 */
final class PacedWriter {
    /** One batch per tick: 1 row at 1k/s, 10 at 10k/s, 50 at 50k/s. */
    static final Duration TICK = Duration.ofMillis(1);
    /** A writer that fell behind catches up by at most this many ticks' rows per statement. */
    private static final int CATCH_UP_TICKS = 10;
    /** About 100 bytes of text per row, so a row is near W1's size without the server computing it. */
    private static final String TEXT = "latency-benchmark-row-".repeat(5).substring(0, 100);

    /**
     * What was written.
     *
     * @param rows            all rows, ids 1..rows
     * @param firstMeasuredId the first row written after the warm-up seconds (rows before it are not measured)
     * @param measuredRate    rows per second from that row to the last
     * @param statements      INSERT statements sent
     * @param maxBehindMs     the most the writer was behind its schedule after a statement, in ms of rows
     * @param startMs         epoch ms of the first statement
     * @param endMs           epoch ms after the last statement
     */
    record Written(long rows, long firstMeasuredId, double measuredRate, long statements, double maxBehindMs, long startMs,
                   long endMs) {
    }

    private PacedWriter() {
    }

    static String createTable(MariaDbServer db, String table) {
        String ddl = "CREATE TABLE " + Workload.DATABASE + "." + table + " (id BIGINT NOT NULL PRIMARY KEY,"
                + " committed_us BIGINT NOT NULL, c VARCHAR(120) NOT NULL) ENGINE=InnoDB";
        db.execute("CREATE DATABASE IF NOT EXISTS " + Workload.DATABASE, ddl);
        return ddl;
    }

    /**
     * Writes {@code rate} rows a second for {@code warmUp + measured}; the rows of the first {@code warmUp} are not
     * measured. {@code atMeasuredStart} runs once, on this thread, just before the first measured statement.
     */
    static Written write(MariaDbServer db, String table, int rate, Duration warmUp, Duration measured, Runnable atMeasuredStart)
            throws SQLException {
        long tick = TICK.toNanos();
        int maxBatch = Math.max(1, (int) (rate * TICK.toNanos() * CATCH_UP_TICKS / 1_000_000_000L));
        String prefix = "INSERT INTO " + Workload.DATABASE + "." + table + " (id, committed_us, c) VALUES ";
        StringBuilder sql = new StringBuilder(prefix.length() + maxBatch * 160);
        try (Connection c = db.connection(db.adminUser(), db.adminPassword(), Workload.DATABASE); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            long written = 0, statements = 0, firstMeasured = 0, measuredStartNs = 0;
            double maxBehindRows = 0;
            long startMs = System.currentTimeMillis();
            long start = System.nanoTime();
            long warmUpEnd = start + warmUp.toNanos();
            long end = warmUpEnd + measured.toNanos();
            long nextTick = start;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (now < nextTick) {
                    LockSupport.parkNanos(nextTick - now);
                    continue;
                }
                nextTick = now + tick;
                if (firstMeasured == 0 && now >= warmUpEnd) {
                    atMeasuredStart.run();
                    firstMeasured = written + 1;
                    measuredStartNs = now;
                }
                long due = (now - start) * rate / 1_000_000_000L;
                long n = Math.min(due - written, maxBatch);
                if (n <= 0) {
                    continue;
                }
                sql.setLength(0);
                sql.append(prefix);
                for (long id = written + 1; id <= written + n; id++) {
                    if (id > written + 1) {
                        sql.append(',');
                    }
                    // The server's clock, evaluated once per statement: the same clock the broker's append time uses.
                    sql.append('(').append(id).append(",UNIX_TIMESTAMP(NOW(6))*1000000,'").append(TEXT).append("')");
                }
                s.execute(sql.toString());
                statements++;
                written += n;
                maxBehindRows = Math.max(maxBehindRows, (System.nanoTime() - start) * (double) rate / 1e9 - written);
            }
            long endNs = System.nanoTime();
            long measuredRows = firstMeasured == 0 ? 0 : written - firstMeasured + 1;
            double measuredRate = measuredRows == 0 ? Double.NaN : measuredRows / ((endNs - measuredStartNs) / 1e9);
            return new Written(written, firstMeasured == 0 ? written + 1 : firstMeasured, measuredRate, statements,
                    maxBehindRows * 1000.0 / rate, startMs, System.currentTimeMillis());
        }
    }
}
