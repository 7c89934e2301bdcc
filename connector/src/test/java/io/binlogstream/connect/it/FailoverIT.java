package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.Stack;

/**
 * Failover across database.hostname on real MariaDB GTID replication: when the primary stops, the task moves
 * mid-stream to the replica, which holds every delivered transaction, and goes on after the replica is
 * promoted, losing and duplicating nothing. When the promoted replica stops in turn, the old primary, which
 * lacks the transactions written since, is refused with the missing GTIDs named in the task's status.
 */
class FailoverIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CONNECTOR = "failover-cdc";
    private static final String TOPIC = "failover.failover.t";
    private static final long RECONNECT_TIMEOUT_MS = 15_000;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    @Test
    void movesToAReplicaThatHoldsTheOffsetAndRefusesAServerThatLacksIt() throws Exception {
        Path dir = Files.createTempDirectory("binlogstream-failover-");
        try (MariaDbServer primary = MariaDbServer.start(dir.resolve("primary"), MariaDbServer.Options.defaults().serverId(1));
             MariaDbServer replica = MariaDbServer.start(dir.resolve("replica"),
                     MariaDbServer.Options.defaults().serverId(2).setting("log_slave_updates", "ON"))) {
            replica.replicateFrom(primary);
            primary.execute("CREATE DATABASE failover", "CREATE TABLE failover.t (id INT PRIMARY KEY, origin VARCHAR(10) NOT NULL)");
            replica.awaitReplicated(primary.gtidBinlogPos(), TIMEOUT);

            Map<String, String> config = ConnectorConfigs.avro(stack, "failover", "failover");
            config.put("database.hostname", primary.host() + ":" + primary.port() + "," + replica.host() + ":" + replica.port());
            config.put("database.port", Integer.toString(primary.port()));
            config.put("database.connect.timeout.ms", "2000");
            config.put("snapshot.mode", "no_data"); // counts change records exactly; snapshots have their own tests
            config.put("reconnect.timeout.ms", Long.toString(RECONNECT_TIMEOUT_MS));
            config.put("reconnect.backoff.max.ms", "1000");
            stack.rest().createConnector(CONNECTOR, config);
            stack.rest().awaitConnectorRunning(CONNECTOR, TIMEOUT);
            primary.awaitBinlogClients(2, TIMEOUT); // the replica's IO thread and the connector

            insert(primary, 1, 20, "primary");
            for (int first = 21; first <= 40; first += 5) {
                primary.execute(insertStatement(first, first + 4, "primary"));
            }
            replica.awaitReplicated(primary.gtidBinlogPos(), TIMEOUT);
            long stoppedAt = System.nanoTime();
            primary.stop();
            replica.execute("STOP SLAVE"); // promoted: it takes the writes now
            insert(replica, 41, 60, "replica");
            replica.awaitBinlogClients(1, TIMEOUT);

            List<DecodedChange> changes = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(),
                    List.of(TOPIC), 60, TIMEOUT);
            double failoverSeconds = (System.nanoTime() - stoppedAt) / 1e9;
            Map<Integer, Integer> copies = new TreeMap<>();
            for (DecodedChange change : changes) {
                int id = change.after().getInt32("id");
                copies.merge(id, 1, Integer::sum);
                assertThat(change.after().getString("origin")).isEqualTo(id <= 40 ? "primary" : "replica");
            }
            assertThat(copies.keySet()).as("every row, from both servers").containsExactlyElementsOf(range(1, 60));
            assertThat(copies.values()).as("each exactly once").allMatch(n -> n == 1);
            System.err.printf("[it] failover: 60 changes (40 before the primary stopped, 20 on the promoted replica), "
                    + "0 missing, 0 duplicated; all read back %.1f s after the primary stopped%n", failoverSeconds);

            // The old primary comes back without the promoted replica's transactions: it must not be read from.
            String delivered = replica.gtidBinlogPos();
            primary.restart();
            String stale = primary.gtidBinlogPos();
            replica.stop();
            String trace = stack.rest().awaitTaskFailed(CONNECTOR, Duration.ofMillis(RECONNECT_TIMEOUT_MS).plus(TIMEOUT));
            assertThat(trace).contains("reconnect.timeout.ms")
                    .contains(replica.host() + ":" + replica.port() + " (cannot connect")
                    .contains(primary.host() + ":" + primary.port() + " (the server lacks transactions the connector already delivered")
                    .contains("this server is at " + stale + ", the offset needs " + delivered)
                    .contains("missing: sequence numbers " + (sequence(stale) + 1) + " to " + sequence(delivered));
            stack.rest().deleteConnector(CONNECTOR);
        }
    }

    private static void insert(MariaDbServer server, int first, int last, String origin) {
        for (int id = first; id <= last; id++) {
            server.execute(insertStatement(id, id, origin));
        }
    }

    private static String insertStatement(int first, int last, String origin) {
        StringBuilder sql = new StringBuilder("INSERT INTO failover.t VALUES ");
        for (int id = first; id <= last; id++) {
            sql.append(id == first ? "" : ", ").append('(').append(id).append(", '").append(origin).append("')");
        }
        return sql.toString();
    }

    /** The sequence number of a one-domain MariaDB position {@code 0-server-seq}. */
    private static long sequence(String position) {
        return Long.parseLong(position.substring(position.lastIndexOf('-') + 1));
    }

    private static List<Integer> range(int first, int last) {
        return java.util.stream.IntStream.rangeClosed(first, last).boxed().toList();
    }
}
