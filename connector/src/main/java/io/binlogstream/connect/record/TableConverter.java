package io.binlogstream.connect.record;

import java.io.Serializable;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
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
    /** Each column's field of the row schema, by column position; null for a column left out of the row images. */
    private final Field[] rowFields;
    /** The key schema's fields, in key column order, and the same columns' fields of the row schema. */
    private final Field[] keyFields;
    private final Field[] keyRowFields;
    private final Field beforeField;
    private final Field afterField;
    private final Field opField;
    private final Field tsField;
    private final Field sourceField;
    /**
     * Whether a row image's {@link RecordSizeGuard} estimate is at most its bytes in the row event plus
     * {@link #paddingBytes}: true when every column in the image maps to a number, bytes, or text decoded from its
     * own bytes. ENUM/SET (an index becomes text), JSON, MariaDB UUID/INET and values written as strings expand.
     */
    private final boolean boundedByEventBytes;
    /** The declared lengths of CHAR/BINARY columns, whose values the connector pads beyond their binlog bytes. */
    private final long paddingBytes;

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
        boolean[] inRowImage = new boolean[tableColumns.size()];
        SchemaBuilder row = SchemaBuilder.struct().name(baseName + ".Value").optional();
        ColumnMapping[] mappings = new ColumnMapping[tableColumns.size()];
        boolean bounded = true;
        long padding = 0;
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
                Schema.Type valueType = mapping.schema().get().type();
                bounded &= extended.get(column.position()) == null && noLongerThanCell(column, valueType);
                padding += column.type() == com.github.shyiko.mysql.binlog.event.deserialization.ColumnType.STRING ? column.length() : 0;
                // Value fields are optional with a null default so adding or dropping a column stays compatible.
                row.field(column.name(), mapping.schema().get().optional().defaultValue(null).build());
            }
        }
        rowSchema = row.build();
        rowFields = new Field[tableColumns.size()];
        for (int column = 0; column < rowFields.length; column++) {
            rowFields[column] = inRowImage[column] ? rowSchema.field(fieldNames[column]) : null;
        }
        boundedByEventBytes = bounded;
        paddingBytes = padding;
        if (table.hasKey()) {
            SchemaBuilder key = SchemaBuilder.struct().name(baseName + ".Key");
            for (int position : table.keyColumns()) {
                key.field(tableColumns.get(position).name(), mappings[position].schema().get().build());
            }
            keySchema = key.build();
            List<Integer> keyColumns = table.keyColumns();
            keyFields = new Field[keyColumns.size()];
            keyRowFields = new Field[keyColumns.size()];
            for (int i = 0; i < keyFields.length; i++) {
                keyFields[i] = keySchema.field(fieldNames[keyColumns.get(i)]);
                keyRowFields[i] = rowSchema.field(fieldNames[keyColumns.get(i)]);
            }
        } else {
            keySchema = null;
            keyFields = null;
            keyRowFields = null;
        }
        envelopeSchema = SchemaBuilder.struct().name(baseName + ".Envelope").version(1)
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("source", SourceInfo.SCHEMA)
                .build();
        beforeField = envelopeSchema.field("before");
        afterField = envelopeSchema.field("after");
        opField = envelopeSchema.field("op");
        tsField = envelopeSchema.field("ts_ms");
        sourceField = envelopeSchema.field("source");
    }

    public TableSchema table() {
        return table;
    }

    public String topic() {
        return topic;
    }

    /**
     * An upper bound of {@link RecordSizeGuard}'s estimate for any record (change or tombstone) built from a row of a
     * row event of {@code eventBytes}, with {@code sourceText} characters of text in its source block; unbounded
     * when a column's value can be larger than its bytes in the binlog.
     */
    public long recordSizeBound(long eventBytes, long sourceText) {
        if (!boundedByEventBytes) {
            return Long.MAX_VALUE;
        }
        // key, before and after each hold at most one row image; doubled for margin; 64 for op, ts_ms and numbers.
        return 2 * 3 * (eventBytes + paddingBytes) + sourceText + 64;
    }

    /**
     * Whether the column's value, as estimated by RecordSizeGuard (text: characters, bytes: length, anything else:
     * 1), is never more than its bytes in the row event: every non-NULL cell takes at least one byte there, and
     * decoded text has at most one character per byte.
     */
    private static boolean noLongerThanCell(ColumnDef column, Schema.Type valueType) {
        return switch (column.type()) {
            case TINY, SHORT, INT24, LONG, LONGLONG, FLOAT, DOUBLE, NEWDECIMAL, YEAR, DATE, NEWDATE, DATETIME, DATETIME_V2,
                 TIMESTAMP, TIMESTAMP_V2, TIME, TIME_V2, BIT -> valueType.isPrimitive() && valueType != Schema.Type.STRING;
            case STRING, VARCHAR, VAR_STRING, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB ->
                    valueType == Schema.Type.STRING || valueType == Schema.Type.BYTES;
            default -> false;
        };
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
            if (value != null && rowFields[column] != null) {
                Structs.put(struct, rowFields[column], convert(column, value));
            }
        }
        return struct;
    }

    /** A change's envelope: before and after are row images of this converter's row schema (or null). */
    public Struct envelope(Struct before, Struct after, String op, long tsMs, Struct source) {
        Struct envelope = new Struct(envelopeSchema);
        if (before != null) {
            Structs.put(envelope, beforeField, before);
        }
        if (after != null) {
            Structs.put(envelope, afterField, after);
        }
        Structs.put(envelope, opField, op);
        Structs.put(envelope, tsField, tsMs);
        Structs.put(envelope, sourceField, source);
        return envelope;
    }

    public Struct key(Struct row) {
        if (keySchema == null) {
            return null;
        }
        Struct key = new Struct(keySchema);
        for (int i = 0; i < keyFields.length; i++) {
            Object value = row.get(keyRowFields[i]);
            if (value == null) {
                // Only a column message.key.columns chose can be NULL; primary and unique NOT NULL keys cannot.
                throw new IllegalStateException("Key column " + keyRowFields[i].name() + " of " + table.id()
                        + " is NULL in a row; message.key.columns must name columns that are never NULL");
            }
            Structs.put(key, keyFields[i], value);
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
