package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.testkit.MariaDbServer;

/**
 * max.queue.bytes on a real server: rows of 200 KB, a 2 MB byte limit and the default record limit. While
 * nothing drains, the reader holds about 2 MB, not the 20 MB it has read; then every row arrives, in order.
 */
class LiveQueueBytesTest {
    private static final int ROWS = 100;
    private static final int ROW_BYTES = 200 * 1024;
    private static final long LIMIT = 2L * 1024 * 1024;

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void start() {
        server = MariaDbServer.start(workDir, MariaDbServer.Options.defaults());
        server.execute("CREATE DATABASE qb", "CREATE TABLE qb.t (id INT PRIMARY KEY, b MEDIUMBLOB)");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theReaderHoldsAboutTheByteLimitAndLosesNothing() throws Exception {
        String start;
        try (Connection connection = server.adminConnection()) {
            start = ServerInfo.currentGtidPosition(connection, true);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO qb.t VALUES (?, ?)")) {
                for (int id = 1; id <= ROWS; id++) {
                    byte[] value = new byte[ROW_BYTES];
                    java.util.Arrays.fill(value, (byte) id);
                    insert.setInt(1, id);
                    insert.setBytes(2, value);
                    insert.executeUpdate();
                }
            }
        }
        Map<String, String> props = LiveConfigs.props(server, "qb");
        props.put("database.include.list", "qb");
        props.put("heartbeat.interval.ms", "0");
        props.put("max.queue.bytes", Long.toString(LIMIT));
        try (BinlogReader reader = LiveBinlogReaderTest.reader(new BinlogConnectorConfig(props), start, null)) {
            reader.start();
            long held = awaitSteady(reader);
            // Full by bytes: more than one row short of the limit would mean it stopped early, more than one row over
            // it would mean the limit does not hold.
            assertThat(held).isBetween(LIMIT - ROW_BYTES - 1024, LIMIT + ROW_BYTES + 1024);

            List<Delivery> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.stream().filter(d -> d.record().topic().equals("qb.qb.t")).count() < ROWS && System.nanoTime() < deadline) {
                List<Delivery> batch = new ArrayList<>();
                reader.drain(batch, 7, Duration.ofMillis(200));
                out.addAll(batch);
            }
            List<Integer> ids = out.stream().filter(d -> d.record().topic().equals("qb.qb.t"))
                    .map(d -> ((Struct) d.record().value()).getStruct("after").getInt32("id")).toList();
            assertThat(ids).hasSize(ROWS);
            for (int i = 0; i < ROWS; i++) {
                assertThat(ids.get(i)).isEqualTo(i + 1);
                byte[] b = ((Struct) out.stream().filter(d -> d.record().topic().equals("qb.qb.t")).toList().get(i).record().value())
                        .getStruct("after").getBytes("b");
                assertThat(b).hasSize(ROW_BYTES).containsOnly((byte) (i + 1));
            }
        }
    }

    /** The queued bytes once the reader has stopped adding (nothing drains, so it stops at a bound). */
    private static long awaitSteady(BinlogReader reader) throws InterruptedException {
        long last = -1;
        int steady = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (steady < 10 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = reader.queuedBytes();
            steady = now == last && now > 0 ? steady + 1 : 0;
            last = now;
        }
        return last;
    }
}
