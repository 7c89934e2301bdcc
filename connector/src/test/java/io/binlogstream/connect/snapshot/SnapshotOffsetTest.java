package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.offset.SnapshotProgress;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.schema.TableId;

/**
 * Snapshot progress in the offset: version 2 only when a snapshot is under way, version-1 offsets unchanged, and
 * every kind of chunk key survives the trip through Connect's JSON offset store exactly.
 */
class SnapshotOffsetTest {
    private static final TableId TABLE = new TableId("shop", "orders");

    /**
     * What Connect's offset store does to an offset map: schemaless JSON through Jackson (its JsonConverter), written
     * and read back, so numbers come back as Integer or Long and lists as lists. (connect-json is not on this
     * module's test classpath; Jackson is, and is what it uses.)
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> throughOffsetStore(Map<String, Object> offset) {
        // Connect's OffsetStorageWriter refuses (and the task dies on) any value that is not a primitive:
        // "Offsets may only contain primitive types as values" (OffsetUtils.validateFormat). No lists, no maps.
        offset.forEach((key, value) -> assertThat(value).as("offset value '%s'", key)
                .isInstanceOfAny(String.class, Integer.class, Long.class, Short.class, Byte.class, Float.class, Double.class, Boolean.class));
        try {
            ObjectMapper json = new ObjectMapper();
            return json.readValue(json.writeValueAsBytes(offset), Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What Connect's offset writer checks before it stores an offset (OffsetUtils.validateFormat in connect-runtime,
     * not on this classpath; it uses connect-api's ConnectSchema the same way): every value has a primitive schema
     * type. A list is refused, and the task dies at its first offset flush ("Offsets may only contain primitive types").
     */
    private static void assertConnectStores(Map<String, Object> offset) {
        offset.forEach((key, value) -> {
            if (value != null) {
                Schema.Type type = ConnectSchema.schemaType(value.getClass());
                assertThat(type).as("schema type of offset value %s=%s", key, value).isNotNull();
                assertThat(type.isPrimitive()).as("offset value %s=%s is a primitive", key, value).isTrue();
            }
        });
    }

    @Test
    void offsetsWithoutSnapshotStayVersionOneAndByteForByteTheSame() {
        SourceOffset plain = new SourceOffset("0-1-5", "0-1-6", 3, "mysql-bin.000001", 2000);
        Map<String, Object> map = plain.toMap();
        assertThat(map).containsEntry("v", 1).doesNotContainKeys("snap_db", "snap_table", "snap_key");
        assertThat(map).isEqualTo(Map.of("v", 1, "gtids", "0-1-5", "txn", "0-1-6", "rows", 3L, "file", "mysql-bin.000001", "pos", 2000L));
        assertThat(SourceOffset.fromMap(throughOffsetStore(map))).isEqualTo(plain);
        assertThat(SourceOffset.fromMap(map).snapshot()).isNull();
    }

    @Test
    void snapshotProgressRoundTripsEveryKeyKindThroughTheOffsetStore() {
        byte[] bytes = {0, (byte) 0xff, 0x7f, 0};
        List<Object> key = List.of(42L, new BigInteger("18446744073709551615"), new BigDecimal("-12345678901234567890.000100"),
                bytes, "caf\u00e9 a:b", "2024-01-01 00:00:00.000001", "", 9007199254740993L, "x,y%2C%25%,");
        SourceOffset offset = SourceOffset.between("0-1-9", "f", 7).withSnapshot(SnapshotProgress.after(TABLE, key), null);
        Map<String, Object> map = offset.toMap();
        assertThat(map).containsEntry("v", 2).containsEntry("snap_db", "shop").containsEntry("snap_table", "orders");
        assertThat(map.get("snap_key")).isInstanceOf(String.class);
        assertConnectStores(map);

        SourceOffset read = SourceOffset.fromMap(throughOffsetStore(map));
        assertThat(read).isEqualTo(offset);
        List<Object> lastKey = read.snapshot().lastKey();
        assertThat(lastKey).hasSize(key.size());
        assertThat(lastKey.get(0)).isEqualTo(42L);
        assertThat(lastKey.get(1)).isEqualTo(new BigInteger("18446744073709551615"));
        // Scale kept: the bound compares equal to the column's value whatever its scale.
        assertThat(lastKey.get(2)).isEqualTo(new BigDecimal("-12345678901234567890.000100"));
        assertThat((byte[]) lastKey.get(3)).containsExactly(bytes);
        assertThat(lastKey.subList(4, 9)).containsExactly("caf\u00e9 a:b", "2024-01-01 00:00:00.000001", "", 9007199254740993L,
                "x,y%2C%25%,");
        assertThat(read.gtids()).isEqualTo("0-1-9");
    }

    @Test
    void aTableStartedWithoutADeliveredChunkHasNoKey() {
        SourceOffset offset = SourceOffset.between("0-1-9", null, 0).withSnapshot(SnapshotProgress.after(TABLE, null), null);
        Map<String, Object> map = offset.toMap();
        assertThat(map).containsEntry("v", 2).doesNotContainKey("snap_key");
        assertConnectStores(map);
        SourceOffset read = SourceOffset.fromMap(throughOffsetStore(map));
        assertThat(read.snapshot().table()).isEqualTo(TABLE);
        assertThat(read.snapshot().lastKey()).isNull();
    }

    @Test
    void runTablesAndTheLastRequestRoundTrip() {
        SnapshotProgress progress = new SnapshotProgress("request-r:1", List.of(TABLE, new TableId("shop", "a.b")), TABLE,
                SnapshotProgress.encodeKey(List.of(7L)));
        SourceOffset offset = SourceOffset.between("0-1-9", "f", 7).withSnapshot(progress, "r:1");
        Map<String, Object> map = offset.toMap();
        assertThat(map).containsEntry("v", 2).containsEntry("snap_run", "request-r:1").containsEntry("snap_req", "r:1")
                .containsEntry("snap_tables", "shop,orders,shop,a.b").containsEntry("snap_key", "i:7");
        assertThat(SourceOffset.fromMap(throughOffsetStore(map))).isEqualTo(offset);

        // Done, but the request is remembered: version 2 with only snap_req.
        SourceOffset done = SourceOffset.between("0-1-9", "f", 7).withSnapshot(null, "r:1");
        assertThat(done.toMap()).containsEntry("v", 2).containsEntry("snap_req", "r:1").doesNotContainKeys("snap_table", "snap_run");
        assertThat(SourceOffset.fromMap(throughOffsetStore(done.toMap()))).isEqualTo(done);

        // Written before runs had ids: the initial run.
        Map<String, Object> old = new HashMap<>(Map.of("v", 2, "gtids", "0-1-1", "snap_db", "shop", "snap_table", "orders"));
        assertThat(SourceOffset.fromMap(old).snapshot().run()).isEqualTo("initial");
    }

    @Test
    void refusesMalformedSnapshotOffsets() {
        Map<String, Object> noTable = new HashMap<>(Map.of("v", 2, "gtids", "0-1-1"));
        assertThatThrownBy(() -> SourceOffset.fromMap(noTable)).hasMessageContaining("snap_table");
        Map<String, Object> keyWithoutTable = new HashMap<>(Map.of("v", 2, "gtids", "0-1-1", "snap_key", "i:1"));
        assertThatThrownBy(() -> SourceOffset.fromMap(keyWithoutTable)).hasMessageContaining("snap_table");
        Map<String, Object> untagged = new HashMap<>(Map.of("v", 2, "gtids", "0-1-1", "snap_db", "a", "snap_table", "b",
                "snap_key", "42"));
        assertThatThrownBy(() -> SourceOffset.fromMap(untagged)).hasMessageContaining("type tag");
        Map<String, Object> badEscape = new HashMap<>(untagged);
        badEscape.put("snap_key", "s:a%2");
        assertThatThrownBy(() -> SourceOffset.fromMap(badEscape)).hasMessageContaining("unknown escape");
        Map<String, Object> list = new HashMap<>(untagged);
        list.put("snap_key", List.of("i:42"));
        assertThatThrownBy(() -> SourceOffset.fromMap(list)).hasMessageContaining("not a string");
        assertThatThrownBy(() -> SourceOffset.fromMap(Map.of("v", 3, "gtids", ""))).hasMessageContaining("version 3");
        assertThatThrownBy(() -> SnapshotProgress.encodeKey(List.of(1.5d))).hasMessageContaining("Double");
    }
}
