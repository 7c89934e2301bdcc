package io.binlogstream.converters;

import java.util.Arrays;

import io.binlogstream.converters.avro.ArrayEncoder;

/**
 * One thread's output buffer, written by an {@link ArrayEncoder} and reused for every message, so that converting a
 * record allocates only the resulting byte array. Unsynchronised: {@link AvroConverter} keeps one per thread.
 */
final class WriteBuffer {

    private static final int INITIAL_SIZE = 1024;
    /** A buffer grown past this by one huge record is dropped afterwards rather than kept for the thread's life. */
    private static final int RETAINED_MAX = 1 << 20;

    private final ArrayEncoder encoder = new ArrayEncoder(INITIAL_SIZE);

    /** Starts a message: the header's room reserved, the encoder empty. */
    ArrayEncoder start() {
        encoder.reset(WireFormat.HEADER_SIZE);
        return encoder;
    }

    /** The finished message with the header filled in. */
    byte[] finish(int schemaId) {
        byte[] message = Arrays.copyOf(encoder.array(), encoder.position());
        WireFormat.writeHeader(message, schemaId);
        encoder.shrink(RETAINED_MAX, INITIAL_SIZE);
        return message;
    }

    /** After a failed write the buffer may hold part of it: the next start() overwrites it. */
    void discard() {
        encoder.reset(0);
    }
}
