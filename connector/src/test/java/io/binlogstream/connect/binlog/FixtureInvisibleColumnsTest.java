package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * MySQL 8.0.26's t1(f1 INT UNSIGNED INVISIBLE, f2 INT UNSIGNED INVISIBLE, f3 INT, f4 TEXT, f5 BLOB, f6 BIGINT
 * UNSIGNED INVISIBLE): invisible columns are in the binlog's row images and TABLE_MAP, so they are in the
 * records; SELECT * would not show them, a change stream must.
 */
class FixtureInvisibleColumnsTest {
    private static final String UUID = "97c7af02-4c50-11ec-acd8-681842034964";

    @Test
    void invisibleColumnsAreFieldsLikeAnyOther() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("binlog-invisible-columns.000001").run();

        assertThat(run.changes()).hasSize(3);
        Schema row = run.after(0).schema();
        assertThat(row.fields()).map(Field::name).containsExactly("f1", "f2", "f3", "f4", "f5", "f6");
        assertThat(row.field("f1").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(row.field("f3").schema().type()).isEqualTo(Schema.Type.INT32);
        assertThat(row.field("f5").schema().type()).isEqualTo(Schema.Type.BYTES);

        assertRow(run.after(0), 1L, 2L, -3, "4", new byte[] {5}, new BigDecimal("6000000000"));
        assertRow(run.after(1), null, null, -33, "44", new byte[] {'U'}, null);
        assertThat(run.before(2)).isEqualTo(run.after(1));
        assertRow(run.after(2), 111L, 222L, -333, "444", new byte[] {'U'}, null);

        assertThat(run.source(0).getString("gtid")).isEqualTo(UUID + ":3");
        assertThat(run.source(2).getString("gtid")).isEqualTo(UUID + ":5");
    }

    private static void assertRow(Struct row, Long f1, Long f2, int f3, String f4, byte[] f5, BigDecimal f6) {
        assertThat(row.get("f1")).isEqualTo(f1);
        assertThat(row.get("f2")).isEqualTo(f2);
        assertThat(row.getInt32("f3")).isEqualTo(f3);
        assertThat(row.getString("f4")).isEqualTo(f4);
        assertThat(row.getBytes("f5")).isEqualTo(f5);
        assertThat(row.get("f6")).isEqualTo(f6);
    }
}
