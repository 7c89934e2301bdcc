package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.schema.TableId;

/** The snapshot rows' event ids: readable, exact for every key kind, and never equal for two different keys. */
class SnapshotEventIdTest {
    private static final TableId T = new TableId("db", "t");

    @Test
    void eachKeyKindIsWrittenExactly() {
        assertThat(TableSnapshots.eventId("initial", T, List.of(5L))).isEqualTo("snapshot:initial:db.t:i:5");
        assertThat(TableSnapshots.eventId("initial", T, List.of(new BigInteger("18446744073709551615"), new BigDecimal("1.50"))))
                .isEqualTo("snapshot:initial:db.t:i:18446744073709551615,d:1.50");
        assertThat(TableSnapshots.eventId("initial", T, List.of(new byte[] {0, (byte) 0xff}, "é"))).isEqualTo("snapshot:initial:db.t:x:00ff,s:é");
    }

    @Test
    void compositeTextKeysCannotRunIntoEachOther() {
        // Without escaping both would read "s:a,s:b,s:c": a comma inside a value must not look like a separator.
        String one = TableSnapshots.eventId("initial", T, List.of("a,s:b", "c"));
        String other = TableSnapshots.eventId("initial", T, List.of("a", "b,s:c"));
        assertThat(one).isNotEqualTo(other);
        // The escape character itself is escaped, so "%2C" as text differs from an escaped comma.
        assertThat(TableSnapshots.eventId("initial", T, List.of("%2C", "x"))).isNotEqualTo(TableSnapshots.eventId("initial", T, List.of(",", "x")));
    }

    @Test
    void runsNeverShareIds() {
        List<Object> key = List.of(5L);
        assertThat(TableSnapshots.eventId("request-r1", T, key)).isEqualTo("snapshot:request-r1:db.t:i:5")
                .isNotEqualTo(TableSnapshots.eventId("initial", T, key));
        // A request id with the separators in it cannot make two runs' ids collide.
        assertThat(TableSnapshots.eventId("request-a:db.t", T, key)).isEqualTo("snapshot:request-a%3Adb.t:db.t:i:5");
    }
}
