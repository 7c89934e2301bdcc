package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.testkit.MariaDbServer;

/**
 * The events of tables left out are dropped from a real server's stream before decoding
 * ({@link UncapturedEventFilter}), and the captured tables' changes come out exactly as without that: in
 * transactions that mix both, in statements whose triggers write to both (so the statement's last rows event may
 * be one that is dropped), around a row too large for the filter to hold, and for a table that moves from a
 * database left out into a captured one.
 */
class LiveUncapturedEventsTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE shop",
                "CREATE DATABASE other",
                "CREATE TABLE shop.orders (id INT PRIMARY KEY, note VARCHAR(40))",
                "CREATE TABLE other.noise (id INT PRIMARY KEY, v VARCHAR(20), big LONGTEXT)",
                "CREATE TABLE other.audit (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT)",
                "CREATE TABLE other.later (id INT PRIMARY KEY, v VARCHAR(20))",
                // A statement on a table left out that writes a captured one, and the other way round.
                "CREATE TRIGGER other.noise_order AFTER INSERT ON other.noise FOR EACH ROW"
                        + " INSERT INTO shop.orders VALUES (NEW.id + 1000, CONCAT('from noise ', NEW.id))",
                "CREATE TRIGGER shop.orders_audit AFTER UPDATE ON shop.orders FOR EACH ROW"
                        + " INSERT INTO other.audit (order_id) VALUES (NEW.id)");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void capturedChangesComeOutExactlyWhileTheOthersAreDroppedBeforeDecoding() throws Exception {
        String position;
        try (Connection connection = server.adminConnection()) {
            position = ServerInfo.currentGtidPosition(connection, true);
        }
        try (Connection connection = server.adminConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("INSERT INTO other.later VALUES (1, 'a'), (2, 'b')");
            sql.execute("INSERT INTO shop.orders VALUES (1, 'one')");
            sql.execute("UPDATE other.later SET v = 'c'");
            sql.execute("INSERT INTO shop.orders VALUES (2, 'two')");
            sql.execute("DELETE FROM other.later WHERE id = 2");
            connection.commit();
            sql.execute("INSERT INTO other.noise (id, v) VALUES (7, 'x')"); // its trigger writes shop.orders 1007
            connection.commit();
            sql.execute("UPDATE shop.orders SET note = 'uno' WHERE id = 1"); // its trigger writes other.audit
            connection.commit();
            sql.execute("INSERT INTO other.noise (id, v, big) VALUES (8, 'y', REPEAT('z', 200000))"); // trigger: 1008
            sql.execute("INSERT INTO shop.orders VALUES (3, 'three')");
            connection.commit();
            sql.execute("RENAME TABLE other.later TO shop.later");
            sql.execute("INSERT INTO shop.later VALUES (5, 'now captured')");
            connection.commit();
        }
        Map<String, String> props = LiveConfigs.props(server, "uncaptured");
        props.put("database.include.list", "shop");
        props.put("heartbeat.interval.ms", "0");
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);

        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, position, null)) {
            reader.start();
            List<SourceRecord> records = LiveBinlogReaderTest.drain(reader, 1 + 7);
            List<SourceRecord> changes = records.subList(1, records.size()); // after the start's heartbeat

            assertThat(changes).extracting(r -> r.topic() + " " + op(r) + " " + after(r))
                    .containsExactly(
                            "uncaptured.shop.orders c 1 one",
                            "uncaptured.shop.orders c 2 two",
                            "uncaptured.shop.orders c 1007 from noise 7",
                            "uncaptured.shop.orders u 1 uno",
                            "uncaptured.shop.orders c 1008 from noise 8",
                            "uncaptured.shop.orders c 3 three",
                            "uncaptured.shop.later c 5 now captured");
            SourceOffset first = SourceOffset.fromMap(changes.get(0).sourceOffset());
            SourceOffset second = SourceOffset.fromMap(changes.get(1).sourceOffset());
            assertThat(first.rows()).as("captured rows counted within the mixed transaction").isEqualTo(1);
            assertThat(second.rows()).isZero();
            assertThat(second.transaction()).isNull();
            // other.later's TABLE_MAPs and rows in the first transaction (3 + 3), other.noise's in the second and
            // fourth (2 + 2, the 200 KB row among them), other.audit's in the third (2).
            assertThat(reader.droppedEvents()).isEqualTo(6 + 4 + 2);
        }
    }

    private static String op(SourceRecord record) {
        return ((Struct) record.value()).getString("op");
    }

    private static String after(SourceRecord record) {
        Struct after = ((Struct) record.value()).getStruct("after");
        Object note = after.schema().field("note") != null ? after.get("note") : after.get("v");
        return after.get("id") + " " + note;
    }
}
