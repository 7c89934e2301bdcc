package io.binlogstream.connect.mapping;

import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * How one column becomes a Connect field: a fresh schema builder (the caller makes it optional for values,
 * required for keys) and the converter of its cells.
 */
public record ColumnMapping(java.util.function.Supplier<SchemaBuilder> schema, CellConverter converter) {
}
