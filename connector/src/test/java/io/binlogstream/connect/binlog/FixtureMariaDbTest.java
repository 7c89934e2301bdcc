package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.shyiko.mysql.binlog.event.AnnotateRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;

import io.binlogstream.connect.BinlogFixtures;

/**
 * MariaDB 10.5's outbox(id, topic VARCHAR, event_type ENUM('BLOB', 'JSON', 'PROTOBUF'), event BLOB, created
 * TIMESTAMP) with two inserts of ('foo', 'JSON', '{"foo":1}'), under GTIDs 0-1-1 and 0-1-2. The statements are
 * in the file (annotate-rows), which is where the expected values come from.
 */
class FixtureMariaDbTest {

    @Test
    void rowsOfMariaDbCarryItsGtidsAndTheirStatementsValues() throws Exception {
        FixturePipeline.Run run = FixturePipeline.of("mariadb-bin.000001").run();
        List<Event> events = BinlogFixtures.events("mariadb-bin.000001");
        List<Event> writes = events.stream().filter(e -> e.getHeader().getEventType() == EventType.WRITE_ROWS).toList();
        // The connector does not decode the statements (annotate-rows); the library's own deserializer does.
        assertThat(BinlogFixtures.libraryEvents("mariadb-bin.000001").stream().filter(e -> e.getData() instanceof AnnotateRowsEventData)
                .map(e -> ((AnnotateRowsEventData) e.getData()).getRowsQuery()))
                .containsOnly("insert into outbox (topic, event_type, event) values ('foo', 'JSON', '{\"foo\":1}')");

        assertThat(run.changes()).hasSize(2);
        for (int change = 0; change < 2; change++) {
            assertThat(run.after(change).getInt32("id")).isEqualTo(62 + change);
            assertThat(run.after(change).getString("topic")).isEqualTo("foo");
            assertThat(run.after(change).getString("event_type")).isEqualTo("JSON");
            assertThat(run.after(change).getBytes("event")).isEqualTo("{\"foo\":1}".getBytes(StandardCharsets.UTF_8));
            // created defaulted to the statement's time, which the event header carries in whole seconds.
            assertThat(run.after(change).getInt64("created")).isEqualTo(writes.get(change).getHeader().getTimestamp() * 1_000);
            assertThat(run.source(change).getString("gtid")).isEqualTo("0-1-" + (change + 1));
        }
        assertThat(run.delivered()).hasToString("0-1-2");
    }
}
