package io.binlogstream.connect.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.binlogstream.testkit.MariaDbServer;

/**
 * One canonical rendering of rows for end-to-end tests, from both sides: what a consumer decodes (a Connect value
 * after the Avro round trip) and what the server holds (its own rendering of each column, over the binary protocol).
 * Equal renderings mean equal values; the rules are {@link GoldenTypesIT}'s (see its class comment).
 */
final class CanonicalRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final int LONG_VALUE = 256;

    private CanonicalRows() {
    }

    // ---- rendering what a consumer sees

    /** A record as {@code {topic, op, key, before, after}} ({@code before}/{@code after} only when it is not a tombstone). */
    static ObjectNode record(DecodedChange change) {
        ObjectNode record = NODES.objectNode();
        record.put("topic", change.topic());
        record.put("op", change.op());
        record.set("key", render(change.key() == null ? null : change.key().schema(), change.key()));
        if (change.value() != null) {
            Struct value = change.value();
            record.set("before", render(value.schema().field("before").schema(), value.get("before")));
            record.set("after", render(value.schema().field("after").schema(), value.get("after")));
        }
        return record;
    }

    static JsonNode render(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        String name = schema.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            return NODES.textNode(((BigDecimal) value).toPlainString());
        }
        if ("io.binlogstream.time.Date".equals(name)) {
            return NODES.textNode(dateText(LocalDate.ofEpochDay((Integer) value)));
        }
        if ("io.binlogstream.time.LocalMicroTimestamp".equals(name)) {
            return NODES.textNode(dateTimeText((Long) value));
        }
        if ("io.binlogstream.time.MicroTimestamp".equals(name)) {
            return NODES.textNode(dateTimeText((Long) value) + "Z");
        }
        if ("io.binlogstream.time.MicroDuration".equals(name)) {
            return NODES.textNode(durationText((Long) value));
        }
        switch (schema.type()) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT32:
                return NODES.textNode(floatText((Float) value));
            case FLOAT64:
                return NODES.textNode(doubleText((Double) value));
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case STRING:
                return NODES.textNode(stringText((String) value));
            case BYTES:
                return NODES.textNode(bytesText(value instanceof ByteBuffer b ? bytesOf(b) : (byte[]) value));
            case STRUCT: {
                ObjectNode object = NODES.objectNode();
                Struct struct = (Struct) value;
                for (Field field : schema.fields()) {
                    object.set(field.name(), render(field.schema(), struct.get(field)));
                }
                return object;
            }
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (List<?>) value) {
                    array.add(render(schema.valueSchema(), item));
                }
                return array;
            }
            default:
                throw new AssertionError("no golden rendering for " + schema.type() + " " + name);
        }
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static String dateText(LocalDate date) {
        return String.format(Locale.ROOT, "%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    static String dateTimeText(long micros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
        return dateText(t.toLocalDate()) + String.format(Locale.ROOT, " %02d:%02d:%02d.%06d", t.getHour(), t.getMinute(),
                t.getSecond(), Math.floorMod(micros, 1_000_000L));
    }

    static String durationText(long micros) {
        long abs = Math.abs(micros);
        long seconds = abs / 1_000_000L;
        return (micros < 0 ? "-" : "") + String.format(Locale.ROOT, "%02d:%02d:%02d.%06d", seconds / 3600, (seconds / 60) % 60,
                seconds % 60, abs % 1_000_000L);
    }

    static String floatText(float f) {
        return f == 0 && Float.floatToRawIntBits(f) != 0 ? "-0"
                : new BigDecimal(f).round(new MathContext(9, RoundingMode.HALF_EVEN)).stripTrailingZeros().toString();
    }

    static String doubleText(double d) {
        return d == 0 && Double.doubleToRawLongBits(d) != 0 ? "-0"
                : new BigDecimal(d).round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros().toString();
    }

    static String stringText(String s) {
        int chars = s.codePointCount(0, s.length());
        return chars > LONG_VALUE ? "sha256:" + sha256(s.getBytes(StandardCharsets.UTF_8)) + " (" + chars + " chars)" : s;
    }

    static String bytesText(byte[] b) {
        return b.length > LONG_VALUE ? "sha256:" + sha256(b) + " (" + b.length + " bytes)" : HEX.formatHex(b);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the server's own rendering of the rows as they are now

    record ServerColumn(String name, String dataType, String columnType, Long precision, Long scale) {
        boolean unsigned() {
            return columnType.contains("unsigned");
        }
    }

    static List<ServerColumn> columns(MariaDbServer server, String db, String table) {
        return server.query("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db + "' AND TABLE_NAME = '" + table
                        + "' ORDER BY ORDINAL_POSITION").stream()
                .map(r -> new ServerColumn((String) r.get("COLUMN_NAME"), ((String) r.get("DATA_TYPE")).toLowerCase(Locale.ROOT),
                        ((String) r.get("COLUMN_TYPE")).toLowerCase(Locale.ROOT), asLong(r.get("NUMERIC_PRECISION")),
                        asLong(r.get("NUMERIC_SCALE"))))
                .toList();
    }

    private static Long asLong(Object v) {
        return v == null ? null : ((Number) v).longValue();
    }

    private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");
    private static final Set<String> TEXTS = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set");
    private static final Set<String> BINARIES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    private static final Set<String> GEOMETRIES = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection");

    /** The SQL expressions whose results render a column the way the design says the connector must. */
    private static List<String> serverExpressions(ServerColumn c) {
        String col = "`" + c.name() + "`";
        String type = c.dataType();
        if (type.equals("bit")) {
            int width = bitWidth(c);
            return List.of(width == 1 ? col + " + 0" : "LPAD(HEX(" + col + "), " + (width + 7) / 8 * 2 + ", '0')");
        }
        if (type.equals("year")) {
            return List.of(col + " + 0");
        }
        if (TEXTS.contains(type)) {
            return List.of("CONVERT(" + col + " USING utf8mb4)");
        }
        if (GEOMETRIES.contains(type)) {
            return List.of("ST_SRID(" + col + ")", "ST_AsWKB(" + col + ")");
        }
        if (BINARIES.contains(type) || type.equals("float") || type.equals("double")) {
            return List.of(col); // bytes as stored; floats over the binary protocol, exact
        }
        return List.of("CAST(" + col + " AS CHAR)");
    }

    private static int bitWidth(ServerColumn c) {
        Matcher m = Pattern.compile("bit\\((\\d+)\\)").matcher(c.columnType());
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private static JsonNode serverValue(ServerColumn c, ResultSet rs, int index) throws SQLException {
        String type = c.dataType();
        if (rs.getObject(index) == null) {
            return NODES.nullNode();
        }
        if (type.equals("bit")) {
            return bitWidth(c) == 1 ? NODES.booleanNode(rs.getLong(index) != 0) : NODES.textNode(rs.getString(index).toLowerCase(Locale.ROOT));
        }
        if (type.equals("year")) {
            return NODES.numberNode(rs.getLong(index));
        }
        if (INTEGERS.contains(type)) {
            return type.equals("bigint") && c.unsigned() ? NODES.textNode(rs.getString(index)) : NODES.numberNode(Long.parseLong(rs.getString(index)));
        }
        if (type.equals("float")) {
            return NODES.textNode(floatText(rs.getFloat(index)));
        }
        if (type.equals("double")) {
            return NODES.textNode(doubleText(rs.getDouble(index)));
        }
        if (TEXTS.contains(type)) {
            return NODES.textNode(stringText(rs.getString(index)));
        }
        if (BINARIES.contains(type)) {
            return NODES.textNode(bytesText(rs.getBytes(index)));
        }
        if (GEOMETRIES.contains(type)) {
            ObjectNode geometry = NODES.objectNode();
            geometry.put("srid", rs.getLong(index));
            geometry.put("wkb", bytesText(rs.getBytes(index + 1)));
            return geometry;
        }
        String text = rs.getString(index);
        switch (type) {
            case "date":
                return realDate(text) ? NODES.textNode(text) : NODES.nullNode();
            case "datetime":
                return realDate(text) ? NODES.textNode(sixDigits(text)) : NODES.nullNode();
            case "timestamp":
                return realDate(text) ? NODES.textNode(sixDigits(text) + "Z") : NODES.nullNode();
            case "time":
                return NODES.textNode(sixDigits(text));
            default:
                return NODES.textNode(text); // DECIMAL (plain, its scale), UUID, INET4, INET6 as SELECT prints them
        }
    }

    /** False for zero, partial and impossible dates, which the connector's default (zero.date.mode=null) makes null. */
    private static boolean realDate(String text) {
        String[] ymd = text.substring(0, 10).split("-");
        try {
            LocalDate.of(Integer.parseInt(ymd[0]), Integer.parseInt(ymd[1]), Integer.parseInt(ymd[2]));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The server prints as many fractional digits as the column's fsp; the rendering always has six. */
    private static String sixDigits(String text) {
        int dot = text.indexOf('.');
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        return (dot < 0 ? text : text.substring(0, dot)) + "." + (fraction + "000000").substring(0, 6);
    }

    /** The primary key's columns in key order (empty for a table without one). */
    static List<String> keyColumns(MariaDbServer server, String db, String table) {
        return server.query("SELECT COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = '"
                + db + "' AND TABLE_NAME = '" + table + "' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION").stream()
                .map(r -> (String) r.get("c")).toList();
    }

    /** Every row of the table as the server renders it, by its primary key rendered the same way. */
    static Map<JsonNode, JsonNode> serverRows(MariaDbServer server, String db, String table, List<ServerColumn> columns) throws SQLException {
        Map<JsonNode, JsonNode> rows = new LinkedHashMap<>();
        forEachServerRow(server, db, table, columns, rows::put);
        return rows;
    }

    /**
     * Hands each row of the table, as the server renders it now, to {@code sink} with its primary key rendered the
     * same way (an empty object for a table without a primary key), streaming: large tables need not fit in memory
     * twice.
     */
    static void forEachServerRow(MariaDbServer server, String db, String table, List<ServerColumn> columns,
                                 BiConsumer<ObjectNode, ObjectNode> sink) throws SQLException {
        List<String> keyColumns = keyColumns(server, db, table);
        StringBuilder select = new StringBuilder("SELECT ");
        List<Integer> starts = new ArrayList<>();
        int index = 1;
        for (ServerColumn c : columns) {
            starts.add(index);
            for (String expr : serverExpressions(c)) {
                select.append(index == 1 ? "" : ", ").append(expr);
                index++;
            }
        }
        select.append(" FROM `").append(db).append("`.`").append(table).append('`');
        // Server-side prepared statements use the binary protocol, so FLOAT and DOUBLE arrive bit for bit.
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(db) + "?useServerPrepStmts=true",
                MariaDbServer.ADMIN_USER, server.adminPassword())) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET SESSION time_zone = '+00:00'");
            }
            try (PreparedStatement statement = connection.prepareStatement(select.toString())) {
                statement.setFetchSize(4096);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ObjectNode row = NODES.objectNode();
                        for (int i = 0; i < columns.size(); i++) {
                            row.set(columns.get(i).name(), serverValue(columns.get(i), rs, starts.get(i)));
                        }
                        ObjectNode key = NODES.objectNode();
                        keyColumns.forEach(k -> key.set(k, row.get(k)));
                        sink.accept(key, row);
                    }
                }
            }
        }
    }

    static String normalized(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.readTree(JSON.writeValueAsString(node)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
