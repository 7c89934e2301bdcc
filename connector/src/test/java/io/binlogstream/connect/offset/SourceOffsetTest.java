package io.binlogstream.connect.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SourceOffsetTest {

    @Test
    void roundTripsBetweenAndInsideTransactions() {
        SourceOffset between = SourceOffset.between("0-1-5", "mysql-bin.000001", 1234);
        assertThat(SourceOffset.fromMap(between.toMap())).isEqualTo(between);
        assertThat(between.toMap()).containsEntry("v", 1).containsEntry("gtids", "0-1-5").doesNotContainKey("txn");

        SourceOffset inside = new SourceOffset("0-1-5", "0-1-6", 3, "mysql-bin.000001", 2000);
        assertThat(SourceOffset.fromMap(inside.toMap())).isEqualTo(inside);
        assertThat(inside.toMap()).containsEntry("txn", "0-1-6").containsEntry("rows", 3L);
    }

    @Test
    void readsNumbersAsConnectsJsonOffsetStoreReturnsThem() {
        // Connect's offset store hands numbers back as Long or Integer depending on size.
        SourceOffset offset = SourceOffset.fromMap(Map.of("v", 1L, "gtids", "0-1-9", "txn", "0-1-10", "rows", 2, "file", "f", "pos", 7));
        assertThat(offset).isEqualTo(new SourceOffset("0-1-9", "0-1-10", 2, "f", 7));
    }

    @Test
    void refusesUnknownVersionsAndInconsistentOffsets() {
        assertThatThrownBy(() -> SourceOffset.fromMap(Map.of("v", 99, "gtids", ""))).hasMessageContaining("version 99");
        assertThatThrownBy(() -> SourceOffset.fromMap(Map.of("v", 1))).hasMessageContaining("gtids");
        assertThatThrownBy(() -> new SourceOffset("", null, 2, null, 0)).hasMessageContaining("needs a transaction");
    }

    @Test
    void partitionIsTheLogicalServerNameNeverTheHost() {
        assertThat(SourceOffset.partition("shop")).isEqualTo(Map.of("server", "shop"));
    }
}
