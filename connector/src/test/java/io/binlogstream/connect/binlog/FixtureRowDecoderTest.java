package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.binlogstream.connect.BinlogFixtures;

/**
 * {@link RowDecoder} against the library's own row loop on the MySQL and MariaDB fixture files (the ones without
 * compressed transactions, whose rows the two sides unwrap differently): JSON, ENUM and SET, BIT, invisible
 * columns, VECTOR, MINIMAL row metadata. Not time_issue.000001: it holds temporal cells only, which are compared
 * here for NULL alone (FixtureTemporalTest checks their values). Skipped without the fixtures.
 */
class FixtureRowDecoderTest {
    @ParameterizedTest
    @ValueSource(strings = {"binlog-invisible-columns.000001", "binlog_transaction_with_GTID_TAG.000001", "json-opaque.binlog", "json.binlog.000001", "mariadb-bin.000001",
            "minimal_row_metadata.000001", "mysql-enum-string-set.000001", "mysql_type_bit.000001", "vector.binlog"})
    void everyRowImageMatchesTheLibrarysRowLoop(String name) throws Exception {
        RowsComparison.Counts counts = RowsComparison.compare(BinlogFixtures.file(name).toFile());
        assertThat(counts.images()).as("row images in %s", name).isPositive();
        assertThat(counts.valueCells()).as("cells compared by value in %s", name).isPositive();
    }
}
