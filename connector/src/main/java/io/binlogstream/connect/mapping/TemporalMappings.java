package io.binlogstream.connect.mapping;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import io.binlogstream.connect.mapping.MappingOptions.TimePrecisionMode;
import io.binlogstream.connect.mapping.MappingOptions.ZeroDateMode;

/**
 * DATE, DATETIME, TIMESTAMP and TIME cells (days, microseconds or a {@link ZeroDate}, from the binlog decoder)
 * to Connect, in the design's lossless types or, with time.precision.mode=connect, in Connect's own logical
 * types, which hold milliseconds (the microseconds are truncated) and a TIME only within 00:00..24:00.
 */
final class TemporalMappings {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private TemporalMappings() {
    }

    static ColumnMapping date(MappingOptions options) {
        if (options.timePrecision() == TimePrecisionMode.CONNECT) {
            return new ColumnMapping(Date::builder, zeroOr(options, cell -> new java.util.Date(((Number) cell).intValue() * 86_400_000L)));
        }
        return new ColumnMapping(() -> SemanticTypes.named(Schema.Type.INT32, SemanticTypes.DATE),
                zeroOr(options, ColumnMappers::int32));
    }

    /** DATETIME: wall-clock microseconds; as a Connect Timestamp, the wall clock read as if it were UTC. */
    static ColumnMapping dateTime(MappingOptions options) {
        if (options.timePrecision() == TimePrecisionMode.CONNECT) {
            return new ColumnMapping(Timestamp::builder, zeroOr(options, TemporalMappings::millis));
        }
        return new ColumnMapping(() -> SemanticTypes.named(Schema.Type.INT64, SemanticTypes.LOCAL_MICRO_TIMESTAMP),
                zeroOr(options, ColumnMappers::int64));
    }

    static ColumnMapping timestamp(MappingOptions options) {
        if (options.timePrecision() == TimePrecisionMode.CONNECT) {
            return new ColumnMapping(Timestamp::builder, zeroOr(options, TemporalMappings::millis));
        }
        return new ColumnMapping(() -> SemanticTypes.named(Schema.Type.INT64, SemanticTypes.MICRO_TIMESTAMP),
                zeroOr(options, ColumnMappers::int64));
    }

    static ColumnMapping time(MappingOptions options) {
        if (options.timePrecision() == TimePrecisionMode.CONNECT) {
            return new ColumnMapping(Time::builder, cell -> {
                long micros = ((Number) cell).longValue();
                if (micros < 0 || micros >= MICROS_PER_DAY) {
                    throw new IllegalArgumentException("TIME value of " + micros + " microseconds is outside Connect's Time range "
                            + "(00:00:00 to 23:59:59.999; time.precision.mode=connect); use time.precision.mode=micros for "
                            + "negative and longer durations");
                }
                return new java.util.Date(micros / 1000);
            });
        }
        return new ColumnMapping(() -> SemanticTypes.named(Schema.Type.INT64, SemanticTypes.MICRO_DURATION),
                ColumnMappers::int64);
    }

    private static Object millis(Object cell) {
        return new java.util.Date(Math.floorDiv(((Number) cell).longValue(), 1000L));
    }

    private static CellConverter zeroOr(MappingOptions options, CellConverter dates) {
        return cell -> {
            if (cell instanceof ZeroDate zero) {
                if (options.zeroDates() == ZeroDateMode.FAIL) {
                    throw new IllegalArgumentException("'" + zero.text() + "' is a zero or partial date, which no date type "
                            + "can hold (zero.date.mode=fail; zero.date.mode=null makes it null)");
                }
                return null;
            }
            return dates.convert(cell);
        };
    }

}
