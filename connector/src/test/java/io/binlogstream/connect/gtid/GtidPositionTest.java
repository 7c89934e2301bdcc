package io.binlogstream.connect.gtid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GtidPositionTest {

    @Test
    void mariaDbPositionKeepsTheLastTransactionPerDomain() {
        MariaDbGtidPosition position = MariaDbGtidPosition.parse("1-2-7, 0-1-5");
        assertThat(position.toString()).isEqualTo("0-1-5,1-2-7");
        MariaDbGtidPosition next = position.plus("0-3-6");
        assertThat(next.toString()).isEqualTo("0-3-6,1-2-7");
        assertThat(position.toString()).as("positions are immutable").isEqualTo("0-1-5,1-2-7");
        assertThat(next.contains("0-1-6")).isTrue();
        assertThat(next.contains("0-1-7")).isFalse();
        assertThat(next.contains("2-1-1")).as("unknown domain").isFalse();
        assertThat(next.plus("2-1-1").toString()).isEqualTo("0-3-6,1-2-7,2-1-1");
    }

    @Test
    void mariaDbEmptyAndMalformedPositions() {
        assertThat(MariaDbGtidPosition.parse("").toString()).isEmpty();
        assertThat(MariaDbGtidPosition.parse("").plus("0-1-1").toString()).isEqualTo("0-1-1");
        assertThatThrownBy(() -> MariaDbGtidPosition.parse("0-1")).hasMessageContaining("'0-1'");
        assertThatThrownBy(() -> MariaDbGtidPosition.parse("0-1-x")).hasMessageContaining("0-1-x");
        assertThatThrownBy(() -> MariaDbGtidPosition.parse("0-1-1,0-2-3")).hasMessageContaining("domain 0 twice");
    }

    @Test
    void mySqlSetParsesWhitespaceMergesAndFormatsCanonically() {
        String uuid = "3E11FA47-71CA-11E1-9E33-C80AA9429562";
        MySqlGtidSet set = MySqlGtidSet.parse(uuid + ":1-5:7,\n  " + uuid.toLowerCase() + ":6");
        assertThat(set.toString()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7");
        MySqlGtidSet next = set.plus("3e11fa47-71ca-11e1-9e33-c80aa9429562:9");
        assertThat(next.toString()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-7:9");
        assertThat(next.plus("3e11fa47-71ca-11e1-9e33-c80aa9429562:8").toString()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9");
        assertThat(next.contains("3e11fa47-71ca-11e1-9e33-c80aa9429562:8")).isFalse();
        assertThat(next.contains("3e11fa47-71ca-11e1-9e33-c80aa9429562:9")).isTrue();
    }

    @Test
    void mySqlSetKeepsTaggedAndUntaggedFormsOfOneUuid() {
        String uuid = "55778904-0299-11f1-b1b8-4ef0c4956feb";
        MySqlGtidSet set = MySqlGtidSet.parse(uuid + ":1-13:mytag:1-2");
        assertThat(set.toString()).isEqualTo(uuid + ":1-13:mytag:1-2");
        assertThat(set.contains(uuid + ":mytag:2")).isTrue();
        assertThat(set.contains(uuid + ":mytag:3")).isFalse();
        assertThat(set.plus(uuid + ":mytag:3").toString()).isEqualTo(uuid + ":1-13:mytag:1-3");
    }

    @Test
    void mySqlMalformedSetsQuoteTheInput() {
        assertThatThrownBy(() -> MySqlGtidSet.parse("not-a-uuid:1-2")).hasMessageContaining("not-a-uuid:1-2");
        assertThatThrownBy(() -> MySqlGtidSet.parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:5-2")).hasMessageContaining("5-2");
    }
}
