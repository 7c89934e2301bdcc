package io.binlogstream.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.binlogstream.testkit.MariaDbServer;

/**
 * The table both snapshots read: loaded once per benchmark, then left idle (no writer during any run), so every
 * run of either connector reads the same rows. Several column types, about 150 bytes a row:
 * {@code INT} key, {@code VARCHAR}, {@code DECIMAL}, {@code DATETIME(6)}, a 100-character {@code TEXT},
 * an {@code ENUM} and a nullable {@code INT} (NULL in every fifth row).
 */
final class SnapshotTable {
    static final String TABLE = "snap";
    static final String DDL = "CREATE TABLE " + Workload.DATABASE + "." + TABLE + " (id INT NOT NULL PRIMARY KEY,"
            + " name VARCHAR(64) NOT NULL, amount DECIMAL(12,2) NOT NULL, updated_at DATETIME(6) NOT NULL,"
            + " note TEXT NOT NULL, status ENUM('new','active','suspended','closed') NOT NULL, score INT NULL) ENGINE=InnoDB";
    /** Rows per INSERT ... SELECT, so the load is a few transactions of bounded size, not one huge one. */
    private static final long LOAD_BATCH = 100_000;

    /**
     * Debezium's documented grants for its MariaDB connector's user ("Creating a user", debezium.io, MariaDB
     * connector): SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT (on MariaDB 10.5+ an alias
     * of BINLOG MONITOR). LOCK TABLES is only asked for where a global read lock is not allowed, not here.
     */
    static final String DEBEZIUM_GRANTS = "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT";

    private SnapshotTable() {
    }

    /** Creates and fills the table with ids 1..rows from the sequence engine. */
    static void load(MariaDbServer db, long rows) {
        // USE: the sequence engine's seq_N_to_M tables resolve in the current database.
        List<String> sql = new ArrayList<>(List.of("CREATE DATABASE IF NOT EXISTS " + Workload.DATABASE, "USE " + Workload.DATABASE, DDL));
        for (long from = 1; from <= rows; from += LOAD_BATCH) {
            long to = Math.min(rows, from + LOAD_BATCH - 1);
            sql.add("INSERT INTO " + Workload.DATABASE + "." + TABLE + " (id, name, amount, updated_at, note, status, score)"
                    + " SELECT seq, CONCAT('customer-', seq), (seq * 7919) % 10000000 / 100,"
                    + " TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq * 37 SECOND + INTERVAL seq % 1000000 MICROSECOND,"
                    + " CONCAT(SHA2(seq, 256), LEFT(SHA2(-seq, 256), 36)), 1 + seq % 4, IF(seq % 5 = 0, NULL, CRC32(seq) >> 1)"
                    + " FROM seq_" + from + "_to_" + to);
        }
        db.execute(sql.toArray(String[]::new));
    }

    /** Debezium's user with the grants of {@link #DEBEZIUM_GRANTS}; not written to the binlog. */
    static void createDebeziumUser(MariaDbServer db) {
        db.execute("SET SESSION sql_log_bin = 0",
                "CREATE USER '" + Contender.DEBEZIUM_USER + "'@'%' IDENTIFIED BY '" + Contender.DEBEZIUM_PASSWORD + "'",
                "GRANT " + DEBEZIUM_GRANTS + " ON *.* TO '" + Contender.DEBEZIUM_USER + "'@'%'");
    }

    /** Row count, data and index size of the loaded table, and the binlog's size, for the log and the report. */
    static String describe(MariaDbServer db) {
        // Persistent statistics are updated in the background; right after the load they still say 0.
        db.execute("ANALYZE TABLE " + Workload.DATABASE + "." + TABLE);
        Map<String, Object> t = db.query("SELECT TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH, AVG_ROW_LENGTH FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = '" + Workload.DATABASE + "' AND TABLE_NAME = '" + TABLE + "'").get(0);
        long count = ((Number) db.query("SELECT COUNT(*) AS n FROM " + Workload.DATABASE + "." + TABLE).get(0).get("n")).longValue();
        long binlogBytes = db.query("SHOW BINARY LOGS").stream().mapToLong(r -> ((Number) r.get("File_size")).longValue()).sum();
        return String.format(java.util.Locale.ROOT, "%,d rows; InnoDB data %,d MB, index %,d MB, average row %s bytes; binlog %,d MB",
                count, ((Number) t.get("DATA_LENGTH")).longValue() >> 20, ((Number) t.get("INDEX_LENGTH")).longValue() >> 20,
                t.get("AVG_ROW_LENGTH"), binlogBytes >> 20);
    }
}
