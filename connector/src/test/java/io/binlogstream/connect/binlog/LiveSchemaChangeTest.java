package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.converters.AvroConverter;
import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.SchemaRegistry;

/**
 * Live schema changes: every row decodes with the metadata of its own time, even when the reader starts after
 * all the DDL (as after a restart), and each change yields a schema version the registry accepts at BACKWARD
 * compatibility, except a new primary key, which the registry refuses naming the key subject.
 */
class LiveSchemaChangeTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;
    static SchemaRegistry registry;

    @BeforeAll
    static void start() {
        server = MariaDbServer.start(workDir.resolve("mariadb"));
        registry = SchemaRegistry.start(workDir.resolve("registry"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyRowDecodesWithItsOwnMetadataAndEachVersionIsAccepted() throws Exception {
        server.execute("CREATE DATABASE evo", "CREATE TABLE evo.t (id INT PRIMARY KEY, a VARCHAR(10))");
        String start;
        try (Connection connection = server.adminConnection()) {
            start = ServerInfo.currentGtidPosition(connection, true);
        }
        server.execute("INSERT INTO evo.t VALUES (1, 'one')",
                "ALTER TABLE evo.t ADD COLUMN b INT",
                "INSERT INTO evo.t VALUES (2, 'two', 2)",
                "ALTER TABLE evo.t DROP COLUMN a",
                "INSERT INTO evo.t VALUES (3, 3)",
                "ALTER TABLE evo.t MODIFY b BIGINT",
                "INSERT INTO evo.t VALUES (4, 4000000000)",
                "ALTER TABLE evo.t RENAME COLUMN b TO c",
                "INSERT INTO evo.t VALUES (5, 5)",
                "RENAME TABLE evo.t TO evo.renamed",
                "INSERT INTO evo.renamed VALUES (6, 6)",
                "CREATE TABLE evo.fresh (k VARCHAR(5) PRIMARY KEY)",
                "INSERT INTO evo.fresh VALUES ('x')",
                "DROP TABLE evo.fresh",
                "UPDATE evo.renamed SET c = id WHERE c IS NULL",
                "ALTER TABLE evo.renamed DROP PRIMARY KEY, ADD PRIMARY KEY (c)",
                "INSERT INTO evo.renamed VALUES (7, 7)");

        Map<String, String> props = LiveConfigs.props(server, "evo");
        props.put("database.include.list", "evo");
        props.put("heartbeat.interval.ms", "0");
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);
        List<SourceRecord> records;
        try (BinlogReader reader = LiveBinlogReaderTest.reader(config, start, null)) {
            reader.start();
            records = LiveBinlogReaderTest.drain(reader, 10).stream().filter(r -> !r.topic().startsWith("__")).toList();
        }
        assertThat(records).extracting(SourceRecord::topic).containsExactly("evo.evo.t", "evo.evo.t", "evo.evo.t", "evo.evo.t",
                "evo.evo.t", "evo.evo.renamed", "evo.evo.fresh", "evo.evo.renamed", "evo.evo.renamed");
        assertThat(after(records.get(0))).isEqualTo(Map.of("id", 1, "a", "one"));
        assertThat(after(records.get(1))).isEqualTo(Map.of("id", 2, "a", "two", "b", 2));
        assertThat(after(records.get(2))).isEqualTo(Map.of("id", 3, "b", 3));
        assertThat(after(records.get(3))).isEqualTo(Map.of("id", 4, "b", 4_000_000_000L));
        assertThat(after(records.get(4))).isEqualTo(Map.of("id", 5, "c", 5L));
        assertThat(after(records.get(5))).isEqualTo(Map.of("id", 6, "c", 6L));
        assertThat(after(records.get(6))).isEqualTo(Map.of("k", "x"));
        assertThat(after(records.get(7))).as("an update under the renamed table").isEqualTo(Map.of("id", 1, "c", 1L));
        assertThat(after(records.get(8))).isEqualTo(Map.of("id", 7, "c", 7L));
        assertThat(((Struct) records.get(8).key()).schema().fields()).extracting(Field::name).containsExactly("c");

        AvroConverter keys = converter(true);
        AvroConverter values = converter(false);
        for (String subject : List.of("evo.evo.t-value", "evo.evo.renamed-value", "evo.evo.t-key", "evo.evo.renamed-key")) {
            setCompatibility(subject, "BACKWARD");
        }
        for (int i = 0; i < 8; i++) {
            SourceRecord record = records.get(i);
            keys.fromConnectData(record.topic(), record.keySchema(), record.key());
            values.fromConnectData(record.topic(), record.valueSchema(), record.value());
        }
        SourceRecord newKey = records.get(8);
        values.fromConnectData(newKey.topic(), newKey.valueSchema(), newKey.value());
        assertThatThrownBy(() -> keys.fromConnectData(newKey.topic(), newKey.keySchema(), newKey.key()))
                .isInstanceOf(DataException.class).hasMessageContaining("evo.evo.renamed-key");
    }

    private static Map<String, Object> after(SourceRecord record) {
        Struct after = ((Struct) record.value()).getStruct("after");
        Map<String, Object> values = new java.util.HashMap<>();
        for (Field field : after.schema().fields()) {
            values.put(field.name(), after.get(field));
        }
        return values;
    }

    private static AvroConverter converter(boolean isKey) {
        AvroConverter converter = new AvroConverter();
        converter.configure(Map.of("schema.registry.url", registry.url()), isKey);
        return converter;
    }

    private static void setCompatibility(String subject, String level) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.url() + "/config/" + subject))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("PUT /config/%s: %s", subject, response.body()).isEqualTo(200);
    }

}
