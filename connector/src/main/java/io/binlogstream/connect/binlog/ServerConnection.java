package io.binlogstream.connect.binlog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.config.ServerAddress;

/** Read-only SQL connections to the source server, for preflight checks and reading its GTID position. */
public final class ServerConnection {
    private ServerConnection() {
    }

    public static Connection open(BinlogConnectorConfig config, ServerAddress server) throws SQLException {
        return open(server.host(), server.port(), config.user(), config.password(), config.connectTimeout().toMillis());
    }

    public static Connection open(String host, int port, String user, String password, long timeoutMs) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Long.toString(timeoutMs));
        properties.setProperty("socketTimeout", Long.toString(Math.max(timeoutMs, 30_000)));
        // MySQL 8's caching_sha2_password over plain TCP needs the server's RSA key.
        properties.setProperty("allowPublicKeyRetrieval", "true");
        String address = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        Connection connection = DriverManager.getConnection("jdbc:mariadb://" + address + ":" + port + "/", properties);
        connection.setReadOnly(true);
        return connection;
    }

    /** The first column of the first row, or null when there is no row. */
    public static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
