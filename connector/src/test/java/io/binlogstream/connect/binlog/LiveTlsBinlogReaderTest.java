package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.binlogstream.connect.LiveTlsServers;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.testkit.MariaDbServer;

/**
 * Both connections over TLS against a real MariaDB whose certificate the test made: the SQL connection and the
 * binlog stream. The users are created REQUIRE SSL or REQUIRE X509, so a change that arrives proves the stream
 * was encrypted (a plain login is refused, which a test shows too).
 */
class LiveTlsBinlogReaderTest {
    private static final AtomicInteger IDS = new AtomicInteger();

    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = LiveTlsServers.tls();
        server.execute("CREATE DATABASE IF NOT EXISTS tls_reader",
                "CREATE TABLE IF NOT EXISTS tls_reader.items (id INT PRIMARY KEY, name VARCHAR(20))");
    }

    private static BinlogConnectorConfig config(Map<String, String> props) {
        props.put("database.include.list", "tls_reader");
        props.put("heartbeat.interval.ms", "0");
        return new BinlogConnectorConfig(props);
    }

    private static Map<String, String> sslUser(MariaDbServer target, String mode) {
        return LiveTlsServers.props(target, "tls-" + mode, LiveTlsServers.SSL_USER, LiveTlsServers.SSL_PASSWORD, mode);
    }

    /** Starts a reader at the server's position, inserts one row and returns what the reader delivered for it. */
    private static Struct streamOneInsert(MariaDbServer target, BinlogConnectorConfig config) throws Exception {
        String position;
        try (Connection connection = target.adminConnection()) {
            position = ServerInfo.currentGtidPosition(connection, true);
        }
        int id = IDS.incrementAndGet();
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, position, null)) {
            reader.start();
            target.awaitBinlogClients(1, Duration.ofSeconds(30));
            target.execute("INSERT INTO tls_reader.items VALUES (" + id + ", 'over tls')");
            List<SourceRecord> records = LiveBinlogReaderTest.drain(reader, 2);
            // The first record is the heartbeat that stores the start position.
            assertThat(records).hasSize(2);
            Struct after = ((Struct) records.get(1).value()).getStruct("after");
            assertThat(after.getInt32("id")).isEqualTo(id);
            return after;
        }
    }

    private static Map<String, String> sessionStatus(Connection connection) throws Exception {
        Map<String, String> status = new java.util.HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_cipher', 'Ssl_version')")) {
            while (rs.next()) {
                status.put(rs.getString(1), rs.getString(2));
            }
        }
        return status;
    }

    @ParameterizedTest
    @ValueSource(strings = {"required", "verify_ca", "verify_identity"})
    void aChangeStreamsOverTlsInEveryMode(String mode) throws Exception {
        BinlogConnectorConfig config = config(sslUser(server, mode));

        try (Connection connection = ServerConnection.open(config, config.servers().get(0))) {
            Map<String, String> status = sessionStatus(connection);
            assertThat(status.get("Ssl_cipher")).as("the SQL connection is encrypted").isNotBlank();
            assertThat(status.get("Ssl_version")).startsWith("TLSv1.");
        }
        assertThat(streamOneInsert(server, config).getString("name")).isEqualTo("over tls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pem", "jks"})
    void theTrustStoreMayBeAPemFileOrAJksStore(String format) throws Exception {
        Map<String, String> props = sslUser(server, "verify_identity");
        props.put("database.ssl.truststore", (format.equals("pem") ? LiveTlsServers.certificates().caPem()
                : LiveTlsServers.certificates().trustStoreJks()).toString());
        props.put("database.ssl.truststore.password", format.equals("pem") ? "" : LiveTlsServers.STORE_PASSWORD);
        BinlogConnectorConfig config = config(props);

        try (Connection connection = ServerConnection.open(config, config.servers().get(0))) {
            assertThat(sessionStatus(connection).get("Ssl_cipher")).isNotBlank();
        }
        assertThat(streamOneInsert(server, config).getInt32("id")).isPositive();
    }

    @Test
    void withoutTlsTheRequireSslUserIsRefused() throws Exception {
        BinlogConnectorConfig config = config(sslUser(server, "disabled"));
        assertThatThrownBy(() -> ServerConnection.open(config, config.servers().get(0)).close()).hasMessageContaining("Access denied");
        assertThat(readerFailure(config)).hasMessageContaining("refused to stream the binlog").hasMessageContaining("Access denied");
    }

    @Test
    void aRequireX509UserStreamsWithTheClientCertificateAndIsRefusedWithoutIt() throws Exception {
        Map<String, String> props = LiveTlsServers.props(server, "x509", LiveTlsServers.X509_USER, LiveTlsServers.X509_PASSWORD,
                "verify_identity");
        BinlogConnectorConfig withoutCertificate = config(props);
        assertThat(readerFailure(withoutCertificate)).hasMessageContaining("Access denied");

        BinlogConnectorConfig withCertificate = config(LiveTlsServers.withClientCertificate(new java.util.HashMap<>(props)));
        try (Connection connection = ServerConnection.open(withCertificate, withCertificate.servers().get(0))) {
            assertThat(sessionStatus(connection).get("Ssl_cipher")).isNotBlank();
        }
        assertThat(streamOneInsert(server, withCertificate).getString("name")).isEqualTo("over tls");
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefusedAtOnceSayingSo() throws Exception {
        Map<String, String> props = sslUser(server, "verify_ca");
        props.put("database.ssl.truststore", LiveTlsServers.certificates().otherTrustStore().toString());
        // Refused at the first attempt, not after reconnect.timeout.ms of retries.
        props.put("reconnect.timeout.ms", "600000");
        BinlogConnectorConfig config = config(props);

        long started = System.nanoTime();
        assertThat(readerFailure(config))
                .hasMessageContaining("is not signed by a CA in database.ssl.truststore '" + LiveTlsServers.certificates().otherTrustStore())
                .hasMessageContaining("subject CN=127.0.0.1, issued by CN=binlogstream test CA");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThatThrownBy(() -> ServerConnection.open(config, config.servers().get(0)).close())
                .hasStackTraceContaining("is not signed by a CA in database.ssl.truststore");
    }

    @Test
    void verifyIdentityChecksTheConfiguredHostNameWhereVerifyCaDoesNot() throws Exception {
        MariaDbServer narrow = LiveTlsServers.narrow();
        narrow.execute("CREATE DATABASE IF NOT EXISTS tls_reader",
                "CREATE TABLE IF NOT EXISTS tls_reader.items (id INT PRIMARY KEY, name VARCHAR(20))");
        // The certificate names localhost only; the server is reached at 127.0.0.1 either way.
        BinlogConnectorConfig byAddress = config(sslUser(narrow, "verify_identity"));
        assertThat(readerFailure(byAddress)).hasMessageContaining("does not name the host '127.0.0.1'");
        assertThatThrownBy(() -> ServerConnection.open(byAddress, byAddress.servers().get(0)).close()).hasStackTraceContaining("does not name the host '127.0.0.1'");

        assertThat(streamOneInsert(narrow, config(sslUser(narrow, "verify_ca"))).getString("name")).isEqualTo("over tls");

        Map<String, String> byName = sslUser(narrow, "verify_identity");
        byName.put("database.hostname", "localhost");
        assertThat(streamOneInsert(narrow, config(byName)).getString("name")).isEqualTo("over tls");
    }

    @Test
    void requiredIsRefusedByAServerWithoutTls() throws Exception {
        MariaDbServer plain = LiveTlsServers.plain();
        BinlogConnectorConfig config = config(LiveTlsServers.props(plain, "plain", plain.connectorUser(), plain.connectorPassword(), "required"));
        assertThat(readerFailure(config)).hasMessageContaining("does not offer TLS").hasMessageContaining("have_ssl");
    }

    /** Runs a reader that is expected to fail and returns the failure poll() would see. */
    private static ConnectException readerFailure(BinlogConnectorConfig config) throws Exception {
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, "", null)) {
            reader.start();
            List<Delivery> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    reader.drain(out, 100, Duration.ofMillis(200));
                } catch (ConnectException e) {
                    return e;
                }
            }
            throw new AssertionError("the reader did not fail within 30 s; it delivered " + out.size() + " records");
        }
    }
}
