package io.binlogstream.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.BinlogSourceConnector;
import io.binlogstream.connect.LiveTlsServers;
import io.binlogstream.testkit.MariaDbServer;

/** validate() and the connector's start with TLS settings, against real servers: each problem on the key that fixes it. */
class LiveTlsValidationTest {

    private static Map<String, String> props(MariaDbServer server, String mode) {
        return LiveTlsServers.props(server, "tls-validation", LiveTlsServers.SSL_USER, LiveTlsServers.SSL_PASSWORD, mode);
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new BinlogSourceConnector().validate(props).configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    /** Only the listed keys have errors. */
    private static Map<String, List<String>> errorsOnlyOn(Map<String, String> props, String... keys) {
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey))
                .as("keys with errors: %s", errors).containsExactlyInAnyOrder(keys);
        return errors;
    }

    @Test
    void aGoodTlsConfigValidatesWithoutErrorsAndStarts() {
        Map<String, String> props = props(LiveTlsServers.tls(), "verify_identity");
        errorsOnlyOn(props);
        BinlogSourceConnector connector = new BinlogSourceConnector();
        connector.start(props);
        connector.stop();
    }

    @Test
    void anUntrustedCertificateIsReportedOnTheTrustStore() {
        Map<String, String> props = props(LiveTlsServers.tls(), "verify_ca");
        props.put("database.ssl.truststore", LiveTlsServers.certificates().otherTrustStore().toString());
        assertThat(errorsOnlyOn(props, "database.ssl.truststore").get("database.ssl.truststore")).singleElement().asString()
                .contains("is not signed by a CA in database.ssl.truststore").contains("issued by CN=binlogstream test CA");
        assertThatThrownBy(() -> new BinlogSourceConnector().start(props)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("is not signed by a CA in database.ssl.truststore");
    }

    @Test
    void unusableStoresAreReportedOnTheirKeysWithoutTryingTheServer() {
        Map<String, String> missing = props(LiveTlsServers.tls(), "verify_identity");
        missing.put("database.ssl.truststore", "/no/such/truststore.p12");
        assertThat(errorsOnlyOn(missing, "database.ssl.truststore").get("database.ssl.truststore")).singleElement().asString()
                .contains("no readable file at '/no/such/truststore.p12'");

        Map<String, String> wrongTrustPassword = props(LiveTlsServers.tls(), "verify_identity");
        wrongTrustPassword.put("database.ssl.truststore.password", "Wrong-Trust-Secret");
        errorsOnlyOn(wrongTrustPassword, "database.ssl.truststore.password");

        Map<String, String> wrongKeyPassword = LiveTlsServers.withClientCertificate(props(LiveTlsServers.tls(), "verify_identity"));
        wrongKeyPassword.put("database.ssl.keystore.password", "Wrong-Key-Secret");
        assertThat(errorsOnlyOn(wrongKeyPassword, "database.ssl.keystore.password").get("database.ssl.keystore.password"))
                .singleElement().asString().contains("does not open database.ssl.keystore");
    }

    @Test
    void tlsAgainstAServerWithoutItIsReportedOnTheModeNamingTheServerSetting() {
        MariaDbServer plain = LiveTlsServers.plain();
        Map<String, String> props = LiveTlsServers.props(plain, "tls-validation", plain.connectorUser(), plain.connectorPassword(), "required");
        assertThat(errorsOnlyOn(props, "database.ssl.mode").get("database.ssl.mode")).singleElement().asString()
                .contains("does not offer TLS").contains("have_ssl").contains("ssl_cert");
        assertThatThrownBy(() -> new BinlogSourceConnector().start(props)).hasMessageContaining("does not offer TLS");
        props.put("database.ssl.mode", "disabled");
        errorsOnlyOn(props);
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefusedOnlyByVerifyIdentity() {
        MariaDbServer narrow = LiveTlsServers.narrow();
        Map<String, String> byAddress = props(narrow, "verify_identity");
        Map<String, List<String>> errors = errorsOnlyOn(byAddress, "database.hostname", "database.ssl.mode");
        assertThat(errors.get("database.ssl.mode")).singleElement().asString()
                .contains("does not name the host '127.0.0.1'").contains("names DNS:localhost").contains("verify_ca");

        errorsOnlyOn(props(narrow, "verify_ca"));
        Map<String, String> byName = props(narrow, "verify_identity");
        byName.put("database.hostname", "localhost");
        errorsOnlyOn(byName);
    }

    @Test
    void aUserThatRequiresAClientCertificateIsReportedOnTheKeyStoreUntilOneIsGiven() {
        Map<String, String> props = LiveTlsServers.props(LiveTlsServers.tls(), "tls-validation", LiveTlsServers.X509_USER,
                LiveTlsServers.X509_PASSWORD, "verify_identity");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get("database.ssl.keystore")).singleElement().asString()
                .contains("REQUIRE X509").contains("set database.ssl.keystore");
        assertThatThrownBy(() -> new BinlogSourceConnector().start(props)).hasMessageContaining("set database.ssl.keystore");

        errorsOnlyOn(LiveTlsServers.withClientCertificate(new HashMap<>(props)));

        Map<String, String> foreignCertificate = LiveTlsServers.withClientCertificate(new HashMap<>(props));
        foreignCertificate.put("database.ssl.keystore", LiveTlsServers.certificates().otherClientKeyStore().toString());
        assertThat(errorsOnlyOn(foreignCertificate, "database.ssl.keystore").get("database.ssl.keystore")).singleElement().asString()
                .contains("accept the client certificate in database.ssl.keystore").contains("ssl_ca");
    }
}
