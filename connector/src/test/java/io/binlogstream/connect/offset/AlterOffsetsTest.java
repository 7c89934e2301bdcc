package io.binlogstream.connect.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.BinlogSourceConnector;

class AlterOffsetsTest {
    private static final Map<String, String> CONFIG = Map.of("topic.prefix", "shop");

    private static boolean alter(Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        return new BinlogSourceConnector().alterOffsets(CONFIG, offsets);
    }

    @Test
    void acceptsPositionsOfEitherServerFamilyAndResets() {
        assertThat(alter(Map.of("server", "shop"), Map.of("v", 1, "gtids", "0-1-42,1-2-7"))).isTrue();
        assertThat(alter(Map.of("server", "shop"), Map.of("v", 1L, "gtids", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"))).isTrue();
        assertThat(alter(Map.of("server", "shop"), Map.of("v", 1, "gtids", "0-1-42", "txn", "0-1-43", "rows", 3))).isTrue();
        assertThat(alter(Map.of("server", "shop"), null)).as("a reset").isTrue();
        assertThat(new BinlogSourceConnector().alterOffsets(CONFIG, Map.of())).isTrue();
    }

    @Test
    void refusesOtherPartitionsAndMalformedOffsetsSayingWhatIsExpected() {
        assertThatThrownBy(() -> alter(Map.of("server", "other"), Map.of("v", 1, "gtids", "0-1-1")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("{server=shop}");
        assertThatThrownBy(() -> alter(Map.of("server", "shop"), Map.of("gtids", "0-1-1")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("version").hasMessageContaining("expected {\"v\": 1");
        assertThatThrownBy(() -> alter(Map.of("server", "shop"), Map.of("v", 1, "gtids", "0-1")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'0-1' is neither");
        assertThatThrownBy(() -> alter(Map.of("server", "shop"), Map.of("v", 1, "gtids", "0-1-5", "txn", "garbage", "rows", 1)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("txn 'garbage'");
    }
}
