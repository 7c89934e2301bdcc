package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.binlogstream.testkit.ConnectRestException;
import io.binlogstream.testkit.Stack;

/** An operator rewinds the connector over Connect's offsets REST API; a malformed offset is refused with what is expected. */
class AlterOffsetsIT {
    private static final String CONNECTOR = "rewind-cdc";
    private static final String TOPIC = "rewind.rewind.t";
    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    @Test
    void aGtidPositionSetOverRestIsWhereTheConnectorResumes() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE rewind", "CREATE TABLE rewind.t (id INT PRIMARY KEY)");
        stack.rest().createConnector(CONNECTOR, ConnectorConfigs.avro(stack, "rewind", "rewind"));
        stack.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        StoredOffsets.await(stack.rest(), CONNECTOR, null, Duration.ofMinutes(1));
        stack.mariaDb().execute("INSERT INTO rewind.t VALUES (1)");
        String afterFirst = stack.mariaDb().gtidBinlogPos();
        stack.mariaDb().execute("INSERT INTO rewind.t VALUES (2)", "INSERT INTO rewind.t VALUES (3)");
        List<DecodedChange> first = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), List.of(TOPIC), 3,
                Duration.ofMinutes(1));
        assertThat(first).hasSize(3);

        stack.rest().stop(CONNECTOR);
        ObjectMapper json = new ObjectMapper();
        JsonNode malformed = json.readTree("{\"offsets\":[{\"partition\":{\"server\":\"rewind\"},\"offset\":{\"v\":1,\"gtids\":\"0-1\"}}]}");
        assertThatThrownBy(() -> alterWhenStopped(malformed))
                .isInstanceOf(ConnectRestException.class).hasMessageContaining("'0-1' is neither");
        alterWhenStopped(json.readTree("{\"offsets\":[{\"partition\":{\"server\":\"rewind\"},\"offset\":{\"v\":1,\"gtids\":\""
                + afterFirst + "\"}}]}"));
        stack.rest().resume(CONNECTOR);

        List<DecodedChange> all = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), List.of(TOPIC), 5,
                Duration.ofMinutes(1));
        assertThat(all).hasSize(5);
        assertThat(all.subList(3, 5)).extracting(DecodedChange::eventId).as("rows 2 and 3 again, with their first ids")
                .containsExactly(first.get(1).eventId(), first.get(2).eventId());
        stack.rest().deleteConnector(CONNECTOR);
    }

    /** The offsets API needs the connector STOPPED, which the stop request does not wait for. */
    private static void alterWhenStopped(JsonNode offsets) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                stack.rest().alterOffsets(CONNECTOR, offsets);
                return;
            } catch (ConnectRestException e) {
                boolean notStoppedYet = e.status() == 400 && e.getMessage().contains("STOPPED");
                if (!notStoppedYet || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
