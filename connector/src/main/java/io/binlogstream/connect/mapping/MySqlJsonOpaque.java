package io.binlogstream.connect.mapping;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

import com.github.shyiko.mysql.binlog.event.deserialization.AbstractRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

/**
 * The "opaque" values of MySQL's binary JSON: SQL values that JSON has no type for, stored with their column
 * type. MySQL prints a DECIMAL as a number with its scale ({@code 9.00}), dates and times as quoted strings
 * with six fractional digits ({@code "2012-03-18 11:30:45.000000"}, {@code "-01:02:03.500000"}), a VAR_STRING
 * as a plain string, and anything else as {@code "base64:type<N>:<MIME base64>"}. This class prints the same.
 */
final class MySqlJsonOpaque {
    /** Packed temporal values: the fractional part sits in the low 24 bits. */
    private static final int FRACTION_BITS = 24;
    private static final Base64.Encoder MIME_BASE64 = Base64.getMimeEncoder(76, new byte[] {'\n'});

    private MySqlJsonOpaque() {
    }

    static void append(StringBuilder out, int fieldType, byte[] data) {
        ColumnType type = ColumnType.byCode(fieldType);
        if (type == null) {
            base64(out, fieldType, data);
            return;
        }
        switch (type) {
            case NEWDECIMAL, DECIMAL -> out.append(decimal(data).toPlainString());
            case DATE, NEWDATE -> date(out, packed(data));
            case DATETIME, DATETIME_V2, TIMESTAMP, TIMESTAMP_V2 -> datetime(out, packed(data));
            case TIME, TIME_V2 -> time(out, packed(data));
            case VAR_STRING -> MySqlJsonText.quote(out, MySqlJsonText.utf8(data, 0, data.length));
            default -> base64(out, fieldType, data);
        }
    }

    /** Precision and scale bytes, then MySQL's binary decimal (the same encoding as a DECIMAL column). */
    private static BigDecimal decimal(byte[] data) {
        if (data.length < 3) {
            throw new IllegalArgumentException("Binary JSON decimal of " + data.length + " bytes");
        }
        int precision = data[0] & 0xFF;
        int scale = data[1] & 0xFF;
        // The library's decoder flips the sign bit in place; hand it a copy.
        byte[] digits = Arrays.copyOfRange(data, 2, data.length);
        return AbstractRowsEventDataDeserializer.asBigDecimal(precision, scale, digits).setScale(scale);
    }

    /** Dates and times are stored as MySQL's packed 64-bit integer, little-endian. */
    private static long packed(byte[] data) {
        if (data.length != Long.BYTES) {
            throw new IllegalArgumentException("Binary JSON date/time of " + data.length + " bytes, expected 8");
        }
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static void date(StringBuilder out, long packed) {
        out.append('"');
        appendDate(out, Math.abs(packed) >> FRACTION_BITS);
        out.append('"');
    }

    private static void datetime(StringBuilder out, long packed) {
        long magnitude = Math.abs(packed);
        long dateTime = magnitude >> FRACTION_BITS;
        out.append('"');
        appendDate(out, dateTime);
        long hms = dateTime % (1 << 17);
        out.append(' ');
        appendTime(out, hms >> 12, hms, magnitude % (1 << FRACTION_BITS));
        out.append('"');
    }

    /** TIME packs hour:10 minute:6 second:6 and the microseconds; a negative TIME is the negated packing. */
    private static void time(StringBuilder out, long packed) {
        long magnitude = Math.abs(packed);
        long hms = magnitude >> FRACTION_BITS;
        out.append('"');
        if (packed < 0) {
            out.append('-');
        }
        appendTime(out, (hms >> 12) % (1 << 10), hms, magnitude % (1 << FRACTION_BITS));
        out.append('"');
    }

    /** {@code dateTime} holds (year*13+month):17 day:5 above 17 bits of time of day. */
    private static void appendDate(StringBuilder out, long dateTime) {
        long ymd = dateTime >> 17;
        long yearMonth = ymd >> 5;
        pad(out, yearMonth / 13, 4).append('-');
        pad(out, yearMonth % 13, 2).append('-');
        pad(out, ymd % (1 << 5), 2);
    }

    private static void appendTime(StringBuilder out, long hours, long hms, long micros) {
        pad(out, hours, 2).append(':');
        pad(out, (hms >> 6) % (1 << 6), 2).append(':');
        pad(out, hms % (1 << 6), 2).append('.');
        pad(out, micros, 6);
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        return out.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
    }

    /** MySQL's base64 breaks lines every 76 characters; the break is escaped like any newline in a JSON string. */
    private static void base64(StringBuilder out, int fieldType, byte[] data) {
        MySqlJsonText.quote(out, "base64:type" + fieldType + ":" + MIME_BASE64.encodeToString(data));
    }
}
