package io.binlogstream.connect.tls;

import java.util.Objects;

import org.apache.kafka.common.config.types.Password;

/**
 * What the {@code database.ssl.*} keys say, as one value. Passwords stay {@link Password}s, whose
 * {@code toString()} hides them, so logging this object or a message built from it reveals none.
 */
public final class TlsSettings {
    public static final TlsSettings DISABLED = new TlsSettings(SslMode.DISABLED, "", new Password(""), "", new Password(""));

    private final SslMode mode;
    private final String trustStore;
    private final Password trustStorePassword;
    private final String keyStore;
    private final Password keyStorePassword;

    public TlsSettings(SslMode mode, String trustStore, Password trustStorePassword, String keyStore, Password keyStorePassword) {
        this.mode = Objects.requireNonNull(mode);
        this.trustStore = trustStore == null ? "" : trustStore.trim();
        this.trustStorePassword = trustStorePassword == null ? new Password("") : trustStorePassword;
        this.keyStore = keyStore == null ? "" : keyStore.trim();
        this.keyStorePassword = keyStorePassword == null ? new Password("") : keyStorePassword;
    }

    public SslMode mode() {
        return mode;
    }

    /** Path of the trust store; empty for the JVM's default trust. */
    public String trustStore() {
        return trustStore;
    }

    Password trustStorePassword() {
        return trustStorePassword;
    }

    /** Path of the client's key store; empty for none. */
    public String keyStore() {
        return keyStore;
    }

    Password keyStorePassword() {
        return keyStorePassword;
    }

    public boolean hasClientCertificate() {
        return !keyStore.isEmpty();
    }

    @Override
    public String toString() {
        return "TlsSettings[mode=" + mode.configValue() + ", truststore=" + (trustStore.isEmpty() ? "(JVM default)" : trustStore)
                + ", keystore=" + (keyStore.isEmpty() ? "(none)" : keyStore) + "]";
    }
}
