package io.binlogstream.connect.snapshot;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.binlogstream.connect.schema.TableId;

/**
 * The SQL that reads one primary-key chunk of a table: rows after the last key read, in key order, at most a
 * chunk's worth. The key columns come first in the select list, so the next chunk's lower bound is read from the
 * same row whatever the value expressions are.
 *
 * <p>The bound is written in expanded form, {@code k1 > ? OR (k1 = ? AND k2 > ?)}, not as the row comparison
 * {@code (k1, k2) > (?, ?)}: both order composite keys exactly as {@code ORDER BY k1, k2} does, but MariaDB
 * 10.11/11.4 does not turn a row comparison into a range on the index (EXPLAIN shows a full index scan, which makes
 * each chunk cost the rows before it and the whole snapshot quadratic); the expanded form is a union of ranges
 * on the primary key, checked with EXPLAIN and the handler counters by {@code ChunkKeyOrderLiveTest}. Each bound
 * parameter is coercible, so the column's own collation wins.
 *
 * <p>ENUM and SET key columns sort by their index (ENUM) or bitmask (SET), not by their text. For them the
 * key is selected as {@code k+0} and the bound compared with that integer, which the server compares with the
 * column's numeric value, the order of the index.
 *
 * @param keyColumns  the primary key (or chosen unique key) in key order; empty: the table has none and is read
 *                    whole in one transaction ({@link #wholeTable})
 * @param values      the select expressions of the row, one per column, in table order
 * @param ordinalKeys per key column, whether it is an ENUM or SET (bound by its numeric value)
 */
public record ChunkQuery(TableId table, List<String> keyColumns, List<String> values, List<Boolean> ordinalKeys) {

    public ChunkQuery {
        if (ordinalKeys.size() != keyColumns.size()) {
            throw new IllegalArgumentException(ordinalKeys.size() + " ordinal flags for key columns " + keyColumns);
        }
        keyColumns = List.copyOf(keyColumns);
        values = List.copyOf(values);
        ordinalKeys = List.copyOf(ordinalKeys);
    }

    /** A query whose key columns are none of them ENUM or SET. */
    public ChunkQuery(TableId table, List<String> keyColumns, List<String> values) {
        this(table, keyColumns, values, keyColumns.stream().map(k -> false).toList());
    }

    /** A query that selects every column as the driver returns it. */
    public static ChunkQuery plain(TableId table, List<String> keyColumns, List<String> columns) {
        return new ChunkQuery(table, keyColumns, columns.stream().map(ChunkQuery::quote).toList());
    }

    /** Whether this query reads the whole table at once (it has no key to chunk by): no bound, no order, no limit. */
    public boolean wholeTable() {
        return keyColumns.isEmpty();
    }

    /** The first chunk has no lower bound. */
    public String sql(boolean first) {
        List<String> quoted = keyColumns.stream().map(ChunkQuery::quote).toList();
        List<String> selected = new ArrayList<>(quoted.size());
        for (int i = 0; i < quoted.size(); i++) {
            selected.add(ordinalKeys.get(i) ? quoted.get(i) + "+0" : quoted.get(i));
        }
        selected.addAll(values);
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", selected));
        sql.append(" FROM ").append(quote(table.database())).append('.').append(quote(table.table()));
        if (wholeTable()) {
            return sql.toString();
        }
        if (!first) {
            sql.append(" WHERE ").append(after(quoted));
        }
        sql.append(" ORDER BY ").append(String.join(", ", quoted)).append(" LIMIT ?");
        return sql.toString();
    }

    /** {@code k1 > ? OR (k1 = ? AND k2 > ?) OR ...}: one disjunct per key prefix. */
    private static String after(List<String> keys) {
        List<String> terms = new ArrayList<>(keys.size());
        for (int last = 0; last < keys.size(); last++) {
            StringBuilder term = new StringBuilder();
            for (int i = 0; i < last; i++) {
                term.append(keys.get(i)).append(" = ? AND ");
            }
            term.append(keys.get(last)).append(" > ?");
            terms.add(last == 0 ? term.toString() : "(" + term + ")");
        }
        return terms.stream().collect(Collectors.joining(" OR ", "(", ")"));
    }

    /**
     * Binds the lower bound {@code afterKey} (in the parameter order of {@link #sql}) and the chunk size.
     */
    void bind(PreparedStatement statement, List<Object> afterKey, int size) throws SQLException {
        int index = 1;
        if (afterKey != null) {
            if (afterKey.size() != keyColumns.size()) {
                throw new IllegalArgumentException("Key " + afterKey + " does not match the key columns " + keyColumns);
            }
            for (int last = 0; last < afterKey.size(); last++) {
                KeyValues.bind(statement, index, afterKey.subList(0, last + 1));
                index += last + 1;
            }
        }
        if (!wholeTable()) {
            statement.setInt(index, size);
        }
    }

    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
