package io.binlogstream.converters.avro;

import java.util.Arrays;

import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryEncoder;

/**
 * Avro binary written straight into one growable byte array: the bytes Avro's own binary encoder writes (its
 * {@link BinaryEncoder} does the strings, bytes, arrays, maps and unions; numbers are encoded by Avro's
 * {@link BinaryData}), without the buffered encoder's own buffer and the output stream it flushes into, and without
 * a byte array per ASCII string longer than the 63 characters Avro's encoder copies without one.
 *
 * <p>One message at a time: {@link #reset} starts one at a position (room for a header before it), {@link #position}
 * is where it ends. Unsynchronised; the converter keeps one per thread.
 */
public final class ArrayEncoder extends BinaryEncoder {
    private byte[] buf;
    private int pos;

    public ArrayEncoder(int initialSize) {
        buf = new byte[initialSize];
    }

    /** Starts a message at {@code start}; the bytes before it are the caller's. */
    public void reset(int start) {
        ensure(start);
        pos = start;
    }

    /** Drops a buffer grown past {@code max} by one huge message, keeping {@code size} bytes instead. */
    public void shrink(int max, int size) {
        if (buf.length > max) {
            buf = new byte[size];
            pos = 0;
        }
    }

    /** Where the message written so far ends. */
    public int position() {
        return pos;
    }

    /** The array written into (valid up to {@link #position()}); replaced when it grows. */
    public byte[] array() {
        return buf;
    }

    private void ensure(int bytes) {
        if (pos + bytes > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + bytes));
        }
    }

    @Override
    public void writeBoolean(boolean b) {
        ensure(1);
        buf[pos++] = b ? (byte) 1 : (byte) 0;
    }

    @Override
    public void writeInt(int n) {
        ensure(5);
        pos += BinaryData.encodeInt(n, buf, pos);
    }

    @Override
    public void writeLong(long n) {
        ensure(10);
        pos += BinaryData.encodeLong(n, buf, pos);
    }

    @Override
    public void writeFloat(float f) {
        ensure(4);
        pos += BinaryData.encodeFloat(f, buf, pos);
    }

    @Override
    public void writeDouble(double d) {
        ensure(8);
        pos += BinaryData.encodeDouble(d, buf, pos);
    }

    @Override
    public void writeFixed(byte[] bytes, int start, int len) {
        ensure(len);
        System.arraycopy(bytes, start, buf, pos, len);
        pos += len;
    }

    @Override
    protected void writeZero() {
        ensure(1);
        buf[pos++] = 0;
    }

    /**
     * An ASCII string's characters are its UTF-8 bytes: copied straight after its length. Any other string is
     * written by Avro's encoder (UTF-8 through String.getBytes), from the same position, so the bytes are the same.
     */
    @Override
    public void writeString(String string) throws java.io.IOException {
        int length = string.length();
        int lengthBytes = varintLength(length);
        ensure(lengthBytes + length);
        int at = pos + lengthBytes;
        for (int i = 0; i < length; i++) {
            char c = string.charAt(i);
            if (c >= 0x80) {
                super.writeString(string);
                return;
            }
            buf[at + i] = (byte) c;
        }
        pos += BinaryData.encodeInt(length, buf, pos);
        pos += length;
    }

    /** The bytes of a non-negative int's zig-zag varint. */
    private static int varintLength(int n) {
        long zigzag = (long) n << 1;
        int bytes = 1;
        while (zigzag > 0x7F) {
            zigzag >>>= 7;
            bytes++;
        }
        return bytes;
    }

    @Override
    public int bytesBuffered() {
        return 0; // everything written is in the array already
    }

    @Override
    public void flush() {
        // nothing is held back
    }
}
