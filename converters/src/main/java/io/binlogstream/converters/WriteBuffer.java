package io.binlogstream.converters;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * One thread's output buffer and Avro encoder, reused for every message so that converting a record allocates
 * only the resulting byte array. Unsynchronised: {@link AvroConverter} keeps one per thread.
 */
final class WriteBuffer extends OutputStream {

    private static final int INITIAL_SIZE = 1024;
    /** A buffer grown past this by one huge record is dropped afterwards rather than kept for the thread's life. */
    private static final int RETAINED_MAX = 1 << 20;

    private byte[] buf = new byte[INITIAL_SIZE];
    private int count;
    private BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(this, null);

    /** Starts a message: the header's room reserved, the encoder empty. */
    BinaryEncoder start() {
        count = WireFormat.HEADER_SIZE;
        return encoder;
    }

    /** The finished message with the header filled in. */
    byte[] finish(int schemaId) throws java.io.IOException {
        encoder.flush();
        byte[] message = Arrays.copyOf(buf, count);
        WireFormat.writeHeader(message, schemaId);
        if (buf.length > RETAINED_MAX) {
            buf = new byte[INITIAL_SIZE];
        }
        return message;
    }

    /** After a failed write the encoder may hold part of it: start over with a fresh one. */
    void discard() {
        encoder = EncoderFactory.get().binaryEncoder(this, null);
        count = 0;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void ensure(int extra) {
        if (count + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + extra));
        }
    }
}
