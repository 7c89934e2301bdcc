package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.mapping.SemanticTypes;
import io.binlogstream.connect.record.Op;

/**
 * MySQL 8.0.28's t(f1 CHAR(128), f2 VARCHAR(300), f3 ENUM('var1', 'variant2', 'foo'), f4 SET('one', 'two',
 * 'three', 'four'), f5 TEXT), utf8mb4, with full row metadata: one insert, one update, one delete, in the
 * transactions ...:3 to ...:5 (the fixture README says 1-3; the file holds 1-5).
 */
class FixtureEnumSetTest {
    private static final String UUID = "93e95066-a2f4-11ec-9b69-9657f0ae95e2";
    private static final String DIGITS = "0123456789";
    /** The long value as typed into the fixture's server: twice 12 runs of digits and a short run, then 4 runs. */
    private static final String LONG_VALUE = (DIGITS.repeat(12) + "012345678").repeat(2) + DIGITS.repeat(4);

    @Test
    void enumsAndSetsAreTheirTextAndStringsTheirCharacters() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("mysql-enum-string-set.000001").run();

        assertThat(run.changes()).hasSize(3);
        Struct inserted = run.after(0);
        assertThat(inserted.getString("f1")).isEqualTo(DIGITS.repeat(10));
        assertThat(inserted.getString("f2")).isEqualTo(LONG_VALUE);
        assertThat(inserted.getString("f3")).isEqualTo("var1");
        assertThat(inserted.getString("f4")).isEqualTo("one,three");
        assertThat(inserted.getString("f5")).isEqualTo(DIGITS);

        assertThat(run.envelope(1).getString("op")).isEqualTo(Op.UPDATE.code());
        assertThat(run.before(1)).isEqualTo(inserted);
        Struct updated = run.after(1);
        assertThat(updated.getString("f1")).isEqualTo("field1");
        assertThat(updated.getString("f2")).isEqualTo("field_2");
        assertThat(updated.getString("f3")).isEqualTo("variant2");
        assertThat(updated.getString("f4")).isEqualTo("two,four");
        assertThat(updated.getString("f5")).isEqualTo(LONG_VALUE);

        assertThat(run.envelope(2).getString("op")).isEqualTo(Op.DELETE.code());
        assertThat(run.before(2)).isEqualTo(updated);
        assertThat(run.after(2)).isNull();
        // No primary key: no key, hence no tombstone after the delete.
        assertThat(run.records()).hasSize(3);
        assertThat(run.changes()).allSatisfy(record -> assertThat(record.key()).isNull());
    }

    @Test
    void enumAndSetSchemasListTheirValues() throws Exception {
        Schema row = FixturePipeline.of("mysql-enum-string-set.000001").run().after(0).schema();

        assertThat(row.field("f3").schema().name()).isEqualTo(SemanticTypes.ENUM);
        assertThat(row.field("f3").schema().parameters()).containsEntry(SemanticTypes.ALLOWED_VALUES, "var1,variant2,foo");
        assertThat(row.field("f4").schema().name()).isEqualTo(SemanticTypes.SET);
        assertThat(row.field("f4").schema().parameters()).containsEntry(SemanticTypes.ALLOWED_VALUES, "one,two,three,four");
    }

    @Test
    void eachChangeCarriesItsOwnTransaction() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("mysql-enum-string-set.000001").run();

        assertThat(run.source(0).getString("gtid")).isEqualTo(UUID + ":3");
        assertThat(run.source(1).getString("gtid")).isEqualTo(UUID + ":4");
        assertThat(run.source(2).getString("gtid")).isEqualTo(UUID + ":5");
        assertThat(run.changes().get(2).sourceOffset().get("gtids")).isEqualTo(UUID + ":1-5");
    }
}
