package io.binlogstream.connect.record;

import java.util.List;
import java.util.Map;

import io.binlogstream.connect.mapping.MappingOptions;
import io.binlogstream.connect.schema.CatalogMatch;
import io.binlogstream.connect.schema.CatalogTable;
import io.binlogstream.connect.schema.ExtendedType;
import io.binlogstream.connect.schema.TableCatalog;
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
    private final RecordOptions records;

    /**
     * @param catalog        null where no server can be asked (binlog files): columns keep their storage form and
     *                       only primary keys and configured keys key the records
     * @param records        the key columns configured per table (message.key.columns) and the column filter
     */
    public TableConverters(String topicPrefix, MappingOptions options, TableCatalog catalog, RecordOptions records) {
        this.topicPrefix = topicPrefix;
        this.options = options;
        this.catalog = catalog;
        this.records = records;
    }

    /** The design's default value mapping, without a catalog. */
    public static TableConverters withoutCatalog(String topicPrefix, RecordOptions records) {
        return new TableConverters(topicPrefix, MappingOptions.DEFAULT, null, records);
    }

    public TableConverter create(TableSchema tableMap, String topic) {
        CatalogTable table = catalog == null ? CatalogTable.EMPTY : catalog.refresh(tableMap.id());
        Map<Integer, ExtendedType> extended = CatalogMatch.extendedTypes(tableMap, table);
        List<String> configured = records.keyColumns().forTable(tableMap.id().database(), tableMap.id().table()).orElse(List.of());
        List<Integer> key = CatalogMatch.keyColumns(tableMap, table, configured);
        return new TableConverter(new TableSchema(tableMap.id(), tableMap.columns(), key), topicPrefix, topic, options, extended,
                records.columns());
    }
}
