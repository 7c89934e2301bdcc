package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.mapping.SemanticTypes;
import io.binlogstream.connect.record.Op;

/**
 * MySQL binary JSON from real binlogs, through the live decoding path, as the JSON text MySQL prints for the
 * same values. Expected texts follow MySQL's printer (sql/json_dom.cc): ", " and ": " separators, opaque dates
 * and times as strings with six fractional digits, DECIMALs with their scale, other opaque values as
 * "base64:type&lt;field type&gt;:...".
 */
class FixtureJsonTest {

    @Test
    void opaqueValuesOfMySql90PrintAsMySqlPrintsThem() throws Exception {
        // One transaction of eight single-row inserts into foo.test(a JSON), written without GTIDs.
        FixturePipeline.Run run = FixturePipeline.of("json-opaque.binlog").standInGtids().run();

        assertThat(run.changes()).hasSize(8);
        assertThat(run.changes()).allSatisfy(record ->
                assertThat(record.valueSchema().field("after").schema().field("a").schema().name()).isEqualTo(SemanticTypes.JSON));
        assertThat(IntStream.range(0, 8).mapToObj(change -> run.after(change).getString("a")))
                .containsExactly(
                        // A VARCHAR (type 15) has no JSON type: MySQL prints its bytes ('U') in base64 with the type.
                        "{\"a\": \"base64:type15:VQ==\"}",
                        "{\"b\": \"2012-03-18\"}",
                        "{\"c\": \"2012-03-18 11:30:45.000000\"}",
                        "{\"c\": \"87:31:46.654321\"}",
                        "{\"d\": 123.456}",
                        "{\"e\": 9.00}",
                        "{\"e\": [0, 1, true, false]}",
                        "{\"e\": null}");
        assertThat(run.source(0).getString("gtid")).isEqualTo(FixturePipeline.STAND_IN_UUID + ":3");
        assertThat(run.envelope(0).getString("op")).isEqualTo(Op.CREATE.code());
    }

    @Test
    void objectsOfMySql80AgreeWithTheGeneratedColumnsReadFromThem() throws Exception {
        // After two DDL statements, t(id, json_col JSON, name AS (json_col->>'$.name'), age AS (json_col->'$.age'))
        // gets three inserts, one insert of three rows, one update of all six, then a partial JSON update
        // (binlog_row_value_options=PARTIAL_JSON): eight transactions, written without GTIDs.
        FixturePipeline.Run run = FixturePipeline.of("json.binlog.000001").standInGtids().standInColumnNames().runUntilFailure();

        List<String> names = List.of("Joe", "Sue", "Pete", "Joe", "Sue", "Pete");
        List<String> data = List.of("xxxxxxxxxx", "yyyyyyyyyy", "zzzzzzzzzz", "xxxxxxxxxx", "yyyyyyyyyy", "zzzzzzzzzz");
        List<Integer> ages = List.of(24, 32, 40, 24, 32, 40);
        assertThat(run.changes()).hasSize(12);
        for (int row = 0; row < 6; row++) {
            var inserted = run.after(row);
            assertThat(inserted.getInt32("c1")).isEqualTo(row + 1);
            assertThat(inserted.getString("c2")).isEqualTo(json(ages.get(row), data.get(row), names.get(row)));
            assertThat(inserted.getString("c3")).isEqualTo(names.get(row));
            assertThat(inserted.getInt32("c4")).isEqualTo(ages.get(row));

            int update = 6 + row;
            assertThat(run.envelope(update).getString("op")).isEqualTo(Op.UPDATE.code());
            assertThat(run.before(update)).isEqualTo(inserted);
            assertThat(run.after(update).getString("c2")).isEqualTo(json(ages.get(row) + 1, data.get(row), names.get(row)));
            assertThat(run.after(update).getInt32("c4")).isEqualTo(ages.get(row) + 1);
        }

        // The partial update's rows are JSON diffs, not values: the connector stops rather than drop the change.
        assertThat(run.failure()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Partial JSON update of mysql.t")
                .hasMessageContaining("binlog_row_value_options=''");
        // Delivered: every transaction before the refused one.
        assertThat(run.delivered()).hasToString(FixturePipeline.STAND_IN_UUID + ":1-7");
    }

    @Test
    void partialJsonUpdatesOfTablesNotCapturedAreNoReasonToStop() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("json.binlog.000001").standInGtids().standInColumnNames()
                .capturing("mysql\\.other").run();

        assertThat(run.changes()).isEmpty();
        assertThat(run.delivered()).hasToString(FixturePipeline.STAND_IN_UUID + ":1-8");
    }

    /** MySQL stores object keys by length, then bytes, and prints them in that order. */
    private static String json(int age, String data, String name) {
        return "{\"age\": " + age + ", \"data\": \"" + data + "\", \"name\": \"" + name + "\"}";
    }
}
