package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.BinlogSourceConnector;
import io.binlogstream.connect.LiveTlsServers;
import io.binlogstream.connect.LogCapture;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.testkit.MariaDbServer;

/**
 * Passwords never appear in logs or error messages: not database.password, not the store passwords, right or
 * wrong. Runs what a user would get wrong (each password wrong in turn, an untrusted CA, a missing client
 * certificate) and what works, through validate(), the connector's start and the binlog reader, and searches
 * everything logged (slf4j and java.util.logging) and every error message and stack trace.
 */
class LiveTlsSecretsTest {
    private static final String WRONG_DB_PASSWORD = "Wrong-Db-Secret-1234";
    private static final String WRONG_STORE_PASSWORD = "Wrong-Store-Secret-5678";

    private final StringBuilder messages = new StringBuilder();

    private static Map<String, String> x509(String mode) {
        return LiveTlsServers.withClientCertificate(LiveTlsServers.props(LiveTlsServers.tls(), "secrets", LiveTlsServers.X509_USER,
                LiveTlsServers.X509_PASSWORD, mode));
    }

    private static Map<String, String> changed(Map<String, String> props, Consumer<Map<String, String>> change) {
        Map<String, String> copy = new HashMap<>(props);
        change.accept(copy);
        return copy;
    }

    /** validate(), then the connector's start: every error message and the whole stack trace of a failure. */
    private void validateAndStart(Map<String, String> props) {
        int errors = 0;
        for (ConfigValue value : new BinlogSourceConnector().validate(props).configValues()) {
            for (String message : value.errorMessages()) {
                messages.append(value.name()).append(": ").append(message).append('\n');
                errors++;
            }
        }
        assertThat(errors).as("validate() found the problem in %s", props.keySet()).isPositive();
        BinlogSourceConnector connector = new BinlogSourceConnector();
        try {
            connector.start(props);
            connector.stop();
            throw new AssertionError("the connector started despite the problem validate() found");
        } catch (RuntimeException e) {
            record(e);
        }
    }

    /** Runs a reader until it fails or delivers {@code records}; returns what it delivered. */
    private List<SourceRecord> read(Map<String, String> props, int records) {
        props.put("database.include.list", "tls_secrets");
        BinlogConnectorConfig config;
        try {
            config = new BinlogConnectorConfig(props);
            config.tls();
        } catch (RuntimeException e) {
            record(e);
            return List.of();
        }
        List<Delivery> out = new ArrayList<>();
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, position(), null)) {
            reader.start();
            if (records > 0) {
                LiveTlsServers.tls().awaitBinlogClients(1, Duration.ofSeconds(30));
                LiveTlsServers.tls().execute("INSERT INTO tls_secrets.t VALUES (" + System.nanoTime() % 1_000_000_000 + ")");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < records && System.nanoTime() < deadline) {
                reader.drain(out, 100, Duration.ofMillis(200));
            }
        } catch (RuntimeException e) {
            record(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.stream().map(Delivery::record).toList();
    }

    private static String position() {
        try (Connection connection = LiveTlsServers.tls().adminConnection()) {
            return ServerInfo.currentGtidPosition(connection, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        messages.append(trace).append('\n');
    }

    @Test
    void noPasswordAppearsInLogsOrErrorMessages() {
        MariaDbServer server = LiveTlsServers.tls();
        server.execute("CREATE DATABASE IF NOT EXISTS tls_secrets", "CREATE TABLE IF NOT EXISTS tls_secrets.t (id BIGINT PRIMARY KEY)");
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            Map<String, String> good = x509("verify_identity");
            validateAndStart(changed(good, p -> p.put("database.password", WRONG_DB_PASSWORD)));
            validateAndStart(changed(good, p -> p.put("database.ssl.truststore.password", WRONG_STORE_PASSWORD)));
            validateAndStart(changed(good, p -> p.put("database.ssl.keystore.password", WRONG_STORE_PASSWORD)));
            validateAndStart(changed(good, p -> p.put("database.ssl.truststore", LiveTlsServers.certificates().otherTrustStore().toString())));
            validateAndStart(changed(good, p -> {
                p.remove("database.ssl.keystore");
                p.remove("database.ssl.keystore.password");
            }));

            assertThat(read(changed(good, p -> p.put("database.password", WRONG_DB_PASSWORD)), 1)).isEmpty();
            assertThat(read(changed(good, p -> p.put("database.ssl.keystore.password", WRONG_STORE_PASSWORD)), 1)).isEmpty();
            // And one that works, with every password set: the heartbeat and the change arrive.
            assertThat(read(new HashMap<>(good), 2)).hasSize(2);
            logs = capture.text();
        }

        // What was captured is what the code under test said: its config dump, the reader's failures, the refusals.
        assertThat(logs).contains("database.ssl.keystore.password = [hidden]").contains("database.password = [hidden]")
                .contains("Access denied for user 'x509_user'");
        assertThat(messages).contains("database.ssl.keystore.password does not open").contains("is not signed by a CA")
                .contains("refused the login of 'x509_user'").contains("set database.ssl.keystore");
        for (String secret : List.of(LiveTlsServers.X509_PASSWORD, LiveTlsServers.SSL_PASSWORD, LiveTlsServers.STORE_PASSWORD,
                WRONG_DB_PASSWORD, WRONG_STORE_PASSWORD)) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(messages.toString()).as("error messages").doesNotContain(secret);
        }
    }
}
