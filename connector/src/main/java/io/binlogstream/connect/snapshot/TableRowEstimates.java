package io.binlogstream.connect.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.binlogstream.connect.schema.TableId;

/**
 * How many rows each table holds, as {@code information_schema.TABLES.TABLE_ROWS} says, for the snapshot's progress
 * figures only. For InnoDB that number is an estimate from the engine's statistics (sampled, refreshed in the
 * background after about a tenth of the table changed), so it can be off by tens of percent and lag a bulk load;
 * MyISAM and Aria keep an exact count. Nothing but the estimated time left depends on it.
 */
public final class TableRowEstimates {
    private static final Logger LOG = LoggerFactory.getLogger(TableRowEstimates.class);

    private TableRowEstimates() {
    }

    /**
     * The estimate of each table that has one; a table without (TABLE_ROWS null) is left out. A failing query is
     * logged and gives no estimates: progress figures must never stop a snapshot.
     */
    public static Map<TableId, Long> read(Connection connection, List<TableId> tables) {
        Map<TableId, Long> estimates = new HashMap<>();
        if (tables.isEmpty()) {
            return estimates;
        }
        Set<String> databases = new LinkedHashSet<>();
        tables.forEach(t -> databases.add(t.database()));
        String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
                + " AND TABLE_SCHEMA IN (" + String.join(", ", java.util.Collections.nCopies(databases.size(), "?")) + ")";
        Set<TableId> wanted = Set.copyOf(tables);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            for (String database : databases) {
                statement.setString(i++, database);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    TableId table = new TableId(rs.getString(1), rs.getString(2));
                    long rows = rs.getLong(3);
                    if (!rs.wasNull() && wanted.contains(table)) {
                        estimates.put(table, rows);
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warn("Cannot read the tables' row estimates (information_schema.TABLES); the snapshot's time left stays unknown: {}",
                    e.getMessage());
        }
        return estimates;
    }
}
