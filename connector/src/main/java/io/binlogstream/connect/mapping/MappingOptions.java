package io.binlogstream.connect.mapping;

/**
 * The configurable parts of the value mapping.
 *
 * @param timePrecision how DATE, DATETIME, TIMESTAMP and TIME are represented (time.precision.mode)
 * @param zeroDates     what a zero or partial date becomes (zero.date.mode)
 */
public record MappingOptions(TimePrecisionMode timePrecision, ZeroDateMode zeroDates) {
    public static final MappingOptions DEFAULT = new MappingOptions(TimePrecisionMode.MICROS, ZeroDateMode.NULL);

    /** time.precision.mode. */
    public enum TimePrecisionMode {
        /** The design's types: days, microseconds (wall clock or UTC), signed microseconds. Lossless. */
        MICROS,
        /** Connect's own Date, Timestamp and Time logical types: milliseconds, TIME only within a day. */
        CONNECT;

        public String configValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** zero.date.mode. */
    public enum ZeroDateMode {
        /** The field is null: such a value has no date to represent. */
        NULL,
        /** The task stops naming the table, column, GTID and the value as the server prints it. */
        FAIL;

        public String configValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
