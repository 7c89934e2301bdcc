package io.binlogstream.connect.schema;

import java.util.List;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;

/**
 * A TABLE_MAP event with its ENUM and SET values as the bytes the server wrote (in each column's charset), so
 * they decode like the column's values; the library's strings went through the JVM's default charset.
 */
public final class RawTableMapEventData extends TableMapEventData {
    private List<List<byte[]>> rawEnumValues;
    private List<List<byte[]>> rawSetValues;

    public static RawTableMapEventData copyOf(TableMapEventData source) {
        RawTableMapEventData copy = new RawTableMapEventData();
        copy.setTableId(source.getTableId());
        copy.setDatabase(source.getDatabase());
        copy.setTable(source.getTable());
        copy.setColumnTypes(source.getColumnTypes());
        copy.setColumnMetadata(source.getColumnMetadata());
        copy.setColumnNullability(source.getColumnNullability());
        copy.setEventMetadata(source.getEventMetadata());
        return copy;
    }

    /** Per ENUM column, in column order, its values' bytes; null when the event carried none. */
    public List<List<byte[]>> rawEnumValues() {
        return rawEnumValues;
    }

    public void setRawEnumValues(List<List<byte[]>> values) {
        this.rawEnumValues = values;
    }

    public List<List<byte[]>> rawSetValues() {
        return rawSetValues;
    }

    public void setRawSetValues(List<List<byte[]>> values) {
        this.rawSetValues = values;
    }
}
