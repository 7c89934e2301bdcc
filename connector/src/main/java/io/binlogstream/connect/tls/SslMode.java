package io.binlogstream.connect.tls;

import java.util.Arrays;
import java.util.Locale;

/** The values of {@code database.ssl.mode}: how much of TLS the connector insists on. */
public enum SslMode {
    /** Plain TCP. */
    DISABLED,
    /** TLS, without checking the server's certificate: safe from eavesdropping, not from an impostor. */
    REQUIRED,
    /** TLS, and the server's certificate must chain to a trusted CA. */
    VERIFY_CA,
    /** As {@link #VERIFY_CA}, and the certificate must also name the host the connector connects to. */
    VERIFY_IDENTITY;

    /** The value as written in a config: lower case. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean encrypts() {
        return this != DISABLED;
    }

    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }

    /** Case-insensitive; the config's validator has already refused anything else. */
    public static SslMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public static String[] configValues() {
        return Arrays.stream(values()).map(SslMode::configValue).toArray(String[]::new);
    }
}
