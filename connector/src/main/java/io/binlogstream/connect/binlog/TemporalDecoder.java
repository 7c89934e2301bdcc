package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import io.binlogstream.connect.mapping.ZeroDate;

/**
 * Exact decoding of the binlog's temporal encodings, replacing the binlog library's, which loses negative
 * TIME values, turns YEAR 0 into 1900 and rounds through java.util.Date. Results:
 * DATE as days since 1970-01-01, DATETIME as wall-clock microseconds (read as if UTC), TIMESTAMP as
 * microseconds since the epoch, TIME as signed microseconds, YEAR as the year. Zero and partial dates
 * ('0000-00-00', '2024-00-10') cannot be represented as a date and decode to a {@link ZeroDate} holding the
 * value as the server prints it, for the mapping to turn into null or an error (zero.date.mode).
 */
final class TemporalDecoder {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;

    private TemporalDecoder() {
    }

    /** DATE: 3 bytes little-endian, day:5 month:4 year:15. */
    static Serializable date(ByteArrayInputStream in) throws IOException {
        int value = in.readInteger(3);
        int day = value & 0x1F;
        int month = (value >>> 5) & 0x0F;
        int year = value >>> 9;
        Long days = epochDay(year, month, day);
        return days == null ? new ZeroDate(String.format("%04d-%02d-%02d", year, month, day)) : days.intValue();
    }

    /** TIME2 (MySQL 5.6+ format): big-endian, offset-encoded integer part plus fsp-dependent fraction. */
    static Long time2(int fsp, ByteArrayInputStream in) throws IOException {
        long packed;
        switch (fsp) {
            case 0 -> packed = (bigEndian(in, 3) - TIMEF_INT_OFS) << 24;
            case 1, 2 -> {
                long intPart = bigEndian(in, 3) - TIMEF_INT_OFS;
                long frac = bigEndian(in, 1);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10_000;
            }
            case 3, 4 -> {
                long intPart = bigEndian(in, 3) - TIMEF_INT_OFS;
                long frac = bigEndian(in, 2);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100;
            }
            case 5, 6 -> packed = bigEndian(in, 6) - TIMEF_OFS;
            default -> throw new IOException("TIME with fractional precision " + fsp);
        }
        boolean negative = packed < 0;
        long magnitude = Math.abs(packed);
        long hms = magnitude >> 24;
        long micros = magnitude % (1L << 24);
        long hours = (hms >> 12) & 0x3FF;
        long minutes = (hms >> 6) & 0x3F;
        long seconds = hms & 0x3F;
        long total = ((hours * 60 + minutes) * 60 + seconds) * MICROS_PER_SECOND + micros;
        return negative ? -total : total;
    }

    /** TIME (old format): 3 bytes little-endian signed, decimal HHMMSS. */
    static Long time(ByteArrayInputStream in) throws IOException {
        int raw = in.readInteger(3);
        int value = (raw << 8) >> 8;
        boolean negative = value < 0;
        int magnitude = Math.abs(value);
        long seconds = (magnitude / 10_000) * 3600L + ((magnitude / 100) % 100) * 60L + magnitude % 100;
        long micros = seconds * MICROS_PER_SECOND;
        return negative ? -micros : micros;
    }

    /** DATETIME2: 5 bytes big-endian (sign, year*13+month, day, hour, minute, second) plus fraction. */
    static Serializable datetime2(int fsp, ByteArrayInputStream in) throws IOException {
        long intPart = bigEndian(in, 5) - DATETIMEF_INT_OFS;
        long frac = fraction(fsp, in);
        long ymd = intPart >> 17;
        long hms = intPart % (1L << 17);
        long yearMonth = ymd >> 5;
        int day = (int) (ymd % 32);
        int month = (int) (yearMonth % 13);
        int year = (int) (yearMonth / 13);
        Long days = epochDay(year, month, day);
        if (days == null) {
            return new ZeroDate(String.format("%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hms >> 12, (hms >> 6) % 64, hms % 64)
                    + fractionText(frac, fsp));
        }
        long seconds = (hms >> 12) * 3600 + ((hms >> 6) % 64) * 60 + hms % 64;
        return (days * 86_400L + seconds) * MICROS_PER_SECOND + frac;
    }

    /** DATETIME (old format): 8 bytes little-endian, decimal YYYYMMDDhhmmss. */
    static Serializable datetime(ByteArrayInputStream in) throws IOException {
        long value = in.readLong(8);
        long date = value / 1_000_000L;
        long time = value % 1_000_000L;
        Long days = epochDay((int) (date / 10_000), (int) ((date / 100) % 100), (int) (date % 100));
        if (days == null) {
            return new ZeroDate(String.format("%04d-%02d-%02d %02d:%02d:%02d", date / 10_000, (date / 100) % 100, date % 100,
                    time / 10_000, (time / 100) % 100, time % 100));
        }
        long seconds = (time / 10_000) * 3600 + ((time / 100) % 100) * 60 + time % 100;
        return (days * 86_400L + seconds) * MICROS_PER_SECOND;
    }

    /** TIMESTAMP2: 4 bytes big-endian seconds since the epoch plus fraction; all zero is the zero timestamp. */
    static Serializable timestamp2(int fsp, ByteArrayInputStream in) throws IOException {
        long seconds = bigEndian(in, 4);
        long frac = fraction(fsp, in);
        if (seconds == 0 && frac == 0) {
            return new ZeroDate("0000-00-00 00:00:00" + fractionText(0, fsp));
        }
        return seconds * MICROS_PER_SECOND + frac;
    }

    /** TIMESTAMP (old format): 4 bytes little-endian seconds. */
    static Serializable timestamp(ByteArrayInputStream in) throws IOException {
        long seconds = in.readLong(4);
        return seconds == 0 ? new ZeroDate("0000-00-00 00:00:00") : seconds * MICROS_PER_SECOND;
    }

    private static String fractionText(long micros, int fsp) {
        return fsp == 0 ? "" : "." + String.format("%06d", micros).substring(0, fsp);
    }

    /** YEAR: one byte, years since 1900, where 0 means the year 0000 (not 1900). */
    static Integer year(ByteArrayInputStream in) throws IOException {
        int value = in.readInteger(1);
        return value == 0 ? 0 : 1900 + value;
    }

    /** The fractional part in microseconds: (fsp+1)/2 big-endian bytes, in units of 10^-(2*bytes) seconds. */
    private static long fraction(int fsp, ByteArrayInputStream in) throws IOException {
        return switch (fsp) {
            case 0 -> 0;
            case 1, 2 -> bigEndian(in, 1) * 10_000;
            case 3, 4 -> bigEndian(in, 2) * 100;
            case 5, 6 -> bigEndian(in, 3);
            default -> throw new IOException("Temporal value with fractional precision " + fsp);
        };
    }

    private static long bigEndian(ByteArrayInputStream in, int length) throws IOException {
        byte[] bytes = in.read(length);
        long result = 0;
        for (byte b : bytes) {
            result = (result << 8) | (b & 0xFF);
        }
        return result;
    }

    private static Long epochDay(int year, int month, int day) {
        if (month == 0 || day == 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
