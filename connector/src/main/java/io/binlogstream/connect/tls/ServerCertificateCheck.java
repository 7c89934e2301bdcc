package io.binlogstream.connect.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import io.binlogstream.connect.config.BinlogConnectorConfig;

/**
 * Decides whether the server's certificate is acceptable under {@code database.ssl.mode}, in two separate steps
 * so a refusal says which one failed: does a trusted CA vouch for the certificate (verify_ca, verify_identity),
 * and does it name the host (verify_identity only). The second step is the JDK's own HTTPS host name check
 * (subject alternative names, IP addresses as IP addresses), run on the socket whose parameters
 * {@link TlsContext#wrap} set up for it. {@code required} accepts any certificate: encryption only.
 */
final class ServerCertificateCheck extends X509ExtendedTrustManager {
    private final SslMode mode;
    /** The JDK's PKIX trust manager over the configured trust anchors; null when nothing is verified. */
    private final X509ExtendedTrustManager pkix;
    /** Where the trusted CAs come from, for messages. */
    private final String trustSource;

    private ServerCertificateCheck(SslMode mode, X509ExtendedTrustManager pkix, String trustSource) {
        this.mode = mode;
        this.pkix = pkix;
        this.trustSource = trustSource;
    }

    static ServerCertificateCheck forSettings(TlsSettings settings) throws TlsSetupException {
        if (!settings.mode().verifiesCertificate()) {
            return new ServerCertificateCheck(settings.mode(), null, "nothing (" + settings.mode().configValue() + ")");
        }
        KeyStore anchors = settings.trustStore().isEmpty() ? null
                : StoreFiles.trustStore(settings.trustStore(), settings.trustStorePassword());
        String source = anchors == null ? "the JVM's default trust store (" + BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG + " is empty)"
                : BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG + " '" + settings.trustStore() + "'";
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return new ServerCertificateCheck(settings.mode(), x509, source);
                }
            }
            throw new IllegalStateException("the JDK's PKIX TrustManagerFactory offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG, "Cannot use " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (pkix == null) {
            return;
        }
        checkSigned(chain, authType);
        if (mode == SslMode.VERIFY_IDENTITY) {
            try {
                pkix.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw wrongHost(chain, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null, e);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (pkix == null) {
            return;
        }
        checkSigned(chain, authType);
        if (mode == SslMode.VERIFY_IDENTITY) {
            try {
                pkix.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw wrongHost(chain, engine == null ? null : engine.getHandshakeSession(), e);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        // Without a socket there is no host to compare: only reachable if some caller bypasses the JDK's handshake.
        if (mode == SslMode.VERIFY_IDENTITY) {
            throw new CertificateException("verify_identity needs the connection's host name to check the certificate");
        }
        if (pkix != null) {
            checkSigned(chain, authType);
        }
    }

    private void checkSigned(X509Certificate[] chain, String authType) throws ServerCertificateException {
        try {
            // The two-argument form checks the chain only, never a host name.
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new ServerCertificateException(ServerCertificateException.Problem.UNTRUSTED,
                    "The server's certificate (" + describe(chain) + ") is not signed by a CA in " + trustSource
                            + " (" + e.getMessage() + ")", e);
        }
    }

    private static ServerCertificateException wrongHost(X509Certificate[] chain, SSLSession session, CertificateException cause) {
        String host = session == null ? null : session.getPeerHost();
        return new ServerCertificateException(ServerCertificateException.Problem.WRONG_HOST,
                "The server's certificate (" + describe(chain) + ") does not name the host '" + host
                        + "' that " + BinlogConnectorConfig.HOSTNAME_CONFIG + " connects to; " + BinlogConnectorConfig.SSL_MODE_CONFIG
                        + "=verify_identity requires it. Connect by "
                        + "a name the certificate holds, have a certificate issued for this name, or use verify_ca, which "
                        + "checks only the CA (" + cause.getMessage() + ")", cause);
    }

    /** Subject, issuer and names of the leaf certificate: enough to recognise which certificate the server sent. */
    static String describe(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return "none sent";
        }
        X509Certificate leaf = chain[0];
        return "subject " + leaf.getSubjectX500Principal().getName() + ", issued by " + leaf.getIssuerX500Principal().getName()
                + ", names " + alternativeNames(leaf);
    }

    private static String alternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return "none";
            }
            List<String> out = new ArrayList<>();
            for (List<?> name : names) {
                int type = (Integer) name.get(0);
                out.add((type == 2 ? "DNS:" : type == 7 ? "IP:" : "") + name.get(1));
            }
            return String.join(" ", out);
        } catch (CertificateParsingException e) {
            return "unreadable";
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the connector is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the connector is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the connector is never a TLS server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix == null ? new X509Certificate[0] : pkix.getAcceptedIssuers();
    }
}
