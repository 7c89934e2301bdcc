package io.binlogstream.connect.snapshot;

import java.util.List;
import java.util.stream.Collectors;

import io.binlogstream.connect.schema.TableId;

/**
 * The SQL that reads one primary-key chunk of a table: rows after the last key read, in key order, at most a
 * chunk's worth. The key columns come first in the select list, so the next chunk's lower bound is read from the
 * same row whatever the value expressions are.
 *
 * <p>The bound is a row-value comparison, {@code (k1, k2) > (?, ?)}, which orders composite keys
 * lexicographically exactly as {@code ORDER BY k1, k2} does, with each column compared in its own collation (a
 * bound parameter is coercible, so the column's collation wins). Correct for any key; whether the optimizer
 * turns it into a range scan on every server version is still to be checked with EXPLAIN (see SNAPSHOT-WIP.md).
 *
 * @param keyColumns the primary key (or chosen unique key) in key order
 * @param values     the select expressions of the row, one per column, in table order
 */
public record ChunkQuery(TableId table, List<String> keyColumns, List<String> values) {

    public ChunkQuery {
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("Table " + table + " has no key to chunk by");
        }
        keyColumns = List.copyOf(keyColumns);
        values = List.copyOf(values);
    }

    /** A query that selects every column as the driver returns it. */
    public static ChunkQuery plain(TableId table, List<String> keyColumns, List<String> columns) {
        return new ChunkQuery(table, keyColumns, columns.stream().map(ChunkQuery::quote).toList());
    }

    /** The first chunk has no lower bound. */
    public String sql(boolean first) {
        String keys = keyColumns.stream().map(ChunkQuery::quote).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ").append(keys);
        for (String value : values) {
            sql.append(", ").append(value);
        }
        sql.append(" FROM ").append(quote(table.database())).append('.').append(quote(table.table()));
        if (!first) {
            sql.append(" WHERE (").append(keys).append(") > (")
                    .append(keyColumns.stream().map(k -> "?").collect(Collectors.joining(", "))).append(')');
        }
        sql.append(" ORDER BY ").append(keys).append(" LIMIT ?");
        return sql.toString();
    }

    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
