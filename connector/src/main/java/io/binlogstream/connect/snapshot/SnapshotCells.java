package io.binlogstream.connect.snapshot;

import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;

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

    private static Serializable cell(ColumnDef column, ResultSet rs, int index) throws SQLException {
        if (rs.getObject(index) == null) {
            return null;
        }
        return switch (column.type()) {
            case TINY, SHORT, INT24, LONG -> rs.getLong(index);
            // The binlog gives BIGINT UNSIGNED as a signed long with the same 64 bits; the mapper reads them unsigned.
            case LONGLONG -> rs.getBigDecimal(index).toBigInteger().longValue();
            case FLOAT -> rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case NEWDECIMAL -> rs.getBigDecimal(index);
            case YEAR -> rs.getInt(index);
            case ENUM, SET -> rs.getLong(index);
            case DATE, NEWDATE -> date(rs.getString(index));
            case DATETIME, DATETIME_V2 -> dateTime(rs.getString(index));
            case TIMESTAMP, TIMESTAMP_V2 -> timestamp(rs.getBigDecimal(index));
            case TIME, TIME_V2 -> time(rs.getString(index));
            case BIT -> bits(rs.getBytes(index));
            default -> rs.getBytes(index);
        };
    }

    static Serializable date(String text) {
        try {
            return (int) LocalDate.parse(text).toEpochDay();
        } catch (DateTimeException e) {
            return new ZeroDate(text);
        }
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

    /** 'H+:MM:SS[.f+]' to microseconds; hours may exceed 24 (TIME). */
    private static long timeOfDayMicros(String text) {
        String[] parts = text.split(":");
        long hours = Long.parseLong(parts[0]);
        long minutes = Long.parseLong(parts[1]);
        String seconds = parts[2];
        int dot = seconds.indexOf('.');
        long whole = Long.parseLong(dot < 0 ? seconds : seconds.substring(0, dot));
        long fraction = 0;
        if (dot >= 0) {
            String digits = (seconds.substring(dot + 1) + "000000").substring(0, 6);
            fraction = Long.parseLong(digits);
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
