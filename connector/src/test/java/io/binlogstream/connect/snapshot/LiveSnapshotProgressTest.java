package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.BinlogSourceConnector;
import io.binlogstream.connect.BinlogSourceTask;
import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.LogCapture;
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
 * Snapshot progress at the reader level with a real MariaDB: two tables in chunks of 100 behind a queue of 200
 * records. First nobody drains, so the reader thread blocks handing over its third chunk; meanwhile the test thread
 * calls {@link SnapshotProgressTracker#maybeLog} as the task's poll does, and the progress lines keep coming and say
 * how long no chunk came. Then everything is drained: the MBean's per-table rows and chunks equal the op=r records,
 * every table ends {@code done}, the log has the periodic, table-done and snapshot-done lines, and the MBean is gone
 * after close.
 */
class LiveSnapshotProgressTest {
    private static final String PREFIX = "live-prog";
    private static final Map<String, Integer> ROWS = Map.of("a", 3_050, "b", 1_730);
    private static final int CHUNK = 100;

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE prog");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void progressFiguresMatchTheRecordsAndTheLogKeepsComingWhileTheReaderIsHeldUp() throws Exception {
        server.execute("CREATE TABLE prog.a (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO prog.a SELECT seq, CONCAT('a', seq) FROM prog.seq_1_to_3050",
                "CREATE TABLE prog.b (k1 VARCHAR(10), k2 INT, PRIMARY KEY (k1, k2))",
                "INSERT INTO prog.b SELECT CONCAT('k', seq % 7), seq FROM prog.seq_1_to_1730");
        String start;
        try (Connection admin = server.adminConnection()) {
            start = ServerInfo.currentGtidPosition(admin, true);
        }
        Map<String, String> props = LiveConfigs.props(server, PREFIX);
        props.put("database.include.list", "prog");
        props.put("heartbeat.interval.ms", "0");
        props.put("snapshot.mode", "initial");
        props.put("snapshot.chunk.size", Integer.toString(CHUNK));
        props.put("max.queue.size", "250"); // the start heartbeat, two chunks and half of the third
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.binlogstream:type=snapshot,context=" + PREFIX + ",task=0");

        TableSnapshots[] snapshots = new TableSnapshots[1];
        GtidPosition position = GtidPosition.parse(start, true);
        ServerSelector.Selected initial = new ServerSelector.Selected(config.servers().get(0), null, position);
        TableConverters converters = new TableConverters(config.topicPrefix(), MappingOptions.DEFAULT,
                new TableCatalog(LiveSnapshotProgressTest::connectorConnection), RecordOptions.from(config));
        Map<String, Long> opR = new TreeMap<>();
        Map<String, Long> chunkEnds = new TreeMap<>();
        long rowsWhileHeldUp;
        double stalledSeconds;
        String logs;
        Map<String, Object> attributes = new TreeMap<>();
        try (LogCapture capture = LogCapture.start()) {
            try (BinlogReader reader = new BinlogReader(config, config.serverId(), new ServerSelector(config), initial, sink -> {
                TransactionAssembler assembler = new TransactionAssembler(config.topicPrefix(), config.tableFilter(), RecordOptions.from(config),
                        null, position, new Heartbeats(config.heartbeatTopic(), config.topicPrefix()), config.heartbeatInterval(), sink, converters);
                snapshots[0] = new TableSnapshots(LiveSnapshotProgressTest::connectorConnection, config.tableFilter(),
                        config.snapshotChunkSize(), null, (schema, id) -> assembler.snapshotConverter(schema));
                // As BinlogSourceTask does (its task.id is 0), with a short interval so this short snapshot logs.
                snapshots[0].progressTracker().publishAs(config.topicPrefix(), "0").logEvery(Duration.ofMillis(300));
                assembler.snapshot(snapshots[0]);
                return assembler;
            })) {
                SnapshotProgressTracker tracker = snapshots[0].progressTracker();
                reader.start();
                // Held up: nobody drains. The queue takes the first record (a heartbeat holding the start position) and two
                // chunks; the reader blocks in the middle of the third.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (tracker.getRowsDone() < 2 * CHUNK && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                long rowsWhenHeldUp = tracker.getRowsDone();
                assertThat(mbeans.isRegistered(name)).as("registered once the snapshot started").isTrue();
                long heldUntil = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
                while (System.nanoTime() < heldUntil) {
                    tracker.maybeLog(); // what BinlogSourceTask.poll does on every call
                    Thread.sleep(50);
                }
                rowsWhileHeldUp = (Long) mbeans.getAttribute(name, "RowsDone");
                assertThat(rowsWhileHeldUp).as("nothing moved while held up").isEqualTo(rowsWhenHeldUp);
                stalledSeconds = (Double) mbeans.getAttribute(name, "SecondsSinceLastChunk");
                assertThat(mbeans.getAttribute(name, "State")).isEqualTo("running");

                List<Delivery> batch = new ArrayList<>();
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                // Done is counted once the last chunk's records are in the queue: then drain what is left.
                while (System.nanoTime() < deadline && !("done".equals(mbeans.getAttribute(name, "State")) && reader.isCaughtUp())) {
                    batch.clear();
                    reader.drain(batch, 1000, Duration.ofMillis(50));
                    for (Delivery d : batch) {
                        SourceRecord r = d.record();
                        if (r.topic().startsWith(PREFIX + ".prog.") && r.value() instanceof Struct envelope && "r".equals(envelope.getString("op"))) {
                            String table = envelope.getStruct("source").getString("table");
                            opR.merge(table, 1L, Long::sum);
                            if (d.restartPoint()) {
                                chunkEnds.merge(table, 1L, Long::sum); // a chunk's last record (no chunk here is empty)
                            }
                        }
                    }
                }
                for (MBeanAttributeInfo info : mbeans.getMBeanInfo(name).getAttributes()) {
                    attributes.put(info.getName(), mbeans.getAttribute(name, info.getName()));
                }
            } finally {
                if (snapshots[0] != null) {
                    snapshots[0].close();
                }
            }
            logs = capture.text();
        }
        assertThat(mbeans.isRegistered(name)).as("unregistered at close").isFalse();

        System.out.println("MBean " + name + " when done:");
        attributes.forEach((key, value) -> System.out.println("  " + key + " = " + (value instanceof CompositeData[] rows
                ? Arrays.stream(rows).map(row -> TableProgress.from(row).toString()).toList() : value)));
        System.out.printf("held up: %d rows done, %.2f s since the last chunk; op=r per table %s, chunk ends %s%n", rowsWhileHeldUp,
                stalledSeconds, opR, chunkEnds);

        assertThat(rowsWhileHeldUp).as("the reader stopped at the full queue").isEqualTo(2 * CHUNK);
        assertThat(stalledSeconds).isGreaterThan(1.0);
        assertThat(attributes.get("State")).isEqualTo("done");
        assertThat(attributes.get("TablesTotal")).isEqualTo(2);
        assertThat(attributes.get("TablesDone")).isEqualTo(2);
        assertThat(attributes.get("CurrentTable")).isNull();
        assertThat(attributes.get("EstimatedSecondsLeft")).isEqualTo(0L);
        assertThat(attributes.get("RowsDone")).isEqualTo(opR.values().stream().mapToLong(Long::longValue).sum());
        assertThat(attributes.get("ChunksDone")).isEqualTo(snapshots[0].chunks());
        Map<String, CompositeData> perTable = new HashMap<>();
        for (CompositeData row : (CompositeData[]) attributes.get("Tables")) {
            perTable.put((String) row.get("table"), row);
        }
        assertThat(perTable).containsOnlyKeys("prog.a", "prog.b");
        for (Map.Entry<String, Integer> table : ROWS.entrySet()) {
            CompositeData row = perTable.get("prog." + table.getKey());
            assertThat(opR.get(table.getKey())).as("op=r of " + table.getKey()).isEqualTo(table.getValue().longValue());
            assertThat(row.get("rowsDone")).isEqualTo(opR.get(table.getKey()));
            assertThat(row.get("chunksDone")).isEqualTo(chunkEnds.get(table.getKey()))
                    .isEqualTo((long) Math.ceil(table.getValue() / (double) CHUNK));
            assertThat(row.get("state")).isEqualTo("done");
            assertThat((Long) row.get("estimatedRows")).as("TABLE_ROWS read").isGreaterThanOrEqualTo(0L);
        }

        // The lines: steady ones from the test thread while the reader was held up (saying so), the reader's own,
        // one per table done and one for the snapshot.
        assertThat(logs).containsPattern(Pattern.compile("\\[main\\] INFO \\S+SnapshotProgressTracker - Snapshot of live-prog \\(task 0\\): "
                + "0 of 2 tables done, 200 of ~[0-9,]+ rows \\(\\d+%\\) in 2 chunks; [0-9.,]+ rows/s over the last [^;]+ since the start; "
                + "[^;]+; at prog.a \\(200 of ~[0-9,]+ rows\\); [^;]+ elapsed; no chunk for "));
        assertThat(logs).contains("Snapshot of live-prog (task 0): table prog.a done, 3,050 rows in 31 chunks in ")
                .contains("Snapshot of live-prog (task 0): table prog.b done, 1,730 rows in 18 chunks in ")
                .contains("Snapshot of live-prog (task 0) done: 2 tables, 4,780 rows in 49 chunks in ")
                .contains("over JMX as io.binlogstream:type=snapshot,context=live-prog,task=0");
        logs.lines().filter(l -> l.contains("SnapshotProgressTracker")).forEach(l -> System.out.println("LOG " + l));
    }

    /**
     * The task's own wiring: the connector gives its task {@code task.id} 0, the task publishes the MBean under it,
     * polling drives the snapshot to the end, and stop() unregisters it.
     */
    @Test
    void theTaskPublishesItsMBeanUnderItsIdAndStopRemovesIt() throws Exception {
        server.execute("CREATE DATABASE prog_task", "CREATE TABLE prog_task.t (id INT PRIMARY KEY, v INT)",
                "INSERT INTO prog_task.t SELECT seq, seq FROM prog_task.seq_1_to_520");
        Map<String, String> props = LiveConfigs.props(server, "live-prog-task");
        props.put("database.include.list", "prog_task");
        props.put("snapshot.mode", "initial");
        props.put("snapshot.chunk.size", "50");
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.binlogstream:type=snapshot,context=live-prog-task,task=0");
        BinlogSourceConnector connector = new BinlogSourceConnector();
        BinlogSourceTask task = new BinlogSourceTask();
        long opR = 0;
        Map<String, Object> attributes = new TreeMap<>();
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            connector.start(props);
            Map<String, String> taskConfig = connector.taskConfigs(1).get(0);
            assertThat(taskConfig).containsEntry("task.id", "0");
            task.initialize(new SourceTaskContext() {
                @Override
                public Map<String, String> configs() {
                    return taskConfig;
                }

                @Override
                public OffsetStorageReader offsetStorageReader() {
                    return new OffsetStorageReader() {
                        @Override
                        public <T> Map<String, Object> offset(Map<String, T> partition) {
                            return null; // a first start
                        }

                        @Override
                        public <T> Map<Map<String, T>, Map<String, Object>> offsets(java.util.Collection<Map<String, T>> partitions) {
                            return Map.of();
                        }
                    };
                }

                @Override
                public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
                    return null;
                }
            });
            try {
                task.start(taskConfig);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline && opR < 520) {
                    List<SourceRecord> records = task.poll();
                    for (SourceRecord r : records == null ? List.<SourceRecord>of() : records) {
                        task.commitRecord(r, null); // as Connect does once Kafka has the record
                        if (r.value() instanceof Struct envelope && r.topic().equals("live-prog-task.prog_task.t")
                                && "r".equals(envelope.getString("op"))) {
                            opR++;
                        }
                    }
                    task.commit();
                }
                while (System.nanoTime() < deadline && !"done".equals(mbeans.getAttribute(name, "State"))) {
                    Thread.sleep(10);
                }
                for (MBeanAttributeInfo info : mbeans.getMBeanInfo(name).getAttributes()) {
                    attributes.put(info.getName(), mbeans.getAttribute(name, info.getName()));
                }
            } finally {
                task.stop();
                connector.stop();
            }
            logs = capture.text();
        }
        assertThat(mbeans.isRegistered(name)).as("unregistered by stop()").isFalse();
        System.out.println("Task MBean " + name + " when done: " + attributes.entrySet().stream()
                .filter(e -> !(e.getValue() instanceof CompositeData[])).toList());
        assertThat(opR).isEqualTo(520);
        assertThat(attributes.get("State")).isEqualTo("done");
        assertThat(attributes.get("RowsDone")).isEqualTo(520L);
        assertThat(attributes.get("ChunksDone")).isEqualTo(11L);
        assertThat(logs).contains("Snapshot of live-prog-task (task 0): 1 table, ", "over JMX as " + name)
                .contains("Snapshot of live-prog-task (task 0) done: 1 table, 520 rows in 11 chunks in ");
    }

    private static Connection connectorConnection() throws java.sql.SQLException {
        return ServerConnection.open(server.host(), server.port(), server.connectorUser(), server.connectorPassword(), 10_000);
    }
}
