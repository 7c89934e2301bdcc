package io.binlogstream.connect.record;

import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.config.ColumnFilter;
import io.binlogstream.connect.config.KeyColumns;
import io.binlogstream.connect.config.TruncateHandling;

/** The settings that shape records: tombstones, TRUNCATE, chosen key columns and the column filter. */
public record RecordOptions(boolean tombstones, TruncateHandling truncate, KeyColumns keyColumns, ColumnFilter columns) {

    public static RecordOptions from(BinlogConnectorConfig config) {
        return new RecordOptions(config.tombstonesOnDelete(), config.truncateHandling(), config.keyColumns(), config.columnFilter());
    }

    /** The defaults of the config: tombstones, TRUNCATE as a record, primary keys, every column. */
    public static RecordOptions defaults() {
        return new RecordOptions(true, TruncateHandling.RECORD, KeyColumns.none(), ColumnFilter.all());
    }
}
