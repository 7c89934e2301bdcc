package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.binlog.BinlogReader;
import io.binlogstream.connect.binlog.Delivery;
import io.binlogstream.connect.binlog.ServerConnection;
import io.binlogstream.connect.binlog.ServerInfo;
import io.binlogstream.connect.binlog.ServerSelector;
import io.binlogstream.connect.binlog.TransactionAssembler;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.gtid.MariaDbGtidPosition;
import io.binlogstream.connect.mapping.MappingOptions;
import io.binlogstream.connect.record.Heartbeats;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.TableConverter;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.connect.schema.TableId;
import io.binlogstream.connect.schema.TableSchema;
import io.binlogstream.testkit.MariaDbServer;

/**
 * The same rows read twice, once from the binlog (as the stream decodes them) and once by a snapshot chunk
 * ({@link CatalogSchemas} + {@link SnapshotCells} through the stream's own {@link TableConverters}): the key schema,
 * the envelope schema and every row value must be equal, so a table has one schema whichever path a row took; and
 * after an ALTER TABLE during the snapshot, chunks follow the table's new definition as the stream does.
 */
class SnapshotRowsLiveTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE conv");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Connection connectorConnection() throws java.sql.SQLException {
        return ServerConnection.open(server.host(), server.port(), server.connectorUser(), server.connectorPassword(), 10_000);
    }

    private static TableConverters converters(BinlogConnectorConfig config) {
        TableCatalog catalog = new TableCatalog(SnapshotRowsLiveTest::connectorConnection);
        return new TableConverters(config.topicPrefix(), MappingOptions.DEFAULT, catalog, RecordOptions.from(config));
    }

    @Test
    void snapshotRowsEqualBinlogRowsOfTheSameTable() throws Exception {
        server.execute("CREATE TABLE conv.types ("
                + " id BIGINT UNSIGNED, region VARCHAR(10) CHARACTER SET latin1,"
                + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT UNSIGNED, mi MEDIUMINT, iu INT UNSIGNED, bi BIGINT,"
                + " dec_big DECIMAL(65,30), dec_small DECIMAL(5,2) UNSIGNED, fl FLOAT, db DOUBLE,"
                + " b1 BIT(1), b10 BIT(10), b64 BIT(64),"
                + " vc VARCHAR(50) CHARACTER SET utf8mb4, ch CHAR(5) CHARACTER SET utf8mb4, l1 VARCHAR(20) CHARACTER SET latin1,"
                + " bin BINARY(4), vb VARBINARY(8), tx TEXT, bl BLOB, js JSON,"
                + " en ENUM('small','medium','it''s large','back\\\\slash') CHARACTER SET utf8mb4, st SET('a','b','c d'),"
                + " d DATE, dt DATETIME(6), dt0 DATETIME, ts TIMESTAMP(3) NULL, tm TIME(2), tm0 TIME, yr YEAR,"
                + " PRIMARY KEY (region, id))");
        String position;
        try (Connection admin = server.adminConnection()) {
            position = ServerInfo.currentGtidPosition(admin, true);
        }
        server.execute("SET time_zone = '+05:30'",
                "INSERT INTO conv.types VALUES (18446744073709551615, 'z\u00e9', -128, 255, 65535, -8388608, 4294967295, -9223372036854775808,"
                        + " '-12345678901234567890123456789012345.123456789012345678901234567890', 999.99, 1.5, 2.25,"
                        + " b'1', b'1000000001', b'1000000000000000000000000000000000000000000000000000000000000001',"
                        + " 'caf\u00e9 \uD83D\uDE00', 'ab', 'd\u00e9j\u00e0 \u20ac', x'0102', x'00ff', 'long text', x'deadbeef',"
                        + " '{\"a\": [1, 2.5, \"x\"]}', 'it''s large', 'c d,a',"
                        + " '2024-02-29', '2024-02-29 23:59:58.123456', '1000-01-01 00:00:00', '2038-01-19 08:44:07.999',"
                        + " '-838:59:59.99', '-00:00:01', 1901)",
                "INSERT INTO conv.types (id, region) VALUES (1, 'a')",
                "INSERT INTO conv.types VALUES (2, 'a', 0, 0, 0, 0, 0, 0, 0, 0, -0.0, 0, b'0', b'0', b'0', '', '', '', x'', x'', '', x'',"
                        + " '[]', 'back\\\\slash', '', '1970-01-01', '1970-01-01 00:00:00', '9999-12-31 23:59:59', '1970-01-01 05:30:01',"
                        + " '838:59:59', '00:00:00', 2155)");

        Map<String, String> props = LiveConfigs.props(server, "conv");
        props.put("database.include.list", "conv");
        props.put("heartbeat.interval.ms", "0");
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);
        List<SourceRecord> streamed = streamed(config, position, 3);
        assertThat(streamed).hasSize(3);

        TableId id = new TableId("conv", "types");
        List<Struct> snapshotRows = new ArrayList<>();
        List<Object> snapshotKeys = new ArrayList<>();
        TableConverter converter;
        try (Connection connection = connectorConnection()) {
            TableSchema schema = CatalogSchemas.read(connection, id);
            converter = converters(config).create(schema, "conv.conv.types");
            SnapshotCells cells = new SnapshotCells(schema);
            Chunk<Serializable[]> chunk = new ChunkReader(connection).read(cells.query(), null, 100, cells);
            BitSet all = new BitSet();
            all.set(0, schema.columns().size());
            for (Serializable[] row : chunk.rows()) {
                Struct value = converter.row(row, all);
                snapshotRows.add(value);
                snapshotKeys.add(converter.key(value));
            }
        }

        SourceRecord first = streamed.get(0);
        assertThat(converter.keySchema()).isEqualTo(first.keySchema());
        assertThat(converter.envelopeSchema()).isEqualTo(first.valueSchema());
        // Snapshot rows come in key order (region, id): 'a'/1, 'a'/2, 'zé'/max; the binlog in insert order.
        List<Struct> streamedRows = streamed.stream().map(r -> ((Struct) r.value()).getStruct("after")).toList();
        List<Object> streamedKeys = streamed.stream().map(SourceRecord::key).toList();
        assertThat(snapshotRows).containsExactly(streamedRows.get(1), streamedRows.get(2), streamedRows.get(0));
        assertThat(snapshotKeys).containsExactly(streamedKeys.get(1), streamedKeys.get(2), streamedKeys.get(0));
        // Not vacuous: the full row really carries the values that need care.
        assertThat(snapshotRows.get(2).get("ts")).isEqualTo(2147483647999000L);
        assertThat(snapshotRows.get(2).get("l1")).isEqualTo("d\u00e9j\u00e0 \u20ac");
        assertThat(snapshotRows.get(2).get("en")).isEqualTo("it's large");
        assertThat(snapshotRows.get(2).get("tm")).isEqualTo(-(838L * 3600 + 59 * 60 + 59) * 1_000_000L - 990_000L);
    }

    /**
     * ALTER TABLE while a table's snapshot is under way: a chunk read after an ADD COLUMN carries the new column (its
     * default for the rows the ALTER did not rewrite), one read after a DROP COLUMN no longer has the dropped one, and
     * neither stops the snapshot. The ALTERs run between two chunks, from the chunk sink, so the next chunk's query was
     * built for the old definition.
     */
    @Test
    void chunksReadAfterAnAlterCarryTheTablesNewDefinition() throws Exception {
        server.execute("CREATE DATABASE alt",
                "CREATE TABLE alt.items (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL, gone INT NULL)",
                "INSERT INTO alt.items SELECT seq, CONCAT('v', seq), seq FROM alt.seq_1_to_10");
        Map<String, String> props = LiveConfigs.props(server, "alt");
        props.put("database.include.list", "alt");
        props.put("snapshot.mode", "initial");
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);
        TableConverters converters = converters(config);
        List<List<Struct>> chunks = new ArrayList<>();
        try (TableSnapshots snapshots = new TableSnapshots(SnapshotRowsLiveTest::connectorConnection, config.tableFilter(), 3, null,
                (schema, id) -> converters.create(schema, "alt.alt.items"))) {
            TableSnapshots.ChunkSink sink = (converter, rows, ids, before, after, done) -> {
                chunks.add(rows);
                // Between chunks, as a concurrent DDL would land: the next chunk's query names the old columns.
                if (chunks.size() == 1) {
                    server.execute("ALTER TABLE alt.items ADD COLUMN extra VARCHAR(10) NOT NULL DEFAULT 'dflt', ALGORITHM=INSTANT");
                } else if (chunks.size() == 2) {
                    server.execute("ALTER TABLE alt.items DROP COLUMN gone");
                }
            };
            // Each pump emits what the given stream position contains; a chunk read after an ALTER waits for a newer one.
            for (int pumps = 0; snapshots.active() && pumps < 10; pumps++) {
                try (Connection admin = server.adminConnection()) {
                    snapshots.pump(MariaDbGtidPosition.parse(ServerInfo.currentGtidPosition(admin, true)), sink);
                }
            }
            assertThat(snapshots.active()).as("snapshot done").isFalse();
            assertThat(snapshots.definitionChanges()).as("chunk reads repeated for a new definition").isEqualTo(2);
        }
        assertThat(chunks).hasSize(4);
        assertThat(fields(chunks.get(0).get(0))).containsExactly("id", "v", "gone");
        assertThat(fields(chunks.get(1).get(0))).containsExactly("id", "v", "gone", "extra");
        assertThat(chunks.get(1)).extracting(r -> r.getString("extra")).containsOnly("dflt");
        for (List<Struct> chunk : chunks.subList(2, 4)) {
            assertThat(fields(chunk.get(0))).containsExactly("id", "v", "extra");
        }
        assertThat(chunks.stream().flatMap(List::stream).map(r -> r.getInt32("id")).toList()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    private static List<String> fields(Struct row) {
        return row.schema().fields().stream().map(org.apache.kafka.connect.data.Field::name).toList();
    }

    private static List<SourceRecord> streamed(BinlogConnectorConfig config, String position, int expected) throws Exception {
        GtidPosition start = GtidPosition.parse(position, true);
        ServerSelector.Selected initial = new ServerSelector.Selected(config.servers().get(0), null, start);
        List<Delivery> deliveries = new ArrayList<>();
        try (BinlogReader reader = new BinlogReader(config, config.serverId(), new ServerSelector(config), initial,
                sink -> new TransactionAssembler(config.topicPrefix(), config.tableFilter(), RecordOptions.from(config), null, start,
                        new Heartbeats(config.heartbeatTopic(), config.topicPrefix()), config.heartbeatInterval(), sink,
                        converters(config)))) {
            reader.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (deliveries.stream().filter(d -> d.record().topic().equals("conv.conv.types")).count() < expected
                    && System.nanoTime() < deadline) {
                reader.drain(deliveries, 1000, Duration.ofMillis(200));
            }
        }
        return deliveries.stream().map(Delivery::record).filter(r -> r.topic().equals("conv.conv.types")).toList();
    }
}
