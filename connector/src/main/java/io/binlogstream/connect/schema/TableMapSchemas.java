package io.binlogstream.connect.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

import io.binlogstream.connect.mapping.CollationCharsets;

/**
 * Builds {@link TableSchema}s from TABLE_MAP events alone (binlog_row_metadata=FULL), with no DDL parsing
 * and no schema history: names, signedness, charsets, ENUM/SET values and the primary key all travel in
 * the event.
 */
public final class TableMapSchemas {

    private TableMapSchemas() {
    }

    public static TableSchema fromTableMap(TableMapEventData tableMap) {
        TableId id = new TableId(tableMap.getDatabase(), tableMap.getTable());
        TableMapEventMetadata metadata = tableMap.getEventMetadata();
        byte[] types = tableMap.getColumnTypes();
        if (metadata == null || metadata.getColumnNames() == null || metadata.getColumnNames().size() != types.length) {
            throw new MissingMetadataException("The TABLE_MAP event of " + id + " carries no column names: the server "
                    + "wrote it with binlog_row_metadata=MINIMAL. Set binlog_row_metadata=FULL on the server (MySQL "
                    + "8.0.1+, MariaDB 10.5+); rows written before the change cannot be decoded by name.");
        }
        int[] columnMeta = tableMap.getColumnMetadata();
        BitSet nullability = tableMap.getColumnNullability();
        BitSet unsignedBits = metadata.getSignedness() == null ? new BitSet() : metadata.getSignedness();

        ResolvedType[] resolved = new ResolvedType[types.length];
        int characterColumns = 0;
        int enumOrSetColumns = 0;
        for (int i = 0; i < types.length; i++) {
            resolved[i] = ResolvedType.of(types[i] & 0xFF, columnMeta[i]);
            if (hasCharsetEntry(resolved[i].type())) {
                characterColumns++;
            } else if (resolved[i].isEnumOrSet()) {
                enumOrSetColumns++;
            }
        }
        int[] collations = collations(metadata.getDefaultCharset(), metadata.getColumnCharsets(), characterColumns, id);
        int[] enumSetCollations = collations(metadata.getEnumAndSetDefaultCharset(), metadata.getEnumAndSetColumnCharsets(),
                enumOrSetColumns, id);

        List<ColumnDef> columns = new ArrayList<>(types.length);
        int characterIndex = 0;
        int enumIndex = 0;
        int setIndex = 0;
        int enumOrSetIndex = 0;
        for (int i = 0; i < types.length; i++) {
            ResolvedType type = resolved[i];
            int collation = -1;
            List<String> values = List.of();
            if (hasCharsetEntry(type.type())) {
                collation = collations[characterIndex++];
            } else if (type.type() == ColumnType.ENUM) {
                collation = enumSetCollations[enumOrSetIndex++];
                values = tableMap instanceof RawTableMapEventData raw && raw.rawEnumValues() != null
                        ? decodedAt(raw.rawEnumValues(), enumIndex++, collation, id, "ENUM")
                        : valuesAt(metadata.getEnumStrValues(), enumIndex++, id, "ENUM");
            } else if (type.type() == ColumnType.SET) {
                collation = enumSetCollations[enumOrSetIndex++];
                values = tableMap instanceof RawTableMapEventData raw && raw.rawSetValues() != null
                        ? decodedAt(raw.rawSetValues(), setIndex++, collation, id, "SET")
                        : valuesAt(metadata.getSetStrValues(), setIndex++, id, "SET");
            }
            columns.add(new ColumnDef(i, metadata.getColumnNames().get(i), type.type(), columnMeta[i], type.length(),
                    unsignedBits.get(i), nullability.get(i), collation, values));
        }
        return new TableSchema(id, List.copyOf(columns), primaryKey(metadata));
    }

    /**
     * Whether the server lists a charset for the column in DEFAULT_CHARSET/COLUMN_CHARSET, whose exceptions are
     * indexed by position among such columns. MySQL 9 lists VECTOR columns there too (as binary): without
     * counting them, every text column after a VECTOR would take its neighbour's charset.
     */
    private static boolean hasCharsetEntry(ColumnType type) {
        return ColumnDef.isCharacterType(type) || type == ColumnType.VECTOR;
    }

    private static List<Integer> primaryKey(TableMapEventMetadata metadata) {
        if (metadata.getSimplePrimaryKeys() != null && !metadata.getSimplePrimaryKeys().isEmpty()) {
            return List.copyOf(metadata.getSimplePrimaryKeys());
        }
        if (metadata.getPrimaryKeysWithPrefix() != null && !metadata.getPrimaryKeysWithPrefix().isEmpty()) {
            // A prefix key (KEY(col(10))) still identifies the row by the whole column's value.
            return List.copyOf(new ArrayList<>(metadata.getPrimaryKeysWithPrefix().keySet()));
        }
        return List.of();
    }

    /**
     * Collation per character column: the DEFAULT_CHARSET field gives a default and the exceptions by
     * character-column index, COLUMN_CHARSET lists every one; the server writes one or the other.
     */
    private static int[] collations(TableMapEventMetadata.DefaultCharset defaults, List<Integer> perColumn, int count, TableId id) {
        int[] result = new int[count];
        if (perColumn != null && !perColumn.isEmpty()) {
            if (perColumn.size() != count) {
                throw new MissingMetadataException("TABLE_MAP of " + id + " lists " + perColumn.size()
                        + " column charsets for " + count + " character columns");
            }
            for (int i = 0; i < count; i++) {
                result[i] = perColumn.get(i);
            }
            return result;
        }
        if (count == 0) {
            return result;
        }
        if (defaults == null) {
            throw new MissingMetadataException("TABLE_MAP of " + id + " carries no charset for its character columns; "
                    + "binlog_row_metadata=FULL is required");
        }
        Arrays.fill(result, defaults.getDefaultCharsetCollation());
        Map<Integer, Integer> exceptions = defaults.getCharsetCollations() == null ? Map.of() : new TreeMap<>(defaults.getCharsetCollations());
        exceptions.forEach((index, collation) -> {
            if (index >= 0 && index < count) {
                result[index] = collation;
            }
        });
        return result;
    }

    /** ENUM/SET values decoded with the column's own charset, as its other text is. */
    private static List<String> decodedAt(List<List<byte[]>> all, int index, int collation, TableId id, String kind) {
        if (index >= all.size()) {
            throw new MissingMetadataException("TABLE_MAP of " + id + " lacks the values of its " + kind
                    + " column #" + (index + 1) + "; binlog_row_metadata=FULL is required");
        }
        return all.get(index).stream()
                .map(bytes -> collation == CollationCharsets.BINARY ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                        : CollationCharsets.decode(collation, bytes))
                .toList();
    }

    private static List<String> valuesAt(List<String[]> all, int index, TableId id, String kind) {
        if (all == null || index >= all.size()) {
            throw new MissingMetadataException("TABLE_MAP of " + id + " lacks the values of its " + kind
                    + " column #" + (index + 1) + "; binlog_row_metadata=FULL is required");
        }
        return List.of(all.get(index));
    }

    /** The column's real type and byte length, decoded from the STRING type's metadata word as the server packs it. */
    record ResolvedType(ColumnType type, int length) {
        static ResolvedType of(int typeCode, int meta) {
            if (typeCode == ColumnType.STRING.getCode() && meta >= 256) {
                int meta0 = meta >> 8;
                int meta1 = meta & 0xFF;
                if ((meta0 & 0x30) != 0x30) {
                    // CHAR longer than 255 bytes: two length bits are folded into the type byte.
                    return new ResolvedType(ColumnType.byCode(meta0 | 0x30), meta1 | (((meta0 & 0x30) ^ 0x30) << 4));
                }
                if (meta0 == ColumnType.ENUM.getCode() || meta0 == ColumnType.SET.getCode()) {
                    return new ResolvedType(ColumnType.byCode(meta0), meta1);
                }
                return new ResolvedType(ColumnType.byCode(meta0), meta1);
            }
            ColumnType type = ColumnType.byCode(typeCode);
            if (type == null) {
                throw new MissingMetadataException("Unknown column type code " + typeCode + " in TABLE_MAP");
            }
            return new ResolvedType(type, typeCode == ColumnType.STRING.getCode() ? meta : 0);
        }

        boolean isEnumOrSet() {
            return type == ColumnType.ENUM || type == ColumnType.SET;
        }
    }
}
