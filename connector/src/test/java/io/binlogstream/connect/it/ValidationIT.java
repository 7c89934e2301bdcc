package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.ConnectRestException;
import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.Stack;

/**
 * Connect's own validation endpoint, {@code PUT /connector-plugins/{plugin}/config/validate}, and the
 * preflight a created connector runs, on the real worker with the packaged plugin.
 */
class ValidationIT {
    private static final String PLUGIN = "BinlogSourceConnector";

    @TempDir
    static Path workDir;
    static Stack stack;
    static MariaDbServer minimalMetadata;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
        minimalMetadata = MariaDbServer.start(workDir.resolve("minimal"),
                MariaDbServer.Options.defaults().setting("binlog_row_metadata", "MINIMAL"));
    }

    @AfterAll
    static void stop() {
        if (minimalMetadata != null) {
            minimalMetadata.close();
        }
    }

    private static Map<String, String> config(MariaDbServer server) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.binlogstream.connect.BinlogSourceConnector");
        config.put("name", "validated");
        config.put("database.hostname", server.host());
        config.put("database.port", Integer.toString(server.port()));
        config.put("database.user", server.connectorUser());
        config.put("database.password", server.connectorPassword());
        config.put("topic.prefix", "validated");
        return config;
    }

    /** The error messages Connect's validate endpoint reports per key. */
    private static Map<String, List<String>> errors(Map<String, String> config) {
        JsonNode answer = stack.worker(0).rest().validate(PLUGIN, config);
        Map<String, List<String>> errors = new HashMap<>();
        for (JsonNode entry : answer.path("configs")) {
            JsonNode value = entry.path("value");
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(m -> messages.add(m.asText()));
            errors.put(value.path("name").asText(), messages);
        }
        assertThat(answer.path("error_count").asInt()).isEqualTo(errors.values().stream().mapToInt(List::size).sum());
        return errors;
    }

    @Test
    void aGoodConfigValidatesWithoutErrors() {
        Map<String, List<String>> errors = errors(config(stack.mariaDb()));
        assertThat(errors).allSatisfy((key, messages) -> assertThat(messages).as(key).isEmpty());
    }

    @Test
    void badPortUnknownServerAndMissingPrefixAreEachReportedOnTheirKey() {
        Map<String, String> badPort = config(stack.mariaDb());
        badPort.put("database.port", "99999");
        assertThat(errors(badPort).get("database.port")).singleElement().asString().contains("99999");

        Map<String, String> unknownServer = config(stack.mariaDb());
        unknownServer.put("database.hostname", "no-such-server.invalid");
        assertThat(errors(unknownServer).get("database.hostname")).singleElement().asString()
                .contains("Unknown host 'no-such-server.invalid'");

        Map<String, String> noPrefix = config(stack.mariaDb());
        noPrefix.remove("topic.prefix");
        assertThat(errors(noPrefix).get("topic.prefix")).isNotEmpty().allSatisfy(m -> assertThat(m).contains("topic.prefix"));

        Map<String, String> allThree = config(stack.mariaDb());
        allThree.put("database.port", "0");
        allThree.put("database.hostname", "no-such-server.invalid");
        allThree.remove("topic.prefix");
        Map<String, List<String>> errors = errors(allThree);
        assertThat(errors.get("database.port")).isNotEmpty();
        assertThat(errors.get("database.hostname")).isNotEmpty();
        assertThat(errors.get("topic.prefix")).isNotEmpty();
    }

    @Test
    void aServerWithMinimalRowMetadataIsRefusedNamingTheSetting() {
        assertThat(errors(config(minimalMetadata)).get("database.hostname"))
                .anySatisfy(m -> assertThat(m).contains("binlog_row_metadata is 'MINIMAL' but must be FULL"));

        // Connect runs the same validation when a connector is created, so the server is refused up front.
        Map<String, String> config = config(minimalMetadata);
        config.remove("name");
        assertThatThrownBy(() -> stack.worker(0).rest().createConnector("minimal-metadata", config))
                .isInstanceOf(ConnectRestException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("binlog_row_metadata is 'MINIMAL' but must be FULL");
    }
}
