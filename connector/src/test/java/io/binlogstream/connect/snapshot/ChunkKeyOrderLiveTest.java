package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.binlog.ServerConnection;
import io.binlogstream.connect.schema.TableId;
import io.binlogstream.connect.schema.TableSchema;
import io.binlogstream.testkit.MariaDbServer;

/**
 * The chunk bound against a real MariaDB: ENUM and SET key columns chunk in their index order (which differs from
 * their text order), and the bound of a composite key is a range scan on the primary key, not a scan from the
 * table's start (which would make every chunk cost every row before it).
 */
class ChunkKeyOrderLiveTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE ord");
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

    @Test
    void enumAndSetKeysChunkInIndexOrder() throws Exception {
        // Text order of the ENUM is apple < mango < zebra; index order is zebra(1) < apple(2) < mango(3). SET sorts by
        // bitmask: 'y'(1) < 'x'(2) < 'x,y'(3) < 'w'(4).
        server.execute("CREATE TABLE ord.e (kind ENUM('zebra','apple','mango'), tags SET('y','x','w'), n INT, v INT,"
                        + " PRIMARY KEY (kind, tags, n))",
                "INSERT INTO ord.e VALUES ('mango','y',1,1), ('apple','x,y',1,2), ('zebra','w',1,3), ('apple','y',2,4),"
                        + " ('zebra','y',2,5), ('mango','w',1,6), ('apple','w',3,7), ('zebra','x',1,8), ('mango','x,y',2,9),"
                        + " ('apple','x',4,10), ('zebra','x,y',3,11)");
        List<Integer> expected = new ArrayList<>();
        try (Connection admin = server.adminConnection(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM ord.e ORDER BY kind, tags, n")) {
            while (rs.next()) {
                expected.add(rs.getInt(1));
            }
        }
        // Not vacuous: text order would give another sequence.
        assertThat(expected).startsWith(5, 8, 11, 3).hasSize(11);

        try (Connection connection = connectorConnection()) {
            TableSchema schema = CatalogSchemas.read(connection, new TableId("ord", "e"));
            SnapshotCells cells = new SnapshotCells(schema);
            ChunkQuery query = cells.query();
            assertThat(query.ordinalKeys()).containsExactly(true, true, false);
            int v = schema.columns().stream().map(c -> c.name()).toList().indexOf("v");
            ChunkReader reader = new ChunkReader(connection);
            for (int size : new int[] {1, 2, 3, 5, 11, 12}) {
                List<Integer> read = new ArrayList<>();
                List<Object> after = null;
                int chunks = 0;
                while (true) {
                    Chunk<Serializable[]> chunk = reader.read(query, after, size, cells);
                    chunks++;
                    chunk.rows().forEach(row -> read.add(((Long) row[v]).intValue()));
                    if (chunk.last()) {
                        break;
                    }
                    after = chunk.lastKey();
                    assertThat(chunks).isLessThanOrEqualTo(12);
                }
                assertThat(read).as("chunks of %d", size).isEqualTo(expected);
                assertThat(chunks).as("chunks of %d", size).isEqualTo(11 / size + 1);
            }
        }
    }

    @Test
    void compositeBoundIsARangeScanOnThePrimaryKey() throws Exception {
        server.execute("CREATE TABLE ord.big (a INT, b VARCHAR(10), c BIGINT, v INT, PRIMARY KEY (a, b, c))");
        // 20,000 rows, 2,000 values of a: enough that the optimizer never prefers a full scan for a small table.
        try (Connection admin = server.adminConnection(); Statement s = admin.createStatement()) {
            s.execute("INSERT INTO ord.big SELECT seq DIV 10, CONCAT('k', seq MOD 10), seq, seq FROM ord.seq_0_to_19999");
            s.execute("ANALYZE TABLE ord.big");
        }
        TableId table = new TableId("ord", "big");
        ChunkQuery query = ChunkQuery.plain(table, List.of("a", "b", "c"), List.of("v"));
        List<Object> nearEnd = List.of(1999L, "k5", 19995L);
        try (Connection connection = connectorConnection()) {
            // The row-value form, for the record of why the expanded form is used: printed, not asserted.
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("EXPLAIN SELECT a, b, c, v FROM ord.big WHERE (a, b, c) > (1999, 'k5', 19995)"
                         + " ORDER BY a, b, c LIMIT 500")) {
                rs.next();
                System.out.println("row-value bound: type=" + rs.getString("type") + " key=" + rs.getString("key")
                        + " rows=" + rs.getString("rows"));
            }
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + query.sql(false))) {
                query.bind(explain, nearEnd, 500);
                try (ResultSet rs = explain.executeQuery()) {
                    rs.next();
                    Map<String, String> plan = new HashMap<>();
                    for (String column : List.of("type", "key", "rows")) {
                        plan.put(column, rs.getString(column));
                    }
                    System.out.println("expanded bound: " + plan);
                    assertThat(plan).containsEntry("type", "range").containsEntry("key", "PRIMARY");
                }
            }
            // What the plan means in work done: the chunk near the table's end reads a handful of index entries,
            // not the 20,000 before it.
            ChunkReader reader = new ChunkReader(connection);
            long before = handlerReads(connection);
            Chunk<Integer> chunk = reader.read(query, nearEnd, 500, (rs, first) -> rs.getInt(first));
            long reads = handlerReads(connection) - before;
            assertThat(chunk.rows()).containsExactly(19996, 19997, 19998, 19999);
            assertThat(reads).as("handler reads of a 4-row chunk at the end of 20,000 rows").isLessThan(100);
            // And a chunk in the middle with every key column mattering: a = 1000, b > 'k3'.
            Chunk<Integer> middle = reader.read(query, List.of(1000L, "k3", 10003L), 7, (rs, first) -> rs.getInt(first));
            assertThat(middle.rows()).containsExactly(10004, 10005, 10006, 10007, 10008, 10009, 10010);
        }
    }

    private static long handlerReads(Connection connection) throws SQLException {
        long total = 0;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Handler_read%'")) {
            while (rs.next()) {
                total += Long.parseLong(rs.getString(2));
            }
        }
        return total;
    }
}
