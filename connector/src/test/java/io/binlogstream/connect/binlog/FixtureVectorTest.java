package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.mapping.SemanticTypes;
import io.binlogstream.connect.record.Op;

/**
 * MySQL 9 VECTOR columns (foo(id SERIAL, vector_column VECTOR(3)) and bar(id SERIAL, vector_column VECTOR(2),
 * foo TEXT, vector_column2 VECTOR(4))) as ARRAY&lt;FLOAT32&gt;. The file was written without GTIDs. Its tables are
 * created, filled, dropped with their database and filled again; then bar loses row 2 and gains row 3.
 */
class FixtureVectorTest {

    @Test
    void vectorsAreFloatArraysAndTheTextColumnBesideThemKeepsItsCharset() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("vector.binlog").standInGtids().run();

        assertThat(run.changes()).hasSize(10);
        for (int round = 0; round < 2; round++) {
            int first = round * 4;
            assertRow(run.after(first), 1, List.of(1.1f, 2.2f, 3.3f));
            assertRow(run.after(first + 1), 2, List.of(1.0f, -1.0f, 0.0f));
            assertBar(run.after(first + 2), 1, List.of(1.1f, 2.2f), null, List.of(1.1f, 2.2f, 3.3f, 4.4f));
            assertBar(run.after(first + 3), 2, List.of(1.01f, -1.01f), "bar", List.of(42f, 43f, 44f, 45f));
        }
        assertThat(run.envelope(8).getString("op")).isEqualTo(Op.DELETE.code());
        assertBar(run.before(8), 2, List.of(1.01f, -1.01f), "bar", List.of(42f, 43f, 44f, 45f));
        assertBar(run.after(9), 3, List.of(2.01f, -2.01f), null, List.of(42.1f, 43.2f, 44.3f, 45.4f));

        Schema vector = run.after(2).schema().field("vector_column2").schema();
        assertThat(vector.type()).isEqualTo(Schema.Type.ARRAY);
        assertThat(vector.name()).isEqualTo(SemanticTypes.VECTOR);
        assertThat(vector.valueSchema().type()).isEqualTo(Schema.Type.FLOAT32);
        // The TEXT column's utf8mb4 is listed after the VECTOR's binary charset entry (TABLE_MAP counts VECTORs
        // among character columns): read one position off, it would come out as bytes.
        assertThat(run.after(2).schema().field("foo").schema().type()).isEqualTo(Schema.Type.STRING);
        // id is SERIAL (BIGINT UNSIGNED): an exact decimal in the key, and the delete's tombstone follows it.
        assertThat(run.changes().get(2).key()).isEqualTo(new Struct(run.changes().get(2).keySchema()).put("id", BigDecimal.ONE));
        assertThat(run.records().get(run.records().indexOf(run.changes().get(8)) + 1).value()).isNull();
    }

    private static void assertRow(Struct row, long id, List<Float> vector) {
        assertThat(row.get("id")).isEqualTo(BigDecimal.valueOf(id));
        assertThat(row.getArray("vector_column")).isEqualTo(vector);
    }

    private static void assertBar(Struct row, long id, List<Float> vector, String foo, List<Float> vector2) {
        assertRow(row, id, vector);
        assertThat(row.getString("foo")).isEqualTo(foo);
        assertThat(row.getArray("vector_column2")).isEqualTo(vector2);
    }
}
