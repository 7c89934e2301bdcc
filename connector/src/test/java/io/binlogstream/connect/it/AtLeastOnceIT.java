package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The kill test without exactly-once (a worker with exactly.once.source.support disabled): delivery is at least
 * once. Through SIGKILLs of the worker nothing is missing, every duplicate carries the event id of its first
 * copy with the same content, and the first copies are in commit order.
 */
class AtLeastOnceIT {
    private static final String CONNECTOR = "alo-cdc";
    private static final String PREFIX = "alo";
    private static final String DATABASE = "alo";

    static Stack stack;
    static ConnectWorker worker;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        worker = SharedStack.extraWorker("alo", options -> options
                .workerSetting("exactly.once.source.support", "disabled")
                // Offsets stored seldom, so every kill loses some: the records after the last stored offset
                // come again, and the test sees real duplicates to check.
                .workerSetting("offset.flush.interval.ms", "10000"));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void nothingIsMissingAndDuplicatesKeepTheirEventIds() throws Exception {
        KillTest test = new KillTest(stack.mariaDb(), worker, DATABASE, CONNECTOR);
        test.createTables();
        Map<String, String> config = ConnectorConfigs.avro(stack, PREFIX, DATABASE);
        config.put("database.server.id", "7001");
        // Far below what the writer sends between kills, so poll() keeps waiting for Kafka's acknowledgements
        // (max.in.flight.records) across every kill and restart.
        config.put("max.in.flight.records", "50");
        worker.rest().createConnector(CONNECTOR, config);
        worker.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        StoredOffsets.await(worker.rest(), CONNECTOR, null, Duration.ofMinutes(3));

        long started = System.nanoTime();
        List<KillTest.Change> expected = test.writeWhileKilling();
        long tombstones = expected.stream().filter(c -> c.op().equals("d")).count();
        // Until every change and tombstone is there once: counting records would stop early, the duplicates counted too.
        long distinct = expected.size() + tombstones;
        List<DecodedChange> read = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), test.topics(PREFIX),
                changes -> changes.stream().map(DecodedChange::eventId).distinct().count() >= distinct, Duration.ofMinutes(KillTest.FULL ? 4 : 2));

        Map<String, DecodedChange> firstById = new LinkedHashMap<>();
        int duplicates = 0;
        for (DecodedChange change : read) {
            DecodedChange first = firstById.putIfAbsent(change.eventId(), change);
            if (first != null) {
                duplicates++;
                assertThat(change.topic()).isEqualTo(first.topic());
                assertThat(change.key()).isEqualTo(first.key());
                assertThat(change.value() == null ? null : change.after()).as("the duplicate of %s", change.eventId())
                        .isEqualTo(first.value() == null ? null : first.after());
                assertThat(change.op()).isEqualTo(first.op());
            }
        }
        System.err.printf("[it] at least once: %d row changes, %d kills, %d records read (%d duplicates) in %.1f s%n",
                expected.size(), KillTest.KILLS, read.size(), duplicates, (System.nanoTime() - started) / 1e9);
        assertThat(duplicates).as("the kills made the worker deliver some records twice (else nothing was tested)").isPositive();
        List<DecodedChange> changes = firstById.values().stream().filter(c -> c.value() != null).toList();
        assertThat(changes).as("every row change, once duplicates are dropped by event id").hasSize(expected.size());
        assertThat(firstById).as("and every tombstone").hasSize((int) (expected.size() + tombstones));
        KillTest.assertCommitOrder(expected, changes, PREFIX, DATABASE);
    }
}
