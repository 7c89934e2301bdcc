package io.binlogstream.connect.tls;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLException;

import io.binlogstream.connect.config.BinlogConnectorConfig;

/**
 * What went wrong with TLS when a connection failed, in words a user can act on, and the config keys to change.
 * Used by {@code validate()} (each message on its keys), by the connector and task starts, and by the binlog
 * reader, so the same failure reads the same everywhere.
 */
public record TlsFailure(List<String> keys, String message) {

    // What the MariaDB JDBC driver and the binlog library say when the server offers no TLS.
    private static final List<String> NO_TLS_ON_SERVER = List.of("ssl not enabled in the server", "does not support ssl");
    // TLS alerts a server sends when it does not accept the client certificate it asked for.
    private static final List<String> CLIENT_CERTIFICATE_ALERTS =
            List.of("unknown_ca", "bad_certificate", "certificate_unknown", "certificate_required", "unsupported_certificate");

    /** The TLS problem behind {@code error}, if it is one; {@code server} is {@code host:port} for the message. */
    public static Optional<TlsFailure> of(Throwable error, TlsSettings settings, String server) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServerCertificateException refused) {
                List<String> keys = refused.problem() == ServerCertificateException.Problem.UNTRUSTED
                        ? List.of(BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG)
                        : List.of(BinlogConnectorConfig.HOSTNAME_CONFIG, BinlogConnectorConfig.SSL_MODE_CONFIG);
                return Optional.of(new TlsFailure(keys, "TLS to " + server + " refused: " + refused.getMessage()));
            }
        }
        String text = messages(error).toLowerCase(Locale.ROOT);
        if (settings.mode().encrypts() && NO_TLS_ON_SERVER.stream().anyMatch(text::contains)) {
            return Optional.of(new TlsFailure(List.of(BinlogConnectorConfig.SSL_MODE_CONFIG), "The server at " + server
                    + " does not offer TLS (its have_ssl is not YES: it needs ssl_cert and ssl_key, and no skip_ssl), but "
                    + BinlogConnectorConfig.SSL_MODE_CONFIG + " is " + settings.mode().configValue()
                    + ". Enable TLS on the server, or set " + BinlogConnectorConfig.SSL_MODE_CONFIG + "=disabled"));
        }
        SSLException tls = find(error, SSLException.class);
        if (tls == null) {
            if (settings.mode().encrypts() && settings.hasClientCertificate() && droppedByServer(error)) {
                // With TLS 1.3 the server checks the client certificate after the client finished its handshake;
                // some servers (MariaDB with WolfSSL) then just close the connection, without an alert to read.
                return Optional.of(new TlsFailure(List.of(BinlogConnectorConfig.SSL_KEYSTORE_CONFIG), "The server at " + server
                        + " closed the connection during the TLS login (" + find(error, java.net.SocketException.class, java.io.EOFException.class)
                        + "), as it does when it does not accept the client certificate in " + BinlogConnectorConfig.SSL_KEYSTORE_CONFIG
                        + " '" + settings.keyStore() + "': it must be signed by a CA in the server's ssl_ca"));
            }
            return Optional.empty();
        }
        if (CLIENT_CERTIFICATE_ALERTS.stream().anyMatch(text::contains)) {
            String message = settings.hasClientCertificate()
                    ? "The server at " + server + " did not accept the client certificate in " + BinlogConnectorConfig.SSL_KEYSTORE_CONFIG
                    + " '" + settings.keyStore() + "' (" + tls.getMessage() + "): it must be signed by a CA in the server's ssl_ca"
                    : "The server at " + server + " asks for a client certificate (" + tls.getMessage() + "): set "
                    + BinlogConnectorConfig.SSL_KEYSTORE_CONFIG;
            return Optional.of(new TlsFailure(List.of(BinlogConnectorConfig.SSL_KEYSTORE_CONFIG), message));
        }
        return Optional.of(new TlsFailure(List.of(BinlogConnectorConfig.SSL_MODE_CONFIG), "TLS with " + server + " failed ("
                + BinlogConnectorConfig.SSL_MODE_CONFIG + "=" + settings.mode().configValue() + "): " + tls.getMessage()));
    }

    /**
     * A refused login is all a server says when a user created {@code REQUIRE X509} (or ISSUER, SUBJECT) comes
     * without a client certificate, exactly as for a wrong password. Over TLS without a key store this names the
     * other possible cause on {@code database.ssl.keystore}; empty otherwise.
     */
    public static Optional<TlsFailure> loginRefused(TlsSettings settings, String user, String server) {
        if (!settings.mode().encrypts() || settings.hasClientCertificate()) {
            return Optional.empty();
        }
        return Optional.of(new TlsFailure(List.of(BinlogConnectorConfig.SSL_KEYSTORE_CONFIG), "The server at " + server
                + " refused the login of '" + user + "'. Besides a wrong user or password, that is its answer when the user "
                + "is created REQUIRE X509 (or ISSUER, SUBJECT) and the connector presents no client certificate: then set "
                + BinlogConnectorConfig.SSL_KEYSTORE_CONFIG + " (the server does not say which)"));
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** The connection was open and the server dropped it: a reset or a broken pipe, not a refused or timed-out connect. */
    private static boolean droppedByServer(Throwable error) {
        if (find(error, java.net.ConnectException.class) != null || find(error, java.net.SocketTimeoutException.class) != null) {
            return false;
        }
        Throwable dropped = find(error, java.net.SocketException.class, java.io.EOFException.class);
        if (dropped instanceof java.io.EOFException) {
            return true;
        }
        String message = dropped == null || dropped.getMessage() == null ? "" : dropped.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("broken pipe") || message.contains("connection reset");
    }

    private static Throwable find(Throwable error, Class<?>... types) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> type : types) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
