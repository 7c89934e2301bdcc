package io.binlogstream.connect.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A MySQL JSON column's binary value as the JSON text MySQL itself prints for it: {@code {"a": 1, "b": [true,
 * null]}} with MySQL's separators, key order, number formats, string escapes and opaque values, so a change
 * event carries the text a query or a snapshot of the same row returns. The binlog library's own JSON
 * printer differs (compact separators, opaque values without their type, dates without fractions, doubles in
 * Java notation, upper-case escapes, the sign of negative TIMEs under an hour lost).
 *
 * <p>The format (MySQL's json_binary.h): a type byte, then the value. Objects and arrays hold an element
 * count and byte size (2 bytes each in the small form, 4 in the large), for objects a table of key offsets and
 * lengths, then one entry per value: its type and either its offset from the container's start or, for
 * literals and small integers, the value itself. Integers and doubles are little-endian; strings are a
 * variable-length size (7 bits per byte) and utf8mb4 bytes. An empty value is the JSON null literal, which is
 * what MySQL stores when a NOT NULL JSON column is filled leniently.
 */
public final class MySqlJsonText {
    private static final int SMALL_OBJECT = 0x00;
    private static final int LARGE_OBJECT = 0x01;
    private static final int SMALL_ARRAY = 0x02;
    private static final int LARGE_ARRAY = 0x03;
    private static final int LITERAL = 0x04;
    private static final int INT16 = 0x05;
    private static final int UINT16 = 0x06;
    private static final int INT32 = 0x07;
    private static final int UINT32 = 0x08;
    private static final int INT64 = 0x09;
    private static final int UINT64 = 0x0A;
    private static final int DOUBLE = 0x0B;
    private static final int STRING = 0x0C;
    private static final int OPAQUE = 0x0F;

    private static final int LITERAL_NULL = 0x00;
    private static final int LITERAL_TRUE = 0x01;
    private static final int LITERAL_FALSE = 0x02;

    /** MySQL refuses documents nested deeper than 100; the margin only guards against corrupt input. */
    private static final int MAX_DEPTH = 150;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] data;

    private MySqlJsonText(byte[] data) {
        this.data = data;
    }

    /** The JSON text of a binary JSON value; fails naming what is malformed rather than guess. */
    public static String toText(byte[] binary) {
        if (binary.length == 0) {
            return "null";
        }
        StringBuilder out = new StringBuilder(binary.length * 2);
        try {
            new MySqlJsonText(binary).value(binary[0] & 0xFF, 1, out, 0);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Binary JSON value of " + binary.length + " bytes is truncated", e);
        }
        return out.toString();
    }

    /** Appends the value of {@code type} stored at {@code offset}. */
    private void value(int type, int offset, StringBuilder out, int depth) {
        switch (type) {
            case SMALL_OBJECT, LARGE_OBJECT -> container(offset, type == LARGE_OBJECT, true, out, depth + 1);
            case SMALL_ARRAY, LARGE_ARRAY -> container(offset, type == LARGE_ARRAY, false, out, depth + 1);
            case LITERAL -> literal(data[offset] & 0xFF, out);
            case INT16 -> out.append((short) unsigned(offset, 2));
            case UINT16 -> out.append(unsigned(offset, 2));
            case INT32 -> out.append((int) unsigned(offset, 4));
            case UINT32 -> out.append(unsigned(offset, 4));
            case INT64 -> out.append(unsigned(offset, 8));
            case UINT64 -> out.append(Long.toUnsignedString(unsigned(offset, 8)));
            case DOUBLE -> out.append(MySqlDoubleText.format(Double.longBitsToDouble(unsigned(offset, 8))));
            case STRING -> string(offset, out);
            case OPAQUE -> opaque(offset, out);
            default -> throw new IllegalArgumentException("Unknown binary JSON value type 0x" + Integer.toHexString(type)
                    + " at byte " + offset);
        }
    }

    private void container(int start, boolean large, boolean object, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Binary JSON value nested deeper than " + MAX_DEPTH);
        }
        int width = large ? 4 : 2;
        int count = count(start, width);
        int size = count(start + width, width);
        if (start + size > data.length) {
            throw new IllegalArgumentException("Binary JSON " + (object ? "object" : "array") + " of " + size
                    + " bytes at byte " + start + " overruns the value's " + data.length + " bytes");
        }
        int keyEntries = start + 2 * width;
        int valueEntries = keyEntries + (object ? count * (width + 2) : 0);
        out.append(object ? '{' : '[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (object) {
                int keyEntry = keyEntries + i * (width + 2);
                int keyOffset = start + count(keyEntry, width);
                int keyLength = count(keyEntry + width, 2);
                quote(out, utf8(data, keyOffset, keyLength));
                out.append(": ");
            }
            int valueEntry = valueEntries + i * (1 + width);
            int type = data[valueEntry] & 0xFF;
            int valueOffset = isInlined(type, large) ? valueEntry + 1 : start + count(valueEntry + 1, width);
            value(type, valueOffset, out, depth);
        }
        out.append(object ? '}' : ']');
    }

    /** Literals and 16-bit integers sit in the value entry itself; 32-bit integers too in the large form. */
    private static boolean isInlined(int type, boolean large) {
        return switch (type) {
            case LITERAL, INT16, UINT16 -> true;
            case INT32, UINT32 -> large;
            default -> false;
        };
    }

    private static void literal(int literal, StringBuilder out) {
        switch (literal) {
            case LITERAL_NULL -> out.append("null");
            case LITERAL_TRUE -> out.append("true");
            case LITERAL_FALSE -> out.append("false");
            default -> throw new IllegalArgumentException("Unknown binary JSON literal 0x" + Integer.toHexString(literal));
        }
    }

    private void string(int offset, StringBuilder out) {
        long[] length = variableLength(offset);
        int start = offset + (int) length[1];
        quote(out, utf8(data, start, (int) length[0]));
    }

    /** A field type byte, the data's variable-length size, the data. */
    private void opaque(int offset, StringBuilder out) {
        int fieldType = data[offset] & 0xFF;
        long[] length = variableLength(offset + 1);
        int start = offset + 1 + (int) length[1];
        int end = start + (int) length[0];
        if (end > data.length) {
            throw new IllegalArgumentException("Binary JSON opaque value of " + length[0] + " bytes at byte " + offset
                    + " overruns the value's " + data.length + " bytes");
        }
        MySqlJsonOpaque.append(out, fieldType, Arrays.copyOfRange(data, start, end));
    }

    /** Little-endian unsigned integer of {@code bytes} bytes (8 bytes: the raw 64 bits). */
    private long unsigned(int offset, int bytes) {
        long result = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            result = (result << 8) | (data[offset + i] & 0xFF);
        }
        return result;
    }

    /** An element count, size or offset; the 4-byte form must still fit the value's bytes. */
    private int count(int offset, int bytes) {
        long value = unsigned(offset, bytes);
        if (value > data.length) {
            throw new IllegalArgumentException("Binary JSON count or offset " + value + " at byte " + offset
                    + " exceeds the value's " + data.length + " bytes");
        }
        return (int) value;
    }

    /** MySQL's variable-length size: 7 bits per byte, low bits first, high bit set on all but the last byte. */
    private long[] variableLength(int offset) {
        long length = 0;
        for (int i = 0; i < 5; i++) {
            int b = data[offset + i] & 0xFF;
            length |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (length > data.length) {
                    throw new IllegalArgumentException("Binary JSON length " + length + " at byte " + offset
                            + " exceeds the value's " + data.length + " bytes");
                }
                return new long[] {length, i + 1};
            }
        }
        throw new IllegalArgumentException("Binary JSON length at byte " + offset + " runs over 5 bytes");
    }

    /** Strings are utf8mb4; bytes that are not UTF-8 mean a corrupt value, never a replacement character. */
    static String utf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Binary JSON string at byte " + offset + " is not UTF-8", e);
        }
    }

    /**
     * MySQL's escaping: quote and backslash, the five short escapes, other control characters as lower-case
     * backslash-u00XX; everything else, '/' and non-ASCII included, as is.
     */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
