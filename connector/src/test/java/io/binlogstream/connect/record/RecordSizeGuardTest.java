package io.binlogstream.connect.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.schema.ColumnDef;
import io.binlogstream.connect.schema.TableId;
import io.binlogstream.connect.schema.TableSchema;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

class RecordSizeGuardTest {
    private static SourceRecord record(int blobBytes) {
        TableSchema table = new TableSchema(new TableId("db", "files"),
                List.of(new ColumnDef(0, "body", ColumnType.BLOB, 4, 0, false, true, 63, List.of())), List.of());
        TableConverter converter = new TableConverter(table, "p", "p.db.files");
        Struct after = new Struct(converter.envelopeSchema().field("after").schema()).put("body", new byte[blobBytes]);
        Struct envelope = new Struct(converter.envelopeSchema()).put("after", after).put("op", "c").put("ts_ms", 0L)
                .put("source", SourceInfo.of("p", 1, "0-1-42", "mysql-bin.000001", 4, 0, "db", "files", 0));
        return new SourceRecord(Map.of(), Map.of(), "p.db.files", null, null, converter.envelopeSchema(), envelope);
    }

    @Test
    void aRecordAboveTheLimitFailsNamingTableGtidAndSettings() {
        RecordSizeGuard guard = RecordSizeGuard.fromConnectorConfig(Map.of());
        assertThatCode(() -> guard.check(record(1_000_000))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check(record(1_048_577)))
                .hasMessageContaining("db.files").hasMessageContaining("0-1-42").hasMessageContaining("1048576")
                .hasMessageContaining("producer.override.max.request.size").hasMessageContaining("max.message.bytes");
    }

    @Test
    void theConnectorsProducerOverrideRaisesTheLimit() {
        RecordSizeGuard guard = RecordSizeGuard.fromConnectorConfig(Map.of("producer.override.max.request.size", "4000000"));
        assertThatCode(() -> guard.check(record(3_000_000))).doesNotThrowAnyException();
    }

    @Test
    void theEstimateCountsStringsBytesAndNestedValues() {
        Schema schema = SchemaBuilder.struct().field("s", Schema.STRING_SCHEMA).field("l", SchemaBuilder.array(Schema.BYTES_SCHEMA)).build();
        Struct value = new Struct(schema).put("s", "abc").put("l", List.of(new byte[10], new byte[5]));
        assertThat(RecordSizeGuard.estimate(value)).isEqualTo(18);
    }

    @Test
    void theBoundFromTheRowEventCoversTheEstimateAndSkipsOnlyWhatCannotReachTheLimit() {
        RecordSizeGuard guard = RecordSizeGuard.fromConnectorConfig(Map.of());
        TableSchema blobs = new TableSchema(new TableId("db", "files"),
                List.of(new ColumnDef(0, "body", ColumnType.BLOB, 4, 0, false, true, 63, List.of())), List.of());
        TableConverter converter = new TableConverter(blobs, "p", "p.db.files");
        SourceRecord big = record(1_048_577);
        // The row event held the blob's bytes (and more): the bound is above the limit, so the record is checked.
        long bound = converter.recordSizeBound(1_048_600, 40);
        assertThat(bound).isGreaterThanOrEqualTo(RecordSizeGuard.estimate(big.value()));
        assertThatThrownBy(() -> guard.check(big, bound)).hasMessageContaining("db.files");
        // A bound within the limit skips the walk.
        assertThatCode(() -> guard.check(big, 1000)).doesNotThrowAnyException();
    }

    @Test
    void columnsWhoseValuesOutgrowTheirBinlogBytesHaveNoBound() {
        TableSchema enums = new TableSchema(new TableId("db", "t"),
                List.of(new ColumnDef(0, "e", ColumnType.ENUM, 1, 0, false, true, 8, List.of("a-long-enum-value"))), List.of());
        assertThat(new TableConverter(enums, "p", "p.db.t").recordSizeBound(30, 40)).isEqualTo(Long.MAX_VALUE);
        // CHAR/BINARY values are padded to their declared length, more than the binlog holds: the bound counts it.
        TableSchema chars = new TableSchema(new TableId("db", "t"),
                List.of(new ColumnDef(0, "c", ColumnType.STRING, 0, 200, false, true, 63, List.of())), List.of());
        assertThat(new TableConverter(chars, "p", "p.db.t").recordSizeBound(30, 40)).isGreaterThanOrEqualTo(3 * (200 + 30));
    }
}
