package io.binlogstream.connect.binlog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks run before streaming, so a misconfigured server is refused with the setting and the value it
 * needs instead of failing later on an event the connector cannot decode. Each problem is one sentence a
 * DBA can act on.
 */
public final class ServerPreflight {

    private ServerPreflight() {
    }

    /** Problems with the server's settings; empty when it can be streamed from. */
    public static List<String> settingProblems(ServerInfo server) {
        List<String> problems = new ArrayList<>();
        require(problems, server, "log_bin", "ON", "so the server writes a binary log (start it with --log-bin)");
        require(problems, server, "binlog_format", "ROW", "so the binlog holds row images rather than statements");
        require(problems, server, "binlog_row_image", "FULL", "so updates and deletes carry every column");
        if (server.variable("binlog_row_metadata") == null) {
            problems.add("binlog_row_metadata is not supported by this server (" + server.version()
                    + "); MySQL 8.0.1+ or MariaDB 10.5+ is required, with binlog_row_metadata=FULL");
        } else {
            require(problems, server, "binlog_row_metadata", "FULL",
                    "so TABLE_MAP events carry column names, signedness, charsets and the primary key");
        }
        String valueOptions = server.variable("binlog_row_value_options");
        if (valueOptions != null && valueOptions.toUpperCase(Locale.ROOT).contains("PARTIAL_JSON")) {
            problems.add("binlog_row_value_options is '" + valueOptions + "' but must be '' (empty): PARTIAL_JSON "
                    + "writes JSON updates as diffs that cannot be turned into whole values");
        }
        if (server.mariaDb()) {
            String compress = server.variable("log_bin_compress");
            if (compress != null && !compress.equalsIgnoreCase("OFF")) {
                problems.add("log_bin_compress is " + compress + " but must be OFF: compressed MariaDB row events "
                        + "cannot be decoded");
            }
            require(problems, server, "gtid_strict_mode", "ON",
                    "so sequence numbers only grow within a domain and a GTID position is an exact resume point");
        } else {
            require(problems, server, "gtid_mode", "ON", "so every transaction has a GTID to resume from");
        }
        if (server.replicating()) {
            String variable = server.variable("log_replica_updates") != null ? "log_replica_updates" : "log_slave_updates";
            require(problems, server, variable, "ON", "because this server is a replica: without it, the transactions it "
                    + "replicates are not in its binlog, and neither a connector reading it nor one failing over to it would see them");
        }
        return problems;
    }

    private static void require(List<String> problems, ServerInfo server, String variable, String needed, String why) {
        String actual = server.variable(variable);
        if (actual == null || !actual.equalsIgnoreCase(needed)) {
            problems.add(variable + " is " + (actual == null ? "not set" : "'" + actual + "'") + " but must be "
                    + needed + ", " + why);
        }
    }

    /**
     * Problems with the replica server id the connector would use: the server's own id, or one a registered
     * replica already uses (the server would disconnect one of the two).
     */
    public static List<String> serverIdProblems(Connection connection, ServerInfo server, long serverId) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (server.serverId() == serverId) {
            problems.add("database.server.id " + serverId + " is the server's own server_id; choose another");
            return problems;
        }
        String statement = server.mariaDb() ? "SHOW SLAVE HOSTS" : "SHOW REPLICAS";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(statement)) {
            while (rs.next()) {
                if (rs.getLong(1) == serverId) {
                    problems.add("database.server.id " + serverId + " is already used by the replica at "
                            + rs.getString(2) + ":" + rs.getString(3) + "; the server would disconnect one of the two. "
                            + "Choose another database.server.id");
                }
            }
        } catch (SQLException e) {
            problems.add("cannot list the server's replicas to check database.server.id " + serverId + " is free ("
                    + statement + ": " + e.getMessage() + "); grant the connector's user "
                    + (server.mariaDb() ? "REPLICATION MASTER ADMIN" : "REPLICATION SLAVE"));
        }
        return problems;
    }
}
