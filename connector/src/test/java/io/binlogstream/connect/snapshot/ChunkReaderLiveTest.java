package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.binlog.ServerConnection;
import io.binlogstream.connect.schema.TableId;
import io.binlogstream.testkit.MariaDbServer;

/**
 * {@link ChunkReader} against a real MariaDB server, as the connector's own user: the position a chunk reports is
 * exactly the set of transactions its rows show, under concurrent writers; composite and non-integer keys chunk
 * without gaps or repeats; and the chunk leaves no transaction or metadata lock behind.
 */
class ChunkReaderLiveTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE snap");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Connection connectorConnection() throws SQLException {
        return ServerConnection.open(server.host(), server.port(), server.connectorUser(), server.connectorPassword(), 10_000);
    }

    /** The sequence number of domain 0 in a MariaDB GTID position ("0-1-57,1-2-3"), 0 when absent. */
    private static long domainZeroSeq(String gtids) {
        for (String gtid : gtids.split(",")) {
            String[] parts = gtid.strip().split("-");
            if (parts.length == 3 && parts[0].equals("0")) {
                return Long.parseLong(parts[2]);
            }
        }
        return 0;
    }

    @Test
    void positionIsExactlyWhatTheChunkSeesUnderConcurrentWriters() throws Exception {
        server.execute("CREATE TABLE snap.seq (id BIGINT PRIMARY KEY, writer INT)");
        // Which transaction (GTID sequence number, domain 0) committed each id: each insert is its own transaction.
        Map<Long, Long> seqOfId = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
                    while (!stop.get()) {
                        long id = ids.incrementAndGet();
                        s.execute("INSERT INTO snap.seq VALUES (" + id + ", " + writer + ")");
                        try (ResultSet rs = s.executeQuery("SELECT @@last_gtid")) {
                            rs.next();
                            seqOfId.put(id, domainZeroSeq(rs.getString(1)));
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "writer-" + w);
            writers.add(thread);
            thread.start();
        }
        ChunkQuery query = ChunkQuery.plain(new TableId("snap", "seq"), List.of("id"), List.of("id"));
        List<Chunk<Long>> chunks = new ArrayList<>();
        try (Connection connection = connectorConnection()) {
            ChunkReader reader = new ChunkReader(connection);
            long deadline = System.nanoTime() + 4_000_000_000L;
            while (System.nanoTime() < deadline || chunks.size() < 50) {
                chunks.add(reader.read(query, null, 10_000_000, (rs, first) -> rs.getLong(first)));
            }
        } finally {
            stop.set(true);
            for (Thread thread : writers) {
                thread.join(30_000);
            }
        }
        assertThat(failures).isEmpty();

        Set<Integer> sizes = new TreeSet<>();
        for (Chunk<Long> chunk : chunks) {
            long watermark = domainZeroSeq(chunk.position().gtids());
            Set<Long> expected = new TreeSet<>();
            seqOfId.forEach((id, seq) -> {
                if (seq <= watermark) {
                    expected.add(id);
                }
            });
            // Both directions at once: nothing visible from after the position, nothing inside it missing.
            assertThat(new TreeSet<>(chunk.rows())).as("rows of the chunk at %s", chunk.position()).isEqualTo(expected);
            sizes.add(chunk.rows().size());
        }
        // The writers really ran during the reads: the chunks saw many different states of the table.
        assertThat(sizes.size()).as("distinct table sizes seen over %d chunks", chunks.size()).isGreaterThan(20);
        assertThat(ids.get()).isGreaterThan(200);
    }

    @Test
    void compositeAndNonIntegerKeysChunkWithoutGapsOrRepeats() throws Exception {
        // Case-insensitive collation: order and comparison follow the collation, not the bytes. BIGINT UNSIGNED
        // values beyond 2^53 and 2^63 would collide or wrap if the bound went through a double or a signed long.
        server.execute("CREATE TABLE snap.composite (region VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci,"
                        + " n BIGINT UNSIGNED, v INT, PRIMARY KEY (region, n))",
                "INSERT INTO snap.composite VALUES ('alpha', 1, 1), ('alpha', 9007199254740992, 2),"
                        + " ('alpha', 9007199254740993, 3), ('alpha', 18446744073709551615, 4), ('Beta', 0, 5), ('beta2', 7, 6),"
                        + " ('\u00c4rger', 3, 7), ('gamma', 2, 8), ('Gamma2', 1, 9), ('z', 5, 10), ('\u00e9t\u00e9', 1, 11)",
                "CREATE TABLE snap.temporal (at DATETIME(6), tag VARBINARY(4), v INT, PRIMARY KEY (at, tag))",
                "INSERT INTO snap.temporal VALUES ('2024-01-01 00:00:00.000001', x'00', 1), ('2024-01-01 00:00:00.000001', x'ff', 2),"
                        + " ('2024-01-01 00:00:00.000002', x'0000', 3), ('1970-01-01 00:00:00', x'80', 4),"
                        + " ('2024-03-31 02:30:00', x'01', 5), ('9999-12-31 23:59:59.999999', x'', 6), ('2024-01-01 00:00:00', x'7f', 7)");

        assertChunksCoverTable(new TableId("snap", "composite"), List.of("region", "n"), 11);
        assertChunksCoverTable(new TableId("snap", "temporal"), List.of("at", "tag"), 7);
    }

    private static void assertChunksCoverTable(TableId table, List<String> key, int rowCount) throws Exception {
        List<Integer> expected = new ArrayList<>();
        try (Connection admin = server.adminConnection(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM " + ChunkQuery.quote(table.database()) + "." + ChunkQuery.quote(table.table())
                     + " ORDER BY " + String.join(", ", key.stream().map(ChunkQuery::quote).toList()))) {
            while (rs.next()) {
                expected.add(rs.getInt(1));
            }
        }
        assertThat(expected).hasSize(rowCount);
        for (int size : new int[] {1, 2, 3, 4, rowCount, rowCount + 1}) {
            List<Integer> read = new ArrayList<>();
            int chunkCount = 0;
            try (Connection connection = connectorConnection()) {
                ChunkReader reader = new ChunkReader(connection);
                ChunkQuery query = ChunkQuery.plain(table, key, List.of("v"));
                List<Object> after = null;
                while (true) {
                    Chunk<Integer> chunk = reader.read(query, after, size, (rs, first) -> rs.getInt(first));
                    chunkCount++;
                    read.addAll(chunk.rows());
                    if (chunk.last()) {
                        break;
                    }
                    after = chunk.lastKey();
                    assertThat(chunkCount).as("chunks of size %d", size).isLessThanOrEqualTo(rowCount + 1);
                }
            }
            assertThat(read).as("%s in chunks of %d", table, size).isEqualTo(expected);
            assertThat(chunkCount).as("%s in chunks of %d", table, size).isEqualTo(rowCount / size + 1);
        }
    }

    @Test
    void needsNoReloadAndLeavesNoLockBehind() throws Exception {
        server.execute("CREATE TABLE snap.locks (id INT PRIMARY KEY)", "INSERT INTO snap.locks VALUES (1), (2), (3)");
        try (Connection connection = connectorConnection()) {
            Set<String> grants = new HashSet<>();
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
                while (rs.next()) {
                    grants.add(rs.getString(1).toUpperCase(java.util.Locale.ROOT));
                }
            }
            // The read below runs with these grants, so it cannot have used FLUSH TABLES WITH READ LOCK.
            assertThat(grants).noneMatch(g -> g.contains("RELOAD") || g.contains("ALL PRIVILEGES"));

            ChunkReader reader = new ChunkReader(connection);
            Chunk<Integer> chunk = reader.read(ChunkQuery.plain(new TableId("snap", "locks"), List.of("id"), List.of("id")), null, 2,
                    (rs, first) -> rs.getInt(first));
            assertThat(chunk.rows()).containsExactly(1, 2);
            assertThat(chunk.last()).isFalse();
            long connectionId;
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                connectionId = rs.getLong(1);
            }

            // With the reader's connection still open: no InnoDB transaction of it remains, and an ALTER TABLE (which
            // needs the table's exclusive metadata lock) goes through at once rather than timing out.
            try (Connection admin = server.adminConnection(); Statement s = admin.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = "
                        + connectionId)) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
                s.execute("SET SESSION lock_wait_timeout = 2");
                long started = System.nanoTime();
                s.execute("ALTER TABLE snap.locks ADD COLUMN extra INT");
                assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
            }
            // And the connection can read the next chunk after the ALTER.
            Chunk<Integer> next = reader.read(ChunkQuery.plain(new TableId("snap", "locks"), List.of("id"), List.of("id")),
                    chunk.lastKey(), 2, (rs, first) -> rs.getInt(first));
            assertThat(next.rows()).containsExactly(3);
            assertThat(next.last()).isTrue();
        }
    }
}
