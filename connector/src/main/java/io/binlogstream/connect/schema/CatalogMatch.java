package io.binlogstream.connect.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

import io.binlogstream.connect.mapping.CollationCharsets;

/**
 * Joins a table's binlog schema (TABLE_MAP) with its catalog (information_schema, read later, so possibly
 * after an ALTER): by column name and a storage type compatible with the catalog's type. Where they disagree
 * (a column dropped or retyped since), the binlog wins and the column keeps its storage form.
 */
public final class CatalogMatch {
    private CatalogMatch() {
    }

    /** Extended types by column position, for the columns whose binlog storage fits what the catalog says. */
    public static Map<Integer, ExtendedType> extendedTypes(TableSchema table, CatalogTable catalog) {
        Map<Integer, ExtendedType> types = new HashMap<>();
        for (ColumnDef column : table.columns()) {
            ExtendedType type = catalog.extendedType(column.name());
            if (type != null && storageFits(column, type)) {
                types.put(column.position(), type);
            }
        }
        return types;
    }

    static boolean storageFits(ColumnDef column, ExtendedType type) {
        boolean binary = column.collation() == CollationCharsets.BINARY;
        return switch (type) {
            case UUID, INET6 -> column.type() == ColumnType.STRING && binary && column.length() == 16;
            case INET4 -> column.type() == ColumnType.STRING && binary && column.length() == 4;
            case JSON -> column.type() == ColumnType.BLOB && !binary && column.collation() >= 0;
        };
    }

    /**
     * The columns that key the table's records: the configured key columns (all of which must exist), which
     * override the primary key; else the primary key from TABLE_MAP; else the catalog's first unique key whose
     * columns all exist in the binlog schema and are NOT NULL there; else none (a null key).
     *
     * @param configured the key columns configured for this table (message.key.columns), empty when none
     */
    public static List<Integer> keyColumns(TableSchema table, CatalogTable catalog, List<String> configured) {
        if (!configured.isEmpty()) {
            // An explicit choice wins over the primary key: the operator named this table's key.
            List<Integer> positions = new ArrayList<>(configured.size());
            for (String name : configured) {
                positions.add(table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("message.key.columns names column " + name + " for "
                                + table.id() + ", which has no such column (it has "
                                + table.columns().stream().map(ColumnDef::name).toList() + ")"))
                        .position());
            }
            return List.copyOf(positions);
        }
        if (table.hasKey()) {
            return table.keyColumns();
        }
        for (List<String> unique : catalog.uniqueKeys()) {
            Optional<List<Integer>> positions = positions(table, unique);
            if (positions.isPresent() && positions.get().stream().noneMatch(p -> table.columns().get(p).nullable())) {
                return positions.get();
            }
        }
        return List.of();
    }

    private static Optional<List<Integer>> positions(TableSchema table, List<String> names) {
        List<Integer> positions = new ArrayList<>(names.size());
        for (String name : names) {
            Optional<ColumnDef> column = table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
            if (column.isEmpty()) {
                return Optional.empty();
            }
            positions.add(column.get().position());
        }
        return Optional.of(positions);
    }
}
