package io.binlogstream.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Certificates for TLS tests, made at run time so none is ever checked in or expires: a test CA, a server
 * certificate it signed, a client certificate it signed, and a second, unrelated CA (with a client certificate of
 * its own) for the cases a server or a client must refuse.
 *
 * <p>Files in the directory, PEM for the server and key stores for Java clients:
 * <ul>
 *   <li>{@code ca.pem}, {@code server-cert.pem}, {@code server-key.pem} (PKCS#8, unencrypted): MariaDB's
 *       {@code ssl_ca}, {@code ssl_cert}, {@code ssl_key}.</li>
 *   <li>{@code truststore.p12} and {@code truststore.jks}: the CA; {@code other-truststore.p12}: only the
 *       unrelated CA, which did not sign the server's certificate.</li>
 *   <li>{@code client-keystore.p12}: the client's key and chain (signed by the CA, so the server accepts it);
 *       {@code other-client-keystore.p12}: a client certificate signed by the unrelated CA.</li>
 *   <li>{@code client-cert.pem}, {@code client-key.pem}, {@code other-ca.pem}: the same as PEM.</li>
 * </ul>
 * Every store has the password {@link #storePassword()}, and so has each key in it.
 */
public final class TestCertificates {
    public static final String DEFAULT_STORE_PASSWORD = "binlogstream-store-pw";
    /** The names a server started by the testkit is reached by. */
    public static final List<String> LOCAL_NAMES = List.of("127.0.0.1", "localhost");
    public static final String CLIENT_COMMON_NAME = "binlogstream-client";

    private final Path dir;
    private final CertificateAuthority ca;
    private final CertificateAuthority otherCa;
    private final List<String> serverNames;
    private final String storePassword;
    private final X509Certificate serverCertificate;
    private final X509Certificate clientCertificate;

    private TestCertificates(Path dir, CertificateAuthority ca, CertificateAuthority otherCa, List<String> serverNames,
                             String storePassword) {
        this.dir = dir;
        this.ca = ca;
        this.otherCa = otherCa;
        this.serverNames = List.copyOf(serverNames);
        this.storePassword = storePassword;
        try {
            Files.createDirectories(dir);
            CertificateAuthority.Issued server = ca.issueServer(serverNames.isEmpty() ? "binlogstream-server" : serverNames.get(0), serverNames);
            CertificateAuthority.Issued client = ca.issueClient(CLIENT_COMMON_NAME);
            CertificateAuthority.Issued otherClient = otherCa.issueClient(CLIENT_COMMON_NAME);
            this.serverCertificate = server.certificate();
            this.clientCertificate = client.certificate();
            writePem(caPem(), "CERTIFICATE", ca.certificate().getEncoded());
            writePem(otherCaPem(), "CERTIFICATE", otherCa.certificate().getEncoded());
            writePem(serverCertPem(), "CERTIFICATE", server.certificate().getEncoded());
            writePem(serverKeyPem(), "PRIVATE KEY", server.key().getEncoded());
            writePem(clientCertPem(), "CERTIFICATE", client.certificate().getEncoded());
            writePem(clientKeyPem(), "PRIVATE KEY", client.key().getEncoded());
            writeTrustStore(trustStore(), "PKCS12", ca.certificate());
            writeTrustStore(trustStoreJks(), "JKS", ca.certificate());
            writeTrustStore(otherTrustStore(), "PKCS12", otherCa.certificate());
            writeKeyStore(clientKeyStore(), client);
            writeKeyStore(otherClientKeyStore(), otherClient);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write certificates to " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificates", e);
        }
    }

    /** New CAs and certificates in {@code dir}, the server's for 127.0.0.1 and localhost. */
    public static TestCertificates create(Path dir) {
        return create(dir, LOCAL_NAMES, DEFAULT_STORE_PASSWORD);
    }

    /** New CAs and certificates in {@code dir}: the server's names the hosts in {@code serverNames} (IP addresses or DNS names). */
    public static TestCertificates create(Path dir, List<String> serverNames, String storePassword) {
        return new TestCertificates(dir, CertificateAuthority.create("binlogstream test CA"),
                CertificateAuthority.create("unrelated test CA"), serverNames, storePassword);
    }

    /**
     * The same CAs (so the same trust stores work) and a new server certificate for other names, in another
     * directory: for a server whose certificate does not name the host a client connects to.
     */
    public TestCertificates withServerNames(Path otherDir, List<String> names) {
        return new TestCertificates(otherDir, ca, otherCa, names, storePassword);
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    private void writeTrustStore(Path file, String type, X509Certificate certificate) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setCertificateEntry("ca", certificate);
        save(store, file);
    }

    private void writeKeyStore(Path file, CertificateAuthority.Issued issued) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", issued.key(), storePassword.toCharArray(), (Certificate[]) issued.chain());
        save(store, file);
    }

    private void save(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, storePassword.toCharArray());
        }
    }

    public Path dir() {
        return dir;
    }

    /** The names in the server certificate's subject alternative names. */
    public List<String> serverNames() {
        return serverNames;
    }

    public String storePassword() {
        return storePassword;
    }

    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    public X509Certificate clientCertificate() {
        return clientCertificate;
    }

    /** The CA, PEM: the server's {@code ssl_ca}, and a trust store as it is. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path otherCaPem() {
        return dir.resolve("other-ca.pem");
    }

    public Path serverCertPem() {
        return dir.resolve("server-cert.pem");
    }

    public Path serverKeyPem() {
        return dir.resolve("server-key.pem");
    }

    public Path clientCertPem() {
        return dir.resolve("client-cert.pem");
    }

    public Path clientKeyPem() {
        return dir.resolve("client-key.pem");
    }

    /** PKCS12 holding the CA. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** JKS holding the CA. */
    public Path trustStoreJks() {
        return dir.resolve("truststore.jks");
    }

    /** PKCS12 holding only the unrelated CA: it does not trust the server. */
    public Path otherTrustStore() {
        return dir.resolve("other-truststore.p12");
    }

    /** PKCS12 with the client key and its chain, signed by the CA the server trusts. */
    public Path clientKeyStore() {
        return dir.resolve("client-keystore.p12");
    }

    /** PKCS12 with a client key signed by the unrelated CA, which the server does not trust. */
    public Path otherClientKeyStore() {
        return dir.resolve("other-client-keystore.p12");
    }
}
