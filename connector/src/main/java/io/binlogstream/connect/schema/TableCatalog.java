package io.binlogstream.connect.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.binlogstream.connect.binlog.ConnectionLoss;

/**
 * Read-only lookups in information_schema for what TABLE_MAP cannot tell (MariaDB's UUID, INET4, INET6 and JSON
 * columns, unique keys). Called by the reader thread once per new schema version of a table, so each lookup is
 * three short autocommit queries: no transaction stays open, so no metadata lock is held that an ALTER TABLE
 * would wait for, and a query waits at most {@link #QUERY_TIMEOUT_SECONDS} behind one. A failed lookup is an
 * error naming the table, never a silently different schema.
 */
public final class TableCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableCatalog.class);
    static final int QUERY_TIMEOUT_SECONDS = 30;
    /** MariaDB's JSON alias adds CHECK (json_valid(`column`)); the check is named after the column. */
    private static final Pattern JSON_CHECK = Pattern.compile("^\\s*json_valid\\(`((?:[^`]|``)+)`\\)\\s*$", Pattern.CASE_INSENSITIVE);

    /** Opens a connection to the server the binlog is read from (it may change after a failover). */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource source;
    private Connection connection;
    private final Map<TableId, CatalogTable> cache = new HashMap<>();

    public TableCatalog(ConnectionSource source) {
        this.source = source;
    }

    /** The catalog of a table read now, replacing the cached one (called when its binlog schema changed). */
    public synchronized CatalogTable refresh(TableId table) {
        long started = System.nanoTime();
        try {
            CatalogTable loaded = load(connection(), table);
            cache.put(table, loaded);
            LOG.debug("Catalog of {} read in {} ms: {}", table, (System.nanoTime() - started) / 1_000_000, loaded);
            return loaded;
        } catch (SQLException e) {
            closeQuietly();
            // A lost connection is the server's state, not the user's privileges.
            throw new CatalogException("Cannot read the information_schema catalog of " + table + " (needed for its UUID, "
                    + "INET4, INET6 and JSON columns and unique keys" + (ConnectionLoss.causes(e) ? "" : "; the connector's user "
                    + "needs SELECT on the table") + "): " + e.getMessage(), e);
        }
    }

    /** The catalog last read for a table, or null. */
    public synchronized CatalogTable cached(TableId table) {
        return cache.get(table);
    }

    private Connection connection() throws SQLException {
        if (connection == null || !connection.isValid(5)) {
            closeQuietly();
            connection = source.open();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    public static CatalogTable load(Connection connection, TableId table) throws SQLException {
        Map<String, String> dataTypes = new LinkedHashMap<>();
        try (PreparedStatement s = prepare(connection, "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", table);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                dataTypes.put(CatalogTable.normalized(rs.getString(1)), rs.getString(2));
            }
        }
        Set<String> json = new HashSet<>();
        try (PreparedStatement s = prepare(connection, "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?", table);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Matcher m = JSON_CHECK.matcher(rs.getString(1));
                if (m.matches()) {
                    json.add(CatalogTable.normalized(m.group(1).replace("``", "`")));
                }
            }
        }
        // The server lists a table's indexes in its own order (the primary key first, then as created).
        Map<String, List<String>> unique = new LinkedHashMap<>();
        try (PreparedStatement s = prepare(connection, "SELECT INDEX_NAME, COLUMN_NAME, SEQ_IN_INDEX FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0", table);
             ResultSet rs = s.executeQuery()) {
            Map<String, Map<Integer, String>> byIndex = new LinkedHashMap<>();
            while (rs.next()) {
                byIndex.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>()).put(rs.getInt(3), rs.getString(2));
            }
            byIndex.forEach((name, columns) -> unique.put(name, List.copyOf(columns.values())));
        }
        return new CatalogTable(dataTypes, json, new ArrayList<>(unique.values()));
    }

    private static PreparedStatement prepare(Connection connection, String sql, TableId table) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        statement.setString(1, table.database());
        statement.setString(2, table.table());
        return statement;
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the catalog connection", e);
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    /** A catalog lookup failed; the message names the table. */
    public static final class CatalogException extends RuntimeException {
        public CatalogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
