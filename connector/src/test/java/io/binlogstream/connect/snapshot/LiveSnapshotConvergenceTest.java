package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
import io.binlogstream.connect.mapping.MappingOptions;
import io.binlogstream.connect.record.Heartbeats;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.testkit.MariaDbServer;

/**
 * The snapshot merged with the real stream by the binlog reader: a 10,000-row table read in chunks of 500 while a
 * writer updates, deletes and inserts random keys, and an {@code ALTER TABLE ... ADD COLUMN} lands in the middle.
 * Replaying the records as a compacted topic would (latest value per key, a tombstone removes the key) must give
 * exactly the table once the reader caught up, and every chunk read after the ALTER carries the new column.
 */
class LiveSnapshotConvergenceTest {

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

    @Test
    void snapshotMergedWithConcurrentWritesEqualsTheTable() throws Exception {
        server.execute("CREATE TABLE conv.items (id INT PRIMARY KEY, v BIGINT, note VARCHAR(40))",
                "INSERT INTO conv.items SELECT seq, seq, CONCAT('n', seq) FROM conv.seq_1_to_10000");
        String start;
        try (Connection admin = server.adminConnection()) {
            start = ServerInfo.currentGtidPosition(admin, true);
        }
        Map<String, String> props = LiveConfigs.props(server, "conv");
        props.put("database.include.list", "conv");
        props.put("heartbeat.interval.ms", "0");
        props.put("snapshot.mode", "initial");
        props.put("snapshot.chunk.size", "500");
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicLong alterMillis = new AtomicLong(-1);
        List<Throwable> failures = new ArrayList<>();
        Thread writer = new Thread(() -> {
            Random random = new Random(42);
            try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    int id = 1 + random.nextInt(12_000); // beyond 10,000: inserts of new keys, also after the scan passed
                    switch (random.nextInt(3)) {
                        case 0 -> s.execute("UPDATE conv.items SET v = v + 1000000, note = 'u" + writes.get() + "' WHERE id = " + id);
                        case 1 -> s.execute("DELETE FROM conv.items WHERE id = " + id);
                        default -> s.execute("INSERT INTO conv.items (id, v, note) VALUES (" + id + ", " + -id + ", 'i') ON DUPLICATE KEY UPDATE v = -v");
                    }
                    writes.incrementAndGet();
                }
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, "writer");

        Thread alter = new Thread(() -> {
            try {
                long began = System.nanoTime();
                server.execute("ALTER TABLE conv.items ADD COLUMN extra VARCHAR(10) NOT NULL DEFAULT 'x', ALGORITHM=INSTANT");
                alterMillis.set((System.nanoTime() - began) / 1_000_000);
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, "alter");
        Map<Struct, Struct> topic = new HashMap<>();
        long rowsWithExtra = 0;
        long rowsWithoutExtraAfterIt = 0;
        long snapshotRecords = 0;
        long lastMarkers = 0;
        long writesAtStart = 0;
        long writesDuringSnapshot = 0;
        TableSnapshots[] snapshots = new TableSnapshots[1];
        GtidPosition position = GtidPosition.parse(start, true);
        ServerSelector.Selected initial = new ServerSelector.Selected(config.servers().get(0), null, position);
        TableConverters converters = new TableConverters(config.topicPrefix(), MappingOptions.DEFAULT,
                new TableCatalog(() -> connectorConnection()), RecordOptions.from(config));
        writer.start();
        try (BinlogReader reader = new BinlogReader(config, config.serverId(), new ServerSelector(config), initial, sink -> {
            TransactionAssembler assembler = new TransactionAssembler(config.topicPrefix(), config.tableFilter(), RecordOptions.from(config),
                    null, position, new Heartbeats(config.heartbeatTopic(), config.topicPrefix()), config.heartbeatInterval(), sink, converters);
            snapshots[0] = new TableSnapshots(LiveSnapshotConvergenceTest::connectorConnection, config.tableFilter(),
                    config.snapshotChunkSize(), null, (schema, id) -> assembler.snapshotConverter(schema));
            assembler.snapshot(snapshots[0]);
            return assembler;
        })) {
            // Let the writer run a little before the first chunk, then throughout the snapshot.
            Thread.sleep(300);
            writesAtStart = writes.get();
            reader.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            List<Delivery> batch = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                batch.clear();
                reader.drain(batch, 1000, Duration.ofMillis(100));
                for (Delivery d : batch) {
                    SourceRecord r = d.record();
                    if (!r.topic().equals("conv.conv.items")) {
                        continue;
                    }
                    Struct key = (Struct) r.key();
                    if (r.value() == null) {
                        topic.remove(key);
                        continue;
                    }
                    Struct envelope = (Struct) r.value();
                    if (envelope.getString("op").equals("r")) {
                        snapshotRecords++;
                        if (snapshotRecords == 3_000) {
                            alter.start(); // mid-snapshot, from another connection; the drain goes on meanwhile
                        }
                        if (envelope.getStruct("after").schema().field("extra") != null) {
                            rowsWithExtra++;
                        } else if (rowsWithExtra > 0) {
                            rowsWithoutExtraAfterIt++;
                        }
                        if ("last".equals(envelope.getStruct("source").getString("snapshot"))) {
                            lastMarkers++;
                        }
                    }
                    Struct after = envelope.getStruct("after");
                    if (after == null) {
                        topic.remove(key);
                    } else {
                        topic.put(key, after);
                    }
                }
                if (!snapshots[0].active() && !stop.get()) {
                    writesDuringSnapshot = writes.get() - writesAtStart;
                    stop.set(true); // the snapshot is done: stop writing, then catch up
                    writer.join(30_000);
                    deadline = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(5).toNanos());
                }
            }
        } finally {
            stop.set(true);
            writer.join(30_000);
            if (alter.isAlive() || alter.getState() == Thread.State.TERMINATED) {
                alter.join(30_000);
            }
            if (snapshots[0] != null) {
                snapshots[0].close();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(snapshots[0].active()).as("snapshot finished").isFalse();

        Map<Integer, String> expected = new HashMap<>();
        try (Connection admin = server.adminConnection(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, v, note FROM conv.items")) {
            while (rs.next()) {
                expected.put(rs.getInt(1), rs.getLong(2) + "/" + rs.getString(3));
            }
        }
        Map<Integer, String> actual = new HashMap<>();
        topic.forEach((key, row) -> actual.put(key.getInt32("id"), row.getInt64("v") + "/" + row.getString("note")));
        System.out.printf("alter took %d ms; op=r rows with the new column %d, without it after the first with it %d, definition changes seen %d%n",
                alterMillis.get(), rowsWithExtra, rowsWithoutExtraAfterIt, snapshots[0].definitionChanges());
        System.out.printf("writes=%d (during the snapshot %d) snapshot records=%d chunks=%d rows dropped by the watermark=%d keys claimed=%d rereads=%d table rows=%d%n",
                writes.get(), writesDuringSnapshot, snapshotRecords, snapshots[0].chunks(), snapshots[0].rowsDropped(), snapshots[0].keysClaimed(),
                snapshots[0].rereads(), expected.size());
        // The writer really overlapped the snapshot, and the snapshot really delivered the table. Counted from the
        // reader's start to the snapshot's end (a total count passed or failed with the machine's load).
        assertThat(writesDuringSnapshot).isGreaterThanOrEqualTo(20);
        assertThat(snapshots[0].chunks()).isGreaterThanOrEqualTo(20);
        assertThat(snapshotRecords).isGreaterThan(8_000);
        assertThat(lastMarkers).isLessThanOrEqualTo(1);
        assertThat(actual).as("latest value per key").isEqualTo(expected);
        assertThat(alterMillis.get()).as("the ALTER completed, waiting at most for one chunk's transaction").isBetween(0L, 10_000L);
        assertThat(rowsWithExtra).as("chunks read after the ALTER carry the new column").isGreaterThan(0);
        assertThat(rowsWithoutExtraAfterIt).as("no chunk after that is read under the old definition").isZero();
    }

    private static Connection connectorConnection() throws java.sql.SQLException {
        return ServerConnection.open(server.host(), server.port(), server.connectorUser(), server.connectorPassword(), 10_000);
    }
}
