package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.offset.SourceOffset;

/** TRUNCATE, chosen key columns and column filters against a real MariaDB server. */
class LiveRecordOptionsTest {

    @TempDir
    static Path workDir;
    static io.binlogstream.testkit.MariaDbServer server;

    @BeforeAll
    static void start() {
        server = io.binlogstream.testkit.MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE opt");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static BinlogConnectorConfig config(String prefix, Map<String, String> overrides) {
        Map<String, String> props = LiveConfigs.props(server, prefix);
        props.put("database.include.list", "opt");
        props.put("heartbeat.interval.ms", "0");
        props.putAll(overrides);
        return new BinlogConnectorConfig(props);
    }

    private static String position() throws Exception {
        try (Connection connection = server.adminConnection()) {
            return ServerInfo.currentGtidPosition(connection, true);
        }
    }

    /** The change records (the first start's heartbeat left out). */
    private static List<SourceRecord> read(BinlogConnectorConfig config, String start, int expected) throws Exception {
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
            reader.start();
            return LiveBinlogReaderTest.drain(reader, expected + 1).stream().filter(r -> !r.topic().startsWith("__")).toList();
        }
    }

    @Test
    void truncateBecomesAnOpTRecordWithoutKey() throws Exception {
        server.execute("CREATE TABLE opt.tr (id INT PRIMARY KEY, v INT)");
        String start = position();
        server.execute("INSERT INTO opt.tr VALUES (1, 1)", "TRUNCATE TABLE opt.tr", "USE opt", "INSERT INTO opt.tr VALUES (2, 2)");
        // A TRUNCATE with the default database (the execute() session has none) and of a table no row was seen of.
        try (Connection connection = server.adminConnection(); var statement = connection.createStatement()) {
            statement.execute("USE opt");
            statement.execute("CREATE TABLE fresh (id INT PRIMARY KEY)");
            statement.execute("TRUNCATE fresh");
        }
        String truncateGtid = null;
        List<SourceRecord> records = read(config("tr", Map.of()), start, 4);
        assertThat(records).extracting(r -> ((Struct) r.value()).getString("op")).containsExactly("c", "t", "c", "t");
        SourceRecord truncate = records.get(1);
        assertThat(truncate.topic()).isEqualTo("tr.opt.tr");
        assertThat(truncate.key()).isNull();
        assertThat(truncate.keySchema()).isNull();
        Struct value = (Struct) truncate.value();
        assertThat(value.get("before")).isNull();
        assertThat(value.get("after")).isNull();
        assertThat(value.getStruct("source").getString("table")).isEqualTo("tr");
        truncateGtid = value.getStruct("source").getString("gtid");
        assertThat(truncate.headers().lastWithName("binlogstream.event.id").value()).isEqualTo(truncateGtid + "/1");
        assertThat(SourceOffset.fromMap(truncate.sourceOffset()).insideTransaction()).isFalse();
        assertThat(records.get(3).topic()).isEqualTo("tr.opt.fresh");

        List<SourceRecord> skipped = read(config("trs", Map.of("truncate.handling", "skip")), start, 2);
        assertThat(skipped).extracting(r -> ((Struct) r.value()).getString("op")).containsExactly("c", "c");

        try (BinlogReader reader = LiveBinlogReaderTest.reader(config("trf", Map.of("truncate.handling", "fail")), start, null)) {
            reader.start();
            assertThatThrownBy(() -> LiveBinlogReaderTest.drain(reader, 3)).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("TRUNCATE TABLE opt.tr").hasMessageContaining("(transaction " + truncateGtid + ")")
                    .hasMessageContaining("truncate.handling=fail");
        }
    }

    @Test
    void chosenKeyColumnsAndColumnFilters() throws Exception {
        server.execute("CREATE TABLE opt.nokey (code VARCHAR(5) NOT NULL, region INT NOT NULL, secret VARCHAR(20), note VARCHAR(20))");
        String start = position();
        server.execute("INSERT INTO opt.nokey VALUES ('a', 1, 'pw', 'n1')", "DELETE FROM opt.nokey WHERE code = 'a'");

        List<SourceRecord> plain = read(config("k0", Map.of()), start, 2);
        assertThat(plain).as("a table without a key: null keys, no tombstone").hasSize(2).allSatisfy(r -> assertThat(r.key()).isNull());

        List<SourceRecord> keyed = read(config("k1", Map.of("message.key.columns", "opt\\.other:x;opt\\.no.*:region,code",
                "column.exclude.list", "opt\\.nokey\\.secret")), start, 3);
        assertThat(keyed).hasSize(3);
        Struct key = (Struct) keyed.get(0).key();
        assertThat(key.schema().fields()).extracting(Field::name).containsExactly("region", "code");
        assertThat(key.getInt32("region")).isEqualTo(1);
        assertThat(key.getString("code")).isEqualTo("a");
        assertThat(keyed.get(2).value()).as("a tombstone now the table has a key").isNull();
        Struct after = ((Struct) keyed.get(0).value()).getStruct("after");
        assertThat(after.schema().fields()).extracting(Field::name).containsExactly("code", "region", "note");

        List<SourceRecord> included = read(config("k2", Map.of("column.include.list", "opt\\.nokey\\.(code|note)")), start, 2);
        assertThat(((Struct) included.get(0).value()).getStruct("after").schema().fields()).extracting(Field::name)
                .containsExactly("code", "note");

        try (BinlogReader reader = LiveBinlogReaderTest.reader(config("k3", Map.of("message.key.columns", "opt\\.nokey:nope")), start, null)) {
            reader.start();
            assertThatThrownBy(() -> LiveBinlogReaderTest.drain(reader, 3)).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("message.key.columns names column nope for opt.nokey");
        }
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config("k4", Map.of("message.key.columns", "opt\\.nokey:code",
                "column.exclude.list", "opt\\.nokey\\.code")), start, null)) {
            reader.start();
            assertThatThrownBy(() -> LiveBinlogReaderTest.drain(reader, 3)).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("Column code of opt.nokey is part of the record key");
        }
    }
}
