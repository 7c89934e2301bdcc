package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.Stack;

/**
 * The kill test with exactly-once: connector-defined transaction boundaries on a worker with exactly-once
 * support. Through SIGKILLs of the worker, a read_committed consumer sees every row change once, every
 * database transaction whole, and each table's changes in commit order.
 */
class ExactlyOnceIT {
    private static final String CONNECTOR = "eos-cdc";
    private static final String PREFIX = "eos";
    private static final String DATABASE = "eos";

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    @Test
    void everyChangeOnceAndEveryTransactionWholeThroughWorkerKills() throws Exception {
        KillTest test = new KillTest(stack.mariaDb(), stack.worker(0), DATABASE, CONNECTOR);
        test.createTables();
        Map<String, String> config = ConnectorConfigs.avro(stack, PREFIX, DATABASE);
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "connector");
        stack.rest().createConnector(CONNECTOR, config);
        stack.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        stack.mariaDb().awaitBinlogClients(1, Duration.ofMinutes(1));
        // Kills during streaming are the subject here; a task killed before it stored its very first position
        // restarts from the server's position at that later time (see the README's "First start").
        StoredOffsets.await(stack.rest(), CONNECTOR, null, Duration.ofMinutes(1));

        long started = System.nanoTime();
        List<KillTest.Change> expected = test.writeWhileKilling();
        long tombstones = expected.stream().filter(c -> c.op().equals("d")).count();
        List<String> topics = test.topics(PREFIX);
        List<DecodedChange> read = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), topics,
                (int) (expected.size() + tombstones), Duration.ofMinutes(KillTest.FULL ? 4 : 2));
        System.err.printf("[it] exactly once: read back %d records in %.1f s after the start%n", read.size(),
                (System.nanoTime() - started) / 1e9);
        if (read.size() < expected.size()) {
            test.diagnose(stack.kafka(), topics);
        }

        Set<String> ids = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (DecodedChange change : read) {
            if (!ids.add(change.eventId())) {
                duplicates.add(change.eventId());
            }
        }
        assertThat(duplicates).as("no record twice").isEmpty();
        List<DecodedChange> changes = read.stream().filter(c -> c.value() != null).toList();
        assertThat(changes).as("every row change").hasSize(expected.size());
        KillTest.assertCommitOrder(expected, changes, PREFIX, DATABASE);
        assertWholeTransactions(read);
    }

    /**
     * Each database transaction arrives whole: its records (all tables together) number what its end mark says,
     * and none is missing where the mark is.
     */
    private static void assertWholeTransactions(List<DecodedChange> read) {
        Map<String, Integer> changesPerTransaction = new LinkedHashMap<>();
        Map<String, Integer> announced = new HashMap<>();
        for (DecodedChange change : read) {
            String gtid = change.eventId().substring(0, change.eventId().indexOf('/'));
            if (change.value() != null) {
                changesPerTransaction.merge(gtid, 1, Integer::sum);
            }
            if (change.transactionEnd() != null) {
                announced.put(gtid, Integer.parseInt(change.transactionEnd()));
            }
        }
        assertThat(announced.keySet()).as("every transaction has its end mark").isEqualTo(changesPerTransaction.keySet());
        changesPerTransaction.forEach((gtid, count) -> assertThat(count).as("changes of %s", gtid).isEqualTo(announced.get(gtid)));
    }
}
