package io.binlogstream.connect.snapshot;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

import io.binlogstream.connect.mapping.ZeroDate;
import io.binlogstream.connect.schema.CatalogTable;
import io.binlogstream.connect.schema.ColumnDef;
import io.binlogstream.connect.schema.ExtendedType;
import io.binlogstream.connect.schema.TableSchema;

/**
 * Reads a snapshot row into the same cells the binlog decoder produces for that table (raw integer bits, bytes
 * of a string in the column's own charset, ENUM index, SET bitmask, days, wall-clock or epoch microseconds, signed
 * TIME microseconds, {@link ZeroDate}), so the stream's column mappers convert both and a row's Connect value does
 * not depend on the path it took.
 *
 * <p>Each column is selected in a form that carries its storage value exactly and independently of the session:
 * {@code CAST(c AS BINARY)} keeps a string's bytes in its own charset (no conversion to the connection's),
 * {@code c+0} gives an ENUM's index and a SET's bitmask, temporal columns go through their text (never through a
 * client time zone), and TIMESTAMP through {@code UNIX_TIMESTAMP()}, which does not depend on the session time zone.
 */
public final class SnapshotCells implements ChunkReader.RowDecoder<Serializable[]> {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private final TableSchema table;
    private final CatalogTable catalog;

    public SnapshotCells(TableSchema table) {
        this(table, CatalogTable.EMPTY);
    }

    /** @param catalog the table's information_schema facts: which BINARY(16)/BINARY(4) columns are UUID, INET6, INET4 */
    public SnapshotCells(TableSchema table, CatalogTable catalog) {
        this.table = table;
        this.catalog = catalog;
    }

    /** The select expressions, one per column in table order, for {@link ChunkQuery}. */
    public List<String> expressions() {
        return table.columns().stream().map(this::expression).toList();
    }

    /** The query reading this table in chunks by its key. */
    public ChunkQuery query() {
        List<ColumnDef> keys = table.keyColumns().stream().map(i -> table.columns().get(i)).toList();
        return new ChunkQuery(table.id(), keys.stream().map(ColumnDef::name).toList(), expressions(),
                keys.stream().map(c -> c.type() == ColumnType.ENUM || c.type() == ColumnType.SET).toList());
    }

    private String expression(ColumnDef column) {
        String c = ChunkQuery.quote(column.name());
        ExtendedType extended = catalog.extendedType(column.name());
        if (extended == ExtendedType.UUID) {
            // The row image holds a UUID's 16 bytes in text order (see NetworkText): the text's hex digits.
            return "UNHEX(REPLACE(CAST(" + c + " AS CHAR), '-', ''))";
        }
        if (extended == ExtendedType.INET4 || extended == ExtendedType.INET6) {
            return "INET6_ATON(CAST(" + c + " AS CHAR))"; // network order, 4 or 16 bytes, as stored
        }
        return switch (column.type()) {
            case STRING, VARCHAR, VAR_STRING, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB -> "CAST(" + c + " AS BINARY)";
            case ENUM, SET -> c + "+0";
            case YEAR -> "CAST(" + c + " AS UNSIGNED)";
            case DATE, NEWDATE, DATETIME, DATETIME_V2, TIME, TIME_V2 -> "CAST(" + c + " AS CHAR)";
            case TIMESTAMP, TIMESTAMP_V2 -> "UNIX_TIMESTAMP(" + c + ")";
            default -> c;
        };
    }

    @Override
    public Serializable[] decode(ResultSet rs, int firstValue) throws SQLException {
        List<ColumnDef> columns = table.columns();
        Serializable[] cells = new Serializable[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cell(columns.get(i), rs, firstValue + i);
        }
        return cells;
    }

    /**
     * One cell, read once with its typed getter: SQL NULL is a null object from the object getters and
     * {@code wasNull()} after the primitive ones (asking {@code getObject} first decoded every cell twice).
     */
    private static Serializable cell(ColumnDef column, ResultSet rs, int index) throws SQLException {
        return switch (column.type()) {
            case TINY, SHORT, INT24, LONG, ENUM, SET -> {
                long value = rs.getLong(index);
                yield rs.wasNull() ? null : value;
            }
            // The binlog gives BIGINT UNSIGNED as a signed long with the same 64 bits; the mapper reads them unsigned.
            case LONGLONG -> decimal(rs, index, value -> value.toBigInteger().longValue());
            case FLOAT -> {
                float value = rs.getFloat(index);
                yield rs.wasNull() ? null : value;
            }
            case DOUBLE -> {
                double value = rs.getDouble(index);
                yield rs.wasNull() ? null : value;
            }
            case NEWDECIMAL -> rs.getBigDecimal(index);
            case YEAR -> {
                int value = rs.getInt(index);
                yield rs.wasNull() ? null : value;
            }
            case DATE, NEWDATE -> text(rs, index, SnapshotCells::date);
            case DATETIME, DATETIME_V2 -> text(rs, index, SnapshotCells::dateTime);
            case TIMESTAMP, TIMESTAMP_V2 -> decimal(rs, index, SnapshotCells::timestamp);
            case TIME, TIME_V2 -> text(rs, index, SnapshotCells::time);
            case BIT -> {
                byte[] value = rs.getBytes(index);
                yield value == null ? null : bits(value);
            }
            default -> rs.getBytes(index);
        };
    }

    /** A column selected as text, read by {@code read} unless it is SQL NULL. */
    private static Serializable text(ResultSet rs, int index, Function<String, Serializable> read) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : read.apply(text);
    }

    /** A column selected as a number, read by {@code read} unless it is SQL NULL. */
    private static Serializable decimal(ResultSet rs, int index, Function<BigDecimal, Serializable> read) throws SQLException {
        BigDecimal value = rs.getBigDecimal(index);
        return value == null ? null : read.apply(value);
    }

    static Serializable date(String text) {
        try {
            // 'YYYY-MM-DD', as the server prints it: read in place (LocalDate.parse costs several times more, and a
            // million-row snapshot parses a million dates); LocalDate.of refuses month or day 0 and 30 February
            // exactly as the strict ISO parser does. Any other shape goes to that parser.
            if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
                int year = digits(text, 0, 4);
                int month = digits(text, 5, 7);
                int day = digits(text, 8, 10);
                if (year >= 0 && month >= 0 && day >= 0) {
                    return (int) LocalDate.of(year, month, day).toEpochDay();
                }
            }
            return (int) LocalDate.parse(text).toEpochDay();
        } catch (DateTimeException e) {
            return new ZeroDate(text);
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character there is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    static Serializable dateTime(String text) {
        // 'YYYY-MM-DD HH:MM:SS[.ffffff]', as the server prints it.
        Serializable days = date(text.substring(0, 10));
        if (days instanceof ZeroDate) {
            return new ZeroDate(text);
        }
        return (Integer) days * 86_400L * MICROS_PER_SECOND + timeOfDayMicros(text.substring(11));
    }

    static Serializable timestamp(BigDecimal epochSeconds) {
        // A zero TIMESTAMP reads as 0 seconds, which no real TIMESTAMP can be (its range starts at 00:00:01 UTC).
        if (epochSeconds.signum() == 0) {
            return new ZeroDate("0000-00-00 00:00:00");
        }
        return epochSeconds.movePointRight(6).longValueExact();
    }

    static Serializable time(String text) {
        boolean negative = text.startsWith("-");
        long micros = timeOfDayMicros(negative ? text.substring(1) : text);
        return negative ? -micros : micros;
    }

    /** 'H+:MM:SS[.f+]' to microseconds; hours may exceed 24 (TIME). Digits past the sixth fractional one are cut. */
    private static long timeOfDayMicros(String text) {
        // Read in place: no split array, no substrings (once per DATETIME and TIME cell of a snapshot).
        int colon1 = text.indexOf(':');
        int colon2 = text.indexOf(':', colon1 + 1);
        if (colon1 < 0 || colon2 < 0) {
            throw new NumberFormatException("Not a time of day: '" + text + "'");
        }
        long hours = Long.parseLong(text, 0, colon1, 10);
        long minutes = Long.parseLong(text, colon1 + 1, colon2, 10);
        int dot = text.indexOf('.', colon2 + 1);
        long whole = Long.parseLong(text, colon2 + 1, dot < 0 ? text.length() : dot, 10);
        long fraction = 0;
        if (dot >= 0 && dot + 1 < text.length()) {
            int end = Math.min(text.length(), dot + 7);
            fraction = Long.parseLong(text, dot + 1, end, 10);
            for (int i = end - dot - 1; i < 6; i++) {
                fraction *= 10;
            }
        }
        return ((hours * 60 + minutes) * 60 + whole) * MICROS_PER_SECOND + fraction;
    }

    private static BitSet bits(byte[] bigEndian) {
        byte[] littleEndian = new byte[bigEndian.length];
        for (int i = 0; i < bigEndian.length; i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return BitSet.valueOf(littleEndian);
    }
}
