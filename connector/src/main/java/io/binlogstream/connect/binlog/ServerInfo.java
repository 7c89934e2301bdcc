package io.binlogstream.connect.binlog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** What the connector needs to know about a server: its family, version and binlog-related settings. */
public record ServerInfo(String version, boolean mariaDb, long serverId, Map<String, String> variables, boolean replicating) {

    private static final String VARIABLES = "'log_bin','binlog_format','binlog_row_image','binlog_row_metadata',"
            + "'binlog_row_value_options','log_bin_compress','gtid_mode','gtid_strict_mode','server_id',"
            + "'enforce_gtid_consistency','log_slave_updates','log_replica_updates'";

    public static ServerInfo read(Connection connection) throws SQLException {
        String version = ServerConnection.queryString(connection, "SELECT VERSION()");
        Map<String, String> variables = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + VARIABLES + ")")) {
            while (rs.next()) {
                variables.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        boolean mariaDb = version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
        long serverId = Long.parseLong(variables.getOrDefault("server_id", "0"));
        return new ServerInfo(version, mariaDb, serverId, Map.copyOf(variables), replicating(connection, mariaDb));
    }

    /**
     * Whether the server applies another server's binlog right now. Read from places that need no extra
     * privilege; when they cannot be read the answer is "no", and the resume check still refuses a server
     * whose binlog lacks delivered transactions.
     */
    private static boolean replicating(Connection connection, boolean mariaDb) {
        String sql = mariaDb ? "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SLAVES_RUNNING'"
                : "SELECT COUNT(*) FROM performance_schema.replication_applier_status WHERE SERVICE_STATE = 'ON'";
        try {
            String value = ServerConnection.queryString(connection, sql);
            return value != null && Long.parseLong(value.trim()) > 0;
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
    }

    public String variable(String name) {
        return variables.get(name);
    }

    /** The server's current GTID position: every transaction it has written to its binlog. */
    public static String currentGtidPosition(Connection connection, boolean mariaDb) throws SQLException {
        String position = ServerConnection.queryString(connection, mariaDb ? "SELECT @@GLOBAL.gtid_binlog_pos" : "SELECT @@GLOBAL.gtid_executed");
        return position == null ? "" : position.trim();
    }
}
