package io.binlogstream.connect.schema;

import java.util.List;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

/**
 * One column as the TABLE_MAP event describes it, with the real type resolved (ENUM and SET travel as
 * STRING in the binlog, with their real type in the metadata).
 *
 * @param position   index in the table (and in each row image)
 * @param type       the real column type
 * @param meta       the type's metadata word from TABLE_MAP (precision/scale, length bytes, fsp, bit width)
 * @param length     for CHAR/BINARY: the declared length in bytes; otherwise 0
 * @param unsigned   from the SIGNEDNESS metadata (numeric columns only)
 * @param nullable   from the TABLE_MAP null bitmap
 * @param collation  collation id for character columns, -1 for the others
 * @param values     the allowed values of an ENUM or SET, otherwise empty
 */
public record ColumnDef(int position, String name, ColumnType type, int meta, int length, boolean unsigned,
                        boolean nullable, int collation, List<String> values) {

    /** Whether the column holds bytes that a charset decodes (binary collation included). */
    public boolean isCharacter() {
        return isCharacterType(type);
    }

    static boolean isCharacterType(ColumnType type) {
        return switch (type) {
            case STRING, VARCHAR, VAR_STRING, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB -> true;
            default -> false;
        };
    }
}
