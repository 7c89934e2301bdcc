package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.mapping.SemanticTypes;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.PendingRecord;

/** MySQL 8.0.26's foo(a BIT(3), b TEXT, c BIT(8)) with one row, b'100', 'foo', b'00100000', under GTID ...:3. */
class FixtureBitTest {
    private static final String UUID = "fbda2ad0-7c46-11ec-ae30-4ef7efc81a2a";

    @Test
    void bitColumnsAreBigEndianBytesOfTheirDeclaredWidth() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("mysql_type_bit.000001").run();

        assertThat(run.changes()).hasSize(1);
        Struct row = run.after(0);
        assertThat(row.getBytes("a")).containsExactly(0b100);
        assertThat(row.getString("b")).isEqualTo("foo");
        assertThat(row.getBytes("c")).containsExactly(0b0010_0000);
        assertBits(row.schema().field("a").schema(), "3");
        assertBits(row.schema().field("c").schema(), "8");
    }

    @Test
    void theRowCarriesItsGtidAndTheOffsetCoversItsTransaction() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("mysql_type_bit.000001").run();

        SourceRecord record = run.changes().get(0);
        assertThat(run.source(0).getString("gtid")).isEqualTo(UUID + ":3");
        assertThat(run.source(0).getString("db")).isEqualTo("mysql");
        assertThat(record.headers().lastWithName(PendingRecord.EVENT_ID_HEADER).value()).isEqualTo(UUID + ":3/1");
        // The transaction's only record is its last: its offset is the set with the transaction in it.
        assertThat(record.headers().lastWithName(PendingRecord.TRANSACTION_END_HEADER).value()).isEqualTo(1L);
        assertThat(SourceOffset.fromMap(record.sourceOffset()))
                .isEqualTo(SourceOffset.between(UUID + ":1-3", "mysql_type_bit.000001", 1001));
        assertThat(run.delivered()).hasToString(UUID + ":1-3");
    }

    private static void assertBits(Schema schema, String width) {
        assertThat(schema.type()).isEqualTo(Schema.Type.BYTES);
        assertThat(schema.name()).isEqualTo(SemanticTypes.BITS);
        assertThat(schema.parameters()).containsEntry(SemanticTypes.LENGTH, width);
    }
}
