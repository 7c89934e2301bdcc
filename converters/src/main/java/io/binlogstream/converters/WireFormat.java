package io.binlogstream.converters;

import org.apache.kafka.connect.errors.DataException;

/**
 * The schema registry wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the value. Every Confluent-compatible deserializer reads this.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** The schema id of a message, or a DataException naming the topic if the bytes are not this format. */
    static int schemaId(String topic, byte[] message) {
        if (message.length < HEADER_SIZE) {
            throw new DataException("Topic '" + topic + "': a message of " + message.length + " bytes is too short for "
                    + "the schema registry wire format (magic byte, 4-byte schema id, Avro data)");
        }
        if (message[0] != MAGIC_BYTE) {
            throw new DataException("Topic '" + topic + "': the message starts with byte " + message[0] + ", not the "
                    + "schema registry wire format's magic byte 0; was it written by another converter?");
        }
        return ((message[1] & 0xff) << 24) | ((message[2] & 0xff) << 16) | ((message[3] & 0xff) << 8) | (message[4] & 0xff);
    }
}
