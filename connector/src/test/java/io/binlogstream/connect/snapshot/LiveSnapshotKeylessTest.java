package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
import io.binlogstream.connect.record.PendingRecord;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.testkit.MariaDbServer;

/**
 * A table without a key, snapshotted (one whole-table read at its exact position) while a writer inserts, updates
 * and deletes rows, duplicates included. Without a key the records cannot be compacted, so they are replayed as a
 * multiset (op=r/c add the row, op=d removes one copy, op=u does both), which must equal the table's rows.
 */
class LiveSnapshotKeylessTest {
    private static final String TOPIC = "kl.kl.bag";

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE kl");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keylessTableArrivesAsTheSameMultisetOfRows() throws Exception {
        // 3,000 rows, each value 0..999 three times: duplicates a key-based merge could not tell apart.
        server.execute("CREATE TABLE kl.bag (v INT NOT NULL, note VARCHAR(20))",
                "INSERT INTO kl.bag SELECT seq % 1000, 'n' FROM kl.seq_1_to_3000");
        String start;
        try (Connection admin = server.adminConnection()) {
            start = ServerInfo.currentGtidPosition(admin, true);
        }
        Map<String, String> props = LiveConfigs.props(server, "kl");
        props.put("database.include.list", "kl");
        props.put("heartbeat.interval.ms", "0");
        props.put("snapshot.mode", "initial");
        props.put("snapshot.chunk.size", "100"); // smaller than the table: a keyless table must still be one read
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        Thread writer = new Thread(() -> {
            Random random = new Random(11);
            try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    int v = random.nextInt(1000);
                    switch (random.nextInt(3)) {
                        case 0 -> s.execute("UPDATE kl.bag SET note = 'u" + writes.get() + "' WHERE v = " + v + " LIMIT 1");
                        case 1 -> s.execute("DELETE FROM kl.bag WHERE v = " + v + " LIMIT 1");
                        default -> s.execute("INSERT INTO kl.bag VALUES (" + v + ", 'i')");
                    }
                    writes.incrementAndGet();
                }
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, "writer");

        Map<String, Integer> bag = new HashMap<>();
        long snapshotRecords = 0;
        long writesAtStart = 0;
        long writesDuringSnapshot = -1;
        Set<String> eventIds = new HashSet<>();
        TableSnapshots[] snapshots = new TableSnapshots[1];
        GtidPosition position = GtidPosition.parse(start, true);
        ServerSelector.Selected initial = new ServerSelector.Selected(config.servers().get(0), null, position);
        TableConverters converters = new TableConverters(config.topicPrefix(), MappingOptions.DEFAULT,
                new TableCatalog(LiveSnapshotKeylessTest::connectorConnection), RecordOptions.from(config));
        writer.start();
        try (BinlogReader reader = new BinlogReader(config, config.serverId(), new ServerSelector(config), initial, sink -> {
            TransactionAssembler assembler = new TransactionAssembler(config.topicPrefix(), config.tableFilter(), RecordOptions.from(config),
                    null, position, new Heartbeats(config.heartbeatTopic(), config.topicPrefix()), config.heartbeatInterval(), sink, converters);
            snapshots[0] = new TableSnapshots(LiveSnapshotKeylessTest::connectorConnection, config.tableFilter(),
                    config.snapshotChunkSize(), null, (schema, id) -> assembler.snapshotConverter(schema));
            assembler.snapshot(snapshots[0]);
            return assembler;
        })) {
            Thread.sleep(300); // changes before the read, which the stream delivers first
            writesAtStart = writes.get();
            reader.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<Delivery> batch = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                batch.clear();
                reader.drain(batch, 1000, Duration.ofMillis(100));
                for (Delivery d : batch) {
                    SourceRecord r = d.record();
                    if (!r.topic().equals(TOPIC) || r.value() == null) {
                        continue;
                    }
                    Struct envelope = (Struct) r.value();
                    if (envelope.getString("op").equals("r")) {
                        snapshotRecords++;
                        eventIds.add(r.headers().lastWithName(PendingRecord.EVENT_ID_HEADER).value().toString());
                    }
                    Struct before = envelope.getStruct("before");
                    Struct after = envelope.getStruct("after");
                    if (before != null) {
                        bag.merge(row(before), -1, Integer::sum);
                    }
                    if (after != null) {
                        bag.merge(row(after), 1, Integer::sum);
                    }
                }
                if (!snapshots[0].active() && !stop.get()) {
                    writesDuringSnapshot = writes.get() - writesAtStart;
                    stop.set(true); // snapshot done: stop writing, then catch up
                    writer.join(30_000);
                    deadline = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(3).toNanos());
                }
            }
        } finally {
            stop.set(true);
            writer.join(30_000);
            if (snapshots[0] != null) {
                snapshots[0].close();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(snapshots[0].active()).as("snapshot finished").isFalse();
        bag.values().removeIf(n -> n == 0);

        Map<String, Integer> expected = new HashMap<>();
        try (Connection admin = server.adminConnection(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT v, note FROM kl.bag")) {
            while (rs.next()) {
                expected.merge(rs.getInt(1) + "/" + rs.getString(2), 1, Integer::sum);
            }
        }
        System.out.printf("writes=%d (from the reader's start to the snapshot's end %d) snapshot records=%d chunks=%d table rows=%d%n",
                writes.get(), writesDuringSnapshot, snapshotRecords, snapshots[0].chunks(), expected.values().stream().mapToInt(i -> i).sum());
        // Changes the stream delivered before the read (which the read also holds) really happened.
        assertThat(writesAtStart).isGreaterThan(0);
        // Read whole, in one transaction, although snapshot.chunk.size is 100.
        assertThat(snapshots[0].chunks()).isEqualTo(1);
        assertThat(snapshotRecords).isGreaterThan(2_500);
        // Each row of the read has its own id (the key-based id would give all of them the same one).
        assertThat(eventIds).hasSize((int) snapshotRecords);
        assertThat(bag).as("multiset of rows").isEqualTo(expected);
    }

    private static String row(Struct row) {
        return row.getInt32("v") + "/" + row.getString("note");
    }

    private static Connection connectorConnection() throws java.sql.SQLException {
        return ServerConnection.open(server.host(), server.port(), server.connectorUser(), server.connectorPassword(), 10_000);
    }
}
