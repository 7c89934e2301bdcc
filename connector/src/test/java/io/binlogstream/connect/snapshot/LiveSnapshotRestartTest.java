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
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.PendingRecord;
import io.binlogstream.connect.record.Heartbeats;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.testkit.MariaDbServer;

/**
 * A snapshot interrupted mid-chunk and resumed from the offset of the last record consumed, at the reader level
 * (what a task does on restart: {@code SourceOffset.fromMap}, stream from its GTIDs, snapshot from its progress).
 * A writer updates, deletes and inserts random keys throughout, across the restart, so a row deleted while the
 * snapshot was interrupted must not survive (the ghost row a snapshot restarted from zero would not leave, but one
 * resumed at the wrong chunk could). Checked: the second reader's snapshot starts after the stored progress key,
 * re-reads at most one chunk of what the first one delivered, and the replayed topic equals the table.
 */
class LiveSnapshotRestartTest {
    private static final int CHUNK = 500;
    private static final String TOPIC = "rs.rs.items";

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE rs");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** One reader's run: what it consumed, and its snapshot. */
    private static final class Run {
        final List<Integer> snapshotKeys = new ArrayList<>();
        /** Each op=r record's event-id header, by key (a key is read at most once per run). */
        final Map<Integer, String> eventIds = new HashMap<>();
        long duplicateIds;
        SourceRecord last;
        TableSnapshots snapshots;
    }

    @Test
    void resumedSnapshotContinuesAtTheNextChunkAndConverges() throws Exception {
        server.execute("CREATE TABLE rs.items (id INT PRIMARY KEY, v BIGINT, note VARCHAR(40))",
                "INSERT INTO rs.items SELECT seq, seq, CONCAT('n', seq) FROM rs.seq_1_to_10000");
        String start;
        try (Connection admin = server.adminConnection()) {
            start = ServerInfo.currentGtidPosition(admin, true);
        }
        Map<String, String> props = LiveConfigs.props(server, "rs");
        props.put("database.include.list", "rs");
        props.put("heartbeat.interval.ms", "0");
        props.put("snapshot.mode", "initial");
        props.put("snapshot.chunk.size", String.valueOf(CHUNK));
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        Thread writer = new Thread(() -> {
            Random random = new Random(7);
            try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    int id = 1 + random.nextInt(12_000);
                    switch (random.nextInt(3)) {
                        case 0 -> s.execute("UPDATE rs.items SET v = v + 1000000, note = 'u" + writes.get() + "' WHERE id = " + id);
                        case 1 -> s.execute("DELETE FROM rs.items WHERE id = " + id);
                        default -> s.execute("INSERT INTO rs.items VALUES (" + id + ", " + -id + ", 'i') ON DUPLICATE KEY UPDATE v = -v");
                    }
                    writes.incrementAndGet();
                }
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, "writer");

        Map<Integer, String> topic = new HashMap<>();
        writer.start();
        Run first;
        Run second;
        try {
            Thread.sleep(200);
            // Stop mid-chunk: 6.5 chunks of records (each chunk emits CHUNK rows unless the watermark drops some).
            first = run(config, null, GtidPosition.parse(start, true), topic, 6 * CHUNK + CHUNK / 2, () -> { });
            // Writes land while no reader runs, as during a restart.
            Thread.sleep(300);
            SourceOffset resumeAt = SourceOffset.fromMap(first.last.sourceOffset());
            assertThat(resumeAt.snapshot()).as("the last consumed record's offset carries the snapshot's progress").isNotNull();
            // Once the snapshot is done the writer stops, so the reader can catch up with a table that holds still.
            second = run(config, resumeAt, GtidPosition.parse(resumeAt.gtids(), true), topic, Long.MAX_VALUE, () -> {
                stop.set(true);
                try {
                    writer.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        assertThat(failures).isEmpty();
        assertThat(second.snapshots.active()).as("snapshot finished").isFalse();

        SourceOffset resumeAt = SourceOffset.fromMap(first.last.sourceOffset());
        int progressKey = ((Number) resumeAt.snapshot().lastKey().get(0)).intValue();
        Set<Integer> readBefore = new HashSet<>(first.snapshotKeys);
        long readAgain = second.snapshotKeys.stream().filter(readBefore::contains).count();
        int firstResumedKey = second.snapshotKeys.get(0);
        // The last chunk the first reader delivered whole: its last key is the stored progress.
        assertThat(first.snapshotKeys).contains(progressKey);
        assertThat(first.snapshotKeys.get(first.snapshotKeys.size() - 1)).isGreaterThan(progressKey);
        // The second reader continues at the next chunk: nothing at or before the progress key is read again ...
        assertThat(second.snapshotKeys).allMatch(k -> k > progressKey);
        // ... and what it reads again of the first reader's records is at most the interrupted chunk.
        assertThat(readAgain).isGreaterThan(0).isLessThanOrEqualTo(CHUNK);
        // Event ids: one per key within a run, and a re-read row carries the id the first reader gave it, so an
        // at-least-once consumer can drop it as a duplicate.
        assertThat(first.duplicateIds + second.duplicateIds).isZero();
        assertThat(first.eventIds.get(progressKey)).isEqualTo("snapshot:initial:rs.items:i:" + progressKey);
        for (int key : second.snapshotKeys) {
            if (readBefore.contains(key)) {
                assertThat(second.eventIds.get(key)).isEqualTo(first.eventIds.get(key));
            }
        }

        Map<Integer, String> expected = new HashMap<>();
        try (Connection admin = server.adminConnection(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, v, note FROM rs.items")) {
            while (rs.next()) {
                expected.put(rs.getInt(1), rs.getLong(2) + "/" + rs.getString(3));
            }
        }
        System.out.printf("writes=%d first: %d snapshot records, %d chunks, progress key %d; second: first key %d, %d snapshot records,"
                        + " %d chunks, read again %d; table rows=%d%n", writes.get(), first.snapshotKeys.size(), first.snapshots.chunks(),
                progressKey, firstResumedKey, second.snapshotKeys.size(), second.snapshots.chunks(), readAgain, expected.size());
        assertThat(first.snapshots.chunks() + second.snapshots.chunks()).isGreaterThanOrEqualTo(20);
        assertThat(topic).as("latest value per key").isEqualTo(expected);
    }

    /**
     * Runs a reader from {@code offset} (null: a first start) and replays what it delivers into {@code topic},
     * stopping after {@code stopAfterSnapshotRecords} op=r records (the rest of the queue is lost, as records a task
     * never handed to Connect), or 3 s after its snapshot is done ({@code whenSnapshotDone} runs then).
     */
    private static Run run(BinlogConnectorConfig config, SourceOffset offset, GtidPosition position, Map<Integer, String> topic,
                           long stopAfterSnapshotRecords, Runnable whenSnapshotDone) throws Exception {
        Run run = new Run();
        ServerSelector.Selected initial = new ServerSelector.Selected(config.servers().get(0), null, position);
        TableConverters converters = new TableConverters(config.topicPrefix(), MappingOptions.DEFAULT,
                new TableCatalog(LiveSnapshotRestartTest::connectorConnection), RecordOptions.from(config));
        try (BinlogReader reader = new BinlogReader(config, config.serverId(), new ServerSelector(config), initial, sink -> {
            TransactionAssembler assembler = new TransactionAssembler(config.topicPrefix(), config.tableFilter(), RecordOptions.from(config),
                    offset, position, new Heartbeats(config.heartbeatTopic(), config.topicPrefix()), config.heartbeatInterval(), sink, converters);
            run.snapshots = new TableSnapshots(LiveSnapshotRestartTest::connectorConnection, config.tableFilter(), config.snapshotChunkSize(),
                    offset == null ? null : offset.snapshot(), (schema, id) -> assembler.snapshotConverter(schema));
            assembler.snapshot(run.snapshots);
            return assembler;
        })) {
            reader.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            List<Delivery> batch = new ArrayList<>();
            boolean catchingUp = false;
            outer:
            while (System.nanoTime() < deadline) {
                batch.clear();
                reader.drain(batch, 1000, Duration.ofMillis(100));
                for (Delivery d : batch) {
                    SourceRecord r = d.record();
                    run.last = r;
                    if (!r.topic().equals(TOPIC)) {
                        continue;
                    }
                    int key = ((Struct) r.key()).getInt32("id");
                    if (r.value() == null) {
                        topic.remove(key);
                        continue;
                    }
                    Struct envelope = (Struct) r.value();
                    Struct after = envelope.getStruct("after");
                    if (after == null) {
                        topic.remove(key);
                    } else {
                        topic.put(key, after.getInt64("v") + "/" + after.getString("note"));
                    }
                    if (envelope.getString("op").equals("r")) {
                        run.snapshotKeys.add(key);
                        String id = r.headers().lastWithName(PendingRecord.EVENT_ID_HEADER).value().toString();
                        if (run.eventIds.containsValue(id) || run.eventIds.put(key, id) != null) {
                            run.duplicateIds++;
                        }
                        if (run.snapshotKeys.size() >= stopAfterSnapshotRecords) {
                            break outer;
                        }
                    }
                }
                if (!run.snapshots.active() && !catchingUp) {
                    catchingUp = true;
                    whenSnapshotDone.run();
                    deadline = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(3).toNanos());
                }
            }
        } finally {
            if (run.snapshots != null) {
                run.snapshots.close();
            }
        }
        return run;
    }

    private static Connection connectorConnection() throws java.sql.SQLException {
        return ServerConnection.open(server.host(), server.port(), server.connectorUser(), server.connectorPassword(), 10_000);
    }
}
