package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.ConnectWorker;
import io.binlogstream.testkit.Stack;

/**
 * One very large database transaction through a worker with a 512 MB heap and exactly-once: streamed, never
 * held whole in memory, split into Kafka transactions at {@code transaction.split.records}, delivered once.
 * Full size ({@code -Pfull}) is the 500,000 rows; CI runs 60,000.
 */
class BigTransactionIT {
    private static final boolean FULL = "full".equals(System.getProperty("binlogstream.scale"));
    private static final int ROWS = FULL ? 500_000 : 60_000;
    private static final int SPLIT = FULL ? 200_000 : 25_000;
    private static final String CONNECTOR = "big-cdc";

    static Stack stack;
    static ConnectWorker worker;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        worker = SharedStack.extraWorker("big", options -> options.jvmArgs(List.of("-Xms128m", "-Xmx512m")));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void aHugeTransactionIsDeliveredOnceInSplitParts() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE big", "CREATE TABLE big.t (id INT PRIMARY KEY, payload VARCHAR(100))");
        Map<String, String> config = ConnectorConfigs.avro(stack, "big", "big");
        config.put("database.server.id", "7002");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "connector");
        config.put("transaction.split.records", Integer.toString(SPLIT));
        worker.rest().createConnector(CONNECTOR, config);
        worker.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        StoredOffsets.await(worker.rest(), CONNECTOR, null, Duration.ofMinutes(1));

        long started = System.nanoTime();
        // One statement, one transaction; MariaDB's sequence engine supplies the rows.
        stack.mariaDb().execute("USE big", "INSERT INTO big.t SELECT seq, CONCAT('row ', seq, ' ', REPEAT('x', 60)) FROM seq_1_to_" + ROWS);
        System.err.printf("[it] %d-row transaction committed in %.1f s%n", ROWS, (System.nanoTime() - started) / 1e9);

        List<DecodedChange> read = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(),
                List.of("big.big.t"), ROWS, Duration.ofMinutes(FULL ? 10 : 3));
        System.err.printf("[it] %d records read back %.1f s after the commit; worker pid %d alive: %s%n", read.size(),
                (System.nanoTime() - started) / 1e9, worker.pid(), worker.isAlive());

        assertThat(worker.isAlive()).as("the 512 MB worker survived").isTrue();
        assertThat(worker.rest().connectorStatus(CONNECTOR).path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        Set<String> ids = new HashSet<>();
        read.forEach(change -> assertThat(ids.add(change.eventId())).as("duplicate %s", change.eventId()).isTrue());
        assertThat(read).hasSize(ROWS);
        assertThat(read).extracting(c -> c.key().getInt32("id"))
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, ROWS).boxed().toList());
        assertThat(read.get(ROWS - 1).transactionEnd()).isEqualTo(Integer.toString(ROWS));
        // Split after every SPLIT records (at row boundaries), the parts marked on their last record.
        assertThat(read.stream().filter(DecodedChange::splitHere).map(c -> c.key().getInt32("id")).toList())
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, (ROWS - 1) / SPLIT).map(i -> i * SPLIT).boxed().toList());
    }
}
