package io.binlogstream.connect.schema;

/** A TABLE_MAP event lacks metadata the connector needs; the message says which server setting to change. */
public class MissingMetadataException extends RuntimeException {
    public MissingMetadataException(String message) {
        super(message);
    }
}
