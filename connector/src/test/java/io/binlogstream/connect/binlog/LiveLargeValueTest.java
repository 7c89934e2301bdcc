package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.testkit.MariaDbServer;

/**
 * A LONGBLOB and a LONGTEXT of tens of megabytes: their row event spans several 16 MB protocol packets, and the
 * values arrive whole, byte for byte.
 */
class LiveLargeValueTest {
    private static final int BLOB_BYTES = 24 * 1024 * 1024;
    private static final int TEXT_CHARS = 12 * 1024 * 1024;

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void start() {
        server = MariaDbServer.start(workDir, MariaDbServer.Options.defaults().setting("max_allowed_packet", "128M"));
        server.execute("CREATE DATABASE big", "CREATE TABLE big.t (id INT PRIMARY KEY, b LONGBLOB, txt LONGTEXT CHARACTER SET utf8mb4)");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void valuesOfTensOfMegabytesArriveWhole() throws Exception {
        byte[] blob = new byte[BLOB_BYTES];
        new Random(11).nextBytes(blob);
        // Two-byte and four-byte characters, so the text is about 30 MB of utf8mb4.
        String text = "é😀".repeat(TEXT_CHARS / 3);
        String start;
        try (Connection connection = server.adminConnection()) {
            start = ServerInfo.currentGtidPosition(connection, true);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO big.t VALUES (1, ?, ?)")) {
                insert.setBytes(1, blob);
                insert.setString(2, text);
                insert.executeUpdate();
            }
        }
        Map<String, String> props = LiveConfigs.props(server, "big");
        props.put("database.include.list", "big");
        props.put("heartbeat.interval.ms", "0");
        List<SourceRecord> records;
        try (BinlogReader reader = LiveBinlogReaderTest.reader(new BinlogConnectorConfig(props), start, null)) {
            reader.start();
            records = LiveBinlogReaderTest.drain(reader, 2).stream().filter(r -> r.topic().equals("big.big.t")).toList();
        }
        assertThat(records).hasSize(1);
        Struct after = ((Struct) records.get(0).value()).getStruct("after");
        byte[] got = after.getBytes("b");
        assertThat(got.length).isEqualTo(BLOB_BYTES);
        assertThat(MessageDigest.getInstance("SHA-256").digest(got)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(blob));
        assertThat(after.getString("txt")).hasSize(text.length()).isEqualTo(text);
    }
}
