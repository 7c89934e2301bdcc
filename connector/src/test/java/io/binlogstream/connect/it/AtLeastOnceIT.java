package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.ConnectWorker;
import io.binlogstream.testkit.Stack;

/**
 * On a worker without exactly-once support delivery is at least once: after the worker is SIGKILLed mid-stream
 * nothing is missing, and every duplicate carries the event id of its first copy (with the same content).
 */
class AtLeastOnceIT {
    private static final String CONNECTOR = "alo-cdc";
    private static final int TRANSACTIONS = 60;
    private static final int ROWS_PER_TRANSACTION = 50;

    static Stack stack;
    static ConnectWorker worker;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        Path workDir = Files.createTempDirectory("binlogstream-alo-");
        worker = ConnectWorker.start(workDir, ConnectWorker.Options.defaults()
                .name("connect-alo")
                .groupId("binlogstream-alo")
                .bootstrapServers(stack.kafka().bootstrapServers())
                .pluginPath(SharedStack.pluginPath())
                .workerSetting("exactly.once.source.support", "disabled"));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void nothingIsMissingAndDuplicatesKeepTheirEventIds() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE alo", "CREATE TABLE alo.t (id INT PRIMARY KEY, v INT)");
        Map<String, String> config = ConnectorConfigs.avro(stack, "alo", "alo");
        config.put("database.server.id", "7001");
        worker.rest().createConnector(CONNECTOR, config);
        worker.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        StoredOffsets.await(worker.rest(), CONNECTOR, null, Duration.ofMinutes(3));

        int id = 0;
        try (Connection connection = stack.mariaDb().adminConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int t = 0; t < TRANSACTIONS; t++) {
                for (int r = 0; r < ROWS_PER_TRANSACTION; r++) {
                    statement.addBatch("INSERT INTO alo.t VALUES (" + (++id) + ", " + t + ")");
                }
                statement.executeBatch();
                connection.commit();
                if (t == TRANSACTIONS / 2) {
                    worker.kill();
                    worker.restart();
                }
            }
        }
        worker.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        int expected = TRANSACTIONS * ROWS_PER_TRANSACTION;

        List<DecodedChange> read = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(),
                List.of("alo.alo.t"), expected, Duration.ofMinutes(3));
        Map<String, DecodedChange> firstById = new LinkedHashMap<>();
        int duplicates = 0;
        for (DecodedChange change : read) {
            DecodedChange first = firstById.putIfAbsent(change.eventId(), change);
            if (first != null) {
                duplicates++;
                assertThat(change.key()).isEqualTo(first.key());
                assertThat(change.after()).isEqualTo(first.after());
            }
        }
        System.err.printf("[it] at least once: %d records read for %d changes, %d duplicates%n", read.size(), expected, duplicates);
        assertThat(firstById).as("every change, once its duplicates are dropped by event id").hasSize(expected);
        assertThat(firstById.values()).extracting(c -> c.key().getInt32("id"))
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, expected).boxed().toList());
    }
}
