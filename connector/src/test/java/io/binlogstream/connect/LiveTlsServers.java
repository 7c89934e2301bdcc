package io.binlogstream.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.TestCertificates;

/**
 * The servers of the TLS tests, started on first use and shared by the test classes of the JVM (each start costs
 * seconds of this machine's two cores): one with TLS whose certificate names 127.0.0.1 and localhost, one whose
 * certificate (same CA) names only localhost, and one without TLS. The testkit stops them when the JVM exits;
 * their files stay under {@code target/live-tls}.
 *
 * <p>Users besides the testkit's own, with the connector's privileges: {@value #SSL_USER} ({@code REQUIRE SSL}: a
 * plain connection is refused, so a working one proves encryption) and {@value #X509_USER} ({@code REQUIRE X509}:
 * only with a client certificate the server's CA signed). Passwords are distinctive so a test can search logs for them.
 */
public final class LiveTlsServers {
    public static final String SSL_USER = "tls_user";
    public static final String SSL_PASSWORD = "Db-Secret-ssl-4711";
    public static final String X509_USER = "x509_user";
    public static final String X509_PASSWORD = "Db-Secret-x509-0815";
    /** The password of every trust and key store of {@link #certificates()}. */
    public static final String STORE_PASSWORD = "Store-Secret-2718";

    private static Path workDir;
    private static TestCertificates certificates;
    private static MariaDbServer tls;
    private static MariaDbServer narrow;
    private static MariaDbServer plain;

    private LiveTlsServers() {
    }

    private static synchronized Path workDir() {
        if (workDir == null) {
            try {
                // Under target/, so their logs stay readable after the run and 'mvn clean' removes them.
                workDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "live-tls")).toAbsolutePath(), "servers-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            certificates = TestCertificates.create(workDir.resolve("certs"), TestCertificates.LOCAL_NAMES, STORE_PASSWORD);
        }
        return workDir;
    }

    public static synchronized TestCertificates certificates() {
        workDir();
        return certificates;
    }

    /** TLS with a certificate for 127.0.0.1 and localhost; users {@value #SSL_USER} and {@value #X509_USER}. */
    public static synchronized MariaDbServer tls() {
        if (tls == null) {
            tls = MariaDbServer.start(workDir(), MariaDbServer.Options.defaults().name("tls").tls(certificates()));
            tls.createConnectorUser(SSL_USER, SSL_PASSWORD, "SSL");
            tls.createConnectorUser(X509_USER, X509_PASSWORD, "X509");
        }
        return tls;
    }

    /** TLS with a certificate from the same CA that names only localhost, not 127.0.0.1; user {@value #SSL_USER}. */
    public static synchronized MariaDbServer narrow() {
        if (narrow == null) {
            TestCertificates localhostOnly = certificates().withServerNames(workDir().resolve("certs-localhost"), List.of("localhost"));
            narrow = MariaDbServer.start(workDir(), MariaDbServer.Options.defaults().name("narrow").tls(localhostOnly));
            narrow.createConnectorUser(SSL_USER, SSL_PASSWORD, "SSL");
        }
        return narrow;
    }

    /** Without TLS ({@code --skip-ssl}). */
    public static synchronized MariaDbServer plain() {
        if (plain == null) {
            plain = MariaDbServer.start(workDir(), MariaDbServer.Options.defaults().name("plain"));
        }
        return plain;
    }

    /**
     * Connector properties for {@code server} as {@code user}, with {@code database.ssl.mode} and, for the verify
     * modes, the CA's PKCS12 trust store.
     */
    public static Map<String, String> props(MariaDbServer server, String prefix, String user, String password, String mode) {
        Map<String, String> props = LiveConfigs.props(server, prefix);
        props.put("database.user", user);
        props.put("database.password", password);
        props.put("database.ssl.mode", mode);
        if (mode.startsWith("verify")) {
            props.put("database.ssl.truststore", certificates().trustStore().toString());
            props.put("database.ssl.truststore.password", STORE_PASSWORD);
        }
        return props;
    }

    /** Adds the client certificate the server's CA signed. */
    public static Map<String, String> withClientCertificate(Map<String, String> props) {
        props.put("database.ssl.keystore", certificates().clientKeyStore().toString());
        props.put("database.ssl.keystore.password", STORE_PASSWORD);
        return props;
    }
}
