package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.ConnectRestClient;
import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.Stack;
import io.binlogstream.testkit.TestCertificates;

/**
 * TLS end to end on a real Connect worker with the packaged plugin: there the connector's JDBC TLS plugin must be
 * found by the driver through the plugin's own class loader, and the store files are read in the worker's JVM.
 * The connector logs in as a user created REQUIRE X509 with verify_identity, so nothing but a verified, encrypted
 * connection with the client certificate streams; a validation over REST with an untrusted CA names the trust store.
 */
class TlsStreamingIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CONNECTOR = "tls-cdc";
    private static final String USER = "x509_cdc";
    private static final String PASSWORD = "x509-cdc-pw";
    private static final String TOPIC = "tls.tls_shop.items";

    @TempDir
    static Path workDir;
    static Stack stack;
    static MariaDbServer server;
    static TestCertificates certs;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
        certs = TestCertificates.create(workDir.resolve("certs"));
        server = MariaDbServer.start(workDir, MariaDbServer.Options.defaults().name("tls").tls(certs));
        server.createConnectorUser(USER, PASSWORD, "X509");
        server.execute("CREATE DATABASE tls_shop", "CREATE TABLE tls_shop.items (id INT PRIMARY KEY, name VARCHAR(40))");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> config() {
        Map<String, String> config = ConnectorConfigs.avro(stack, "tls", "tls_shop");
        config.put("database.hostname", "localhost");
        config.put("database.port", Integer.toString(server.port()));
        config.put("database.user", USER);
        config.put("database.password", PASSWORD);
        config.put("database.ssl.mode", "verify_identity");
        config.put("database.ssl.truststore", certs.caPem().toString());
        config.put("database.ssl.keystore", certs.clientKeyStore().toString());
        config.put("database.ssl.keystore.password", certs.storePassword());
        return config;
    }

    @Test
    void changesStreamOverVerifiedTlsWithAClientCertificate() {
        ConnectRestClient rest = stack.worker(0).rest();

        Map<String, String> untrusted = config();
        untrusted.put("database.ssl.truststore", certs.otherCaPem().toString());
        List<String> trustErrors = new ArrayList<>();
        JsonNode answer = rest.validate("BinlogSourceConnector", untrusted);
        for (JsonNode entry : answer.path("configs")) {
            if (entry.path("value").path("name").asText().equals("database.ssl.truststore")) {
                entry.path("value").path("errors").forEach(m -> trustErrors.add(m.asText()));
            }
        }
        assertThat(trustErrors).singleElement().asString().contains("is not signed by a CA in database.ssl.truststore");

        // A row that exists before the start: the snapshot reads it over the same verified TLS connection settings.
        server.execute("INSERT INTO tls_shop.items VALUES (0, 'read by the snapshot')");
        rest.createConnector(CONNECTOR, config());
        rest.awaitConnectorRunning(CONNECTOR, TIMEOUT);
        server.awaitBinlogClients(1, TIMEOUT);
        List<DecodedChange> snapshot = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), List.of(TOPIC), 1, TIMEOUT);
        assertThat(snapshot).extracting(DecodedChange::op).containsExactly("r");
        server.execute("INSERT INTO tls_shop.items VALUES (1, 'sent over TLS'), (2, 'with a client certificate')",
                "UPDATE tls_shop.items SET name = 'verified' WHERE id = 1");

        List<DecodedChange> changes = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), List.of(TOPIC), 4, TIMEOUT);
        assertThat(changes).extracting(DecodedChange::op).containsExactly("r", "c", "c", "u");
        assertThat(changes.get(3).after().getString("name")).isEqualTo("verified");
        rest.deleteConnector(CONNECTOR);
    }
}
