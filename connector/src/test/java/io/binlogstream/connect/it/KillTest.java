package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.binlogstream.testkit.ConnectWorker;
import io.binlogstream.testkit.KafkaBroker;
import io.binlogstream.testkit.MariaDbServer;

/**
 * The kill test's workload, shared by the exactly-once and the at-least-once runs: a writer commits
 * transactions of 1 to N single-row inserts, updates and deletes on several tables while another thread
 * SIGKILLs the Connect worker at random moments and restarts it. Size from {@code binlogstream.scale}: CI runs
 * a reduced version, {@code -Pfull} the 50,000 changes and 5 kills.
 */
final class KillTest {
    static final boolean FULL = "full".equals(System.getProperty("binlogstream.scale"));
    static final int CHANGES = FULL ? 50_000 : 4_000;
    static final int KILLS = FULL ? 5 : 2;
    static final int MAX_TRANSACTION = FULL ? 5_000 : 500;
    static final List<String> TABLES = List.of("accounts", "orders", "events");
    /**
     * How long the writer spreads its transactions over: long enough that every kill (a worker restart takes
     * several seconds) lands while it still commits, since a writer left unpaced is done in about a second.
     */
    static final Duration WRITE_TIME = Duration.ofSeconds(FULL ? 75 : 25);

    /** One expected change: table, op and key, in commit order. */
    record Change(String table, String op, int id) {
    }

    private final MariaDbServer db;
    private final ConnectWorker worker;
    private final String database;
    private final String connector;
    private final java.util.concurrent.atomic.AtomicInteger killed = new java.util.concurrent.atomic.AtomicInteger();

    KillTest(MariaDbServer db, ConnectWorker worker, String database, String connector) {
        this.db = db;
        this.worker = worker;
        this.database = database;
        this.connector = connector;
    }

    void createTables() {
        db.execute("CREATE DATABASE " + database);
        for (String table : TABLES) {
            db.execute("CREATE TABLE " + database + "." + table + " (id INT PRIMARY KEY, v INT NOT NULL, note VARCHAR(40))");
        }
    }

    List<String> topics(String prefix) {
        return TABLES.stream().map(t -> prefix + "." + database + "." + t).toList();
    }

    /** Writes at least {@link #CHANGES} row changes while killing the worker {@link #KILLS} times; returns them in commit order. */
    List<Change> writeWhileKilling() throws Exception {
        long started = System.nanoTime();
        List<Change> expected = new ArrayList<>();
        Thread killer = new Thread(this::killAndRestart, "killer");
        killer.start();
        try {
            write(expected, killer);
        } finally {
            killer.join();
        }
        worker.rest().awaitConnectorRunning(connector, Duration.ofMinutes(2));
        System.err.printf("[it] wrote %d row changes in %d transactions in %.1f s; the worker was killed %d times meanwhile%n",
                expected.size(), transactions, (System.nanoTime() - started) / 1e9, killed.get());
        return expected;
    }

    /** The changes a table's topic must show, in commit order, next to the ones it shows. */
    static void assertCommitOrder(List<Change> expected, List<DecodedChange> changes, String prefix, String database) {
        for (String table : TABLES) {
            List<Change> expectedOfTable = expected.stream().filter(c -> c.table().equals(table)).toList();
            List<Change> readOfTable = changes.stream().filter(c -> c.topic().equals(prefix + "." + database + "." + table))
                    .map(c -> new Change(table, c.op(), c.key().getInt32("id"))).toList();
            assertThat(readOfTable).as("%s in commit order", table).isEqualTo(expectedOfTable);
        }
    }

    private int transactions;

    /** Writes at least {@link #CHANGES} changes, paced over {@link #WRITE_TIME}, and goes on while the killer works. */
    private void write(List<Change> expected, Thread killer) throws Exception {
        Random random = new Random(42);
        double expectedTransactions = CHANGES / ((MAX_TRANSACTION + 1) / 2.0);
        long pauseMs = (long) (WRITE_TIME.toMillis() / expectedTransactions);
        Map<String, List<Integer>> live = new HashMap<>();
        TABLES.forEach(t -> live.put(t, new ArrayList<>()));
        int nextId = 1;
        try (Connection connection = db.adminConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            while (expected.size() < CHANGES || killer.isAlive()) {
                int size = 1 + random.nextInt(Math.max(1, Math.min(MAX_TRANSACTION, CHANGES - expected.size())));
                List<Change> transaction = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    String table = TABLES.get(random.nextInt(TABLES.size()));
                    List<Integer> keys = live.get(table);
                    int dice = random.nextInt(10);
                    String qualified = database + "." + table;
                    if (keys.isEmpty() || dice < 6) {
                        int id = nextId++;
                        statement.addBatch("INSERT INTO " + qualified + " VALUES (" + id + ", 0, 'new')");
                        keys.add(id);
                        transaction.add(new Change(table, "c", id));
                    } else if (dice < 9) {
                        int id = keys.get(random.nextInt(keys.size()));
                        statement.addBatch("UPDATE " + qualified + " SET v = v + 1 WHERE id = " + id);
                        transaction.add(new Change(table, "u", id));
                    } else {
                        int id = keys.remove(random.nextInt(keys.size()));
                        statement.addBatch("DELETE FROM " + qualified + " WHERE id = " + id);
                        transaction.add(new Change(table, "d", id));
                    }
                }
                statement.executeBatch();
                connection.commit();
                expected.addAll(transaction);
                transactions++;
                Thread.sleep(pauseMs);
            }
        }
    }

    /** SIGKILLs the worker KILLS times at random moments while the writer runs, restarting it each time. */
    private void killAndRestart() {
        Random random = new Random(7);
        try {
            long slot = WRITE_TIME.toMillis() / KILLS;
            for (int kill = 0; kill < KILLS; kill++) {
                // A random moment in this kill's share of the writing time, less the restart before it.
                Thread.sleep(500 + random.nextInt((int) Math.max(1, slot / 2)));
                killAndRestart(db, worker, connector, () -> { });
                killed.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILLs the worker, runs {@code whileDown} while it is dead, restarts it and waits until the connector's task
     * streams again (its own new binlog connection), so that a next kill hits a working task.
     */
    static void killAndRestart(MariaDbServer db, ConnectWorker worker, String connector, Runnable whileDown) throws InterruptedException {
        long newestConnection = newestConnectionId(db);
        worker.kill();
        whileDown.run();
        worker.restart();
        worker.rest().awaitConnectorRunning(connector, Duration.ofMinutes(2));
        // The status topic can still say RUNNING from before the kill: wait for the task's own
        // binlog connection, so every kill hits a streaming task.
        awaitBinlogClientNewerThan(db, newestConnection);
    }

    private static long newestConnectionId(MariaDbServer db) {
        Object id = db.query("SELECT MAX(ID) AS id FROM information_schema.PROCESSLIST").get(0).get("id");
        return ((Number) id).longValue();
    }

    /**
     * Connection ids only grow, so a dump thread newer than the kill is the restarted task's; the killed one's
     * can linger until the server notices its peer is gone.
     */
    private static void awaitBinlogClientNewerThan(MariaDbServer db, long connectionId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            long fresh = db.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST "
                    + "WHERE COMMAND LIKE 'Binlog Dump%' AND ID > " + connectionId).stream()
                    .mapToLong(row -> ((Number) row.get("n")).longValue()).sum();
            if (fresh > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the restarted task did not connect to the binlog within 2 minutes");
    }

    /** What a stuck read_committed consumer needs explained: open transactions and end offsets. */
    void diagnose(KafkaBroker kafka, List<String> topics) {
        try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
            System.err.println("[it] status: " + worker.rest().connectorStatus(connector));
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
}
