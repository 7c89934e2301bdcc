package io.binlogstream.connect.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What information_schema says about a table now: each column's data type, the columns holding JSON (a
 * {@code json_valid} check), and its unique keys in the server's order.
 *
 * @param dataTypes  column name (lower case, as MariaDB compares them) to DATA_TYPE, e.g. {@code uuid}, {@code inet6}
 * @param jsonColumns lower-case names of the columns with a {@code json_valid(column)} check
 * @param uniqueKeys each unique key (the primary key included) as its column names in key order
 */
public record CatalogTable(Map<String, String> dataTypes, Set<String> jsonColumns, List<List<String>> uniqueKeys) {

    public static final CatalogTable EMPTY = new CatalogTable(Map.of(), Set.of(), List.of());

    static String normalized(String column) {
        return column.toLowerCase(Locale.ROOT);
    }

    /** The column's extended type, or null when the catalog says it is an ordinary one (or does not know it). */
    public ExtendedType extendedType(String column) {
        String name = normalized(column);
        if (jsonColumns.contains(name)) {
            return ExtendedType.JSON;
        }
        String dataType = dataTypes.get(name);
        if (dataType == null) {
            return null;
        }
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "uuid" -> ExtendedType.UUID;
            case "inet4" -> ExtendedType.INET4;
            case "inet6" -> ExtendedType.INET6;
            default -> null;
        };
    }
}
