package io.binlogstream.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * W3's table: 100 columns, about 2 KB a row: {@code id BIGINT} key, {@code version INT} (0 when loaded, +1 per
 * update, so the reader can check each key's updates arrive in order), then 66 {@code VARCHAR(28)} (filled to 28
 * characters), 16 {@code INT}, 8 {@code BIGINT} and 8 {@code DECIMAL(12,2)}. No temporal columns: every value reads
 * back the same through both connectors' schemas.
 */
final class WideTable {
    static final int TEXTS = 66;
    static final int INTS = 16;
    static final int BIGINTS = 8;
    static final int DECIMALS = 8;
    static final String SHAPE = "`id BIGINT` key, `version INT`, 66 `VARCHAR(28)` filled to 28 characters, 16 `INT`, 8 `BIGINT`,"
            + " 8 `DECIMAL(12,2)`: 100 columns, about 2 KB a row";
    /** Rows per INSERT ... SELECT while loading, so the load is a few transactions of bounded size. */
    private static final long LOAD_BATCH = 20_000;

    private WideTable() {
    }

    static String createTable(String table) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + Workload.DATABASE + "." + table
                + " (id BIGINT NOT NULL PRIMARY KEY, version INT NOT NULL");
        forEachColumn((column, type) -> ddl.append(", ").append(column).append(' ').append(type).append(" NOT NULL"));
        return ddl.append(") ENGINE=InnoDB").toString();
    }

    /** {@code INSERT ... SELECT} statements filling ids 1..rows from the sequence engine (run with {@code USE bench}). */
    static List<String> load(String table, long rows) {
        List<String> names = new ArrayList<>(List.of("id", "version"));
        List<String> values = new ArrayList<>(List.of("seq", "0"));
        int[] n = {0};
        forEachColumn((column, type) -> {
            int k = ++n[0];
            names.add(column);
            values.add(type.startsWith("VARCHAR") ? "LEFT(MD5(seq * 100 + " + k + "), 28)"
                    : type.equals("INT") ? "CRC32(seq + " + k + ") >> 1"
                    : type.equals("BIGINT") ? "seq * " + (1_000_003L * k)
                    : "(seq * " + k + ") % 10000000 / 100");
        });
        List<String> sql = new ArrayList<>();
        for (long from = 1; from <= rows; from += LOAD_BATCH) {
            long to = Math.min(rows, from + LOAD_BATCH - 1);
            sql.add("INSERT INTO " + Workload.DATABASE + "." + table + " (" + String.join(", ", names) + ") SELECT "
                    + String.join(", ", values) + " FROM seq_" + from + "_to_" + to);
        }
        return sql;
    }

    /**
     * One single-row UPDATE of row {@code ((u - 1) % rows) + 1} for the procedure's update number {@code u}: the
     * version, four of the texts, two integers, a BIGINT and a DECIMAL change, as in a record whose status, notes
     * and counters move. The binlog still carries the whole row before and after ({@code binlog_row_image=FULL}).
     */
    static String update(String table, long rows) {
        return "UPDATE " + Workload.DATABASE + "." + table + " SET version = version + 1,"
                + " s1 = LEFT(MD5(u), 28), s2 = LEFT(MD5(-u), 28), s17 = LEFT(SHA1(u), 28), s40 = LEFT(MD5(u * 7), 28),"
                + " n1 = n1 + 1, n9 = CRC32(u) >> 1, b1 = u, d1 = (u % 1000000) / 100"
                + " WHERE id = (u - 1) % " + rows + " + 1;\n";
    }

    /** How many updates row {@code id} (1..rows) gets out of {@code updates} made round-robin. */
    static long updatesOf(long id, long rows, long updates) {
        return updates / rows + (id <= updates % rows ? 1 : 0);
    }

    private interface ColumnVisitor {
        void column(String name, String type);
    }

    private static void forEachColumn(ColumnVisitor visitor) {
        for (int i = 1; i <= TEXTS; i++) {
            visitor.column(String.format(Locale.ROOT, "s%d", i), "VARCHAR(28)");
        }
        for (int i = 1; i <= INTS; i++) {
            visitor.column("n" + i, "INT");
        }
        for (int i = 1; i <= BIGINTS; i++) {
            visitor.column("b" + i, "BIGINT");
        }
        for (int i = 1; i <= DECIMALS; i++) {
            visitor.column("d" + i, "DECIMAL(12,2)");
        }
    }
}
