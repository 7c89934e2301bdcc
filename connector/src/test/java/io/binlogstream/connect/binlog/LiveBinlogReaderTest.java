package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.connect.record.Heartbeats;
import io.binlogstream.connect.record.PendingRecord;
import io.binlogstream.testkit.MariaDbServer;

/**
 * The reader against a real MariaDB server, without Kafka: values decode exactly, records carry the design's
 * envelope, headers and offsets, and a reader started from a mid-transaction offset skips exactly the rows
 * already delivered.
 */
class LiveBinlogReaderTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE shop",
                "CREATE DATABASE other",
                "CREATE TABLE other.noise (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static BinlogConnectorConfig config(String prefix, String include) {
        return config(prefix, include, Map.of());
    }

    private static BinlogConnectorConfig config(String prefix, String include, Map<String, String> overrides) {
        Map<String, String> props = LiveConfigs.props(server, prefix);
        props.put("database.include.list", include);
        props.put("heartbeat.interval.ms", "0");
        props.putAll(overrides);
        return new BinlogConnectorConfig(props);
    }

    private static String currentPosition() throws Exception {
        try (Connection connection = server.adminConnection()) {
            return ServerInfo.currentGtidPosition(connection, true);
        }
    }

    static BinlogReader reader(BinlogConnectorConfig config, String position, SourceOffset offset) {
        return reader(config, position, offset, null);
    }

    /** @param catalog null for none: keys from primary keys only, MariaDB's extended types in storage form */
    static BinlogReader reader(BinlogConnectorConfig config, String position, SourceOffset offset, TableCatalog catalog) {
        GtidPosition start = GtidPosition.parse(position, true);
        // The reader only needs the address and position from the selection; it reselects on reconnect.
        ServerSelector.Selected initial = new ServerSelector.Selected(config.servers().get(0), null, start);
        return new BinlogReader(config, config.serverId(), new ServerSelector(config), initial,
                sink -> new TransactionAssembler(config.topicPrefix(), config.tableFilter(), RecordOptions.from(config), offset, start,
                        new Heartbeats(config.heartbeatTopic(), config.topicPrefix()), config.heartbeatInterval(), sink,
                        catalog == null ? TableConverters.withoutCatalog(config.topicPrefix(), RecordOptions.from(config))
                                : new TableConverters(config.topicPrefix(), config.mappingOptions(), catalog, RecordOptions.from(config))));
    }

    /** Drains a reader until {@code expected} records arrived, and a moment more so extra ones show up too. */
    static List<SourceRecord> drain(BinlogReader reader, int expected) throws InterruptedException {
        List<Delivery> deliveries = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (deliveries.size() < expected && System.nanoTime() < deadline) {
            reader.drain(deliveries, 1000, Duration.ofMillis(200));
        }
        reader.drain(deliveries, 1000, Duration.ofMillis(500));
        return deliveries.stream().map(Delivery::record).toList();
    }

    /**
     * Runs a reader from a position (and optional offset) until {@code expected} change records arrived.
     * Without an offset the reader first emits the heartbeat that stores its start position; it is checked
     * here and left out of the result.
     */
    private static List<SourceRecord> read(BinlogConnectorConfig config, String position, SourceOffset offset, int expected)
            throws Exception {
        try (BinlogReader reader = reader(config, position, offset)) {
            reader.start();
            List<SourceRecord> records = drain(reader, expected + (offset == null ? 1 : 0));
            if (offset == null) {
                assertThat(records).isNotEmpty();
                assertThat(records.get(0).topic()).isEqualTo(config.heartbeatTopic());
                assertThat(SourceOffset.fromMap(records.get(0).sourceOffset()).gtids()).isEqualTo(position);
                return records.subList(1, records.size());
            }
            return records;
        }
    }

    @Test
    void decodesEveryCommonTypeExactly() throws Exception {
        server.execute("CREATE TABLE shop.types ("
                + " id BIGINT UNSIGNED PRIMARY KEY,"
                + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT UNSIGNED, mi MEDIUMINT, iu INT UNSIGNED, bi BIGINT,"
                + " dec_big DECIMAL(65,30), fl FLOAT, db DOUBLE,"
                + " b1 BIT(1), b10 BIT(10),"
                + " vc VARCHAR(50) CHARACTER SET utf8mb4, l1 VARCHAR(20) CHARACTER SET latin1, bin BINARY(4), vb VARBINARY(8),"
                + " tx TEXT, bl BLOB,"
                + " en ENUM('small','medium','large'), st SET('a','b','c d'),"
                + " d DATE, dt DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME(2), tm0 TIME, yr YEAR)");
        String position = currentPosition();
        server.execute("SET time_zone = '+00:00'",
                "INSERT INTO shop.types VALUES (18446744073709551615, -128, 255, 65535, -8388608, 4294967295, -9223372036854775808,"
                        + " '-12345678901234567890123456789012345.123456789012345678901234567890', 1.5, 2.25,"
                        + " b'1', b'1000000001',"
                        + " 'caf\u00e9 \uD83D\uDE00', 'd\u00e9j\u00e0 \u20ac', x'0102', x'00ff',"
                        + " 'long text', x'deadbeef',"
                        + " 'large', 'c d,a',"
                        + " '2024-02-29', '2024-02-29 23:59:58.123456', '2038-01-19 03:14:07.999', '-838:59:59.99', '-00:00:01', 0)");
        List<SourceRecord> records = read(config("types", "shop"), position, null, 1);

        assertThat(records).hasSize(1);
        SourceRecord record = records.get(0);
        assertThat(record.topic()).isEqualTo("types.shop.types");
        Struct envelope = (Struct) record.value();
        assertThat(envelope.getString("op")).isEqualTo("c");
        assertThat(envelope.get("before")).isNull();
        Struct after = envelope.getStruct("after");
        assertThat(after.get("id")).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(((Struct) record.key()).get("id")).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(after.get("ti")).isEqualTo((byte) -128);
        assertThat(after.get("tiu")).isEqualTo((short) 255);
        assertThat(after.get("si")).isEqualTo(65535);
        assertThat(after.get("mi")).isEqualTo(-8388608);
        assertThat(after.get("iu")).isEqualTo(4294967295L);
        assertThat(after.get("bi")).isEqualTo(Long.MIN_VALUE);
        assertThat(after.get("dec_big")).isEqualTo(new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890"));
        assertThat(after.get("fl")).isEqualTo(1.5f);
        assertThat(after.get("db")).isEqualTo(2.25d);
        assertThat(after.get("b1")).isEqualTo(true);
        assertThat((byte[]) after.get("b10")).containsExactly(0x02, 0x01);
        assertThat(after.get("vc")).isEqualTo("caf\u00e9 \uD83D\uDE00");
        assertThat(after.get("l1")).isEqualTo("d\u00e9j\u00e0 \u20ac");
        assertThat((byte[]) after.get("bin")).as("BINARY keeps its padding").containsExactly(1, 2, 0, 0);
        assertThat((byte[]) after.get("vb")).containsExactly(0x00, 0xff);
        assertThat(after.get("tx")).isEqualTo("long text");
        assertThat((byte[]) after.get("bl")).containsExactly(0xde, 0xad, 0xbe, 0xef);
        assertThat(after.get("en")).isEqualTo("large");
        assertThat(after.get("st")).as("SET members in definition order").isEqualTo("a,c d");
        assertThat(after.get("d")).isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(after.get("dt")).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000).toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 123_456);
        assertThat(after.get("ts")).isEqualTo(2_147_483_647_999_000L);
        assertThat(after.get("tm")).isEqualTo(-((838L * 3600 + 59 * 60 + 59) * 1_000_000 + 990_000));
        assertThat(after.get("tm0")).isEqualTo(-1_000_000L);
        assertThat(after.get("yr")).as("YEAR 0 stays 0").isEqualTo((short) 0);
        assertThat(after.schema().field("dec_big").schema().parameters()).containsEntry("connect.decimal.precision", "65");
    }

    @Test
    void envelopeHeadersOffsetsAndTombstonesFollowTheDesign() throws Exception {
        server.execute("CREATE TABLE shop.orders (id INT PRIMARY KEY, note VARCHAR(20))");
        String position = currentPosition();
        server.execute("INSERT INTO other.noise VALUES (1)");
        try (Connection connection = server.adminConnection()) {
            connection.setAutoCommit(false);
            connection.createStatement().execute("INSERT INTO shop.orders VALUES (1, 'one'), (2, 'two')");
            connection.createStatement().execute("UPDATE shop.orders SET note = 'uno' WHERE id = 1");
            connection.createStatement().execute("DELETE FROM shop.orders WHERE id = 2");
            connection.commit();
        }
        BinlogConnectorConfig config = config("env", "shop");
        List<SourceRecord> records = read(config, position, null, 5);

        assertThat(records).extracting(r -> r.value() == null ? "tombstone" : ((Struct) r.value()).getString("op"))
                .containsExactly("c", "c", "u", "d", "tombstone");
        String gtid = ((Struct) ((Struct) records.get(0).value()).get("source")).getString("gtid");
        assertThat(gtid).matches("0-1-\\d+");
        assertThat(records).extracting(r -> header(r, PendingRecord.EVENT_ID_HEADER))
                .containsExactly(gtid + "/1", gtid + "/2", gtid + "/3", gtid + "/4", gtid + "/4/tombstone");
        assertThat(records.subList(0, 4)).allSatisfy(r -> assertThat(r.headers().lastWithName(PendingRecord.TRANSACTION_END_HEADER)).isNull());
        assertThat(records.get(4).headers().lastWithName(PendingRecord.TRANSACTION_END_HEADER).value()).isEqualTo(4L);

        Struct update = (Struct) records.get(2).value();
        assertThat(update.getStruct("before").getString("note")).isEqualTo("one");
        assertThat(update.getStruct("after").getString("note")).isEqualTo("uno");
        Struct source = update.getStruct("source");
        assertThat(source.getString("name")).isEqualTo("env");
        assertThat(source.getString("db")).isEqualTo("shop");
        assertThat(source.getString("table")).isEqualTo("orders");
        assertThat(source.getInt32("row")).isEqualTo(2);
        assertThat(source.getString("snapshot")).isEqualTo("false");
        assertThat(source.getString("file")).startsWith("mysql-bin.");
        assertThat(((Struct) records.get(4).key()).getInt32("id")).isEqualTo(2);

        // Offsets: inside the transaction they name it and count delivered rows; the delete's offset stays
        // before its row so the tombstone is never lost; the last record's offset is past the transaction.
        assertThat(records).extracting(r -> SourceOffset.fromMap(r.sourceOffset()).rows()).containsExactly(1L, 2L, 3L, 3L, 0L);
        SourceOffset last = SourceOffset.fromMap(records.get(4).sourceOffset());
        assertThat(last.transaction()).isNull();
        assertThat(GtidPosition.parse(last.gtids(), true).contains(gtid)).isTrue();
        assertThat(records).allSatisfy(r -> assertThat(r.sourcePartition()).isEqualTo(Map.of("server", "env")));

        // Restart from the offset of the third record: only the delete and its tombstone come again.
        SourceOffset resume = SourceOffset.fromMap(records.get(2).sourceOffset());
        List<SourceRecord> resumed = read(config, resume.gtids(), resume, 2);
        assertThat(resumed).extracting(r -> header(r, PendingRecord.EVENT_ID_HEADER))
                .containsExactly(gtid + "/4", gtid + "/4/tombstone");
        // And from the delete's own offset, the delete is replayed with its tombstone (same ids: consumers dedupe).
        SourceOffset atDelete = SourceOffset.fromMap(records.get(3).sourceOffset());
        assertThat(read(config, atDelete.gtids(), atDelete, 2)).extracting(r -> header(r, PendingRecord.EVENT_ID_HEADER))
                .containsExactly(gtid + "/4", gtid + "/4/tombstone");
        // From the final offset nothing is replayed.
        assertThat(read(config, last.gtids(), last, 0)).isEmpty();
    }

    @Test
    void anUpdateThatChangesThePrimaryKeyDeletesTheOldKeyAndCreatesTheNew() throws Exception {
        server.execute("CREATE TABLE shop.moving (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO shop.moving VALUES (1, 'a')");
        String position = currentPosition();
        server.execute("UPDATE shop.moving SET id = 2, v = 'b' WHERE id = 1");
        List<SourceRecord> records = read(config("moving", "shop"), position, null, 3);

        assertThat(records).extracting(r -> r.value() == null ? "tombstone" : ((Struct) r.value()).getString("op"))
                .containsExactly("d", "tombstone", "c");
        assertThat(records).extracting(r -> ((Struct) r.key()).getInt32("id")).containsExactly(1, 1, 2);
        String gtid = ((Struct) ((Struct) records.get(0).value()).get("source")).getString("gtid");
        assertThat(records).extracting(r -> header(r, PendingRecord.EVENT_ID_HEADER))
                .containsExactly(gtid + "/1/delete", gtid + "/1/delete/tombstone", gtid + "/1");
        assertThat(((Struct) records.get(0).value()).getStruct("before").getString("v")).isEqualTo("a");
        assertThat(((Struct) records.get(2).value()).getStruct("after").getString("v")).isEqualTo("b");
        // Until the create is delivered, a restart replays the whole row change.
        assertThat(records).extracting(r -> SourceOffset.fromMap(r.sourceOffset()).rows()).containsExactly(0L, 0L, 0L);
        assertThat(GtidPosition.parse(SourceOffset.fromMap(records.get(1).sourceOffset()).gtids(), true).contains(gtid)).isFalse();
        assertThat(GtidPosition.parse(SourceOffset.fromMap(records.get(2).sourceOffset()).gtids(), true).contains(gtid)).isTrue();
    }

    @Test
    void aRowEventThatCannotBeDecodedStopsTheReaderNamingThePosition() throws Exception {
        // A charset with no Java decoder must stop the task naming it, not yield wrong text.
        server.execute("CREATE TABLE shop.old_charset (id INT PRIMARY KEY, v VARCHAR(10) CHARACTER SET armscii8)");
        String position = currentPosition();
        server.execute("INSERT INTO shop.old_charset VALUES (1, 'x')");
        BinlogConnectorConfig config = config("fail", "shop");
        try (BinlogReader reader = reader(config, position, null)) {
            reader.start();
            List<Delivery> records = new ArrayList<>();
            Throwable failure = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (failure == null && System.nanoTime() < deadline) {
                try {
                    reader.drain(records, 100, Duration.ofMillis(200));
                } catch (org.apache.kafka.connect.errors.ConnectException e) {
                    failure = e;
                }
            }
            assertThat(records).extracting(d -> d.record().topic()).as("only the start position").containsOnly(config.heartbeatTopic());
            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("TABLE_MAP").contains("GTID position").contains("mysql-bin.");
            assertThat(rootMessage(failure)).contains("armscii8");
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : (String) header.value();
    }

    /**
     * The events of tables left out are dropped from the stream before decoding ({@link UncapturedEventFilter}), and
     * the captured tables' changes come out exactly as without that: in transactions that mix both, in statements
     * whose triggers write to both (so the statement's last rows event may be one that is dropped), around a row
     * larger than the filter's buffer, and for a table that moves from a database left out into a captured one.
     */
    @Test
    void capturedChangesComeOutExactlyWhileTheOthersAreDroppedBeforeDecoding() throws Exception {
        server.execute("CREATE TABLE shop.parcels (id INT PRIMARY KEY, note VARCHAR(40))",
                "CREATE TABLE other.chatter (id INT PRIMARY KEY, v VARCHAR(20), big LONGTEXT)",
                "CREATE TABLE other.parcel_audit (id INT AUTO_INCREMENT PRIMARY KEY, parcel_id INT)",
                "CREATE TABLE other.later (id INT PRIMARY KEY, v VARCHAR(20))",
                // A statement on a table left out that writes a captured one, and the other way round.
                "CREATE TRIGGER other.chatter_parcel AFTER INSERT ON other.chatter FOR EACH ROW"
                        + " INSERT INTO shop.parcels VALUES (NEW.id + 1000, CONCAT('from chatter ', NEW.id))",
                "CREATE TRIGGER shop.parcels_audit AFTER UPDATE ON shop.parcels FOR EACH ROW"
                        + " INSERT INTO other.parcel_audit (parcel_id) VALUES (NEW.id)");
        String position = currentPosition();
        try (Connection connection = server.adminConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("INSERT INTO other.later VALUES (1, 'a'), (2, 'b')");
            sql.execute("INSERT INTO shop.parcels VALUES (1, 'one')");
            sql.execute("UPDATE other.later SET v = 'c'");
            sql.execute("INSERT INTO shop.parcels VALUES (2, 'two')");
            sql.execute("DELETE FROM other.later WHERE id = 2");
            connection.commit();
            sql.execute("INSERT INTO other.chatter (id, v) VALUES (7, 'x')"); // its trigger writes shop.parcels 1007
            connection.commit();
            sql.execute("UPDATE shop.parcels SET note = 'uno' WHERE id = 1"); // its trigger writes other.parcel_audit
            connection.commit();
            sql.execute("INSERT INTO other.chatter (id, v, big) VALUES (8, 'y', REPEAT('z', 200000))"); // trigger: 1008
            sql.execute("INSERT INTO shop.parcels VALUES (3, 'three')");
            connection.commit();
            sql.execute("RENAME TABLE other.later TO shop.arrived");
            sql.execute("INSERT INTO shop.arrived VALUES (5, 'now captured')");
            connection.commit();
        }

        try (BinlogReader reader = reader(config("uncaptured", "shop"), position, null)) {
            reader.start();
            List<SourceRecord> records = drain(reader, 1 + 7);
            List<SourceRecord> changes = records.subList(1, records.size()); // after the start's heartbeat

            assertThat(changes).extracting(r -> r.topic() + " " + ((Struct) r.value()).getString("op") + " " + idAndText(r))
                    .containsExactly(
                            "uncaptured.shop.parcels c 1 one",
                            "uncaptured.shop.parcels c 2 two",
                            "uncaptured.shop.parcels c 1007 from chatter 7",
                            "uncaptured.shop.parcels u 1 uno",
                            "uncaptured.shop.parcels c 1008 from chatter 8",
                            "uncaptured.shop.parcels c 3 three",
                            "uncaptured.shop.arrived c 5 now captured");
            SourceOffset first = SourceOffset.fromMap(changes.get(0).sourceOffset());
            SourceOffset second = SourceOffset.fromMap(changes.get(1).sourceOffset());
            assertThat(first.rows()).as("captured rows counted within the mixed transaction").isEqualTo(1);
            assertThat(second.rows()).isZero();
            assertThat(second.transaction()).isNull();
            // other.later's TABLE_MAPs and rows in the first transaction (3 + 3), other.chatter's in the second and
            // fourth (2 + 2, the 200 KB row among them), other.parcel_audit's in the third (2).
            assertThat(reader.droppedEvents()).isEqualTo(6 + 4 + 2);
        }
    }

    /** The row's id and its one text column. */
    private static String idAndText(SourceRecord record) {
        Struct after = ((Struct) record.value()).getStruct("after");
        return after.get("id") + " " + after.get(after.schema().field("note") != null ? "note" : "v");
    }
}
