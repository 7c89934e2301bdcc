package io.binlogstream.connect.schema;

import java.util.List;

/**
 * A table's columns and primary key at one point of the binlog. A new TABLE_MAP with different
 * metadata (after an ALTER TABLE) yields a new TableSchema, so rows always decode with the metadata they
 * were written with.
 *
 * @param keyColumns positions of the primary-key columns, in key order; empty when the table has none
 */
public record TableSchema(TableId id, List<ColumnDef> columns, List<Integer> keyColumns) {

    public boolean hasKey() {
        return !keyColumns.isEmpty();
    }
}
