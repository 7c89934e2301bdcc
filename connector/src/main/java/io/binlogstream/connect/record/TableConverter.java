package io.binlogstream.connect.record;

import java.io.Serializable;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import io.binlogstream.connect.config.ColumnFilter;
import io.binlogstream.connect.mapping.CellConverter;
import io.binlogstream.connect.mapping.ColumnMapping;
import io.binlogstream.connect.mapping.ColumnMappers;
import io.binlogstream.connect.mapping.MappingOptions;
import io.binlogstream.connect.schema.ColumnDef;
import io.binlogstream.connect.schema.ExtendedType;
import io.binlogstream.connect.schema.TableSchema;

/**
 * Everything needed to turn one table's row images into Connect keys and values, built once per table schema
 * version: key, row and envelope schemas, and one converter per column.
 */
public final class TableConverter {
    private final TableSchema table;
    private final String topic;
    private final Schema keySchema;
    private final Schema rowSchema;
    private final Schema envelopeSchema;
    private final CellConverter[] converters;
    private final String[] fieldNames;
    /** Whether each column is in the row images (column.include.list / column.exclude.list). */
    private final boolean[] inRowImage;

    public TableConverter(TableSchema table, String topicPrefix, String topic) {
        this(table, topicPrefix, topic, MappingOptions.DEFAULT, Map.of(), ColumnFilter.all());
    }

    /**
     * @param table    the columns, with the record key's columns already chosen (primary key, unique key or
     *                 message.key.columns: see {@link TableConverters})
     * @param extended the columns the catalog identified as MariaDB UUID, INET4, INET6 or JSON, by position
     * @param columns  which columns the row images hold; key columns cannot be left out
     */
    public TableConverter(TableSchema table, String topicPrefix, String topic, MappingOptions options,
                          Map<Integer, ExtendedType> extended, ColumnFilter columns) {
        this.table = table;
        this.topic = topic;
        String baseName = AvroNames.qualified(topicPrefix, table.id().database(), table.id().table());
        List<ColumnDef> tableColumns = table.columns();
        converters = new CellConverter[tableColumns.size()];
        fieldNames = new String[tableColumns.size()];
        inRowImage = new boolean[tableColumns.size()];
        SchemaBuilder row = SchemaBuilder.struct().name(baseName + ".Value").optional();
        ColumnMapping[] mappings = new ColumnMapping[tableColumns.size()];
        for (ColumnDef column : tableColumns) {
            ColumnMapping mapping;
            try {
                mapping = ColumnMappers.forColumn(column, extended.get(column.position()), options);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Column " + table.id() + "." + column.name() + ": " + e.getMessage(), e);
            }
            mappings[column.position()] = mapping;
            converters[column.position()] = mapping.converter();
            fieldNames[column.position()] = column.name();
            boolean wanted = columns.includes(table.id().database(), table.id().table(), column.name());
            if (!wanted && table.keyColumns().contains(column.position())) {
                throw new IllegalStateException("Column " + column.name() + " of " + table.id() + " is part of the record key, "
                        + "so column.include.list / column.exclude.list cannot leave it out");
            }
            inRowImage[column.position()] = wanted;
            if (wanted) {
                // Value fields are optional with a null default so adding or dropping a column stays compatible.
                row.field(column.name(), mapping.schema().get().optional().defaultValue(null).build());
            }
        }
        rowSchema = row.build();
        if (table.hasKey()) {
            SchemaBuilder key = SchemaBuilder.struct().name(baseName + ".Key");
            for (int position : table.keyColumns()) {
                key.field(tableColumns.get(position).name(), mappings[position].schema().get().build());
            }
            keySchema = key.build();
        } else {
            keySchema = null;
        }
        envelopeSchema = SchemaBuilder.struct().name(baseName + ".Envelope").version(1)
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("source", SourceInfo.SCHEMA)
                .build();
    }

    public TableSchema table() {
        return table;
    }

    public String topic() {
        return topic;
    }

    public Schema keySchema() {
        return keySchema;
    }

    public Schema envelopeSchema() {
        return envelopeSchema;
    }

    /** A row image as a struct; columns missing from the image (binlog_row_image other than FULL) stay null. */
    public Struct row(Serializable[] cells, BitSet included) {
        Struct struct = new Struct(rowSchema);
        int cell = 0;
        for (int column = 0; column < converters.length; column++) {
            if (!included.get(column)) {
                continue;
            }
            Serializable value = cells[cell++];
            if (value != null && inRowImage[column]) {
                struct.put(fieldNames[column], convert(column, value));
            }
        }
        return struct;
    }

    public Struct key(Struct row) {
        if (keySchema == null) {
            return null;
        }
        Struct key = new Struct(keySchema);
        for (int position : table.keyColumns()) {
            Object value = row.get(fieldNames[position]);
            if (value == null) {
                // Only a column message.key.columns chose can be NULL; primary and unique NOT NULL keys cannot.
                throw new IllegalStateException("Key column " + fieldNames[position] + " of " + table.id()
                        + " is NULL in a row; message.key.columns must name columns that are never NULL");
            }
            key.put(fieldNames[position], value);
        }
        return key;
    }

    private Object convert(int column, Serializable value) {
        try {
            return converters[column].convert(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot convert column " + table.id() + "." + fieldNames[column]
                    + " (" + table.columns().get(column).type() + ") value of class " + value.getClass().getName() + ": "
                    + e.getMessage(), e);
        }
    }
}
