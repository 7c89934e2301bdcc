package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.PendingRecord;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.testkit.MariaDbServer;

/** Heartbeats and reconnection against a real MariaDB server that is restarted under the reader. */
class LiveResilienceTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE shop", "CREATE DATABASE other",
                "CREATE TABLE shop.items (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE other.noise (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static BinlogConnectorConfig config(String prefix, Map<String, String> overrides) {
        Map<String, String> props = LiveConfigs.props(server, prefix);
        props.put("database.include.list", "shop");
        props.putAll(overrides);
        return new BinlogConnectorConfig(props);
    }

    @Test
    void heartbeatsStoreTheStartPositionAndCarryItPastOtherTablesChanges() throws Exception {
        String start = server.gtidBinlogPos();
        BinlogConnectorConfig config = config("beat", Map.of("heartbeat.interval.ms", "300"));
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
            reader.start();
            List<SourceRecord> beats = new ArrayList<>(LiveBinlogReaderTest.drain(reader, 1));
            assertThat(beats).as("a first start stores its position at once").isNotEmpty();
            assertThat(beats.get(0).topic()).isEqualTo("__binlogstream-heartbeat.beat");
            assertThat(SourceOffset.fromMap(beats.get(0).sourceOffset()).gtids()).isEqualTo(start);
            assertThat(((Struct) beats.get(0).key()).getString("server")).isEqualTo("beat");

            server.execute("INSERT INTO other.noise VALUES (1)", "INSERT INTO other.noise VALUES (2)");
            String moved = server.gtidBinlogPos();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!gtids(beats.get(beats.size() - 1)).equals(moved) && System.nanoTime() < deadline) {
                beats.addAll(LiveBinlogReaderTest.drain(reader, 1));
            }
            assertThat(gtids(beats.get(beats.size() - 1))).as("changes to other tables move the stored position").isEqualTo(moved);
            assertThat(((Struct) beats.get(beats.size() - 1).value()).getString("gtids")).isEqualTo(moved);
            assertThat(beats).extracting(LiveResilienceTest::gtids).as("never the same position twice").doesNotHaveDuplicates();
            assertThat(beats).allSatisfy(b -> assertThat(SourceOffset.fromMap(b.sourceOffset()).insideTransaction()).isFalse());

            Thread.sleep(1000);
            assertThat(LiveBinlogReaderTest.drain(reader, 0)).as("an idle position is not repeated").isEmpty();
        }
    }

    private static String gtids(SourceRecord heartbeat) {
        return SourceOffset.fromMap(heartbeat.sourceOffset()).gtids();
    }

    @Test
    void aServerRestartInTheMiddleOfATransactionLosesAndDuplicatesNothing() throws Exception {
        String start = server.gtidBinlogPos();
        int rows = 2000;
        try (Connection connection = server.adminConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO shop.items VALUES (?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "v" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        // A queue of 50 records stops the reader inside the 2,000-row transaction until the test drains it.
        BinlogConnectorConfig config = config("restart", Map.of("max.queue.size", "50", "heartbeat.interval.ms", "0",
                "reconnect.backoff.max.ms", "500"));
        List<SourceRecord> records = new ArrayList<>();
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
            reader.start();
            List<Delivery> deliveries = new ArrayList<>();
            while (deliveries.size() < 120) {
                reader.drain(deliveries, 10, Duration.ofMillis(200));
            }
            server.restart();
            server.execute("INSERT INTO shop.items VALUES (5000, 'after restart')");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (deliveries.size() < rows + 2 && System.nanoTime() < deadline) {
                reader.drain(deliveries, 500, Duration.ofMillis(200));
            }
            reader.drain(deliveries, 500, Duration.ofMillis(500));
            deliveries.forEach(d -> records.add(d.record()));
        }
        assertThat(records.get(0).topic()).as("a first start stores its position first").isEqualTo(config.heartbeatTopic());
        records.remove(0);
        assertThat(records).hasSize(rows + 1);
        Set<String> ids = new HashSet<>();
        for (SourceRecord record : records) {
            assertThat(ids.add((String) record.headers().lastWithName(PendingRecord.EVENT_ID_HEADER).value())).isTrue();
        }
        assertThat(records.subList(0, rows)).extracting(r -> ((Struct) r.key()).getInt32("id"))
                .as("every row once, in commit order").isEqualTo(java.util.stream.IntStream.rangeClosed(1, rows).boxed().toList());
        assertThat(((Struct) records.get(rows).key()).getInt32("id")).isEqualTo(5000);
        SourceOffset last = SourceOffset.fromMap(records.get(rows).sourceOffset());
        assertThat(last.gtids()).isEqualTo(server.gtidBinlogPos());
    }

    @Test
    void aSilentConnectionIsDroppedAndReopenedFromTheOffset() throws Exception {
        String start = server.gtidBinlogPos();
        // The server is asked for a heartbeat every 300 ms, so a connection silent for 900 ms is taken for dead.
        BinlogConnectorConfig config = config("silent", Map.of("heartbeat.interval.ms", "300",
                "database.connect.timeout.ms", "1000", "reconnect.backoff.max.ms", "500"));
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
            reader.start();
            server.execute("INSERT INTO shop.items VALUES (7001, 'before')");
            List<Integer> ids = new ArrayList<>(rowIds(drainUntil(reader, 7001)));
            Set<Object> dumpThreadsBefore = dumpThreads();
            assertThat(dumpThreadsBefore).isNotEmpty();

            // Frozen, the server keeps the connection open but sends nothing, as behind a network partition:
            // TCP alone would wait for hours.
            server.pause();
            Thread.sleep(3_000);
            server.resume();
            server.execute("INSERT INTO shop.items VALUES (7002, 'after')");
            ids.addAll(rowIds(drainUntil(reader, 7002)));

            assertThat(ids).as("nothing lost, nothing twice").containsExactly(7001, 7002);
            assertThat(dumpThreads()).as("the silent connection was replaced by a new one").doesNotContainAnyElementsOf(dumpThreadsBefore);
        }
    }

    @Test
    void aConnectionThatStallsInsideAnEventIsReopenedAndLosesNothing() throws Exception {
        server.execute("CREATE TABLE shop.stall (id INT PRIMARY KEY, v LONGTEXT)");
        String start = server.gtidBinlogPos();
        String big = "y".repeat(1_000_000);
        try (StallingProxy proxy = new StallingProxy(server.host(), server.port())) {
            // Heartbeats every 300 ms: a connection silent for 1 s (the read timeout's floor) is taken for dead.
            BinlogConnectorConfig config = config("stall", Map.of("database.port", Integer.toString(proxy.port()),
                    "heartbeat.interval.ms", "300", "reconnect.backoff.max.ms", "500"));
            try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
                reader.start();
                server.execute("INSERT INTO other.noise VALUES (100)", "INSERT INTO shop.stall VALUES (1, 'before')");
                List<SourceRecord> records = new ArrayList<>(drainUntil(reader, "stall.shop.stall", 1));
                Set<Object> dumpThreadsBefore = dumpThreads();
                assertThat(dumpThreadsBefore).isNotEmpty();
                long dropped = reader.droppedEvents();
                assertThat(dropped).as("the uncaptured row's TABLE_MAP and rows event").isEqualTo(2);

                // The next event is a 1 MB row; the network stops after 100 KB of it and stays silent, open.
                proxy.stallAfter(100_000);
                server.execute("INSERT INTO shop.stall VALUES (2, '" + big + "')");
                records.addAll(drainUntil(reader, "stall.shop.stall", 2));
                assertThat(proxy.stalled()).as("the stall held back part of the event").isPositive();
                server.execute("INSERT INTO shop.stall VALUES (3, 'after')");
                records.addAll(drainUntil(reader, "stall.shop.stall", 3));

                assertThat(rowIds(records, "stall.shop.stall")).as("the task alive, nothing lost, nothing twice").containsExactly(1, 2, 3);
                Struct second = (Struct) records.stream().filter(r -> r.topic().equals("stall.shop.stall"))
                        .map(SourceRecord::value).toList().get(1);
                assertThat(second.getStruct("after").getString("v")).as("the stalled event whole, from a new connection").isEqualTo(big);
                assertThat(dumpThreads()).as("the stalled connection was replaced").doesNotContainAnyElementsOf(dumpThreadsBefore);
                assertThat(reader.droppedEvents()).as("counted over every connection").isGreaterThanOrEqualTo(dropped);
            }
        }
    }

    @Test
    void aConnectionThatStreamedOnlyOtherTablesChangesCountsAsWorkingWhenItIsLost() throws Exception {
        server.execute("CREATE TABLE shop.quiet (id INT PRIMARY KEY)");
        String start = server.gtidBinlogPos();
        // No heartbeat records, and the server asked for heartbeats only every 10 s: while other tables change, the
        // connection hands over nothing, yet it works; losing it after longer than reconnect.timeout.ms is a reconnect.
        BinlogConnectorConfig config = config("quiet", Map.of("heartbeat.interval.ms", "0", "reconnect.timeout.ms", "2000",
                "reconnect.backoff.max.ms", "500"));
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
            reader.start();
            server.execute("INSERT INTO shop.quiet VALUES (1)");
            List<SourceRecord> records = new ArrayList<>(drainUntil(reader, "quiet.shop.quiet", 1));
            // A first loss (the first is never counted against the clock), then a connection that streams only other
            // tables' changes for several seconds, then a second loss.
            awaitNewDumpThread(killDumpThreads());
            for (int i = 0; i < 15; i++) {
                server.execute("INSERT INTO other.noise VALUES (" + (1000 + i) + ")");
                records.addAll(LiveBinlogReaderTest.drain(reader, 0));
            }
            killDumpThreads();
            server.execute("INSERT INTO shop.quiet VALUES (2)");
            records.addAll(drainUntil(reader, "quiet.shop.quiet", 2));
            assertThat(rowIds(records, "quiet.shop.quiet")).as("reconnected, not failed").containsExactly(1, 2);
        }
    }

    @Test
    void anIdleConnectionThatTheServerKeepsAliveWithHeartbeatsCountsAsWorkingWhenItIsLost() throws Exception {
        server.execute("CREATE TABLE shop.idle (id INT PRIMARY KEY)");
        String start = server.gtidBinlogPos();
        // Server heartbeats every 300 ms and no heartbeat records: an idle connection hands over nothing and completes
        // no transaction. Each is lost after longer than reconnect.timeout.ms, the last sooner than the one before
        // (so it did not get further either): only the server's heartbeats show it worked.
        BinlogConnectorConfig config = config("idle", Map.of("heartbeat.interval.ms", "300", "reconnect.timeout.ms", "2000",
                "reconnect.backoff.max.ms", "500"));
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
            reader.start();
            server.execute("INSERT INTO shop.idle VALUES (1)");
            List<SourceRecord> records = new ArrayList<>(drainUntil(reader, "idle.shop.idle", 1));
            Set<Object> lost = killDumpThreads(); // the first loss is never counted against the clock
            for (long idleMs : new long[] {4_000, 3_000}) {
                awaitNewDumpThread(lost);
                Thread.sleep(idleMs);
                records.addAll(LiveBinlogReaderTest.drain(reader, 0));
                lost = killDumpThreads();
            }
            server.execute("INSERT INTO shop.idle VALUES (2)");
            records.addAll(drainUntil(reader, "idle.shop.idle", 2));
            assertThat(rowIds(records, "idle.shop.idle")).as("reconnected, not failed").containsExactly(1, 2);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aConnectionThatEndsInsideTheSameEventEveryTimeFailsTheTaskAfterTheReconnectTimeout(boolean cut) throws Exception {
        String table = cut ? "cut" : "stuck";
        server.execute("CREATE TABLE shop." + table + " (id INT PRIMARY KEY, v LONGTEXT)");
        String start = server.gtidBinlogPos();
        server.execute("INSERT INTO shop." + table + " VALUES (1, '" + "z".repeat(1_000_000) + "')");
        try (StallingProxy proxy = new StallingProxy(server.host(), server.port())) {
            // Every connection, the first and each one after, stops 100 KB into the 1 MB row, silent or closed: a path
            // that stops large transfers. Each connection brings the server's first events and the transaction's
            // first ones, so it is not the connecting that fails.
            if (cut) {
                proxy.cutEveryConnectionAfter(100_000);
            } else {
                proxy.stallEveryConnectionAfter(100_000);
            }
            BinlogConnectorConfig config = config(table, Map.of("database.port", Integer.toString(proxy.port()),
                    "heartbeat.interval.ms", "300", "reconnect.backoff.max.ms", "500", "reconnect.timeout.ms", "3000"));
            try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
                reader.start();
                List<Delivery> deliveries = new ArrayList<>();
                long started = System.nanoTime();
                Throwable failure = awaitFailure(reader, deliveries, Duration.ofSeconds(60));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not before reconnect.timeout.ms").isGreaterThan(Duration.ofMillis(3000));
                assertThat(failure.getMessage()).contains("keeps ending before anything new comes through it")
                        .contains("reconnect.timeout.ms is 3000").contains(start)
                        .containsPattern("[0-9]+ connections in [0-9]+ ms");
                assertThat(failure.getCause()).isInstanceOf(cut ? java.io.EOFException.class : StalledConnection.class);
                assertThat(deliveries).extracting(Delivery::record).filteredOn(r -> r.topic().equals(table + ".shop." + table)).isEmpty();
            }
        }
    }

    @Test
    void aCatalogQueryThatLosesItsConnectionIsAskedAgainAfterAReconnect() throws Exception {
        server.execute("CREATE TABLE shop.lost (id INT PRIMARY KEY, v VARCHAR(20))");
        String start = server.gtidBinlogPos();
        BinlogConnectorConfig config = config("lost", Map.of("heartbeat.interval.ms", "0", "reconnect.backoff.max.ms", "500"));
        // The server ends the catalog's first connection before its first query, as when a server drops a
        // connection (a restart, a failover, a proxy): the query fails with a socket error, as in a CI run.
        AtomicInteger opened = new AtomicInteger();
        TableCatalog catalog = new TableCatalog(() -> {
            Connection connection = ServerConnection.open(config, config.servers().get(0));
            if (opened.incrementAndGet() == 1) {
                killedByServer(connection);
            }
            return connection;
        });
        server.execute("INSERT INTO shop.lost VALUES (1, 'a'), (2, 'b')", "INSERT INTO shop.lost VALUES (3, 'c')");
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null, catalog)) {
            reader.start();
            List<SourceRecord> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (rowIds(records, "lost.shop.lost").size() < 3 && System.nanoTime() < deadline) {
                records.addAll(LiveBinlogReaderTest.drain(reader, 1));
            }
            assertThat(rowIds(records, "lost.shop.lost")).as("each row once, in order, the task alive").containsExactly(1, 2, 3);
            assertThat(opened.get()).as("a second catalog connection answered").isEqualTo(2);
        }
    }

    @Test
    void aCatalogThatKeepsLosingItsConnectionFailsTheTaskAfterTheReconnectTimeout() throws Exception {
        server.execute("CREATE TABLE shop.gone (id INT PRIMARY KEY)");
        String start = server.gtidBinlogPos();
        BinlogConnectorConfig config = config("gone", Map.of("heartbeat.interval.ms", "0", "reconnect.backoff.max.ms", "300",
                "reconnect.timeout.ms", "1500"));
        AtomicInteger opened = new AtomicInteger();
        TableCatalog catalog = new TableCatalog(() -> {
            Connection connection = ServerConnection.open(config, config.servers().get(0));
            opened.incrementAndGet();
            killedByServer(connection);
            return connection;
        });
        server.execute("INSERT INTO shop.gone VALUES (1)");
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null, catalog)) {
            reader.start();
            List<Delivery> deliveries = new ArrayList<>();
            Throwable failure = awaitFailure(reader, deliveries, Duration.ofSeconds(30));
            assertThat(failure.getMessage()).contains("shop.gone").contains("reconnect.timeout.ms").contains("1500");
            assertThat(opened.get()).as("asked again before giving up").isGreaterThan(1);
            assertThat(deliveries).extracting(Delivery::record).filteredOn(r -> r.topic().equals("gone.shop.gone")).isEmpty();
        }
    }

    @Test
    void aReaderStalledLongerThanTheServersWriteTimeoutReconnectsAndLosesNothing() throws Exception {
        server.execute("CREATE TABLE shop.stalled (id INT PRIMARY KEY, v VARCHAR(250))");
        String start = server.gtidBinlogPos();
        // A paused task (or a slow producer) stops the reader at its full queue, so nothing reads the binlog
        // connection; once the socket buffers are full, the server's dump thread gives up after net_write_timeout
        // and closes the connection. It applies to connections opened after this.
        server.execute("SET GLOBAL net_write_timeout = 2");
        BinlogConnectorConfig config = config("stalled", Map.of("max.queue.size", "50", "heartbeat.interval.ms", "0",
                "reconnect.backoff.max.ms", "500"));
        int rows = 40_000;
        List<Integer> ids = new ArrayList<>();
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
            reader.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (dumpThreads().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Set<Object> dumpThreadsBefore = dumpThreads();
            assertThat(dumpThreadsBefore).isNotEmpty();
            // About 10 MB of binlog, far more than the queue and both ends' socket buffers hold.
            insertRows("shop.stalled", rows, "x".repeat(240));
            Thread.sleep(6_000); // nothing drained: three times the write timeout

            List<Delivery> deliveries = new ArrayList<>();
            deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (ids.size() < rows && System.nanoTime() < deadline) {
                deliveries.clear();
                reader.drain(deliveries, 1000, Duration.ofMillis(200));
                deliveries.stream().map(Delivery::record).filter(r -> r.topic().equals("stalled.shop.stalled"))
                        .forEach(r -> ids.add(((Struct) r.key()).getInt32("id")));
            }
            assertThat(dumpThreads()).as("the server closed the stalled connection and the reader opened another")
                    .doesNotContainAnyElementsOf(dumpThreadsBefore);
        } finally {
            server.execute("SET GLOBAL net_write_timeout = DEFAULT");
        }
        assertThat(ids).as("every row once, in commit order").isEqualTo(java.util.stream.IntStream.rangeClosed(1, rows).boxed().toList());
    }

    /** Drains into {@code deliveries} until the reader fails, which it must within {@code timeout}; its failure. */
    private static Throwable awaitFailure(BinlogReader reader, List<Delivery> deliveries, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                reader.drain(deliveries, 100, Duration.ofMillis(200));
            } catch (org.apache.kafka.connect.errors.ConnectException e) {
                return e;
            }
        }
        throw new AssertionError("The reader did not fail within " + timeout + ": it retries for ever");
    }

    /** Inserts rows 1..count in transactions of 5,000. */
    private static void insertRows(String table, int count, String value) throws java.sql.SQLException {
        try (Connection connection = server.adminConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            for (int i = 1; i <= count; i++) {
                insert.setInt(1, i);
                insert.setString(2, value);
                insert.addBatch();
                if (i % 5000 == 0 || i == count) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
    }

    /** Has the server end this connection (its next query then fails with a socket error). */
    private static void killedByServer(Connection connection) throws java.sql.SQLException {
        long id;
        try (java.sql.Statement s = connection.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        server.execute("KILL CONNECTION " + id);
    }

    /** Has the server end the binlog connections it serves now; their ids. */
    private static Set<Object> killDumpThreads() {
        Set<Object> ids = dumpThreads();
        assertThat(ids).isNotEmpty();
        for (Object id : ids) {
            server.execute("KILL CONNECTION " + id);
        }
        return ids;
    }

    /** Waits until the reader has a binlog connection again, none of {@code lost}. */
    private static void awaitNewDumpThread(Set<Object> lost) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (dumpThreads().isEmpty() || !java.util.Collections.disjoint(dumpThreads(), lost)) {
            assertThat(System.nanoTime()).as("reconnected in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static Set<Object> dumpThreads() {
        Set<Object> ids = new HashSet<>();
        server.query("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'").forEach(row -> ids.add(row.get("ID")));
        return ids;
    }

    /** Drains (heartbeats included) until the change of row {@code id} arrived, and a moment longer. */
    private static List<SourceRecord> drainUntil(BinlogReader reader, int id) throws InterruptedException {
        return drainUntil(reader, "silent.shop.items", id);
    }

    private static List<SourceRecord> drainUntil(BinlogReader reader, String topic, int id) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!rowIds(records, topic).contains(id) && System.nanoTime() < deadline) {
            records.addAll(LiveBinlogReaderTest.drain(reader, 1));
        }
        assertThat(rowIds(records, topic)).as("row %s arrived", id).contains(id);
        return records;
    }

    private static List<Integer> rowIds(List<SourceRecord> records) {
        return rowIds(records, "silent.shop.items");
    }

    private static List<Integer> rowIds(List<SourceRecord> records, String topic) {
        return records.stream().filter(r -> r.topic().equals(topic) && r.value() != null)
                .map(r -> ((Struct) r.key()).getInt32("id")).toList();
    }
}
