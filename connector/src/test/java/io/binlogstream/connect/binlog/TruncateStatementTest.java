package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.schema.TableId;

class TruncateStatementTest {

    @Test
    void recognisesEveryWayToWriteATruncate() {
        assertThat(TruncateStatement.table("TRUNCATE TABLE shop.items", "x")).contains(new TableId("shop", "items"));
        assertThat(TruncateStatement.table("truncate items", "shop")).contains(new TableId("shop", "items"));
        assertThat(TruncateStatement.table("/* app */ TRUNCATE  `my db`.`it``ems`;", null)).contains(new TableId("my db", "it`ems"));
        assertThat(TruncateStatement.table("TRUNCATE TABLE `shop` . `items`", null)).contains(new TableId("shop", "items"));
        assertThat(TruncateStatement.table("-- note\nTRUNCATE TABLE items", "d")).contains(new TableId("d", "items"));
        assertThat(TruncateStatement.table("TRUNCATE table /* c */ items", "d")).contains(new TableId("d", "items"));
    }

    @Test
    void anythingElseIsNotATruncate() {
        assertThat(TruncateStatement.table("DELETE FROM items", "d")).isEmpty();
        assertThat(TruncateStatement.table("CREATE TABLE truncate_log (id INT)", "d")).isEmpty();
        assertThat(TruncateStatement.table("TRUNCATE", "d")).isEmpty();
        assertThat(TruncateStatement.table("TRUNCATE TABLE items", null)).as("no database to resolve it in").isEqualTo(Optional.empty());
        assertThat(TruncateStatement.table("TRUNCATE TABLE items", "")).isEmpty();
    }
}
