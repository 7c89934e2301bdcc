package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.PendingRecord;

/**
 * MySQL 9.6's tagged GTIDs: the file starts after {@code uuid:1-13:mytag:1-2} and holds one transaction,
 * {@code uuid:mytag:3}, inserting (3, 100, 250.00) into test.orders. The server wrote MINIMAL row metadata
 * (refused in {@link FixtureRefusalTest}), so the columns are named by the harness.
 */
class FixtureTaggedGtidTest {
    private static final String UUID = "55778904-0299-11f1-b1b8-4ef0c4956feb";

    @Test
    void theTaggedGtidIsTheRecordsTransactionAndJoinsTheOffset() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("binlog_transaction_with_GTID_TAG.000001").standInColumnNames().run();

        assertThat(run.changes()).hasSize(1);
        SourceRecord record = run.changes().get(0);
        assertThat(run.source(0).getString("gtid")).isEqualTo(UUID + ":mytag:3");
        assertThat(record.headers().lastWithName(PendingRecord.EVENT_ID_HEADER).value()).isEqualTo(UUID + ":mytag:3/1");
        assertThat(SourceOffset.fromMap(record.sourceOffset()).gtids()).isEqualTo(UUID + ":1-13:mytag:1-3");
        assertThat(run.delivered()).hasToString(UUID + ":1-13:mytag:1-3");

        // MySQL's source.ts_ms is the transaction's commit time from its GTID event, not the statement's start.
        long commitMicros = io.binlogstream.connect.BinlogFixtures.events("binlog_transaction_with_GTID_TAG.000001").stream()
                .map(e -> com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.EventDataWrapper.internal(e.getData()))
                .filter(d -> d instanceof com.github.shyiko.mysql.binlog.event.GtidTaggedEventData)
                .mapToLong(d -> ((com.github.shyiko.mysql.binlog.event.GtidTaggedEventData) d).getOriginalCommitTimestamp())
                .findFirst().orElseThrow();
        assertThat(commitMicros).isPositive();
        assertThat(run.source(0).getInt64("ts_ms")).isEqualTo(commitMicros / 1000);

        assertThat(run.after(0).getInt32("c1")).isEqualTo(3);
        assertThat(run.after(0).getInt32("c2")).isEqualTo(100);
        assertThat(run.after(0).get("c3")).isEqualTo(new BigDecimal("250.00"));
    }
}
