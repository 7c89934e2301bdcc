package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.io.Serializable;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.MissingTableMapEventException;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * Reads one row image of a rows event, cell by cell, with the cells decoded by the deserializer's own
 * {@code deserializeCell} (so its temporal overrides apply). It yields what the library's row loop yields, without
 * that loop's per-row and per-cell costs, which were half of the reader thread's time on wide rows (W3: 100 columns,
 * two images per update): a boxed hash look-up of every cell's type, the included columns counted bit by bit for
 * every row, and the row's null bitmap built into a new {@link BitSet}. Here each TABLE_MAP's columns are resolved
 * once, and the null bitmap is read into a reused array. One difference: a type code the library does not know fails
 * with a message naming the column and the code, where the library's loop threw a NullPointerException. One per
 * deserializer; reader thread only.
 */
final class RowDecoder {
    /** The deserializer's cell decoding: {@code AbstractRowsEventDataDeserializer.deserializeCell}. */
    interface Cells {
        Serializable read(ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException;
    }

    /** TABLE_MAP instances whose resolved columns are remembered at most; beyond that the memo starts over. */
    private static final int TABLES = 1024;
    private static final int STRING = ColumnType.STRING.getCode();
    private static final int ENUM = ColumnType.ENUM.getCode();
    private static final int SET = ColumnType.SET.getCode();

    /**
     * A table's columns as its rows are read: the type each cell is decoded as, its metadata, and for the STRING
     * family the length its metadata packs. Null type: a type code the library does not know.
     */
    private record Columns(ColumnType[] types, int[] codes, int[] meta, int[] lengths) {
    }

    private final Map<Long, TableMapEventData> tableMaps;
    private final Cells cells;
    /** By TABLE_MAP instance, which the TABLE_MAP deserializer keeps while a table's map is unchanged. */
    private final Map<TableMapEventData, Columns> resolved = new IdentityHashMap<>();
    private byte[] nulls = new byte[32];

    RowDecoder(Map<Long, TableMapEventData> tableMaps, Cells cells) {
        this.tableMaps = tableMaps;
        this.cells = cells;
    }

    /** The next row image: one cell per included column, in column order; null for a NULL. */
    Serializable[] row(long tableId, BitSet included, ByteArrayInputStream in) throws IOException {
        TableMapEventData tableMap = tableMaps.get(tableId);
        if (tableMap == null) {
            throw new MissingTableMapEventException("No TABLE_MAP event for table id " + tableId + " precedes its rows (reading"
                    + " started inside a transaction's events?)");
        }
        Columns columns = columns(tableMap);
        Serializable[] row = new Serializable[included.cardinality()];
        int nullBytes = (row.length + 7) >> 3;
        if (nulls.length < nullBytes) {
            nulls = new byte[nullBytes];
        }
        in.fill(nulls, 0, nullBytes);
        int cell = 0;
        for (int i = included.nextSetBit(0); i >= 0 && i < columns.types.length; i = included.nextSetBit(i + 1), cell++) {
            if ((nulls[cell >> 3] & (1 << (cell & 7))) != 0) {
                continue;
            }
            ColumnType type = columns.types[i];
            if (type == null) {
                throw new IOException("Column " + (i + 1) + " of " + tableMap.getDatabase() + "." + tableMap.getTable()
                        + " has binlog type code " + columns.codes[i] + ", which this connector cannot decode");
            }
            row[cell] = cells.read(type, columns.meta[i], columns.lengths[i], in);
        }
        return row;
    }

    private Columns columns(TableMapEventData tableMap) {
        Columns columns = resolved.get(tableMap);
        if (columns == null) {
            if (resolved.size() >= TABLES) {
                resolved.clear();
            }
            columns = resolve(tableMap.getColumnTypes(), tableMap.getColumnMetadata());
            resolved.put(tableMap, columns);
        }
        return columns;
    }

    /**
     * Each column's type as its cells are written. A STRING column's metadata packs its real type (CHAR, ENUM or
     * SET) and its maximum length in two bytes: the high byte is the real type, with bits 4 and 5 of it flipped to
     * hold bits 8 and 9 of a length above 255; the low byte is the rest of the length (MySQL's
     * {@code Field_string::do_save_field_metadata}).
     */
    private static Columns resolve(byte[] typeBytes, int[] metadata) {
        int n = typeBytes.length;
        ColumnType[] types = new ColumnType[n];
        int[] codes = new int[n];
        int[] meta = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int code = typeBytes[i] & 0xFF;
            int m = metadata[i];
            int length = 0;
            if (code == STRING) {
                length = m;
                if (m >= 256) {
                    int real = m >> 8;
                    length = m & 0xFF;
                    if ((real & 0x30) != 0x30) {
                        length |= ((real & 0x30) ^ 0x30) << 4;
                        code = real | 0x30;
                    } else if (real == ENUM || real == SET) {
                        code = real;
                    }
                }
            }
            types[i] = ColumnType.byCode(code);
            codes[i] = code;
            meta[i] = m;
            lengths[i] = length;
        }
        return new Columns(types, codes, meta, lengths);
    }
}
