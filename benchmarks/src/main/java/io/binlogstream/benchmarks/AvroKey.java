package io.binlogstream.benchmarks;

/**
 * Reads the first field of an Avro record key in the schema-registry wire format (magic byte 0, 4-byte
 * schema id, Avro binary) when that field is a long or an int (the same zig-zag varint): both connectors' W1 key
 * is {@code {id: long}}, their snapshot key {@code {id: int}}. Done by
 * hand because verification decodes a million keys and only needs the id.
 */
final class AvroKey {
    private AvroKey() {
    }

    static long firstLong(byte[] key) {
        if (key == null || key.length < 6 || key[0] != 0) {
            throw new IllegalStateException("not a schema-registry Avro key: "
                    + (key == null ? "null" : java.util.HexFormat.of().formatHex(key)));
        }
        // Avro long: zig-zag, base-128 varint, least significant group first.
        long raw = 0;
        int shift = 0;
        for (int i = 5; i < key.length; i++) {
            byte b = key[i];
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
            shift += 7;
            if (shift > 63) {
                break;
            }
        }
        throw new IllegalStateException("malformed Avro long in key " + java.util.HexFormat.of().formatHex(key));
    }
}
