package io.binlogstream.connect.record;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.binlogstream.connect.mapping.MappingOptions;
import io.binlogstream.connect.schema.CatalogMatch;
import io.binlogstream.connect.schema.CatalogTable;
import io.binlogstream.connect.schema.ExtendedType;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.connect.schema.TableId;
import io.binlogstream.connect.schema.TableSchema;

/**
 * Builds the converter of each new schema version of a table: the TABLE_MAP schema, completed from the
 * information_schema catalog (read then, once per version) with MariaDB's UUID/INET4/INET6/JSON columns and,
 * for a table without a primary key, its key columns; and the configured value mapping.
 */
public final class TableConverters {
    private final String topicPrefix;
    private final MappingOptions options;
    private final TableCatalog catalog;
    private final Function<TableId, List<String>> configuredKeys;

    /**
     * @param catalog        null where no server can be asked (binlog files): columns keep their storage form and
     *                       only primary keys and configured keys key the records
     * @param configuredKeys the key columns configured for a table (message.key.columns), empty when none
     */
    public TableConverters(String topicPrefix, MappingOptions options, TableCatalog catalog,
                           Function<TableId, List<String>> configuredKeys) {
        this.topicPrefix = topicPrefix;
        this.options = options;
        this.catalog = catalog;
        this.configuredKeys = configuredKeys;
    }

    /** The design's defaults, without a catalog. */
    public static TableConverters withoutCatalog(String topicPrefix) {
        return new TableConverters(topicPrefix, MappingOptions.DEFAULT, null, id -> List.of());
    }

    public TableConverter create(TableSchema tableMap, String topic) {
        CatalogTable table = catalog == null ? CatalogTable.EMPTY : catalog.refresh(tableMap.id());
        Map<Integer, ExtendedType> extended = CatalogMatch.extendedTypes(tableMap, table);
        List<Integer> key = CatalogMatch.keyColumns(tableMap, table, configuredKeys.apply(tableMap.id()));
        return new TableConverter(new TableSchema(tableMap.id(), tableMap.columns(), key), topicPrefix, topic, options, extended);
    }
}
