package io.binlogstream.connect.it;

import static io.binlogstream.connect.it.CanonicalRows.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.binlogstream.testkit.ConnectWorker;
import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.Stack;

/**
 * Issue 5 end to end, through a real Connect worker with exactly-once: a table of {@link #MAIN_ROWS} rows (several
 * column types), one with a composite key and one without a key are snapshotted ({@code snapshot.mode=initial}, the
 * default chunk size) while a writer updates, deletes and (re-)inserts random keys of all three, from before the
 * connector starts until after the snapshot ended. During the main table's snapshot an {@code ALTER TABLE ... ADD
 * COLUMN, ALGORITHM=INSTANT} runs with a 2 s {@code lock_wait_timeout}, and the worker is SIGKILLed {@link #KILLS}
 * times; while it is down, keys the killed task had just sent (in a Kafka transaction that the kill aborts) and keys
 * the snapshot had not reached yet are deleted, so a re-read must not bring back a deleted row.
 *
 * <p>Checked: a read_uncommitted consumer (which also sees aborted records) counts the snapshot rows sent again after
 * each kill, at most one chunk each; a read_committed consumer sees no event id twice; the latest value per key of the
 * keyed tables' topics equals the table, every column (no missing, extra or stale row; a deleted row that an aborted
 * transaction had carried stays deleted); the keyless table's replayed multiset equals its rows; no snapshot row read
 * after the ALTER lacks the new column. An ALTER does not rewrite rows, so a row whose latest record predates it is
 * compared with the new column's default. Size from {@code binlogstream.scale} ({@code -Pfull}: 1,000,000 rows, 3 kills).
 */
class SnapshotIT {
    private static final boolean FULL = KillTest.FULL;
    static final int MAIN_ROWS = FULL ? 1_000_000 : 60_000;
    private static final int COMPOSITE_ROWS = MAIN_ROWS / 10;
    /** Each of KEYLESS_ROWS / 3 values three times. */
    private static final int KEYLESS_ROWS = MAIN_ROWS / 100;
    static final int KILLS = FULL ? 3 : 2;
    /** snapshot.chunk.size's default, left as it is. */
    private static final int CHUNK = 4096;
    private static final Duration TIMEOUT = Duration.ofMinutes(FULL ? 15 : 5);

    private static final String CONNECTOR = "snap-cdc";
    private static final String PREFIX = "snap";
    private static final String DB = "snap";
    /** Snapshotted in name order: the big table first, so the kills and the ALTER hit its snapshot. */
    private static final String MAIN = "a_main";
    private static final String COMPOSITE = "b_composite";
    private static final String KEYLESS = "c_keyless";
    private static final String ADDED = "extra";
    private static final String ADDED_DEFAULT = "added";
    private static final BigInteger BIG = new BigInteger("18446744073709000000");
    private static final String[] REGIONS = {"Åland", "north", "süd", "East", "west-ß"};
    private static final String[] STATES = {"new", "paid", "shipped", "cancelled"};
    private static final Pattern RESUME_LINE = Pattern.compile("Snapshot run \\S+ continues: \\d+ tables from (\\S+)( after key \\[.*?])?");

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    private static String topic(String table) {
        return PREFIX + "." + DB + "." + table;
    }

    private static final List<String> TOPICS = List.of(topic(MAIN), topic(COMPOSITE), topic(KEYLESS));

    /** One kill: what the read_uncommitted log held when the worker died, and where the restarted task resumed. */
    private record Kill(Map<TopicPartition, Long> endsAtKill, long lastMainIdSent, String resumedAt, long downMs) {
    }

    /** A key deleted while the worker was down; {@code eventId} of its op=r if the killed task had sent one. */
    private record Deleted(String topic, String key, String eventId, String sqlWhere) {
    }

    @Test
    void snapshotConvergesThroughWritesKillsAndAnAlter() throws Exception {
        MariaDbServer db = stack.mariaDb();
        ConnectWorker worker = stack.worker(0);
        long loadStart = System.nanoTime();
        createAndLoad(db);
        System.err.printf("[it] snapshot: loaded %,d + %,d + %,d rows in %.1f s%n", MAIN_ROWS, COMPOSITE_ROWS, KEYLESS_ROWS,
                (System.nanoTime() - loadStart) / 1e9);

        Watcher watcher = new Watcher();
        Thread watching = new Thread(watcher, "uncommitted-watcher");
        watching.start();
        Writer writer = new Writer(db);
        Thread writing = new Thread(writer, "writer");
        writing.start();
        Thread.sleep(1000); // writes before the connector starts, too

        Map<String, String> config = ConnectorConfigs.avro(stack, PREFIX, DB);
        config.put("snapshot.mode", "initial");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "connector");
        // A worker killed while its task commits leaves a transaction open on the offsets topic, and the restarted
        // worker's read_committed read of that topic waits until the broker aborts it: transaction.timeout.ms, 60 s by
        // default (seen: 75 s from kill to streaming). The task's transactions last about a second
        // (transaction.commit.interval.ms), so 10 s is ample and keeps the kills short.
        config.put("producer.override.transaction.timeout.ms", "10000");
        long started = System.nanoTime();
        writer.measuring = true;
        stack.rest().createConnector(CONNECTOR, config);

        List<Kill> kills = new ArrayList<>();
        List<Deleted> deleted = Collections.synchronizedList(new ArrayList<>());
        long alterMs = -1;
        long writesBeforeAlter = -1;
        try {
            // The ALTER early, the kills from half way: the reader runs up to max.queue.size records (4 chunks) ahead of
            // what a consumer sees, and chunks it reads after the ALTER must reach Kafka before a kill starts a new task
            // (which reads the table's schema afresh), or a stale schema would go unnoticed.
            awaitMainProgress(watcher, MAIN_ROWS / 20);
            writesBeforeAlter = writer.writes.get();
            alterMs = alter(db);
            writer.altered.set(true);
            for (int k = 0; k < KILLS; k++) {
                awaitMainProgress(watcher, (long) MAIN_ROWS * (50 + 35 * k / Math.max(1, KILLS - 1)) / 100);
                kills.add(kill(db, worker, watcher, deleted, k));
            }
            // The rest of the snapshot: every table read, and a stored offset without snapshot progress.
            awaitProgress(watcher, topic(KEYLESS), 1);
            StoredOffsets.await(stack.rest(), CONNECTOR, "an offset without snapshot progress",
                    offset -> offset.hasNonNull("gtids") && !offset.has("snap_table"), TIMEOUT);
        } catch (AssertionError | RuntimeException e) {
            System.err.println("[it] snapshot: failed while the snapshot ran; status " + safeStatus());
            throw e;
        } finally {
            writer.measuring = false;
        }
        double snapshotSeconds = (watcher.lastSnapshotNanos - started) / 1e9;
        long writesDuringSnapshot = writer.writesMeasured.get();
        Thread.sleep(2000); // writes after the snapshot's end
        writer.stop.set(true);
        writing.join(30_000);
        assertThat(writer.failures).as("writer failures").isEmpty();
        // The marker, written last: once a read_committed consumer sees it, every earlier change is committed.
        db.execute("INSERT INTO snap.a_main (id, name, amount, created, payload, state, note, qty) VALUES "
                + "(0, 'marker', 0, '2000-01-01 00:00:00', NULL, 'new', NULL, NULL)");

        Committed committed = readCommitted();
        watcher.stopAt(endOffsets(IsolationLevel.READ_UNCOMMITTED));
        watching.join(TIMEOUT.toMillis());
        assertThat(watching.isAlive()).as("the read_uncommitted consumer reached the end").isFalse();
        assertThat(watcher.failure).as("read_uncommitted consumer failure").isNull();

        // ---- figures
        List<Long> rereadPerKill = rereadPerKill(kills, watcher.resent);
        long downMs = kills.stream().mapToLong(Kill::downMs).sum();
        long snapshotRows = watcher.snapshotIds.size();
        System.err.printf("[it] snapshot: rows %,d main + %,d composite + %,d keyless; %,d writes in all (%,d before the ALTER, "
                        + "%,d while the snapshot ran), %d kills%n", MAIN_ROWS, COMPOSITE_ROWS, KEYLESS_ROWS, writer.writes.get(),
                writesBeforeAlter, writesDuringSnapshot, kills.size());
        for (int k = 0; k < kills.size(); k++) {
            Kill kill = kills.get(k);
            System.err.printf("[it] snapshot: kill %d: last main id sent %,d, the restarted task resumed %s, %,d snapshot rows sent"
                    + " again (chunk %d), worker down %,d ms%n", k + 1, kill.lastMainIdSent(), kill.resumedAt(), rereadPerKill.get(k),
                    CHUNK, kill.downMs());
        }
        System.err.printf("[it] snapshot: ALTER TABLE ADD COLUMN, ALGORITHM=INSTANT took %d ms (lock_wait_timeout 2 s); writer's longest"
                        + " statement while the snapshot ran %.1f ms (%s), longest overall %.1f ms%n", alterMs,
                writer.maxNanosMeasured / 1e6, writer.slowest, writer.maxNanos / 1e6);
        System.err.printf("[it] snapshot: %,d distinct snapshot rows in %.1f s from the connector's creation (%,.0f rows/s; %.1f s of it"
                        + " with the worker down, %,.0f rows/s without that)%n", snapshotRows, snapshotSeconds, snapshotRows / snapshotSeconds,
                downMs / 1e3, snapshotRows / Math.max(0.001, snapshotSeconds - downMs / 1e3));
        System.err.printf("[it] snapshot: read_uncommitted %,d records (%,d op=r, %,d sent again); read_committed %,d records "
                        + "(%,d op=r, %d event ids twice)%n", watcher.records, watcher.snapshotRecords, watcher.resent.size(),
                committed.records, committed.snapshotRecords, committed.duplicates.size());
        System.err.println("[it] snapshot: worker log " + worker.logFile() + ": " + logProblems(worker.logFile()));

        // ---- checks
        for (int k = 0; k < kills.size(); k++) {
            assertThat(kills.get(k).resumedAt()).as("kill %d hit the main table's snapshot", k + 1).startsWith(DB + "." + MAIN);
            assertThat(rereadPerKill.get(k)).as("snapshot rows sent again after kill %d", k + 1).isLessThanOrEqualTo(CHUNK);
        }
        assertThat(committed.duplicates).as("event ids a read_committed consumer saw twice").isEmpty();
        assertThat(committed.staleSchema).as("records without the added column after one that has it (op: count)").isEmpty();
        assertThat(writesDuringSnapshot).as("writes while the snapshot ran").isGreaterThan(100);
        assertThat(writer.maxNanosMeasured).as("writer's longest statement while the snapshot ran (ns)")
                .isLessThan(Duration.ofSeconds(5).toNanos());

        long ghosts = checkGhosts(db, deleted, committed, watcher);
        compareKeyed(db, MAIN, committed.latest.get(topic(MAIN)));
        compareKeyed(db, COMPOSITE, committed.latest.get(topic(COMPOSITE)));
        compareKeyless(db, committed.multiset, committed.negative);
        System.err.printf("[it] snapshot: converged; %d keys deleted while the worker was down, %d of them rows an aborted transaction"
                + " had carried and that stayed deleted%n", deleted.size(), ghosts);
        assertThat(ghosts).as("deleted keys whose op=r an aborted Kafka transaction carried (the ghost-row case was exercised)").isPositive();
    }

    // ---- the tables

    private static void createAndLoad(MariaDbServer db) {
        db.execute("CREATE DATABASE " + DB,
                "CREATE TABLE snap.a_main (id INT NOT NULL PRIMARY KEY, "
                        + "name VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL, amount DECIMAL(18,4) NOT NULL, "
                        + "created DATETIME(6) NOT NULL, payload VARBINARY(32) NULL, state ENUM('new','paid','shipped','cancelled') NOT NULL, "
                        + "note VARCHAR(100) CHARACTER SET utf8mb4 NULL, qty INT NULL)",
                "CREATE TABLE snap.b_composite (region VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL, "
                        + "n BIGINT UNSIGNED NOT NULL, v INT NOT NULL, label VARCHAR(40) CHARACTER SET utf8mb4 NULL, at DATETIME(6) NULL, "
                        + "PRIMARY KEY (region, n))",
                "CREATE TABLE snap.c_keyless (a INT NOT NULL, b VARCHAR(20) CHARACTER SET utf8mb4 NULL, c DECIMAL(10,2) NULL)");
        for (int from = 1; from <= MAIN_ROWS; from += 100_000) {
            db.execute("INSERT INTO snap.a_main SELECT seq, CONCAT('név-', seq, IF(seq % 7 = 0, ' 😀', '')), seq * 1.2345, "
                    + "TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND + INTERVAL seq % 999983 MICROSECOND, "
                    + "IF(seq % 11 = 0, NULL, UNHEX(SHA1(seq))), ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'cancelled'), "
                    + "IF(seq % 5 = 0, NULL, CONCAT('note ', seq)), IF(seq % 3 = 0, NULL, seq % 1000) "
                    + "FROM snap.seq_" + from + "_to_" + Math.min(MAIN_ROWS, from + 99_999));
        }
        db.execute("INSERT INTO snap.b_composite SELECT ELT(1 + seq % 5, '" + String.join("', '", REGIONS) + "'), " + BIG + " + seq, seq, "
                        + "IF(seq % 4 = 0, NULL, CONCAT('label ', seq)), IF(seq % 6 = 0, NULL, TIMESTAMP'2020-02-29 12:00:00.123456' + INTERVAL seq MINUTE) "
                        + "FROM snap.seq_1_to_" + COMPOSITE_ROWS,
                "INSERT INTO snap.c_keyless SELECT seq DIV 3, IF((seq DIV 3) % 10 = 0, NULL, CONCAT('k', seq DIV 3)), (seq DIV 3) * 0.5 "
                        + "FROM snap.seq_0_to_" + (KEYLESS_ROWS - 1));
    }

    /** Random updates, deletes and (re-)inserts of all three tables, single statements and small transactions. */
    private static final class Writer implements Runnable {
        private final MariaDbServer db;
        final AtomicBoolean stop = new AtomicBoolean();
        /** Set once the ALTER is done: updates of the main table then set the added column too. */
        final AtomicBoolean altered = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong writesMeasured = new AtomicLong();
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        volatile boolean measuring;
        volatile long maxNanos;
        volatile long maxNanosMeasured;
        volatile String slowest = "none";

        Writer(MariaDbServer db) {
            this.db = db;
        }

        @Override
        public void run() {
            Random random = new Random(11);
            try (Connection connection = db.adminConnection(); Statement statement = connection.createStatement()) {
                while (!stop.get()) {
                    int statements = random.nextInt(10) == 0 ? 2 + random.nextInt(4) : 1;
                    List<String> sql = new ArrayList<>(statements);
                    for (int i = 0; i < statements; i++) {
                        sql.add(statement(random));
                    }
                    long t = System.nanoTime();
                    if (statements > 1) {
                        connection.setAutoCommit(false);
                    }
                    for (String s : sql) {
                        statement.execute(s);
                    }
                    if (statements > 1) {
                        connection.commit();
                        connection.setAutoCommit(true);
                    }
                    long took = System.nanoTime() - t;
                    maxNanos = Math.max(maxNanos, took);
                    if (measuring) {
                        writesMeasured.addAndGet(statements);
                        if (took > maxNanosMeasured) {
                            maxNanosMeasured = took;
                            slowest = String.join("; ", sql);
                        }
                    }
                    writes.addAndGet(statements);
                    Thread.sleep(2);
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }

        private String statement(Random random) {
            int table = random.nextInt(20);
            int op = random.nextInt(10);
            int n = random.nextInt(1_000_000);
            if (table < 12) {
                int id = 1 + random.nextInt(MAIN_ROWS + MAIN_ROWS / 20);
                if (op < 4) {
                    return "UPDATE snap.a_main SET amount = amount + 0.5, note = " + (n % 4 == 0 ? "NULL" : "'upd ✓ " + n + "'")
                            + ", state = '" + STATES[n % 4] + "', created = NOW(6), qty = " + (n % 3 == 0 ? "NULL" : Integer.toString(n))
                            + (altered.get() ? ", " + ADDED + " = 'w" + n + "'" : "") + " WHERE id = " + id;
                }
                if (op < 7) {
                    return "DELETE FROM snap.a_main WHERE id = " + id;
                }
                return "INSERT INTO snap.a_main (id, name, amount, created, payload, state, note, qty) VALUES (" + id + ", 'ins ü " + n
                        + "', " + n + ".25, NOW(6), UNHEX('" + HexFormat.of().formatHex(BigInteger.valueOf(n).toByteArray()) + "'), 'new', NULL, "
                        + n + ") ON DUPLICATE KEY UPDATE name = VALUES(name), payload = VALUES(payload), qty = NULL";
            }
            if (table < 17) {
                int i = 1 + random.nextInt(COMPOSITE_ROWS + COMPOSITE_ROWS / 20);
                String where = compositeWhere(REGIONS[i % 5], BIG.add(BigInteger.valueOf(i)));
                if (op < 4) {
                    return "UPDATE snap.b_composite SET v = v + 1, label = " + (n % 4 == 0 ? "NULL" : "'lbl " + n + "'") + ", at = NOW(6) WHERE " + where;
                }
                if (op < 7) {
                    return "DELETE FROM snap.b_composite WHERE " + where;
                }
                return "INSERT INTO snap.b_composite VALUES ('" + REGIONS[i % 5] + "', " + BIG.add(BigInteger.valueOf(i)) + ", " + -n
                        + ", 'ins " + n + "', NULL) ON DUPLICATE KEY UPDATE v = -v";
            }
            int a = random.nextInt(KEYLESS_ROWS / 3 + KEYLESS_ROWS / 60);
            if (op < 4) {
                return "UPDATE snap.c_keyless SET c = c + 1 WHERE a = " + a + " LIMIT 1";
            }
            if (op < 7) {
                return "DELETE FROM snap.c_keyless WHERE a = " + a + " LIMIT 1";
            }
            return "INSERT INTO snap.c_keyless VALUES (" + a + ", " + (n % 10 == 0 ? "NULL" : "'k" + a + "'") + ", " + a + ".50)";
        }
    }

    private static String compositeWhere(String region, BigInteger n) {
        return "region = '" + region + "' AND n = " + n;
    }

    /** ALTER TABLE ... ADD COLUMN on the main table while its snapshot runs; returns how long it took. */
    private static long alter(MariaDbServer db) throws SQLException {
        try (Connection connection = db.adminConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION lock_wait_timeout = 2");
            long t = System.nanoTime();
            statement.execute("ALTER TABLE snap.a_main ADD COLUMN " + ADDED + " VARCHAR(20) CHARACTER SET utf8mb4 NOT NULL DEFAULT '"
                    + ADDED_DEFAULT + "', ALGORITHM=INSTANT");
            return (System.nanoTime() - t) / 1_000_000;
        }
    }

    // ---- the read_uncommitted consumer: progress, and the snapshot rows sent again

    /** Reads every record (aborted ones too) as the worker sends them: keys, event ids and offsets only. */
    private static final class Watcher implements Runnable {
        /** Distinct event ids of snapshot rows, any table. */
        final Set<String> snapshotIds = new HashSet<>();
        /** Snapshot rows whose event id came before: topic and offset of the copy. */
        final List<Map.Entry<String, Long>> resent = new ArrayList<>();
        final Map<String, AtomicLong> distinctPerTopic = new ConcurrentHashMap<>();
        /** Per topic, the offset after the last record read. */
        final Map<String, Long> positions = new ConcurrentHashMap<>();
        private final Map<String, Deque<DecodedChange>> recent = new HashMap<>();
        long records;
        long snapshotRecords;
        volatile long lastSnapshotNanos;
        volatile Throwable failure;
        private volatile Map<TopicPartition, Long> stopAt;

        long distinct(String topic) {
            AtomicLong n = distinctPerTopic.get(topic);
            return n == null ? 0 : n.get();
        }

        /** The last snapshot rows of a topic read (newest last). */
        synchronized List<DecodedChange> recent(String topic) {
            return new ArrayList<>(recent.getOrDefault(topic, new ArrayDeque<>()));
        }

        void stopAt(Map<TopicPartition, Long> ends) {
            stopAt = ends;
        }

        @Override
        public void run() {
            try (DecodedChange.Feed feed = new DecodedChange.Feed(stack.kafka().bootstrapServers(), stack.registry().url(), TOPICS, false, false)) {
                while (stopAt == null || !feed.reached(stopAt)) {
                    for (DecodedChange change : feed.poll(Duration.ofMillis(100))) {
                        take(change);
                    }
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        private void take(DecodedChange change) {
            records++;
            positions.put(change.topic(), change.offset() + 1);
            String id = change.eventId();
            if (id == null || !id.startsWith("snapshot:")) {
                return;
            }
            snapshotRecords++;
            lastSnapshotNanos = System.nanoTime();
            if (snapshotIds.add(id)) {
                distinctPerTopic.computeIfAbsent(change.topic(), t -> new AtomicLong()).incrementAndGet();
            } else {
                resent.add(Map.entry(change.topic(), change.offset()));
            }
            synchronized (this) {
                Deque<DecodedChange> last = recent.computeIfAbsent(change.topic(), t -> new ArrayDeque<>());
                last.addLast(change);
                if (last.size() > 64) {
                    last.removeFirst();
                }
            }
        }
    }

    private static void awaitMainProgress(Watcher watcher, long rows) throws InterruptedException {
        awaitProgress(watcher, topic(MAIN), rows);
    }

    /** Until the read_uncommitted consumer saw {@code rows} distinct snapshot rows of the topic; fails at once if the task failed. */
    private static void awaitProgress(Watcher watcher, String topic, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long nextStatus = 0;
        while (watcher.distinct(topic) < rows) {
            if (System.nanoTime() > deadline || watcher.failure != null) {
                throw new AssertionError("the snapshot of " + topic + " did not reach " + rows + " rows within " + TIMEOUT + " (at "
                        + watcher.distinct(topic) + "); consumer failure " + watcher.failure + "; status " + safeStatus());
            }
            if (System.nanoTime() > nextStatus) {
                nextStatus = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                if (safeStatus().contains("\"FAILED\"")) {
                    throw new AssertionError("the task failed: " + safeStatus());
                }
            }
            Thread.sleep(20);
        }
    }

    /**
     * SIGKILLs the worker while the main table's snapshot runs. While it is down: notes how far the log got, and
     * deletes the last rows the killed task sent (likely in the Kafka transaction the kill aborts) and some rows ahead
     * of the snapshot. Then restarts it and reads where the new task's snapshot resumed from its log.
     */
    private static Kill kill(MariaDbServer db, ConnectWorker worker, Watcher watcher, List<Deleted> deleted, int k) throws Exception {
        long logFrom = Files.exists(worker.logFile()) ? Files.size(worker.logFile()) : 0;
        java.util.concurrent.atomic.AtomicReference<Map<TopicPartition, Long>> ends = new java.util.concurrent.atomic.AtomicReference<>();
        long[] lastMainId = new long[1];
        long t = System.nanoTime();
        KillTest.killAndRestart(db, worker, CONNECTOR, () -> {
            try {
                ends.set(endOffsets(IsolationLevel.READ_UNCOMMITTED));
                awaitWatcher(watcher, ends.get());
                lastMainId[0] = deleteWhileDown(db, watcher, deleted, k);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long downMs = (System.nanoTime() - t) / 1_000_000;
        String resumed = awaitResumeLine(worker.logFile(), logFrom);
        System.err.printf("[it] snapshot: kill %d at %,d main rows sent; resumed %s after %,d ms%n", k + 1, watcher.distinct(topic(MAIN)),
                resumed, downMs);
        return new Kill(ends.get(), lastMainId[0], resumed, downMs);
    }

    private static void awaitWatcher(Watcher watcher, Map<TopicPartition, Long> ends) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            while (watcher.positions.getOrDefault(end.getKey().topic(), 0L) < end.getValue() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    /** Deletes, in one transaction, the last 48 main and 16 composite rows sent and 16 main rows ahead; returns the last main id sent. */
    private static long deleteWhileDown(MariaDbServer db, Watcher watcher, List<Deleted> deleted, int k) throws SQLException {
        List<Deleted> now = new ArrayList<>();
        long lastMainId = 0;
        List<DecodedChange> main = watcher.recent(topic(MAIN));
        for (DecodedChange change : main.subList(Math.max(0, main.size() - 48), main.size())) {
            int id = change.key().getInt32("id");
            lastMainId = Math.max(lastMainId, id);
            now.add(new Deleted(topic(MAIN), renderKey(change.key()), change.eventId(), "id = " + id));
        }
        Random random = new Random(100 + k);
        for (int i = 0; i < 16; i++) {
            long id = lastMainId + 1 + random.nextInt(2 * CHUNK);
            now.add(new Deleted(topic(MAIN), null, null, "id = " + id));
        }
        for (DecodedChange change : watcher.recent(topic(COMPOSITE))) {
            String region = change.key().getString("region");
            BigInteger n = ((BigDecimal) change.key().get("n")).toBigIntegerExact();
            now.add(new Deleted(topic(COMPOSITE), renderKey(change.key()), change.eventId(), compositeWhere(region, n)));
        }
        try (Connection connection = db.adminConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (Deleted d : now) {
                statement.execute("DELETE FROM " + DB + "." + (d.topic().equals(topic(MAIN)) ? MAIN : COMPOSITE) + " WHERE " + d.sqlWhere());
            }
            connection.commit();
        }
        deleted.addAll(now);
        return lastMainId;
    }

    /** The restarted task logs where its snapshot resumes: "from db.table after key [...]". */
    private static String awaitResumeLine(Path log, long from) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                file.seek(from);
                byte[] bytes = new byte[(int) (file.length() - from)];
                file.readFully(bytes);
                Matcher m = RESUME_LINE.matcher(new String(bytes, StandardCharsets.UTF_8));
                if (m.find()) {
                    return m.group(1) + (m.group(2) == null ? " (no chunk yet)" : m.group(2));
                }
            }
            Thread.sleep(200);
        }
        return "(no resume line in the worker log)";
    }

    /** Snapshot rows sent again after each kill: the copies written between its restart and the next kill. */
    private static List<Long> rereadPerKill(List<Kill> kills, List<Map.Entry<String, Long>> resent) {
        List<Long> perKill = new ArrayList<>(Collections.nCopies(kills.size(), 0L));
        for (Map.Entry<String, Long> copy : resent) {
            TopicPartition partition = new TopicPartition(copy.getKey(), 0);
            int after = -1;
            for (int k = 0; k < kills.size(); k++) {
                if (copy.getValue() >= kills.get(k).endsAtKill().getOrDefault(partition, 0L)) {
                    after = k;
                }
            }
            assertThat(after).as("a snapshot row sent again before any kill: %s", copy).isNotNegative();
            perKill.set(after, perKill.get(after) + 1);
        }
        return perKill;
    }

    // ---- the read_committed consumer: what an exactly-once consumer of the compacted topics ends with

    private static final class Committed {
        final Map<String, Map<String, String>> latest = new HashMap<>();
        final Map<String, Integer> multiset = new HashMap<>();
        final Set<String> ids = new HashSet<>();
        final List<String> duplicates = new ArrayList<>();
        final Map<String, Long> staleSchema = new HashMap<>();
        final List<String> negative = new ArrayList<>();
        long records;
        long snapshotRecords;
        private boolean sawAdded;
    }

    /** Reads every topic from the start with read_committed until the marker and everything committed before it. */
    private static Committed readCommitted() throws Exception {
        Committed c = new Committed();
        TOPICS.subList(0, 2).forEach(t -> c.latest.put(t, new HashMap<>()));
        Map<TopicPartition, Long> ends = null;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (DecodedChange.Feed feed = new DecodedChange.Feed(stack.kafka().bootstrapServers(), stack.registry().url(), TOPICS, true)) {
            while (ends == null || !feed.reached(ends)) {
                assertThat(System.nanoTime()).as("read_committed consumer reached the marker and the end within " + TIMEOUT).isLessThan(deadline);
                for (DecodedChange change : feed.poll(Duration.ofMillis(200))) {
                    fold(c, change);
                    if (ends == null && change.topic().equals(topic(MAIN)) && change.value() != null && change.after() != null
                            && change.after().getInt32("id") == 0) {
                        ends = endOffsets(IsolationLevel.READ_COMMITTED);
                    }
                }
            }
        }
        return c;
    }

    private static void fold(Committed c, DecodedChange change) {
        c.records++;
        if (!c.ids.add(change.eventId())) {
            c.duplicates.add(change.eventId());
        }
        if (change.value() == null) {
            Map<String, String> latest = c.latest.get(change.topic());
            if (latest != null) {
                latest.remove(renderKey(change.key()));
            }
            return;
        }
        String op = change.op();
        if (op.equals("r")) {
            c.snapshotRecords++;
        }
        if (change.topic().equals(topic(KEYLESS))) {
            if (change.before() != null) {
                String before = row(change.topic(), change.before());
                if (c.multiset.merge(before, -1, Integer::sum) < 0) {
                    c.negative.add(op + " " + before);
                }
            }
            if (change.after() != null) {
                c.multiset.merge(row(change.topic(), change.after()), 1, Integer::sum);
            }
            return;
        }
        if (change.topic().equals(topic(MAIN))) {
            Struct image = change.after() != null ? change.after() : change.before();
            if (image.schema().field(ADDED) != null) {
                c.sawAdded = true;
            } else if (c.sawAdded) {
                c.staleSchema.merge(op, 1L, Long::sum);
            }
        }
        Map<String, String> latest = c.latest.get(change.topic());
        String key = renderKey(change.key());
        if (change.after() == null) {
            latest.remove(key);
        } else {
            latest.put(key, row(change.topic(), change.after()));
        }
    }

    private static String renderKey(Struct key) {
        return normalized(CanonicalRows.render(key.schema(), key));
    }

    /** A row image rendered canonically; an image from before the ALTER gets the added column's default (an ALTER rewrites no row). */
    private static String row(String topic, Struct image) {
        ObjectNode rendered = (ObjectNode) CanonicalRows.render(image.schema(), image);
        if (topic.equals(topic(MAIN)) && image.schema().field(ADDED) == null) {
            rendered.put(ADDED, ADDED_DEFAULT);
        }
        return normalized(rendered);
    }

    // ---- comparisons with the table

    private static long checkGhosts(MariaDbServer db, List<Deleted> deleted, Committed committed, Watcher watcher) {
        long ghosts = 0;
        for (Deleted d : deleted) {
            if (d.eventId() == null) {
                continue;
            }
            String table = d.topic().equals(topic(MAIN)) ? MAIN : COMPOSITE;
            long inTable = ((Number) db.query("SELECT COUNT(*) AS n FROM " + DB + "." + table + " WHERE " + d.sqlWhere()).get(0).get("n")).longValue();
            if (inTable == 0 && watcher.snapshotIds.contains(d.eventId()) && !committed.ids.contains(d.eventId())) {
                ghosts++;
                assertThat(committed.latest.get(d.topic())).as("a row deleted after an aborted transaction carried it").doesNotContainKey(d.key());
            }
        }
        return ghosts;
    }

    private static void compareKeyed(MariaDbServer db, String table, Map<String, String> latest) throws SQLException {
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        long[] rows = new long[1];
        CanonicalRows.forEachServerRow(db, DB, table, CanonicalRows.columns(db, DB, table), (key, row) -> {
            rows[0]++;
            String k = normalized(key);
            String expected = normalized(row);
            String actual = latest.remove(k);
            if (actual == null) {
                missing.add(expected);
            } else if (!actual.equals(expected)) {
                stale.add(expected + " but the topic has " + actual);
            }
        });
        System.err.printf("[it] snapshot: %s: %,d rows in the table; %d missing, %d stale, %d extra in the topic%n", table, rows[0],
                missing.size(), stale.size(), latest.size());
        assertThat(missing.size()).as(table + ": rows the topic lacks, e.g. " + first(missing)).isZero();
        assertThat(stale.size()).as(table + ": rows whose latest value in the topic differs, e.g. " + first(stale)).isZero();
        assertThat(latest.size()).as(table + ": rows the topic has and the table does not, e.g. " + first(latest.values())).isZero();
    }

    private static String first(java.util.Collection<?> items) {
        return items.stream().limit(10).map(String::valueOf).toList().toString();
    }

    private static void compareKeyless(MariaDbServer db, Map<String, Integer> multiset, List<String> negative) throws SQLException {
        Map<String, Integer> table = new HashMap<>();
        CanonicalRows.forEachServerRow(db, DB, KEYLESS, CanonicalRows.columns(db, DB, KEYLESS),
                (key, row) -> table.merge(normalized(row), 1, Integer::sum));
        multiset.values().removeIf(n -> n == 0);
        Map<String, String> differences = new HashMap<>();
        Set<String> rows = new HashSet<>(table.keySet());
        rows.addAll(multiset.keySet());
        for (String row : rows) {
            int want = table.getOrDefault(row, 0);
            int have = multiset.getOrDefault(row, 0);
            if (want != have) {
                differences.put(row, "table " + want + ", topic " + have);
            }
        }
        System.err.printf("[it] snapshot: %s: %,d rows (%,d distinct) in the table; %d rows differ in count%n", KEYLESS,
                table.values().stream().mapToInt(Integer::intValue).sum(), table.size(), differences.size());
        assertThat(differences.size()).as(KEYLESS + ": rows whose count differs between the table and the replayed topic, e.g. "
                + first(differences.entrySet())).isZero();
        assertThat(negative.size()).as(KEYLESS + ": deletes or updates of a row the topic did not hold, e.g. " + first(negative)).isZero();
    }

    // ---- Kafka and the worker

    private static Map<TopicPartition, Long> endOffsets(IsolationLevel isolation) throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            Set<String> existing = admin.listTopics().names().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            TOPICS.stream().filter(existing::contains).forEach(t -> request.put(new TopicPartition(t, 0), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get().forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        }
    }

    private static String safeStatus() {
        try {
            JsonNode status = stack.rest().connectorStatus(CONNECTOR);
            return status.toString();
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    /** The worker log's ERROR and WARN lines, counted, with the first few. */
    private static String logProblems(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        long errors = lines.stream().filter(l -> l.contains("] ERROR ")).count();
        List<String> shown = lines.stream().filter(l -> l.contains("] ERROR ") || l.contains("] WARN ")).toList();
        return errors + " ERROR and " + (shown.size() - errors) + " WARN lines" + (shown.isEmpty() ? "" : ":\n    "
                + String.join("\n    ", shown.subList(0, Math.min(10, shown.size())).stream().map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l).toList()));
    }
}
