package io.binlogstream.benchmarks;

/**
 * W1's row, also used by W2, W4, W5 and W6 so their figures compare with W1's: {@code id BIGINT} key, {@code INT},
 * a 120- and a 60-character {@code VARCHAR}, {@code TIMESTAMP(6)}; about 200 bytes. Text columns come from SHA-2
 * of the id so rows differ.
 */
final class NarrowRow {
    static final String COLUMNS = "(id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL, c VARCHAR(120) NOT NULL, pad VARCHAR(60) NOT NULL,"
            + " created TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))";
    static final String SHAPE = "`id BIGINT` key, `INT`, `VARCHAR(120)`, `VARCHAR(60)`, `TIMESTAMP(6)`: about 200 bytes a row";

    private NarrowRow() {
    }

    static String createTable(String table) {
        return "CREATE TABLE " + Workload.DATABASE + "." + table + " " + COLUMNS + " ENGINE=InnoDB";
    }

    /** One single-row INSERT of the row with id {@code idExpression} (an expression of the procedure's loop). */
    static String insert(String table, String idExpression) {
        String i = idExpression;
        return "INSERT INTO " + Workload.DATABASE + "." + table + " (id, k, c, pad) VALUES (" + i + ", CRC32(" + i + ") >> 1,"
                + " LEFT(SHA2(" + i + ", 512), 120), LEFT(SHA2(-" + i + ", 256), 60));\n";
    }
}
