package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.connect.LiveConfigs;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.mapping.CollationCharsets;
import io.binlogstream.connect.record.Heartbeats;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.testkit.MariaDbServer;

/**
 * Type fidelity against a real MariaDB: every column type at its limits and edge cases goes through the binlog
 * and the connector, and each value is compared with what the server itself says the stored value is
 * ({@code CAST(c AS CHAR)}, {@code HEX(c)}, {@code CONVERT(c USING utf8mb4)}, the binary protocol for floats),
 * so expectations are the server's, not hand-written. Each case is a table {@code (id INT PRIMARY KEY, c <type>)}
 * with one row per value and one NULL row; rows are written under a permissive sql_mode so zero dates and
 * out-of-range values reach the binlog as the server stores them.
 */
class LiveTypesTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    /**
     * One column type: its values as SQL literals, the SQL expression (over column {@code c}) whose result is the
     * server's own rendering, and how a connector value renders the same way. {@code type} is the Connect type
     * the design's table gives the column.
     */
    record Case(String name, String columnType, List<String> literals, String serverExpr, Function<Object, Object> ours,
                Schema.Type type) {
    }

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir, MariaDbServer.Options.defaults()
                .setting("max_allowed_packet", "256M"));
        server.execute("CREATE DATABASE types");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static BinlogConnectorConfig config(String prefix, Map<String, String> overrides) {
        Map<String, String> props = LiveConfigs.props(server, prefix);
        props.put("database.include.list", "types");
        props.put("heartbeat.interval.ms", "0");
        props.putAll(overrides);
        return new BinlogConnectorConfig(props);
    }

    // ---- how connector values render like the server's text ----

    private static Object text(Object v) {
        return v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }

    private static Object hex(Object v) {
        return v == null ? null : HEX.formatHex((byte[]) v);
    }

    private static Object date(Object v) {
        return v == null ? null : LocalDate.ofEpochDay((Integer) v).toString();
    }

    private static Function<Object, Object> dateTime(int fsp) {
        return v -> {
            if (v == null) {
                return null;
            }
            long micros = (Long) v;
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
            String base = String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                    t.getHour(), t.getMinute(), t.getSecond());
            return base + fraction(Math.floorMod(micros, 1_000_000L), fsp);
        };
    }

    private static Function<Object, Object> time(int fsp) {
        return v -> {
            if (v == null) {
                return null;
            }
            long micros = (Long) v;
            long abs = Math.abs(micros);
            long seconds = abs / 1_000_000L;
            return (micros < 0 ? "-" : "") + String.format("%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60)
                    + fraction(abs % 1_000_000L, fsp);
        };
    }

    private static String fraction(long micros, int fsp) {
        return fsp == 0 ? "" : "." + String.format("%06d", micros).substring(0, fsp);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).toLowerCase();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object geometry(Object v) {
        if (v == null) {
            return null;
        }
        Struct s = (Struct) v;
        return s.getInt32("srid") + ":" + HEX.formatHex(s.getBytes("wkb"));
    }

    private static final String AS_CHAR = "CAST(c AS CHAR)";

    private static Case numeric(String type, Schema.Type connect, String... values) {
        return new Case(type.toLowerCase().replaceAll("[^a-z0-9]+", "_"), type, List.of(values), AS_CHAR, LiveTypesTest::text, connect);
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Integers at their limits, signed and unsigned.
        cases.add(numeric("TINYINT", Schema.Type.INT8, "-128", "-1", "0", "127"));
        cases.add(numeric("TINYINT UNSIGNED", Schema.Type.INT16, "0", "127", "128", "255"));
        cases.add(numeric("SMALLINT", Schema.Type.INT16, "-32768", "-1", "32767"));
        cases.add(numeric("SMALLINT UNSIGNED", Schema.Type.INT32, "0", "32768", "65535"));
        cases.add(numeric("MEDIUMINT", Schema.Type.INT32, "-8388608", "-1", "8388607"));
        cases.add(numeric("MEDIUMINT UNSIGNED", Schema.Type.INT32, "0", "8388608", "16777215"));
        cases.add(numeric("INT", Schema.Type.INT32, "-2147483648", "-1", "2147483647"));
        cases.add(numeric("INT UNSIGNED", Schema.Type.INT64, "0", "2147483648", "4294967295"));
        cases.add(numeric("BIGINT", Schema.Type.INT64, "-9223372036854775808", "-1", "9223372036854775807"));
        cases.add(numeric("BIGINT UNSIGNED", Schema.Type.BYTES, "0", "9223372036854775807", "9223372036854775808", "18446744073709551615"));
        cases.add(numeric("BOOLEAN", Schema.Type.INT8, "0", "1", "-5"));
        // DECIMAL: the widest, scale-only, integer-only, and the storage group edges (9 digits per 4 bytes).
        cases.add(numeric("DECIMAL(65,30)", Schema.Type.BYTES, "99999999999999999999999999999999999.999999999999999999999999999999",
                "-99999999999999999999999999999999999.999999999999999999999999999999", "0", "0.000000000000000000000000000001", "-1.5"));
        cases.add(numeric("DECIMAL(65,0)", Schema.Type.BYTES, "99999999999999999999999999999999999999999999999999999999999999999",
                "-99999999999999999999999999999999999999999999999999999999999999999", "0"));
        cases.add(numeric("DECIMAL(30,30)", Schema.Type.BYTES, "0.999999999999999999999999999999", "-0.000000000000000000000000000001"));
        cases.add(numeric("DECIMAL(1,0)", Schema.Type.BYTES, "9", "-9", "0"));
        cases.add(numeric("DECIMAL(18,9)", Schema.Type.BYTES, "999999999.999999999", "-123456789.000000001"));
        cases.add(numeric("DECIMAL(19,10)", Schema.Type.BYTES, "999999999.9999999999", "-0.0000000001"));
        cases.add(numeric("DECIMAL(10,2) UNSIGNED", Schema.Type.BYTES, "99999999.99", "0.01"));
        // Floats: compared bit for bit with what the binary protocol returns.
        cases.add(new Case("float", "FLOAT", List.of("0", "-0.0", "1.5", "0.1", "-3.40282e38", "3.40282e38", "1.17549e-38", "16777217", "1e-45"),
                "c", v -> v, Schema.Type.FLOAT32));
        cases.add(new Case("double", "DOUBLE", List.of("0", "-0.0", "0.1", "-1.7976931348623157e308", "1.7976931348623157e308",
                "2.2250738585072014e-308", "4.9e-324", "123456789012345678"), "c", v -> v, Schema.Type.FLOAT64));
        cases.add(new Case("float_m_d", "FLOAT(7,3)", List.of("1234.567", "-9999.999"), "c", v -> v, Schema.Type.FLOAT32));
        // BIT: one bit is a boolean, wider ones big-endian bytes of the column's width.
        cases.add(new Case("bit1", "BIT(1)", List.of("b'0'", "b'1'"), "CAST(c + 0 AS CHAR)", v -> v == null ? null : ((Boolean) v ? "1" : "0"),
                Schema.Type.BOOLEAN));
        for (int width : new int[] {2, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64}) {
            int bytes = (width + 7) / 8;
            String max = "b'" + "1".repeat(width) + "'";
            String top = "b'1" + "0".repeat(width - 1) + "'";
            String alternating = "b'" + "10".repeat(width / 2) + (width % 2 == 1 ? "1" : "") + "'";
            cases.add(new Case("bit" + width, "BIT(" + width + ")", List.of("b'0'", "b'1'", max, top, alternating),
                    "LPAD(HEX(c), " + bytes * 2 + ", '0')", LiveTypesTest::hex, Schema.Type.BYTES));
        }
        // Binary strings: BINARY keeps its zero padding (the binlog drops it), VARBINARY its trailing zeros.
        cases.add(new Case("binary4", "BINARY(4)", List.of("x''", "x'01'", "x'0100'", "x'01020304'", "x'00000000'", "x'20'"),
                "HEX(c)", LiveTypesTest::hex, Schema.Type.BYTES));
        cases.add(new Case("binary255", "BINARY(255)", List.of("x'ff'", "REPEAT(x'00', 255)", "REPEAT(x'ab', 255)"),
                "HEX(c)", LiveTypesTest::hex, Schema.Type.BYTES));
        cases.add(new Case("varbinary", "VARBINARY(300)", List.of("x''", "x'0000'", "x'ff00'", "REPEAT(x'7f', 300)"),
                "HEX(c)", LiveTypesTest::hex, Schema.Type.BYTES));
        cases.add(new Case("char_binary", "CHAR(3) CHARACTER SET binary", List.of("'a'", "''"), "HEX(c)", LiveTypesTest::hex, Schema.Type.BYTES));
        for (String blob : List.of("TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB")) {
            int max = blob.equals("TINYBLOB") ? 255 : blob.equals("BLOB") ? 65535 : 300_000;
            cases.add(new Case(blob.toLowerCase(), blob, List.of("x''", "x'00'", "REPEAT(x'01ff', " + max / 2 + ")"),
                    "CONCAT(LENGTH(c), ':', SHA2(c, 256))", v -> v == null ? null : ((byte[]) v).length + ":" + sha256((byte[]) v),
                    Schema.Type.BYTES));
        }
        for (String textType : List.of("TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT")) {
            int chars = textType.equals("TINYTEXT") ? 63 : textType.equals("TEXT") ? 16383 : 100_000;
            cases.add(new Case(textType.toLowerCase(), textType + " CHARACTER SET utf8mb4", List.of("''", "'a'", "REPEAT('\uD83D\uDE00', " + chars + ")"),
                    "SHA2(CONVERT(c USING utf8mb4), 256)", v -> v == null ? null : sha256(((String) v).getBytes(StandardCharsets.UTF_8)),
                    Schema.Type.STRING));
        }
        // ENUM and SET: text, including the empty (invalid) ENUM value, the empty SET, values with commas and
        // spaces, non-ASCII values in a non-UTF-8 charset, and the 2-byte ENUM index and 8-byte SET.
        cases.add(new Case("enum", "ENUM('small','a,b','with space ','caf\u00e9','\uD83D\uDE00')",
                List.of("'small'", "'a,b'", "'with space '", "'caf\u00e9'", "'\uD83D\uDE00'", "'not a member'", "''"),
                AS_CHAR, v -> v, Schema.Type.STRING));
        cases.add(new Case("enum_latin1", "ENUM('\u00e9t\u00e9','\u20ac','x') CHARACTER SET latin1",
                List.of("'\u00e9t\u00e9'", "'\u20ac'", "'x'"), AS_CHAR, v -> v, Schema.Type.STRING));
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            many.append(i == 1 ? "" : ",").append("'v").append(i).append("'");
        }
        cases.add(new Case("enum300", "ENUM(" + many + ")", List.of("'v1'", "'v256'", "'v300'"), AS_CHAR, v -> v, Schema.Type.STRING));
        cases.add(new Case("set", "SET('a','b','c d','\u00e9')", List.of("''", "'a'", "'a,c d'", "'c d,a,b,\u00e9'", "'b,b'"),
                AS_CHAR, v -> v, Schema.Type.STRING));
        cases.add(new Case("set_latin1", "SET('\u00e9','\u20ac') CHARACTER SET latin1", List.of("'\u00e9,\u20ac'", "'\u20ac'"),
                AS_CHAR, v -> v, Schema.Type.STRING));
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= 64; i++) {
            members.append(i == 1 ? "" : ",").append("'m").append(i).append("'");
        }
        cases.add(new Case("set64", "SET(" + members + ")", List.of("'m1,m64'", "'m33'", "'" + String.join(",",
                java.util.stream.IntStream.rangeClosed(1, 64).mapToObj(i -> "m" + i).toList()) + "'"), AS_CHAR, v -> v, Schema.Type.STRING));
        // Temporal types at their limits with every fractional precision; zero and partial dates become null by default.
        cases.add(new Case("date", "DATE", List.of("'1000-01-01'", "'9999-12-31'", "'0001-01-01'", "'2024-02-29'", "'1970-01-01'",
                "'1969-12-31'", "'0000-01-01'", "'0000-00-00'", "'2024-00-15'", "'2024-02-00'"), AS_CHAR, LiveTypesTest::date, Schema.Type.INT32));
        for (int fsp = 0; fsp <= 6; fsp++) {
            cases.add(new Case("datetime" + fsp, "DATETIME(" + fsp + ")", List.of("'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'",
                    "'0001-01-01 00:00:00'", "'1969-12-31 23:59:59.5'", "'2024-02-29 12:34:56.123456'", "'1970-01-01 00:00:00.000001'",
                    "'0000-00-00 00:00:00'", "'2024-00-00 10:00:00'", "'2024-05-00 00:00:00.5'"), AS_CHAR, dateTime(fsp), Schema.Type.INT64));
            cases.add(new Case("timestamp" + fsp, "TIMESTAMP(" + fsp + ") NULL", List.of("'1970-01-01 00:00:01'", "'2038-01-19 03:14:07.999999'",
                    "'2000-01-01 00:00:00.000001'", "'2024-02-29 12:34:56.654321'", "'0000-00-00 00:00:00'"), AS_CHAR, dateTime(fsp), Schema.Type.INT64));
            cases.add(new Case("time" + fsp, "TIME(" + fsp + ")", List.of("'-838:59:59'", "'838:59:59'", "'-838:59:59.999999'",
                    "'838:59:59.999999'", "'00:00:00'", "'-00:00:00.000001'", "'-00:00:01'", "'-12:34:56.5'", "'-00:00:00.5'", "'23:59:59.999999'",
                    "'-01:00:00.000001'", "'100:00:00.01'"), AS_CHAR, time(fsp), Schema.Type.INT64));
        }
        cases.add(new Case("year", "YEAR", List.of("0", "'0'", "1901", "2155", "'70'", "69", "2024"), AS_CHAR,
                v -> v == null ? null : String.format("%04d", (Short) v), Schema.Type.INT16));
        // MariaDB JSON (LONGTEXT with a json_valid check): the text as stored.
        cases.add(new Case("json", "JSON", List.of("'{\"a\": 1, \"b\": [1, 2.50, \"x\"], \"c\": null}'", "'[]'", "'\"\u00e9\uD83D\uDE00\"'",
                "'null'", "'  {\"spaced\" :true}  '", "'123.4500'"), AS_CHAR, v -> v, Schema.Type.STRING));
        // Geometry with and without an SRID.
        List<String> shapes = List.of("ST_GeomFromText('POINT(1 2)')", "ST_GeomFromText('POINT(-1.5 1e300)', 4326)",
                "ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)', 3857)", "ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))')",
                "ST_GeomFromText('MULTIPOINT(1 1, 2 2)')", "ST_GeomFromText('MULTILINESTRING((0 0, 1 1), (2 2, 3 3))')",
                "ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))', 4326)",
                "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))')");
        String geometryExpr = "CONCAT(ST_SRID(c), ':', HEX(ST_AsWKB(c)))";
        cases.add(new Case("geometry", "GEOMETRY", shapes, geometryExpr, LiveTypesTest::geometry, Schema.Type.STRUCT));
        cases.add(new Case("point", "POINT REF_SYSTEM_ID=4326", List.of("ST_GeomFromText('POINT(10 20)', 4326)", "POINT(3, 4)"),
                geometryExpr, LiveTypesTest::geometry, Schema.Type.STRUCT));
        cases.add(new Case("polygon", "POLYGON", List.of(shapes.get(3)), geometryExpr, LiveTypesTest::geometry, Schema.Type.STRUCT));
        cases.add(new Case("multipolygon", "MULTIPOLYGON", List.of(shapes.get(6)), geometryExpr, LiveTypesTest::geometry, Schema.Type.STRUCT));
        cases.add(new Case("geometrycollection", "GEOMETRYCOLLECTION", List.of(shapes.get(7)), geometryExpr, LiveTypesTest::geometry, Schema.Type.STRUCT));
        // MariaDB UUID: versions 1 to 5 are stored with their segments swapped, other versions (and variant 0) are not.
        cases.add(new Case("uuid", "UUID", List.of("'123e4567-e89b-12d3-a456-426655440000'", "UUID()", "'6ccd780c-baba-1026-9564-5b8c656024db'",
                "'550e8400-e29b-41d4-a716-446655440000'", "'1ec9414c-232a-6b00-b3c8-9e6bdeced846'", "'017f22e2-79b0-7cc3-98c4-dc0c0c07398f'",
                "'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'123e4567-e89b-12d3-0456-426655440000'",
                "'123e4567-e89b-52d3-c456-426655440000'", "'123e4567-e89b-02d3-a456-426655440000'"), AS_CHAR, v -> v, Schema.Type.STRING));
        cases.add(new Case("inet4", "INET4", List.of("'0.0.0.0'", "'255.255.255.255'", "'192.168.1.10'", "'10.0.0.1'"), AS_CHAR, v -> v,
                Schema.Type.STRING));
        cases.add(new Case("inet6", "INET6", List.of("'::'", "'::1'", "'::2'", "'::ffff:192.0.2.1'", "'::192.0.2.1'", "'::ffff:0.0.0.0'",
                "'2001:db8::1'", "'2001:db8:0:0:1:0:0:1'", "'fe80::1:2:3:4'", "'1:0:0:2:0:0:0:3'", "'1::'", "'1:2:3:4:5:6:7:0'",
                "'1:0:2:3:4:5:6:7'", "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'", "'::1:0:0:0'", "'0:0:0:0:0:1:0:0'", "'::ffff:1:2'",
                "'64:ff9b::192.0.2.33'", "'::0.0.1.0'", "'0:0:0:0:1::'", "'2001:DB8:AAAA::00FF'"), AS_CHAR, v -> v, Schema.Type.STRING));
        return cases;
    }

    /** Every character set the server offers that Java can decode, in VARCHAR and CHAR, compared as Unicode text. */
    static List<Case> charsetCases() throws Exception {
        List<String> samples = List.of("'plain ASCII !\"#$%&()*+,-./09:;<=>?@AZ[\\\\]^_`az{|}~'", "'\u00e0\u00e9\u00ee\u00f5\u00fc \u00c0\u00c9 \u00df\u00ff\u00a1\u00bf\u00a3\u00a5\u00a9\u00b0\u00b5'",
                "'\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178'",
                "'\u03b1\u03b2\u03b3\u03a9 \u0416\u0438\u0437\u043d\u044c \u05e9\u05dc\u05d5\u05dd \u0633\u0644\u0627\u0645 \u0e2a\u0e27\u0e31\u0e2a'",
                "'\u4e2d\u6587\u6f22\u5b57 \u65e5\u672c\u8a9e \u3072\u3089\u304c\u306a \u30ab\u30bf\u30ab\u30ca \ud55c\uad6d\uc5b4 \uff71\u2460\u2116'",
                "'emoji \uD83D\uDE00\uD83C\uDF89 \uD840\uDC0B'", "'trailing   '", "''", "'\\\\ \u00a5 \u203e ~'");
        List<Case> cases = new ArrayList<>();
        for (Map<String, Object> row : server.query("SELECT CHARACTER_SET_NAME, MAXLEN FROM information_schema.CHARACTER_SETS ORDER BY 1")) {
            String charset = (String) row.get("CHARACTER_SET_NAME");
            int collation = ((Number) server.query("SELECT ID FROM information_schema.COLLATIONS WHERE IS_DEFAULT = 'Yes' AND CHARACTER_SET_NAME = '"
                    + charset + "'").get(0).get("ID")).intValue();
            if (charset.equals("binary") || !CollationCharsets.hasDecoder(collation)) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (String sample : samples) {
                values.add("CONVERT(_utf8mb4" + sample + " USING " + charset + ")");
            }
            if (((Number) row.get("MAXLEN")).intValue() == 1) {
                // Every byte of a single-byte charset, so each one's mapping to Unicode is the server's.
                StringBuilder all = new StringBuilder();
                for (int b = 0x20; b <= 0xFF; b++) {
                    all.append(String.format("%02X", b));
                }
                values.add("_" + charset + " x'" + all + "'");
            }
            String expr = "CONVERT(c USING utf8mb4)";
            cases.add(new Case("cs_" + charset, "VARCHAR(300) CHARACTER SET " + charset, values, expr, v -> v, Schema.Type.STRING));
            cases.add(new Case("cs_char_" + charset, "CHAR(255) CHARACTER SET " + charset, values, expr, v -> v, Schema.Type.STRING));
            cases.add(new Case("cs_text_" + charset, "TEXT CHARACTER SET " + charset, values, expr, v -> v, Schema.Type.STRING));
        }
        return cases;
    }

    @Test
    void everyTypeDecodesToWhatTheServerStored() throws Exception {
        List<Case> cases = new ArrayList<>(cases());
        cases.addAll(charsetCases());
        assertThat(cases.stream().filter(c -> c.name().startsWith("cs_")).count()).as("charsets covered").isGreaterThan(90);
        Map<String, Map<Integer, Object>> ours = stream(cases, Map.of());

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(TYPE_MISMATCHES).as("Connect types").isEmpty();
        for (Case c : cases) {
            Map<Integer, Object> expected = serverValues(c);
            Map<Integer, Object> actual = ours.getOrDefault(c.name(), Map.of());
            softly.assertThat(actual.keySet()).as(c.name() + " rows").isEqualTo(expected.keySet());
            for (Map.Entry<Integer, Object> e : expected.entrySet()) {
                Object server = e.getValue();
                if (server instanceof String s && zeroOrPartialDate(c, s)) {
                    server = null; // the default: a date that cannot be represented is null, never a wrong date
                }
                Object mine = actual.containsKey(e.getKey()) ? c.ours().apply(actual.get(e.getKey())) : "<missing>";
                softly.assertThat(mine).as(c.name() + " (" + c.columnType() + ") row " + e.getKey() + ": "
                        + (e.getKey() <= c.literals().size() ? c.literals().get(e.getKey() - 1) : "NULL")).isEqualTo(server);
            }
        }
        softly.assertAll();
    }

    private static boolean zeroOrPartialDate(Case c, String s) {
        boolean temporal = c.name().startsWith("date") || c.name().startsWith("timestamp");
        return temporal && (s.startsWith("0000-00-00") || s.matches("\\d{4}-(00-\\d\\d|\\d\\d-00).*"));
    }

    /** Creates each case's table, writes its rows and reads them back through the reader: table -> id -> field value. */
    static Map<String, Map<Integer, Object>> stream(List<Case> cases, Map<String, String> overrides) throws Exception {
        for (Case c : cases) {
            server.execute("CREATE OR REPLACE TABLE types." + c.name() + " (id INT PRIMARY KEY, c " + c.columnType() + ")");
        }
        String position;
        try (Connection connection = server.adminConnection()) {
            position = ServerInfo.currentGtidPosition(connection, true);
        }
        int rows = 0;
        try (Connection connection = server.adminConnection(); Statement s = connection.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("SET SESSION time_zone = '+00:00'");
            for (Case c : cases) {
                for (int i = 0; i < c.literals().size(); i++) {
                    s.execute("INSERT INTO types." + c.name() + " VALUES (" + (i + 1) + ", " + c.literals().get(i) + ")");
                    rows++;
                }
                s.execute("INSERT INTO types." + c.name() + " VALUES (" + (c.literals().size() + 1) + ", NULL)");
                rows++;
            }
        }
        BinlogConnectorConfig config = config("types" + System.nanoTime(), overrides);
        Map<String, Map<Integer, Object>> values = new TreeMap<>();
        try (TableCatalog catalog = new TableCatalog(() -> ServerConnection.open(config, config.servers().get(0)));
             BinlogReader reader = reader(config, position, catalog)) {
            reader.start();
            List<SourceRecord> records = LiveBinlogReaderTest.drain(reader, rows + 1);
            for (SourceRecord record : records.subList(1, records.size())) {
                Struct after = ((Struct) record.value()).getStruct("after");
                String table = ((Struct) record.value()).getStruct("source").getString("table");
                Case c = cases.stream().filter(k -> k.name().equals(table)).findFirst().orElseThrow();
                Schema.Type type = after.schema().field("c").schema().type();
                if (type != c.type()) {
                    TYPE_MISMATCHES.add(c.name() + " is " + type + ", the design says " + c.type());
                }
                values.computeIfAbsent(table, t -> new TreeMap<>()).put(after.getInt32("id"), after.get("c"));
            }
        }
        return values;
    }

    /** A reader like the task's: the catalog completes TABLE_MAP, the config chooses the mapping options. */
    static BinlogReader reader(BinlogConnectorConfig config, String position, TableCatalog catalog) {
        GtidPosition start = GtidPosition.parse(position, true);
        ServerSelector.Selected initial = new ServerSelector.Selected(config.servers().get(0), null, start);
        RecordOptions options = RecordOptions.from(config);
        TableConverters converters = new TableConverters(config.topicPrefix(), config.mappingOptions(), catalog, options);
        return new BinlogReader(config, config.serverId(), new ServerSelector(config), initial,
                sink -> new TransactionAssembler(config.topicPrefix(), config.tableFilter(), options, null, start,
                        new Heartbeats(config.heartbeatTopic(), config.topicPrefix()), config.heartbeatInterval(), sink, converters));
    }

    /** The server's own rendering of each stored value, read over the binary protocol so floats arrive exact. */
    static Map<Integer, Object> serverValues(Case c) throws Exception {
        Map<Integer, Object> values = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("types") + "?useServerPrepStmts=true",
                MariaDbServer.ADMIN_USER, server.adminPassword())) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET SESSION time_zone = '+00:00'");
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, " + c.serverExpr() + " FROM types." + c.name() + " ORDER BY id");
                 ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getInt(1), Objects.requireNonNullElse(rs.getObject(2), NULL_MARK));
                }
            }
        }
        values.replaceAll((k, v) -> v == NULL_MARK ? null : v);
        return values;
    }

    private static final Object NULL_MARK = new Object();
    /** Fields whose Connect type differs from the design's table, collected so one run shows them all. */
    static final List<String> TYPE_MISMATCHES = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Reads every change of the given statements through a catalog-backed reader; fails with the reader's error. */
    private static List<SourceRecord> changes(Map<String, String> overrides, int expected, String... statements) throws Exception {
        String position;
        try (Connection connection = server.adminConnection()) {
            position = ServerInfo.currentGtidPosition(connection, true);
        }
        try (Connection connection = server.adminConnection(); Statement s = connection.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("SET SESSION time_zone = '+00:00'");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        BinlogConnectorConfig config = config("c" + System.nanoTime(), overrides);
        try (TableCatalog catalog = new TableCatalog(() -> ServerConnection.open(config, config.servers().get(0)));
             BinlogReader reader = reader(config, position, catalog)) {
            reader.start();
            List<SourceRecord> records = LiveBinlogReaderTest.drain(reader, expected + 1);
            return records.subList(1, records.size());
        }
    }

    private static Throwable failure(Map<String, String> overrides, String... statements) throws Exception {
        try {
            changes(overrides, 1_000, statements);
        } catch (org.apache.kafka.connect.errors.ConnectException e) {
            return e;
        }
        throw new AssertionError("the reader did not fail");
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    @Test
    void catalogTypesCarryTheirSemanticNames() throws Exception {
        server.execute("CREATE TABLE types.named (id INT PRIMARY KEY, u UUID, i4 INET4, i6 INET6, j JSON, b BINARY(16), t LONGTEXT)");
        List<SourceRecord> records = changes(Map.of(), 1,
                "INSERT INTO types.named VALUES (1, UUID(), '1.2.3.4', '::1', '{}', x'01', '{}')");
        Schema row = ((Struct) records.get(0).value()).getStruct("after").schema();
        assertThat(row.field("u").schema().name()).isEqualTo("io.binlogstream.data.Uuid");
        assertThat(row.field("i4").schema().name()).isEqualTo("io.binlogstream.data.Inet4");
        assertThat(row.field("i6").schema().name()).isEqualTo("io.binlogstream.data.Inet6");
        assertThat(row.field("j").schema().name()).isEqualTo("io.binlogstream.data.Json");
        assertThat(row.field("b").schema().type()).as("a plain BINARY(16) stays bytes").isEqualTo(Schema.Type.BYTES);
        assertThat(row.field("t").schema().name()).as("a LONGTEXT without a JSON check is plain text").isNull();
    }

    @Test
    void aColumnTheCatalogNoLongerKnowsKeepsItsStorageForm() throws Exception {
        // The row is written while u is a UUID; by the time the reader asks the catalog, u was dropped and a
        // BINARY(16) column took its name: the binlog wins and the bytes stay bytes.
        server.execute("CREATE TABLE types.changed (id INT PRIMARY KEY, u UUID)");
        List<SourceRecord> records = changes(Map.of(), 1,
                "INSERT INTO types.changed VALUES (1, '123e4567-e89b-12d3-a456-426655440000')",
                "ALTER TABLE types.changed MODIFY u BINARY(16)");
        Struct after = ((Struct) records.get(0).value()).getStruct("after");
        assertThat(after.schema().field("u").schema().type()).isEqualTo(Schema.Type.BYTES);
        assertThat(HEX.formatHex(after.getBytes("u"))).isEqualTo("123E4567E89B12D3A456426655440000");
    }

    @Test
    void aTableWithoutPrimaryKeyIsKeyedByItsFirstUniqueKeyOfNotNullColumns() throws Exception {
        server.execute("CREATE TABLE types.uniq (a INT, b INT NOT NULL, c VARCHAR(10) NOT NULL, d INT,"
                        + " UNIQUE KEY nullable_first (a), UNIQUE KEY wanted (c, b), UNIQUE KEY later (d))",
                "CREATE TABLE types.nokey (a INT, b INT)");
        List<SourceRecord> records = changes(Map.of(), 3,
                "INSERT INTO types.uniq VALUES (1, 2, 'x', 4)", "INSERT INTO types.nokey VALUES (1, 2)");
        Struct key = (Struct) records.get(0).key();
        assertThat(key.schema().fields()).extracting(org.apache.kafka.connect.data.Field::name).containsExactly("c", "b");
        assertThat(key.getString("c")).isEqualTo("x");
        assertThat(key.getInt32("b")).isEqualTo(2);
        assertThat(records.get(1).key()).as("no unique key: a null key").isNull();
    }

    @Test
    void generatedAndInvisibleColumnsCarryTheServersValues() throws Exception {
        server.execute("CREATE TABLE types.generated (id INT PRIMARY KEY, a INT, v INT AS (a * 2) VIRTUAL,"
                + " s VARCHAR(20) AS (CONCAT('x', a)) PERSISTENT, h INT INVISIBLE DEFAULT 7)");
        List<SourceRecord> records = changes(Map.of(), 1, "INSERT INTO types.generated (id, a) VALUES (1, 21)");
        Struct after = ((Struct) records.get(0).value()).getStruct("after");
        Map<String, Object> server = LiveTypesTest.server.query("SELECT a, v, s, h FROM types.generated WHERE id = 1").get(0);
        assertThat(after.get("a")).isEqualTo(server.get("a"));
        assertThat(after.get("s")).isEqualTo(server.get("s"));
        assertThat(after.get("h")).isEqualTo(server.get("h"));
        assertThat(after.schema().field("v")).as("a virtual column is in the row image").isNotNull();
        assertThat(after.get("v")).isEqualTo(server.get("v"));
    }

    @Test
    void connectTimePrecisionUsesConnectsLogicalTypes() throws Exception {
        server.execute("CREATE TABLE types.connect_time (id INT PRIMARY KEY, d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL, t TIME(6))");
        List<SourceRecord> records = changes(Map.of("time.precision.mode", "connect"), 1,
                "INSERT INTO types.connect_time VALUES (1, '2024-02-29', '2024-02-29 12:34:56.789123', '2024-02-29 12:34:56.789123', '23:59:59.999999')");
        Struct after = ((Struct) records.get(0).value()).getStruct("after");
        assertThat(after.schema().field("d").schema().name()).isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
        assertThat(after.schema().field("dt").schema().name()).isEqualTo(org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME);
        assertThat(after.schema().field("t").schema().name()).isEqualTo(org.apache.kafka.connect.data.Time.LOGICAL_NAME);
        Map<String, Object> millis = server.query("SELECT TO_DAYS(d) - TO_DAYS('1970-01-01') AS d,"
                + " FLOOR(UNIX_TIMESTAMP(CONVERT_TZ(dt, '+00:00', @@session.time_zone)) * 1000) AS dt,"
                + " TIME_TO_SEC(t) * 1000 AS t FROM types.connect_time").get(0);
        assertThat(((java.util.Date) after.get("d")).getTime()).isEqualTo(((Number) millis.get("d")).longValue() * 86_400_000L);
        assertThat(((java.util.Date) after.get("dt")).getTime()).isEqualTo(((Number) millis.get("dt")).longValue());
        assertThat(((java.util.Date) after.get("ts")).getTime()).as("milliseconds, truncated").isEqualTo(((Number) millis.get("dt")).longValue());
        assertThat(((java.util.Date) after.get("t")).getTime()).isEqualTo((long) Math.floor(((Number) millis.get("t")).doubleValue()));
    }

    @Test
    void aTimeOutsideConnectsRangeStopsTheTaskNamingTheColumn() throws Exception {
        server.execute("CREATE TABLE types.long_time (id INT PRIMARY KEY, t TIME)");
        Throwable e = failure(Map.of("time.precision.mode", "connect"), "INSERT INTO types.long_time VALUES (1, '-01:00:00')");
        assertThat(messages(e)).contains("types.long_time.t").contains("outside Connect's Time range").contains("transaction 0-1-");
    }

    @Test
    void zeroDatesCanStopTheTaskNamingTableColumnGtidAndValue() throws Exception {
        server.execute("CREATE TABLE types.zero (id INT PRIMARY KEY, d DATETIME(2))");
        Throwable e = failure(Map.of("zero.date.mode", "fail"), "INSERT INTO types.zero VALUES (1, '2024-00-15 10:11:12.34')");
        assertThat(messages(e)).contains("types.zero.d").contains("'2024-00-15 10:11:12.34'").contains("zero.date.mode")
                .containsPattern("transaction 0-1-\\d+");
    }

    @Test
    void aCharsetWithoutJavaDecoderStopsTheTaskNamingItAndTheColumn() throws Exception {
        for (String charset : List.of("armscii8", "dec8", "hp8", "keybcs2", "swe7", "geostd8")) {
            server.execute("CREATE OR REPLACE TABLE types.old_" + charset + " (id INT PRIMARY KEY, v VARCHAR(10) CHARACTER SET " + charset + ")");
            Throwable e = failure(Map.of(), "INSERT INTO types.old_" + charset + " VALUES (1, 'x')");
            assertThat(messages(e)).contains("'" + charset + "'").contains("types.old_" + charset + ".v");
            server.execute("DROP TABLE types.old_" + charset);
        }
    }
}
