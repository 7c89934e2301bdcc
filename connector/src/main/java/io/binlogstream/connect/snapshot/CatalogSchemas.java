package io.binlogstream.connect.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

import io.binlogstream.connect.schema.ColumnDef;
import io.binlogstream.connect.schema.TableId;
import io.binlogstream.connect.schema.TableSchema;

/**
 * A table's {@link TableSchema} from information_schema, built to be the one MariaDB's TABLE_MAP event
 * (binlog_row_metadata=FULL) would give: the same storage types, type metadata, byte lengths, signedness and
 * collation ids. The snapshot reads a table before any of its rows passes through the binlog, so it cannot wait for
 * a TABLE_MAP; with this, snapshot rows go through the same {@code TableConverters} and column mappers as streamed
 * rows, and a table has one Connect schema whichever path a row took.
 *
 * <p>Prototype: MariaDB storage forms only (temporal columns in the MySQL 5.6 format, MariaDB's default since
 * 10.3); MySQL's own JSON and VECTOR types are not mapped yet. Reads in the caller's transaction, so called inside a
 * chunk's snapshot transaction it sees the table as the chunk does.
 */
public final class CatalogSchemas {
    private CatalogSchemas() {
    }

    public static TableSchema read(Connection connection, TableId table) throws SQLException {
        List<ColumnDef> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE, c.NUMERIC_PRECISION, c.NUMERIC_SCALE,"
                        + " c.CHARACTER_OCTET_LENGTH, co.ID"
                        + " FROM information_schema.COLUMNS c LEFT JOIN information_schema.COLLATIONS co ON co.COLLATION_NAME = c.COLLATION_NAME"
                        + " WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION")) {
            statement.setString(1, table.database());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(column(columns.size(), rs, table));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("Table " + table + " is not in information_schema (dropped, or no SELECT privilege on it)");
        }
        List<Integer> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                        + " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
            statement.setString(1, table.database());
            statement.setString(2, table.table());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    key.add(columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().position());
                }
            }
        }
        return new TableSchema(table, List.copyOf(columns), List.copyOf(key));
    }

    private static ColumnDef column(int position, ResultSet rs, TableId table) throws SQLException {
        String name = rs.getString(1);
        String dataType = rs.getString(2).toLowerCase(Locale.ROOT);
        String columnType = rs.getString(3);
        boolean nullable = "YES".equals(rs.getString(4));
        long precision = rs.getLong(5);
        long scale = rs.getLong(6);
        long octets = rs.getLong(7);
        Integer collationId = rs.getObject(8) == null ? null : rs.getInt(8);
        boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        int binary = 63;
        int collation = collationId == null ? binary : collationId;
        ColumnType type;
        int meta = 0;
        int length = 0;
        List<String> values = List.of();
        switch (dataType) {
            case "tinyint" -> type = ColumnType.TINY;
            case "smallint" -> type = ColumnType.SHORT;
            case "mediumint" -> type = ColumnType.INT24;
            case "int" -> type = ColumnType.LONG;
            case "bigint" -> type = ColumnType.LONGLONG;
            case "float" -> type = ColumnType.FLOAT;
            case "double" -> type = ColumnType.DOUBLE;
            case "decimal" -> {
                type = ColumnType.NEWDECIMAL;
                meta = (int) precision | ((int) scale << 8);
            }
            case "year" -> type = ColumnType.YEAR;
            case "date" -> type = ColumnType.DATE;
            case "datetime" -> type = ColumnType.DATETIME_V2;
            case "timestamp" -> type = ColumnType.TIMESTAMP_V2;
            case "time" -> type = ColumnType.TIME_V2;
            case "bit" -> {
                type = ColumnType.BIT;
                meta = (((int) precision / 8) << 8) | ((int) precision % 8);
            }
            case "char", "binary" -> {
                type = ColumnType.STRING;
                length = (int) octets;
            }
            // MariaDB's own types: TABLE_MAP shows them as BINARY(16) / BINARY(4); the catalog tells them apart.
            case "uuid", "inet6" -> {
                type = ColumnType.STRING;
                length = 16;
            }
            case "inet4" -> {
                type = ColumnType.STRING;
                length = 4;
            }
            case "varchar", "varbinary" -> type = ColumnType.VARCHAR;
            case "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "json" ->
                    type = ColumnType.BLOB;
            case "enum" -> {
                type = ColumnType.ENUM;
                values = quotedValues(columnType);
            }
            case "set" -> {
                type = ColumnType.SET;
                values = quotedValues(columnType);
            }
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection" -> type = ColumnType.GEOMETRY;
            default -> throw new IllegalStateException("Column " + table + "." + name + " has type " + columnType
                    + ", which the snapshot prototype does not map yet");
        }
        boolean character = switch (type) {
            case STRING, VARCHAR, BLOB, ENUM, SET -> true;
            default -> false;
        };
        return new ColumnDef(position, name, type, meta, length, unsigned, nullable, character ? collation : -1, values);
    }

    /**
     * The values of {@code enum('a','it''s')} as the server prints a definition: a quote doubled inside, and a
     * backslash, NUL, newline, carriage return and Ctrl-Z written with a backslash. The catalog holds definitions in
     * utf8mb3: a value's 4-byte characters read as '?' (the snapshot then takes the binlog's exact definition when the
     * stream has seen the table, see TransactionAssembler.snapshotConverter).
     */
    static List<String> quotedValues(String columnType) {
        List<String> values = new ArrayList<>();
        int i = columnType.indexOf('(') + 1;
        while (i < columnType.length() && columnType.charAt(i) == '\'') {
            StringBuilder value = new StringBuilder();
            i++;
            while (true) {
                char c = columnType.charAt(i);
                if (c == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                } else if (c == '\\' && i + 1 < columnType.length()) {
                    char escaped = columnType.charAt(i + 1);
                    value.append(switch (escaped) {
                        case '0' -> '\0';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 'Z' -> (char) 26;
                        default -> escaped;
                    });
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else {
                    value.append(c);
                    i++;
                }
            }
            values.add(value.toString());
            if (i < columnType.length() && columnType.charAt(i) == ',') {
                i++;
            }
        }
        return values;
    }
}
