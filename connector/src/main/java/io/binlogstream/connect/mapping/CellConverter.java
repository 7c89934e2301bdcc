package io.binlogstream.connect.mapping;

/** Turns one decoded binlog cell (never null) into its Connect value. Built once per column and schema version. */
@FunctionalInterface
public interface CellConverter {
    Object convert(Object cell);
}
