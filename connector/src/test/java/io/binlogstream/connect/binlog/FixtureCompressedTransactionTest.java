package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.luben.zstd.ZstdInputStream;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import io.binlogstream.connect.BinlogFixtures;
import io.binlogstream.connect.mapping.MySqlJsonText;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.Op;

/**
 * MySQL's compressed transactions (TRANSACTION_PAYLOAD, zstd): the events inside must decode exactly as the
 * same events would outside a payload, and the transaction must count as delivered at its GTID like any other.
 */
class FixtureCompressedTransactionTest {
    private static final String GTID_UUID = "76f3e7be-6720-11ed-9cad-0242ac110002";

    @ParameterizedTest
    @ValueSource(strings = {"transaction_compression.000001", "mysql-8.0.28-compressed.bin", "mysql-8.0.31-gtid-compressed.000057"})
    void eventsInsideDecodeAsTheSameEventsUncompressed(String file) throws IOException {
        List<TransactionPayloadEventData> payloads = BinlogFixtures.events(file).stream()
                .filter(e -> e.getHeader().getEventType() == EventType.TRANSACTION_PAYLOAD)
                .map(e -> (TransactionPayloadEventData) e.getData())
                .toList();
        assertThat(payloads).isNotEmpty();
        for (TransactionPayloadEventData payload : payloads) {
            // The same bytes, decompressed here and read as a plain event stream (events inside a payload carry
            // no checksum, and a deserializer that saw no FORMAT_DESCRIPTION expects none).
            byte[] plain;
            try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(payload.getPayload()))) {
                plain = in.readAllBytes();
            }
            assertThat((long) plain.length).isEqualTo(payload.getUncompressedSize());
            List<Event> uncompressed = new ArrayList<>();
            EventDeserializer deserializer = EventDeserializers.create();
            ByteArrayInputStream stream = new ByteArrayInputStream(plain);
            for (Event event = deserializer.nextEvent(stream); event != null; event = deserializer.nextEvent(stream)) {
                uncompressed.add(event);
            }

            List<Event> inner = payload.getUncompressedEvents();
            assertThat(inner).map(e -> e.getHeader().getEventType())
                    .containsExactlyElementsOf(uncompressed.stream().map(e -> e.getHeader().getEventType()).toList())
                    .contains(EventType.TABLE_MAP, EventType.XID);
            for (int i = 0; i < inner.size(); i++) {
                Object[] expected = cells(uncompressed.get(i));
                Object[] actual = cells(inner.get(i));
                assertThat(Arrays.deepEquals(actual, expected))
                        .as("rows of %s #%d: %s, uncompressed %s", file, i, Arrays.deepToString(actual), Arrays.deepToString(expected))
                        .isTrue();
            }
        }
    }

    @Test
    void temporalAndJsonCellsInsideAreTheConnectorsOwn() throws IOException {
        // The second payload: an update, then an insert into test_table_3, whose DATE and TIMESTAMP columns the
        // statement set to now() (INSERT ... VALUES(6666, ..., now(), ...)), and whose JSON column holds {"c": 1}.
        List<Event> inner = BinlogFixtures.events("mysql-8.0.31-gtid-compressed.000057").stream()
                .filter(e -> e.getHeader().getEventType() == EventType.TRANSACTION_PAYLOAD)
                .map(e -> ((TransactionPayloadEventData) e.getData()).getUncompressedEvents())
                .toList().get(1);
        Event insert = inner.stream().filter(e -> e.getData() instanceof WriteRowsEventData).findFirst().orElseThrow();
        Serializable[] row = ((WriteRowsEventData) insert.getData()).getRows().get(0);
        Instant statementTime = Instant.ofEpochMilli(insert.getHeader().getTimestamp());

        assertThat(row[0]).isEqualTo(6666);
        // DATE as days since 1970-01-01 and TIMESTAMP as microseconds, as TemporalDecoder decodes them (the
        // library's own row deserializers return java.sql.Date and java.sql.Timestamp here).
        assertThat(row[2]).isEqualTo((int) LocalDate.ofInstant(statementTime, ZoneOffset.UTC).toEpochDay());
        assertThat(row[5]).isEqualTo(statementTime.getEpochSecond() * 1_000_000L);
        assertThat(MySqlJsonText.toText((byte[]) row[9])).isEqualTo("{\"c\": 1}");
    }

    @Test
    void aCompressedTransactionsRowIsARecordAtThePayloadsPlace() throws Exception {
        // 8.0.32, no GTIDs, MINIMAL metadata: INSERT INTO test.tb1 VALUES (1) in a payload at 274..431.
        FixturePipeline.Run run = FixturePipeline.of("transaction_compression.000001").standInGtids().standInColumnNames().run();

        assertThat(run.changes()).hasSize(1);
        assertThat(run.envelope(0).getString("op")).isEqualTo(Op.CREATE.code());
        assertThat(run.after(0).getInt32("c1")).isEqualTo(1);
        assertThat(run.source(0).getString("table")).isEqualTo("tb1");
        assertThat(run.source(0).getInt64("pos")).isEqualTo(274L);
        assertThat(SourceOffset.fromMap(run.changes().get(0).sourceOffset()).position()).isEqualTo(431L);
        assertThat(run.delivered().contains(FixturePipeline.STAND_IN_UUID + ":1")).isTrue();
        assertThat(run.delivered().contains("357df524-4139-11ee-9979-b033ee13919e:1")).isTrue();
    }

    @Test
    void anUpdateInsideAPayloadHasBothImages() throws Exception {
        // 8.0.28: UPDATE demo.movies SET genres = 'Western|Action' for 'Once Upon a Time in the West'.
        FixturePipeline.Run run = FixturePipeline.of("mysql-8.0.28-compressed.bin").standInGtids().standInColumnNames().run();

        assertThat(run.changes()).hasSize(1);
        assertThat(run.envelope(0).getString("op")).isEqualTo(Op.UPDATE.code());
        Struct before = run.before(0);
        Struct after = run.after(0);
        assertThat(after.getInt32("c1")).isEqualTo(1);
        assertThat(after.getString("c2")).isEqualTo("Once Upon a Time in the West");
        assertThat(after.getInt32("c3")).isEqualTo(1968);
        assertThat(before.getString("c5")).isEqualTo("Western");
        assertThat(after.getString("c5")).isEqualTo("Western|Action");
        for (Field field : after.schema().fields()) {
            if (!field.name().equals("c5")) {
                assertThat(after.get(field)).as(field.name()).isEqualTo(before.get(field));
            }
        }
    }

    @Test
    void compressedTransactionsCountAsDeliveredAtTheirGtids() throws Exception {
        // 8.0.31 with GTIDs ...:11 (DDL), ...:12 (compressed: INSERT INTO a.b VALUES(1)) and ...:13 (compressed:
        // test_table_3, not captured here).
        FixturePipeline.Run run = FixturePipeline.of("mysql-8.0.31-gtid-compressed.000057").standInColumnNames()
                .capturing("a\\.b").run();

        assertThat(run.changes()).hasSize(1);
        assertThat(run.after(0).getInt32("c1")).isEqualTo(1);
        assertThat(run.source(0).getString("gtid")).isEqualTo(GTID_UUID + ":12");
        Map<String, ?> offset = run.changes().get(0).sourceOffset();
        assertThat(SourceOffset.fromMap(offset))
                .isEqualTo(SourceOffset.between(GTID_UUID + ":1-12", "mysql-8.0.31-gtid-compressed.000057", 651));
        assertThat(run.delivered()).hasToString(GTID_UUID + ":1-13");
    }

    /** The row images of a rows event (an update's before and after images in turn); empty for other events. */
    private static Object[] cells(Event event) {
        List<Object> cells = new ArrayList<>();
        if (event.getData() instanceof WriteRowsEventData write) {
            cells.addAll(write.getRows());
        } else if (event.getData() instanceof DeleteRowsEventData delete) {
            cells.addAll(delete.getRows());
        } else if (event.getData() instanceof UpdateRowsEventData update) {
            for (Map.Entry<Serializable[], Serializable[]> row : update.getRows()) {
                cells.add(row.getKey());
                cells.add(row.getValue());
            }
        }
        return cells.toArray();
    }
}
