package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.testkit.MariaDbServer;

/**
 * {@link RowDecoder} against the library's own row loop, on a binlog a real MariaDB writes: a wide row of every
 * non-temporal cell family (integers of each width, signed and unsigned, DECIMAL, floats, BIT, CHAR in a multi-byte
 * charset whose length needs the STRING metadata's extra bits, VARCHAR with one- and two-byte lengths, ENUM, SET,
 * BINARY, TEXT, BLOB, JSON, UUID), NULLs spread over more than one byte of the null bitmap, and updates written with
 * {@code binlog_row_image=MINIMAL}, whose images leave columns out.
 */
class LiveRowDecoderTest {
    @TempDir
    static Path workDir;
    static MariaDbServer server;

    private static final List<String> COLUMNS = List.of(
            "t TINYINT", "tu TINYINT UNSIGNED", "s SMALLINT", "su SMALLINT UNSIGNED", "m MEDIUMINT", "mu MEDIUMINT UNSIGNED",
            "i INT", "iu INT UNSIGNED", "b BIGINT", "bu BIGINT UNSIGNED", "d DECIMAL(30,10)", "f FLOAT", "g DOUBLE",
            "bits BIT(10)", "c4 CHAR(100) CHARACTER SET utf8mb4", "cl CHAR(8) CHARACTER SET latin1",
            "v VARCHAR(40) CHARACTER SET latin1", "vl VARCHAR(400) CHARACTER SET utf8mb4", "e ENUM('red','green','blue')",
            "st SET('a','b','c','d')", "bin BINARY(6)", "vb VARBINARY(300)", "tx TEXT", "bl BLOB", "j JSON", "u UUID");

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir, MariaDbServer.Options.defaults());
        server.execute("CREATE DATABASE rows_db");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyRowImageMatchesTheLibrarysRowLoop() throws Exception {
        List<String> definitions = new ArrayList<>(List.of("id INT PRIMARY KEY"));
        definitions.addAll(COLUMNS);
        server.execute("CREATE TABLE rows_db.wide (" + String.join(", ", definitions) + ")");
        List<String> sql = new ArrayList<>();
        for (int id = 1; id <= 60; id++) {
            List<String> values = new ArrayList<>(List.of(Integer.toString(id)));
            for (int c = 0; c < COLUMNS.size(); c++) {
                // Each row NULL in different columns, so every byte of the four-byte null bitmap (27 columns) has NULLs
                // (all but bit 0, the key).
                values.add((id + c) % 4 == 0 ? "NULL" : value(COLUMNS.get(c), id));
            }
            sql.add("INSERT INTO rows_db.wide VALUES (" + String.join(", ", values) + ")");
        }
        sql.add("SET SESSION binlog_row_image = MINIMAL");
        sql.add("UPDATE rows_db.wide SET i = i + 1, vl = NULL, bits = b'1', c4 = 'x' WHERE id % 3 = 0");
        sql.add("UPDATE rows_db.wide SET tx = CONCAT('minimal ', id) WHERE id % 5 = 0");
        sql.add("SET SESSION binlog_row_image = FULL");
        sql.add("UPDATE rows_db.wide SET d = -d, g = g / 3, e = 'blue' WHERE id % 2 = 0");
        sql.add("DELETE FROM rows_db.wide WHERE id > 50");
        server.execute(sql.toArray(String[]::new));

        Map<String, Object> log = server.query("SHOW MASTER STATUS").get(0);
        Path binlog = server.dataDir().resolve(String.valueOf(log.get("File")));
        RowsComparison.Counts counts = RowsComparison.compare(binlog.toFile());

        // 60 inserts, 20 + 12 minimal updates, 30 full updates (two images each), 10 deletes.
        assertThat(counts.images()).isEqualTo(60 + 2 * 20 + 2 * 12 + 2 * 30 + 10);
        assertThat(counts.imagesWithGaps()).as("MINIMAL images leave columns out").isEqualTo(2 * 20 + 2 * 12);
        assertThat(counts.nullCells()).isGreaterThan(300);
        assertThat(counts.valueCells()).isGreaterThan(2500);
    }

    private static String value(String column, int id) {
        String type = column.substring(column.indexOf(' ') + 1);
        int sign = id % 2 == 0 ? -1 : 1;
        if (type.startsWith("TINYINT UNSIGNED")) return Integer.toString(200 + id % 50);
        if (type.startsWith("TINYINT")) return Integer.toString(sign * (60 + id));
        if (type.startsWith("SMALLINT UNSIGNED")) return Integer.toString(60_000 + id);
        if (type.startsWith("SMALLINT")) return Integer.toString(sign * 30_000 - id);
        if (type.startsWith("MEDIUMINT UNSIGNED")) return Integer.toString(16_000_000 + id);
        if (type.startsWith("MEDIUMINT")) return Integer.toString(sign * 8_000_000 + id);
        if (type.startsWith("INT UNSIGNED")) return Long.toString(4_000_000_000L + id);
        if (type.startsWith("INT")) return Integer.toString(sign * 2_000_000_000 + id);
        if (type.startsWith("BIGINT UNSIGNED")) return "18446744073709551" + (100 + id);
        if (type.startsWith("BIGINT")) return Long.toString(sign * 9_000_000_000_000_000_000L + id);
        if (type.startsWith("DECIMAL")) return (sign < 0 ? "-" : "") + "12345678901234567890." + (1_000_000_000 + id);
        if (type.startsWith("FLOAT")) return sign * id + ".25";
        if (type.startsWith("DOUBLE")) return sign * id + ".000001e100";
        if (type.startsWith("BIT")) return Integer.toString(id * 17 % 1024);
        if (type.startsWith("CHAR(100)")) return "'" + "\u00e9\u4e2d".repeat(id % 40 + 1) + "'";
        if (type.startsWith("CHAR")) return "'c" + id + "'";
        if (type.startsWith("VARCHAR(40)")) return "'v" + "x".repeat(id % 30) + "'";
        if (type.startsWith("VARCHAR")) return "'" + "\u00fc".repeat(id * 7 % 400) + "'";
        if (type.startsWith("ENUM")) return "'" + List.of("red", "green", "blue").get(id % 3) + "'";
        if (type.startsWith("SET")) return "'" + List.of("a", "b,c", "a,d", "").get(id % 4) + "'";
        if (type.startsWith("BINARY")) return "x'" + String.format("%012x", id * 1_000_003L) + "'";
        if (type.startsWith("VARBINARY")) return "REPEAT(x'00ff', " + (id * 2 % 150) + ")";
        if (type.startsWith("TEXT")) return "REPEAT('text ', " + id * 30 + ")";
        if (type.startsWith("BLOB")) return "REPEAT(x'c0ffee', " + id * 20 + ")";
        if (type.startsWith("JSON")) return "'{\"id\": " + id + ", \"tags\": [\"a\", \"b\"]}'";
        if (type.startsWith("UUID")) return "'" + String.format("%08x-0000-4000-8000-%012x", id, id * 7L) + "'";
        throw new IllegalArgumentException(column);
    }
}
