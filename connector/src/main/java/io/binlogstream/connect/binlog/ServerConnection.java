package io.binlogstream.connect.binlog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.config.ServerAddress;
import io.binlogstream.connect.tls.MariaDbDriverTls;
import io.binlogstream.connect.tls.TlsContext;
import io.binlogstream.connect.tls.TlsFailure;

/** Read-only SQL connections to the source server, for preflight checks and reading its GTID position. */
public final class ServerConnection {
    private ServerConnection() {
    }

    public static Connection open(BinlogConnectorConfig config, ServerAddress server) throws SQLException {
        return open(server.host(), server.port(), config.user(), config.password(), config.connectTimeout().toMillis(), config.tls());
    }

    public static Connection open(String host, int port, String user, String password, long timeoutMs) throws SQLException {
        return open(host, port, user, password, timeoutMs, TlsContext.DISABLED);
    }

    /** A connection over TLS as {@code tls} says (plain with {@link TlsContext#DISABLED}). */
    public static Connection open(String host, int port, String user, String password, long timeoutMs, TlsContext tls)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Long.toString(timeoutMs));
        properties.setProperty("socketTimeout", Long.toString(Math.max(timeoutMs, 30_000)));
        // MySQL 8's caching_sha2_password over plain TCP needs the server's RSA key.
        properties.setProperty("allowPublicKeyRetrieval", "true");
        String address = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        Connection connection;
        try (MariaDbDriverTls.Registration registration = MariaDbDriverTls.configure(properties, tls, host)) {
            connection = DriverManager.getConnection("jdbc:mariadb://" + address + ":" + port + "/", properties);
        }
        connection.setReadOnly(true);
        return connection;
    }

    /**
     * Why opening a connection failed: the TLS problem in plain words if it was one, else the driver's message
     * (for a refused login over TLS without a client certificate, with the other cause the server does not tell).
     */
    public static String failureMessage(BinlogConnectorConfig config, ServerAddress server, SQLException e) {
        Optional<TlsFailure> tls = TlsFailure.of(e, config.tlsSettings(), server.toString());
        if (tls.isPresent()) {
            return tls.get().message();
        }
        if (e.getErrorCode() == 1045) {
            return e.getMessage() + TlsFailure.loginRefused(config.tlsSettings(), config.user(), server.toString())
                    .map(hint -> ". " + hint.message()).orElse("");
        }
        return e.getMessage();
    }

    /** The first column of the first row, or null when there is no row. */
    public static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
