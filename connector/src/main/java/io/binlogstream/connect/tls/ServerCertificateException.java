package io.binlogstream.connect.tls;

import java.security.cert.CertificateException;

/**
 * The connector's own refusal of a server certificate, thrown during the TLS handshake. Its type travels inside
 * the handshake failure through the JDBC driver and the binlog library, so the failure can be told apart from
 * any other and reported on the config key that fixes it.
 */
public final class ServerCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    public enum Problem {
        /** No CA of the trust store signed it. */
        UNTRUSTED,
        /** Signed by a trusted CA, but for other host names than the one connected to. */
        WRONG_HOST
    }

    private final Problem problem;

    ServerCertificateException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
