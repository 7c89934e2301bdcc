package io.binlogstream.connect.gtid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.binlogstream.connect.gtid.MariaDbGtidPosition.Gtid;

class MariaDbGtidPositionTest {

    static MariaDbGtidPosition position(String text) {
        return MariaDbGtidPosition.parse(text);
    }

    @Test
    void parsesFormatsSortedByDomainAndToleratesWhitespace() {
        assertThat(position(" 10-3-1 ,\n2-1-7, 0-1-5 ")).hasToString("0-1-5,2-1-7,10-3-1");
        assertThat(position("0-4294967295-18446744073709551615")).hasToString("0-4294967295-18446744073709551615");
        assertThat(position(null)).isEqualTo(MariaDbGtidPosition.empty());
        assertThat(position("  ").isEmpty()).isTrue();
        assertThat(MariaDbGtidPosition.empty()).hasToString("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-1", "0-1-2-3", "0-1-x", "a-1-1", "-1-1-1", "0--1-1", "+0-1-1", "0-1-1,", "0-1-1,,1-1-1",
            "4294967296-1-1", "0-4294967296-1", "0-1-18446744073709551616", "0 1 1", "0-1-1;1-1-1", "0-1-", "-0-1",
            "0-1-1 2", "00000000000-1-1", "0-1-000000000000000000001", "0-1-\u0661", "\u0660-1-1", "0-1-1-"})
    void rejectsMalformedPositionsQuotingThem(String text) {
        assertThatThrownBy(() -> position(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void rejectsADomainNamedTwice() {
        assertThatThrownBy(() -> position("0-1-1,0-2-3")).hasMessageContaining("domain 0 twice").hasMessageContaining("'0-1-1,0-2-3'");
        assertThatThrownBy(() -> MariaDbGtidPosition.of(List.of(Gtid.parse("0-1-1"), Gtid.parse("0-2-3"))))
                .hasMessageContaining("domain 0 twice: 0-1-1 and 0-2-3");
    }

    @Test
    void gtidsValidateAndCompareUnsigned() {
        assertThat(Gtid.parse(" 1-2-3 ")).isEqualTo(new Gtid(1, 2, 3));
        assertThatThrownBy(() -> new Gtid(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gtid(0, 1L << 32, 1)).hasMessageContaining("0-4294967295");
        Gtid huge = Gtid.parse("0-1-18446744073709551615");
        assertThat(huge.sequence()).isEqualTo(-1L);
        assertThat(huge.compareSequence(Gtid.parse("0-1-5"))).isPositive();
        assertThat(position("0-1-18446744073709551615").contains("0-1-9223372036854775808")).isTrue();
    }

    @Test
    void plusMakesTheGtidItsDomainsLastLikeMariaDb() {
        MariaDbGtidPosition start = position("0-1-5,1-2-7");
        assertThat(start.plus("0-3-6")).hasToString("0-3-6,1-2-7");
        assertThat(start.plus(new Gtid(2, 1, 1))).hasToString("0-1-5,1-2-7,2-1-1");
        assertThat(start.plus("0-1-3")).as("a lower sequence number still becomes the domain's last").hasToString("0-1-3,1-2-7");
        assertThat(start.plus("0-1-5")).isSameAs(start);
        assertThat(start).hasToString("0-1-5,1-2-7");
    }

    @Test
    void containsComparesSequenceNumbersWithinTheDomainOnly() {
        MariaDbGtidPosition at = position("0-1-5,1-2-7");
        assertThat(at.contains("0-1-5")).isTrue();
        assertThat(at.contains("0-9-4")).as("another server id, same domain").isTrue();
        assertThat(at.contains("0-1-6")).isFalse();
        assertThat(at.contains("2-1-1")).as("unknown domain").isFalse();
        assertThat(at.contains(new Gtid(1, 2, 7))).isTrue();
    }

    @Test
    void onePositionContainsAnotherWhenItIsLevelOrAheadInEachOfItsDomains() {
        MariaDbGtidPosition server = position("0-1-9,1-2-7,5-1-1");
        assertThat(server.contains(position("0-2-9,1-2-3"))).isTrue();
        assertThat(server.contains(MariaDbGtidPosition.empty())).isTrue();
        assertThat(server.contains(position("0-1-10"))).isFalse();
        assertThat(server.contains(position("2-1-1"))).isFalse();
        assertThat(server.isBehind(position("0-1-10"))).isTrue();
        assertThat(server.isBehind(position("1-1-7"))).isFalse();
        assertThat(MariaDbGtidPosition.empty().isBehind(position("0-1-1"))).isTrue();
    }

    @Test
    void comparesOneDomain() {
        MariaDbGtidPosition a = position("0-1-9,1-2-7");
        MariaDbGtidPosition b = position("0-2-9,1-2-8,2-1-1");
        assertThat(a.compareDomain(0, b)).isZero();
        assertThat(a.compareDomain(1, b)).isNegative();
        assertThat(b.compareDomain(1, a)).isPositive();
        assertThat(a.compareDomain(2, b)).as("absent before present").isNegative();
        assertThat(a.compareDomain(3, b)).as("absent in both").isZero();
        assertThat(a.lastIn(1)).contains(new Gtid(1, 2, 7));
        assertThat(a.lastIn(2)).isEmpty();
    }

    @Test
    void aBinlogStateBecomesThePositionOfEachDomainsHighestSequenceNumber() {
        // @@gtid_binlog_state lists the last GTID of every (domain, server) pair, in no particular order
        MariaDbGtidPosition state = MariaDbGtidPosition.parseBinlogState("0-2-12, 0-1-9,1-1-3,0-3-10");
        assertThat(state).hasToString("0-2-12,1-1-3");
        assertThat(MariaDbGtidPosition.parseBinlogState("")).isEqualTo(MariaDbGtidPosition.empty());
        assertThat(MariaDbGtidPosition.ofBinlogState(List.of())).isEqualTo(MariaDbGtidPosition.empty());
        assertThatThrownBy(() -> MariaDbGtidPosition.parseBinlogState("0-1-1,x")).hasMessageContaining("'0-1-1,x'");
    }

    @Test
    void equalityAndReadOnlyDomains() {
        assertThat(position("1-2-7,0-1-5")).isEqualTo(position("0-1-5,1-2-7")).hasSameHashCodeAs(position("0-1-5,1-2-7"));
        assertThat(position("0-1-5")).isNotEqualTo(position("0-2-5")).isNotEqualTo(MySqlGtidSet.empty());
        assertThat(MariaDbGtidPosition.of(List.of(new Gtid(1, 2, 7), new Gtid(0, 1, 5)))).isEqualTo(position("0-1-5,1-2-7"));
        assertThatThrownBy(() -> position("0-1-5").domains().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(position("3-1-1,1-1-1").domains().keySet()).containsExactly(1L, 3L);
    }
}
