package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.Stack;

/**
 * The kill test: while a writer commits transactions of 1 to N row changes on several tables, the Connect
 * worker is killed with SIGKILL at random moments and restarted. With exactly-once and connector-defined
 * transaction boundaries, a read_committed consumer sees every row change once, every database transaction
 * whole, and each table's changes in commit order. Size from {@code binlogstream.scale}: CI runs a reduced
 * version, {@code -Pfull} the 50,000 changes and 5 kills.
 */
class ExactlyOnceIT {
    private static final boolean FULL = "full".equals(System.getProperty("binlogstream.scale"));
    private static final int CHANGES = FULL ? 50_000 : 4_000;
    private static final int KILLS = FULL ? 5 : 2;
    private static final int MAX_TRANSACTION = FULL ? 5_000 : 500;
    private static final List<String> TABLES = List.of("accounts", "orders", "events");
    private static final String CONNECTOR = "eos-cdc";

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    /** One expected change: table, op and key, in commit order. */
    private record Change(String table, String op, int id) {
    }

    @Test
    void everyChangeOnceAndEveryTransactionWholeThroughWorkerKills() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE eos");
        for (String table : TABLES) {
            stack.mariaDb().execute("CREATE TABLE eos." + table + " (id INT PRIMARY KEY, v INT NOT NULL, note VARCHAR(40))");
        }
        Map<String, String> config = ConnectorConfigs.avro(stack, "eos", "eos");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "connector");
        stack.rest().createConnector(CONNECTOR, config);
        stack.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        stack.mariaDb().awaitBinlogClients(1, Duration.ofMinutes(1));
        // Kills during streaming are the subject here; a task killed before it stored its very first position
        // restarts from the server's position at that later time (see the README's "First start").
        StoredOffsets.await(stack.rest(), CONNECTOR, null, Duration.ofMinutes(1));

        long started = System.nanoTime();
        List<Change> expected = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread killer = new Thread(() -> killAndRestart(writing), "killer");
        killer.start();
        write(expected);
        writing.set(false);
        killer.join();
        stack.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        System.err.printf("[it] wrote %d row changes in %.1f s with %d worker kills%n", expected.size(),
                (System.nanoTime() - started) / 1e9, KILLS);

        System.err.println("[it] connector status after the writer: " + stack.rest().connectorStatus(CONNECTOR));
        long tombstones = expected.stream().filter(c -> c.op().equals("d")).count();
        List<String> topics = TABLES.stream().map(t -> "eos.eos." + t).toList();
        List<DecodedChange> read = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), topics,
                (int) (expected.size() + tombstones), Duration.ofMinutes(FULL ? 4 : 2));
        System.err.printf("[it] read back %d records in %.1f s after the start%n", read.size(), (System.nanoTime() - started) / 1e9);
        if (read.size() < expected.size()) {
            diagnose(topics);
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
        for (String table : TABLES) {
            List<Change> expectedOfTable = expected.stream().filter(c -> c.table().equals(table)).toList();
            List<Change> readOfTable = changes.stream().filter(c -> c.topic().equals("eos.eos." + table))
                    .map(c -> new Change(table, c.op(), c.key().getInt32("id"))).toList();
            assertThat(readOfTable).as("%s in commit order", table).isEqualTo(expectedOfTable);
        }
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

    /** Transactions of 1..MAX_TRANSACTION single-row statements: inserts of new keys, updates and deletes of live ones. */
    private static void write(List<Change> expected) throws Exception {
        Random random = new Random(42);
        Map<String, List<Integer>> live = new HashMap<>();
        TABLES.forEach(t -> live.put(t, new ArrayList<>()));
        int nextId = 1;
        try (Connection connection = stack.mariaDb().adminConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            while (expected.size() < CHANGES) {
                int size = 1 + random.nextInt(Math.min(MAX_TRANSACTION, CHANGES - expected.size()));
                List<Change> transaction = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    String table = TABLES.get(random.nextInt(TABLES.size()));
                    List<Integer> keys = live.get(table);
                    int dice = random.nextInt(10);
                    if (keys.isEmpty() || dice < 6) {
                        int id = nextId++;
                        statement.addBatch("INSERT INTO eos." + table + " VALUES (" + id + ", 0, 'new')");
                        keys.add(id);
                        transaction.add(new Change(table, "c", id));
                    } else if (dice < 9) {
                        int id = keys.get(random.nextInt(keys.size()));
                        statement.addBatch("UPDATE eos." + table + " SET v = v + 1 WHERE id = " + id);
                        transaction.add(new Change(table, "u", id));
                    } else {
                        int id = keys.remove(random.nextInt(keys.size()));
                        statement.addBatch("DELETE FROM eos." + table + " WHERE id = " + id);
                        transaction.add(new Change(table, "d", id));
                    }
                }
                statement.executeBatch();
                connection.commit();
                expected.addAll(transaction);
            }
        }
    }

    private static void awaitFreshBinlogClient() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            long young = stack.mariaDb().query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST "
                    + "WHERE COMMAND LIKE 'Binlog Dump%' AND TIME < 3").stream()
                    .mapToLong(row -> ((Number) row.get("n")).longValue()).sum();
            if (young > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the restarted task did not connect to the binlog within 2 minutes");
    }

    /** What a stuck read_committed consumer needs explained: open transactions and end offsets. */
    private static void diagnose(List<String> topics) {
        try (org.apache.kafka.clients.admin.Admin admin = stack.kafka().admin()) {
            System.err.println("[it] status: " + stack.rest().connectorStatus(CONNECTOR));
            for (var listing : admin.listTransactions().all().get()) {
                System.err.println("[it] transaction " + listing);
                System.err.println("[it]   " + admin.describeTransactions(List.of(listing.transactionalId())).all().get());
            }
            var partitions = topics.stream().map(t -> new org.apache.kafka.common.TopicPartition(t, 0)).toList();
            var request = new HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
            partitions.forEach(p -> request.put(p, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            System.err.println("[it] end offsets " + admin.listOffsets(request).all().get());
            System.err.println("[it] committed end offsets " + admin.listOffsets(request,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get());
        } catch (Exception e) {
            System.err.println("[it] diagnosis failed: " + e);
        }
    }

    /** SIGKILLs the worker KILLS times at random moments while the writer runs, restarting it each time. */
    private static void killAndRestart(AtomicBoolean writing) {
        Random random = new Random(7);
        try {
            for (int kill = 0; kill < KILLS; kill++) {
                Thread.sleep(500 + random.nextInt(FULL ? 4000 : 1500));
                stack.worker(0).kill();
                stack.worker(0).restart();
                stack.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
                // The status topic can still say RUNNING from before the kill: wait for the task's own
                // binlog connection, so every kill hits a streaming task.
                awaitFreshBinlogClient();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
