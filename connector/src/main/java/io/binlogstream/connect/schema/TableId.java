package io.binlogstream.connect.schema;

/** A table's database and name as the server spells them. */
public record TableId(String database, String table) {
    @Override
    public String toString() {
        return database + "." + table;
    }
}
