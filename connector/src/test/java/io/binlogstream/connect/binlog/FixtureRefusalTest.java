package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.schema.MissingMetadataException;

/**
 * What the connector refuses in real binlogs, with a message that names the server setting to change: tables
 * logged with binlog_row_metadata=MINIMAL (no column names) and rows of transactions without GTIDs. Both only
 * matter for captured tables.
 */
class FixtureRefusalTest {

    @Test
    void minimalRowMetadataIsRefusedNamingTheTableAndTheSetting() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("minimal_row_metadata.000001").runUntilFailure();

        assertThat(run.records()).isEmpty();
        assertThat(run.failure()).isInstanceOf(MissingMetadataException.class)
                .hasMessageContaining("noria.t1")
                .hasMessageContaining("binlog_row_metadata=MINIMAL")
                .hasMessageContaining("Set binlog_row_metadata=FULL");
    }

    @Test
    void minimalRowMetadataOfMySql96IsRefusedToo() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("binlog_transaction_with_GTID_TAG.000001").runUntilFailure();

        assertThat(run.failure()).isInstanceOf(MissingMetadataException.class).hasMessageContaining("test.orders");
    }

    @Test
    void tablesNotCapturedNeedNoMetadata() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("minimal_row_metadata.000001").capturing("noria\\.other").run();

        assertThat(run.records()).isEmpty();
    }

    @Test
    void rowsWithoutAGtidAreRefusedNamingGtidMode() throws Exception {
        // vector.binlog was written with gtid_mode=OFF: ANONYMOUS_GTID events only.
        FixturePipeline.Run run = FixturePipeline.of("vector.binlog").runUntilFailure();

        assertThat(run.records()).isEmpty();
        assertThat(run.failure()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a GTID")
                .hasMessageContaining("gtid_mode=ON");
    }
}
