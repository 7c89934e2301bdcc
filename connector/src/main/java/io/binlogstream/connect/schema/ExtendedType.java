package io.binlogstream.connect.schema;

/**
 * A MariaDB type the binlog shows only in its storage form, told apart by the information_schema catalog:
 * UUID, INET6 (BINARY(16)), INET4 (BINARY(4)) and JSON (LONGTEXT with a json_valid check).
 */
public enum ExtendedType {
    UUID, INET4, INET6, JSON
}
