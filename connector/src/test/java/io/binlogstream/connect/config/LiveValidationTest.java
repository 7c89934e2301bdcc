package io.binlogstream.connect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.BinlogSourceConnector;
import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.testkit.MariaDbServer;

/** validate() and the connector's preflight against real servers, one configured right and one not. */
class LiveValidationTest {

    @TempDir
    static Path workDir;
    static MariaDbServer good;
    static MariaDbServer misconfigured;

    @BeforeAll
    static void startServers() {
        good = MariaDbServer.start(workDir.resolve("good"));
        misconfigured = MariaDbServer.start(workDir.resolve("minimal"), MariaDbServer.Options.defaults()
                .setting("binlog_row_metadata", "MINIMAL")
                .setting("binlog_row_image", "MINIMAL"));
    }

    @AfterAll
    static void stopServers() {
        if (good != null) {
            good.close();
        }
        if (misconfigured != null) {
            misconfigured.close();
        }
    }

    private static Map<String, String> props(MariaDbServer server) {
        Map<String, String> props = LiveConfigs.props(server, "validation-test");
        props.put("topic.prefix", "v");
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new BinlogSourceConnector().validate(props).configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void aWellConfiguredServerValidatesWithoutErrors() {
        assertThat(errors(props(good))).allSatisfy((key, messages) -> assertThat(messages).as(key).isEmpty());
    }

    @Test
    void aServerWithMinimalRowMetadataIsRefusedNamingTheSettings() {
        Map<String, List<String>> errors = errors(props(misconfigured));
        assertThat(errors.get("database.hostname"))
                .anySatisfy(m -> assertThat(m).contains("binlog_row_metadata is 'MINIMAL' but must be FULL"))
                .anySatisfy(m -> assertThat(m).contains("binlog_row_image is 'MINIMAL' but must be FULL"));
        BinlogSourceConnector connector = new BinlogSourceConnector();
        assertThatThrownBy(() -> connector.start(props(misconfigured)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("binlog_row_metadata is 'MINIMAL' but must be FULL");
    }

    @Test
    void aRefusedLoginIsReportedOnTheUserAndPassword() {
        Map<String, String> props = props(good);
        props.put("database.password", "wrong");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get("database.password")).singleElement().asString().contains("refused the login of 'binlogstream'");
        assertThat(errors.get("database.user")).isNotEmpty();
        assertThat(errors.get("database.hostname")).isEmpty();
    }

    @Test
    void aClosedPortIsReportedOnHostAndPort() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> props = props(good);
        props.put("database.port", Integer.toString(closed));
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get("database.port")).singleElement().asString().contains("Cannot reach a server at 127.0.0.1:" + closed);
    }

    @Test
    void aServerIdThatARegisteredReplicaUsesIsRefused() throws Exception {
        try (MariaDbServer replica = MariaDbServer.start(workDir.resolve("replica"), MariaDbServer.Options.defaults().serverId(4242))) {
            replica.execute("CHANGE MASTER TO MASTER_HOST='" + good.host() + "', MASTER_PORT=" + good.port()
                            + ", MASTER_USER='" + good.adminUser() + "', MASTER_PASSWORD='" + good.adminPassword()
                            + "', MASTER_USE_GTID=slave_pos, MASTER_SSL=0",
                    "START SLAVE");
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (good.query("SHOW SLAVE HOSTS").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(good.query("SHOW SLAVE HOSTS")).as("the replica registered; its status: %s",
                    replica.query("SHOW SLAVE STATUS")).isNotEmpty();

            Map<String, String> props = props(good);
            props.put("database.server.id", "4242");
            assertThat(errors(props).get("database.server.id")).singleElement().asString()
                    .contains("database.server.id 4242 is already used by the replica");
            props.put("database.server.id", "4243");
            assertThat(errors(props).get("database.server.id")).isEmpty();

            // As a failover candidate the replica must binlog what it replicates, or it could not serve the offset.
            props.put("database.hostname", good.host() + ":" + good.port() + "," + replica.host() + ":" + replica.port());
            assertThat(errors(props).get("database.hostname")).singleElement().asString()
                    .startsWith("Server " + replica.host() + ":" + replica.port() + ": ")
                    .contains("log_slave_updates is 'OFF' but must be ON, because this server is a replica");
            replica.execute("STOP SLAVE");
        }
    }

    @Test
    void everyServerOfAFailoverListIsChecked() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> props = props(good);
        props.put("database.hostname", good.host() + "," + good.host() + ":" + closed);
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get("database.hostname")).singleElement().asString()
                .contains("Cannot reach a server at 127.0.0.1:" + closed);
        assertThat(errors.get("database.port")).as("the unreachable server names its own port").isEmpty();

        props.put("database.hostname", good.host() + ",no-such-host.invalid:3306");
        assertThat(errors(props).get("database.hostname")).singleElement().asString()
                .contains("Unknown host 'no-such-host.invalid'");
    }

    @Test
    void theServersOwnServerIdIsRefused() {
        Map<String, String> props = props(good);
        props.put("database.server.id", good.globalVariable("server_id"));
        assertThat(errors(props).get("database.server.id")).singleElement().asString()
                .contains("is the server's own server_id");
    }
}
