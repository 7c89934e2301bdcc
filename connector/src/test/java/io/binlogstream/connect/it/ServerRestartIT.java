package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.Stack;

/**
 * MariaDB restarted twice mid-stream, once cleanly and once by SIGKILL (crash recovery), while the connector
 * streams through a real Connect worker with exactly-once: a read_committed consumer sees every change once.
 */
class ServerRestartIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String CONNECTOR = "restart-cdc";
    private static final String TOPIC = "restart.restart.t";
    private static final int TRANSACTIONS = 60;
    private static final int ROWS = 50;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    @Test
    void restartsOfTheServerLoseAndDuplicateNothing() throws Exception {
        Path dir = Files.createTempDirectory("binlogstream-restart-");
        try (MariaDbServer server = MariaDbServer.start(dir.resolve("mariadb"))) {
            server.execute("CREATE DATABASE restart", "CREATE TABLE restart.t (id INT PRIMARY KEY, txn INT NOT NULL)");
            Map<String, String> config = ConnectorConfigs.avro(stack, "restart", "restart");
            config.put("database.hostname", server.host());
            config.put("database.port", Integer.toString(server.port()));
            config.put("exactly.once.support", "required");
            config.put("transaction.boundary", "connector");
            config.put("reconnect.backoff.max.ms", "1000");
            stack.rest().createConnector(CONNECTOR, config);
            stack.rest().awaitConnectorRunning(CONNECTOR, TIMEOUT);
            server.awaitBinlogClients(1, TIMEOUT);
            StoredOffsets.await(stack.rest(), CONNECTOR, null, TIMEOUT);

            long started = System.nanoTime();
            int id = 0;
            for (int t = 1; t <= TRANSACTIONS; t++) {
                write(server, id, t);
                id += ROWS;
                if (t == TRANSACTIONS / 3) {
                    server.restart();
                } else if (t == 2 * TRANSACTIONS / 3) {
                    server.kill();
                    server.restart();
                }
            }
            int expected = TRANSACTIONS * ROWS;
            List<DecodedChange> read = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(),
                    List.of(TOPIC), expected, TIMEOUT);
            Map<Integer, Integer> copies = new TreeMap<>();
            read.forEach(change -> copies.merge(change.key().getInt32("id"), 1, Integer::sum));
            System.err.printf("[it] server restart: %d changes in %d transactions, 1 clean restart and 1 SIGKILL of MariaDB; "
                    + "%d records read, %d distinct, in %.1f s%n", expected, TRANSACTIONS, read.size(), copies.size(),
                    (System.nanoTime() - started) / 1e9);
            assertThat(copies.keySet()).as("every change").hasSize(expected);
            assertThat(copies.values()).as("each once").allMatch(n -> n == 1);
            assertThat(stack.rest().connectorStatus(CONNECTOR).path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
            stack.rest().deleteConnector(CONNECTOR);
        }
    }

    private static void write(MariaDbServer server, int firstId, int transaction) throws Exception {
        try (Connection connection = server.adminConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int r = 1; r <= ROWS; r++) {
                statement.addBatch("INSERT INTO restart.t VALUES (" + (firstId + r) + ", " + transaction + ")");
            }
            statement.executeBatch();
            connection.commit();
        }
    }
}
