package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.binlog.ServerConnection;
import io.binlogstream.connect.binlog.ServerInfo;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.gtid.MariaDbGtidPosition;
import io.binlogstream.connect.mapping.MappingOptions;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.testkit.MariaDbServer;

/**
 * ALTER TABLE while a table's snapshot is under way (MariaDB 11.4): a chunk read after an ADD COLUMN carries the new
 * column (its default for the rows the ALTER did not rewrite), one read after a DROP COLUMN no longer has the dropped
 * one, and neither stops the snapshot. The ALTERs run between two chunks, from the chunk sink, so the next chunk's
 * query was built for the old definition.
 */
class LiveSnapshotSchemaChangeTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE alt",
                "CREATE TABLE alt.items (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL, gone INT NULL)",
                "INSERT INTO alt.items SELECT seq, CONCAT('v', seq), seq FROM alt.seq_1_to_10");
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

    private static MariaDbGtidPosition serverPosition() throws SQLException {
        try (Connection admin = server.adminConnection()) {
            return MariaDbGtidPosition.parse(ServerInfo.currentGtidPosition(admin, true));
        }
    }

    private static List<String> fields(Struct row) {
        return row.schema().fields().stream().map(Field::name).toList();
    }

    @Test
    void chunksReadAfterAnAlterCarryTheTablesNewColumns() throws Exception {
        Map<String, String> props = LiveConfigs.props(server, "alt");
        props.put("database.include.list", "alt");
        props.put("snapshot.mode", "initial");
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);
        TableConverters converters = new TableConverters(config.topicPrefix(), MappingOptions.DEFAULT,
                new TableCatalog(LiveSnapshotSchemaChangeTest::connectorConnection), RecordOptions.from(config));
        List<List<Struct>> chunks = new ArrayList<>();
        try (TableSnapshots snapshots = new TableSnapshots(LiveSnapshotSchemaChangeTest::connectorConnection, config.tableFilter(), 3, null,
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
            // Each pump emits what the given stream position contains; the chunk read after an ALTER waits for a newer one.
            for (int pumps = 0; snapshots.active() && pumps < 10; pumps++) {
                snapshots.pump(serverPosition(), sink);
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
}
