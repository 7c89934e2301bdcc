package io.binlogstream.connect.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.testkit.TestCertificates;

/** Reading the stores the database.ssl.* keys name, without a server: what works, and which key a problem is on. */
class TlsContextTest {
    private static final String PASSWORD = "unit-Store-Secret";

    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(dir.resolve("certs"), TestCertificates.LOCAL_NAMES, PASSWORD);
    }

    private static TlsSettings settings(SslMode mode, Path trustStore, String trustPassword, Path keyStore, String keyPassword) {
        return new TlsSettings(mode, trustStore == null ? "" : trustStore.toString(), new Password(trustPassword),
                keyStore == null ? "" : keyStore.toString(), new Password(keyPassword));
    }

    private static TlsSetupException refusal(TlsSettings settings) {
        try {
            TlsContext.load(settings);
        } catch (TlsSetupException e) {
            assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("wrong-Secret");
            return e;
        }
        throw new AssertionError("loaded: " + settings);
    }

    @Test
    void trustStoresLoadAsPkcs12JksOrPem() throws Exception {
        assertThat(TlsContext.load(settings(SslMode.VERIFY_IDENTITY, certs.trustStore(), PASSWORD, null, "")).encrypts()).isTrue();
        assertThat(TlsContext.load(settings(SslMode.VERIFY_CA, certs.trustStoreJks(), PASSWORD, null, "")).encrypts()).isTrue();
        assertThat(TlsContext.load(settings(SslMode.VERIFY_CA, certs.caPem(), "", null, "")).encrypts()).isTrue();
        // The server's certificate, as PEM, is also a file of certificates; and the JVM's default trust needs no file.
        assertThat(TlsContext.load(settings(SslMode.VERIFY_CA, certs.serverCertPem(), "", null, "")).encrypts()).isTrue();
        assertThat(TlsContext.load(settings(SslMode.VERIFY_CA, null, "", null, "")).encrypts()).isTrue();
    }

    @Test
    void storesAreNotReadWhereTheModeDoesNotUseThem() throws Exception {
        Path missing = dir.resolve("missing.p12");
        TlsContext disabled = TlsContext.load(settings(SslMode.DISABLED, missing, "", null, ""));
        assertThat(disabled.encrypts()).isFalse();
        assertThat(TlsContext.load(settings(SslMode.REQUIRED, missing, "", null, "")).encrypts()).isTrue();
    }

    @Test
    void aMissingOrForeignTrustStoreIsReportedOnItsKey() throws Exception {
        TlsSetupException missing = refusal(settings(SslMode.VERIFY_CA, dir.resolve("nope.p12"), "", null, ""));
        assertThat(missing.key()).isEqualTo(BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG);
        assertThat(missing.getMessage()).contains("no readable file at '" + dir.resolve("nope.p12") + "'");

        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store at all");
        TlsSetupException foreign = refusal(settings(SslMode.VERIFY_CA, garbage, PASSWORD, null, ""));
        assertThat(foreign.key()).isEqualTo(BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG);
        assertThat(foreign.getMessage()).contains("is neither a PKCS12 nor a JKS key store nor a PEM file");

        Path emptyPem = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        assertThat(refusal(settings(SslMode.VERIFY_CA, emptyPem, "", null, "")).key()).isEqualTo(BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG);
    }

    @Test
    void aWrongOrMissingStorePasswordIsReportedOnThePasswordKey() {
        TlsSetupException wrongTrust = refusal(settings(SslMode.VERIFY_CA, certs.trustStore(), "wrong-Secret", null, ""));
        assertThat(wrongTrust.key()).isEqualTo(BinlogConnectorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        assertThat(wrongTrust.getMessage()).contains("does not open database.ssl.truststore").contains("wrong password");

        TlsSetupException noTrustPassword = refusal(settings(SslMode.VERIFY_CA, certs.trustStore(), "", null, ""));
        assertThat(noTrustPassword.key()).isIn(BinlogConnectorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG);
        assertThat(noTrustPassword.getMessage()).contains(BinlogConnectorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG);

        TlsSetupException wrongKey = refusal(settings(SslMode.REQUIRED, null, "", certs.clientKeyStore(), "wrong-Secret"));
        assertThat(wrongKey.key()).isEqualTo(BinlogConnectorConfig.SSL_KEYSTORE_PASSWORD_CONFIG);
    }

    @Test
    void theKeyStoreMustHoldAPrivateKey() throws Exception {
        assertThat(TlsContext.load(settings(SslMode.REQUIRED, null, "", certs.clientKeyStore(), PASSWORD)).keyManagers()).isNotEmpty();

        TlsSetupException certificatesOnly = refusal(settings(SslMode.REQUIRED, null, "", certs.trustStore(), PASSWORD));
        assertThat(certificatesOnly.key()).isEqualTo(BinlogConnectorConfig.SSL_KEYSTORE_CONFIG);
        assertThat(certificatesOnly.getMessage()).contains("holds no private key");

        TlsSetupException pem = refusal(settings(SslMode.REQUIRED, null, "", certs.clientKeyPem(), ""));
        assertThat(pem.key()).isEqualTo(BinlogConnectorConfig.SSL_KEYSTORE_CONFIG);
        assertThat(pem.getMessage()).contains("is a PEM file");
    }

    @Test
    void theModeIsOneOfFourCaseInsensitiveValuesAndDisabledByDefault() {
        Map<String, String> props = new HashMap<>(Map.of("database.hostname", "db", "database.user", "u", "topic.prefix", "p"));
        assertThat(new BinlogConnectorConfig(props).tlsSettings().mode()).isEqualTo(SslMode.DISABLED);
        props.put("database.ssl.mode", "VERIFY_IDENTITY");
        assertThat(new BinlogConnectorConfig(props).tlsSettings().mode()).isEqualTo(SslMode.VERIFY_IDENTITY);
        props.put("database.ssl.mode", "verify_full");
        assertThatThrownBy(() -> new BinlogConnectorConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.ssl.mode");
    }

    @Test
    void aConfigWithAnUnusableStoreFailsNamingTheKeyWithoutThePassword() {
        Map<String, String> props = new HashMap<>(Map.of("database.hostname", "db", "database.user", "u", "topic.prefix", "p",
                "database.ssl.mode", "verify_ca", "database.ssl.truststore", certs.trustStore().toString(),
                "database.ssl.truststore.password", "wrong-Secret"));
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);
        assertThatThrownBy(config::tls).isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.ssl.truststore.password does not open database.ssl.truststore")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-Secret"));
        assertThat(config.tlsSettings().toString()).doesNotContain("wrong-Secret");
    }
}
