package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.mapping.ZeroDate;

/**
 * The temporal text the snapshot selects ({@code CAST(c AS CHAR)}) read into the binlog decoder's cells: the in-place
 * readers agree with java.time's strict ISO parsers on every date shape the server prints, valid or not.
 */
class SnapshotCellsTextTest {

    /** What the strict ISO parser says: the epoch day, or a ZeroDate for anything it refuses. */
    private static Serializable isoDate(String text) {
        try {
            return (int) LocalDate.parse(text).toEpochDay();
        } catch (DateTimeException e) {
            return new ZeroDate(text);
        }
    }

    @Test
    void datesAgreeWithTheIsoParserIncludingZeroPartialAndImpossibleDates() {
        for (String text : new String[] {"1970-01-01", "0000-01-01", "9999-12-31", "1000-01-01", "2024-02-29", "0000-00-00",
                "2024-00-15", "2024-05-00", "2024-02-30", "2023-02-29", "2024-13-01", "2024-04-31"}) {
            assertThat(SnapshotCells.date(text)).as(text).isEqualTo(isoDate(text));
        }
        assertThat(SnapshotCells.date("1970-01-02")).isEqualTo(1);
        assertThat(SnapshotCells.date("0000-00-00")).isEqualTo(new ZeroDate("0000-00-00"));
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            String text = String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33));
            assertThat(SnapshotCells.date(text)).as(text).isEqualTo(isoDate(text));
        }
    }

    @Test
    void dateTimesCarryEveryFractionLength() {
        long day = LocalDate.parse("2024-03-05").toEpochDay() * 86_400_000_000L;
        String[] fractions = {"", ".5", ".12", ".123", ".1234", ".12345", ".123456"};
        for (String f : fractions) {
            String text = "2024-03-05 23:59:07" + f;
            long micros = LocalTime.parse("23:59:07" + f).toNanoOfDay() / 1000;
            assertThat(SnapshotCells.dateTime(text)).as(text).isEqualTo(day + micros);
        }
        assertThat(SnapshotCells.dateTime("0000-00-00 00:00:00")).isEqualTo(new ZeroDate("0000-00-00 00:00:00"));
        assertThat(SnapshotCells.dateTime("2024-02-30 10:00:00.000001")).isEqualTo(new ZeroDate("2024-02-30 10:00:00.000001"));
        assertThat(SnapshotCells.dateTime("1970-01-01 00:00:00.000001")).isEqualTo(1L);
    }

    @Test
    void timesBeyondADayNegativeAndWithFractions() {
        assertThat(SnapshotCells.time("838:59:59")).isEqualTo(((838L * 60 + 59) * 60 + 59) * 1_000_000L);
        assertThat(SnapshotCells.time("-838:59:59.000000")).isEqualTo(-((838L * 60 + 59) * 60 + 59) * 1_000_000L);
        assertThat(SnapshotCells.time("-00:00:01.000001")).isEqualTo(-1_000_001L);
        assertThat(SnapshotCells.time("00:00:00.5")).isEqualTo(500_000L);
        assertThat(SnapshotCells.time("12:34:56.")).isEqualTo((12L * 3600 + 34 * 60 + 56) * 1_000_000L);
        // More than six fractional digits are cut, never rounded.
        assertThat(SnapshotCells.time("00:00:00.1234569")).isEqualTo(123_456L);
    }
}
