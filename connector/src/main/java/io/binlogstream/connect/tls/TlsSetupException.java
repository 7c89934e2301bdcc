package io.binlogstream.connect.tls;

/**
 * A TLS setting that cannot be used (a store that is missing, unreadable or locked by another password), with
 * the config key the user has to change, so {@code validate()} reports it there.
 */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String key;

    public TlsSetupException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The config key at fault. */
    public String key() {
        return key;
    }
}
