package io.binlogstream.connect.tls;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.SSLMode;

import io.binlogstream.connect.config.BinlogConnectorConfig;

/**
 * The one {@link SSLContext} built from the {@code database.ssl.*} settings, used by both connections the
 * connector makes: the SQL connection (through {@link MariaDbDriverTls}) and the binlog stream
 * ({@link #applyTo(BinaryLogClient, String)}). Both wrap their plain socket with {@link #wrap}, so both check the
 * server's certificate the same way ({@link ServerCertificateCheck}) and present the same client certificate.
 */
public final class TlsContext {
    /** Plain TCP. */
    public static final TlsContext DISABLED = new TlsContext(TlsSettings.DISABLED, null, null, null);

    private final TlsSettings settings;
    private final SSLContext sslContext;
    private final ServerCertificateCheck trust;
    private final KeyManager[] keys;

    private TlsContext(TlsSettings settings, SSLContext sslContext, ServerCertificateCheck trust, KeyManager[] keys) {
        this.settings = settings;
        this.sslContext = sslContext;
        this.trust = trust;
        this.keys = keys;
    }

    /** Reads the stores the settings name; a problem names the key to change. */
    public static TlsContext load(TlsSettings settings) throws TlsSetupException {
        if (!settings.mode().encrypts()) {
            return new TlsContext(settings, null, null, null);
        }
        ServerCertificateCheck trust = ServerCertificateCheck.forSettings(settings);
        KeyManager[] keys = settings.hasClientCertificate() ? clientKeys(settings) : null;
        try {
            // "TLS": the JDK's newest protocols (1.3 and 1.2); MariaDB 10.4+ speaks both.
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return new TlsContext(settings, context, trust, keys);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(BinlogConnectorConfig.SSL_MODE_CONFIG, "Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] clientKeys(TlsSettings settings) throws TlsSetupException {
        KeyStore store = StoreFiles.keyStore(settings.keyStore(), settings.keyStorePassword());
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            // The key's own password is the store's, as keytool and openssl pkcs12 make them by default.
            factory.init(store, settings.keyStorePassword().value().toCharArray());
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new TlsSetupException(BinlogConnectorConfig.SSL_KEYSTORE_PASSWORD_CONFIG, BinlogConnectorConfig.SSL_KEYSTORE_PASSWORD_CONFIG
                    + " does not unlock the private key in " + BinlogConnectorConfig.SSL_KEYSTORE_CONFIG + " '" + settings.keyStore()
                    + "' (the key must have the store's password)", e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(BinlogConnectorConfig.SSL_KEYSTORE_CONFIG, "Cannot use " + BinlogConnectorConfig.SSL_KEYSTORE_CONFIG
                    + " '" + settings.keyStore() + "': " + e.getMessage(), e);
        }
    }

    public SslMode mode() {
        return settings.mode();
    }

    public TlsSettings settings() {
        return settings;
    }

    public boolean encrypts() {
        return sslContext != null;
    }

    /**
     * Starts TLS on a connected socket to the server known as {@code host} (as configured, not as resolved):
     * under verify_identity the JDK checks during the handshake that the certificate names that host. The caller
     * runs the handshake.
     */
    public SSLSocket wrap(Socket plain, String host) throws IOException {
        if (sslContext == null) {
            throw new IllegalStateException("TLS is disabled");
        }
        SSLSocket socket = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
        if (settings.mode() == SslMode.VERIFY_IDENTITY) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        }
        return socket;
    }

    TrustManager[] trustManagers() {
        return new TrustManager[] {trust};
    }

    /** Null without a client certificate. */
    KeyManager[] keyManagers() {
        return keys;
    }

    /**
     * Sets up the binlog client for this context. The library is told {@code REQUIRED} whatever the mode, so it
     * insists on TLS and leaves every check to this context: its own verify_identity would compare the
     * certificate with the reverse-DNS name of the server's address, not with the configured host name.
     */
    public void applyTo(BinaryLogClient client, String host) {
        if (sslContext == null) {
            client.setSSLMode(SSLMode.DISABLED);
            return;
        }
        client.setSSLMode(SSLMode.REQUIRED);
        client.setSslSocketFactory(plain -> {
            try {
                return wrap(plain, host);
            } catch (SocketException e) {
                throw e;
            } catch (IOException e) {
                SocketException wrapped = new SocketException("Cannot start TLS with " + host + ": " + e.getMessage());
                wrapped.initCause(e);
                throw wrapped;
            }
        });
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
