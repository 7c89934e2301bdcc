package io.binlogstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates the TLS tests rely on: who signed what, for which names, in which stores. */
class TestCertificatesTest {

    @TempDir
    Path dir;

    private static X509TrustManager trusting(Path store, String password) throws Exception {
        KeyStore keyStore = KeyStore.getInstance(store.toFile(), password.toCharArray());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static List<String> names(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()).toList();
    }

    @Test
    void theServerCertificateChainsToTheCaAndNamesTheLocalAddresses() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        X509Certificate server = certs.serverCertificate();

        trusting(certs.trustStore(), certs.storePassword()).checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA");
        trusting(certs.trustStoreJks(), certs.storePassword()).checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA");
        assertThatThrownBy(() -> trusting(certs.otherTrustStore(), certs.storePassword())
                .checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(names(server)).containsExactly("127.0.0.1", "localhost");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void pemFilesAndTheClientKeyStoreHoldWhatTheServerAndClientNeed() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        assertThat(Files.readString(certs.caPem())).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Files.readString(certs.serverKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----\n");

        KeyStore client = KeyStore.getInstance(certs.clientKeyStore().toFile(), certs.storePassword().toCharArray());
        assertThat(client.getKey("client", certs.storePassword().toCharArray())).isInstanceOf(PrivateKey.class);
        X509Certificate[] chain = java.util.Arrays.stream(client.getCertificateChain("client"))
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        assertThat(chain).hasSize(2);
        assertThat(chain[0].getSubjectX500Principal().getName()).isEqualTo("CN=" + TestCertificates.CLIENT_COMMON_NAME);
        trusting(certs.trustStore(), certs.storePassword()).checkClientTrusted(chain, "EC");
    }

    @Test
    void anotherServerCertificateFromTheSameCaNamesOnlyWhatItIsGiven() throws Exception {
        TestCertificates certs = TestCertificates.create(dir.resolve("a"));
        TestCertificates narrow = certs.withServerNames(dir.resolve("b"), List.of("localhost"));

        assertThat(names(narrow.serverCertificate())).containsExactly("localhost");
        // The first set's trust store trusts the second set's server: same CA.
        trusting(certs.trustStore(), certs.storePassword())
                .checkServerTrusted(new X509Certificate[] {narrow.serverCertificate()}, "ECDHE_ECDSA");
    }
}
