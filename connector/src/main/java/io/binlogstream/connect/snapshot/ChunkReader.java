package io.binlogstream.connect.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one primary-key chunk of a table in its own short consistent-snapshot transaction on MariaDB, together
 * with the exact binlog position that transaction's read view contains.
 *
 * <p>Why each step: {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} creates the InnoDB read view at once and,
 * on MariaDB, records the binlog position of the same instant (binlog commit and read-view creation are ordered
 * under one lock), readable as {@code Binlog_snapshot_file/position}; {@code BINLOG_GTID_POS()} turns it into the
 * GTID position the stream compares with. {@code @@gtid_binlog_pos} would be wrong: it moves when a transaction is
 * written to the binlog, before the engine commits it, so it can name a transaction the chunk cannot see.
 * REPEATABLE READ is set because under READ COMMITTED every statement gets a new read view and the chunk would no
 * longer match the position. The transaction is READ ONLY and commits right after the chunk: an open transaction
 * holds the table's metadata lock, which an ALTER TABLE waits for and every later write queues behind.
 *
 * <p>Needs no RELOAD privilege and takes no global lock; the connector's user (SELECT, REPLICATION SLAVE, BINLOG
 * MONITOR, REPLICATION MASTER ADMIN) is enough.
 */
public final class ChunkReader {

    /** Turns the current row of a chunk's result set into a row; value columns start at {@code firstValue}. */
    @FunctionalInterface
    public interface RowDecoder<R> {
        R decode(ResultSet rs, int firstValue) throws SQLException;
    }

    /**
     * Run inside the chunk's transaction right after its SELECT, while the chunk holds the table's metadata lock, so no
     * ALTER TABLE can complete between the SELECT and this check.
     */
    @FunctionalInterface
    public interface DefinitionCheck {
        /** Whether the table still has the definition the chunk's query was built for. */
        boolean unchanged(Connection connection) throws SQLException;
    }

    private final Connection connection;

    /** @param connection a connection of its own (ServerConnection.open), used by one thread at a time */
    public ChunkReader(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    }

    /**
     * Reads up to {@code size} rows after {@code afterKey} (null: from the table's start) and commits.
     */
    public <R> Chunk<R> read(ChunkQuery query, List<Object> afterKey, int size, RowDecoder<R> decoder) throws SQLException {
        return read(query, afterKey, size, decoder, connection -> true);
    }

    /**
     * Reads up to {@code size} rows after {@code afterKey} (null: from the table's start) and commits; null when
     * {@code check} finds that the table's definition is no longer the one the query was built for (an ALTER TABLE
     * completed before the SELECT): its rows would lack or misplace columns.
     */
    public <R> Chunk<R> read(ChunkQuery query, List<Object> afterKey, int size, RowDecoder<R> decoder, DefinitionCheck check)
            throws SQLException {
        if (size < 1) {
            throw new IllegalArgumentException("Chunk size must be positive, got " + size);
        }
        boolean committed = false;
        try (Statement statement = connection.createStatement()) {
            statement.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            ChunkPosition position = position(statement);
            int keyCount = query.keyColumns().size();
            List<List<Object>> keys = new ArrayList<>();
            List<R> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(query.sql(afterKey == null))) {
                query.bind(select, afterKey, size);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        keys.add(KeyValues.read(rs, keyCount));
                        rows.add(decoder.decode(rs, keyCount + 1));
                    }
                }
            }
            boolean unchanged = check.unchanged(connection);
            statement.execute("COMMIT");
            committed = true;
            if (!unchanged) {
                return null;
            }
            List<Object> lastKey = keys.isEmpty() ? null : keys.get(keys.size() - 1);
            // A whole-table read (no key) is its table's only chunk, however many rows it returned.
            return new Chunk<>(position, keys, rows, query.wholeTable() ? null : lastKey, query.wholeTable() || rows.size() < size);
        } finally {
            if (!committed) {
                rollbackQuietly();
            }
        }
    }

    private static ChunkPosition position(Statement statement) throws SQLException {
        String file = null;
        long offset = -1;
        try (ResultSet rs = statement.executeQuery("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'")) {
            while (rs.next()) {
                switch (rs.getString(1).toLowerCase(java.util.Locale.ROOT)) {
                    case "binlog_snapshot_file" -> file = rs.getString(2);
                    case "binlog_snapshot_position" -> offset = Long.parseLong(rs.getString(2));
                    default -> { }
                }
            }
        }
        if (file == null || file.isEmpty() || offset < 0) {
            throw new SQLException("The server reports no Binlog_snapshot_file/position (" + file + ", " + offset
                    + "); exact chunk positions need MariaDB with log_bin=ON");
        }
        String gtids;
        try (PreparedStatement gtid = statement.getConnection().prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
            gtid.setString(1, file);
            gtid.setLong(2, offset);
            try (ResultSet rs = gtid.executeQuery()) {
                gtids = rs.next() ? rs.getString(1) : null;
            }
        }
        if (gtids == null) {
            throw new SQLException("BINLOG_GTID_POS('" + file + "', " + offset + ") returned NULL (binlog file purged?)");
        }
        return new ChunkPosition(file, offset, gtids);
    }

    private void rollbackQuietly() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // The original failure is the one to report; a broken connection is closed by its owner.
        }
    }
}
