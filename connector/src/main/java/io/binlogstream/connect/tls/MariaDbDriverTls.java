package io.binlogstream.connect.tls;

import java.io.IOException;
import java.net.Socket;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.ExceptionFactory;
import org.mariadb.jdbc.plugin.TlsSocketPlugin;

/**
 * Puts the MariaDB JDBC driver's TLS in the hands of a {@link TlsContext}, so the SQL connection checks the server
 * exactly as the binlog stream does. The driver's own TLS would not: with a trust store, it accepts a certificate
 * no trusted CA signed when the server later proves it knows the password hash (MariaDB 11.4's "zero
 * configuration" TLS), which the binlog stream cannot do.
 *
 * <p>The driver finds this plugin with {@link java.util.ServiceLoader} (META-INF/services) when a connection's
 * {@code tlsSocketType} is {@value #TYPE}. It makes a new instance for each connection and hands it no object, only
 * the connection's properties; so {@link #configure} parks the context under a random token that the properties
 * carry, for as long as the connection is being opened.
 */
public final class MariaDbDriverTls implements TlsSocketPlugin {
    static final String TYPE = "binlogstream";
    /** A property the driver does not know; it keeps it among the configuration's non-mapped options. */
    static final String TOKEN_PROPERTY = "binlogstreamTlsToken";

    private record Pending(TlsContext context, String host) {
    }

    private static final Map<String, Pending> PENDING = new ConcurrentHashMap<>();

    /** Set by {@link #getTrustManager}, which the driver calls first, for {@link #createSocket}. */
    private Pending pending;

    /** Removes the parked context once the connection is open (or failed to open). */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Adds to a connection's driver properties what makes it use {@code tls} for the server known as {@code host};
     * close the result once {@code DriverManager.getConnection} returned.
     */
    public static Registration configure(Properties properties, TlsContext tls, String host) {
        properties.setProperty("sslMode", driverSslMode(tls.mode()));
        if (!tls.encrypts()) {
            return () -> { };
        }
        String token = UUID.randomUUID().toString();
        PENDING.put(token, new Pending(tls, host));
        properties.setProperty("tlsSocketType", TYPE);
        properties.setProperty(TOKEN_PROPERTY, token);
        return () -> PENDING.remove(token);
    }

    /** The driver's mode of the same meaning; with this plugin the checks themselves are the context's. */
    private static String driverSslMode(SslMode mode) {
        return switch (mode) {
            case DISABLED -> "disable";
            case REQUIRED -> "trust";
            case VERIFY_CA -> "verify-ca";
            case VERIFY_IDENTITY -> "verify-full";
        };
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TrustManager[] getTrustManager(Configuration conf, ExceptionFactory exceptionFactory, HostAddress hostAddress)
            throws SQLException {
        String token = conf.nonMappedOptions().getProperty(TOKEN_PROPERTY);
        Pending found = token == null ? null : PENDING.get(token);
        if (found == null) {
            throw new SQLException("tlsSocketType=" + TYPE + " is only for connections opened by binlogstream's ServerConnection", "08000");
        }
        pending = found;
        return found.context().trustManagers();
    }

    @Override
    public KeyManager[] getKeyManager(Configuration conf, ExceptionFactory exceptionFactory) {
        return pending == null ? null : pending.context().keyManagers();
    }

    /** Ignores the driver's factory (built from the same managers) so the socket comes from the one shared context. */
    @Override
    public SSLSocket createSocket(Socket socket, SSLSocketFactory factory) throws IOException {
        if (pending == null) {
            throw new IOException("the MariaDB driver asked for a TLS socket before its trust managers");
        }
        return pending.context().wrap(socket, pending.host());
    }

    /**
     * Nothing left to check: under verify_identity the host name was checked during the handshake, on the socket
     * {@link #createSocket} made, against the configured host name.
     */
    @Override
    public void verify(String host, SSLSession session, long serverThreadId) {
    }
}
