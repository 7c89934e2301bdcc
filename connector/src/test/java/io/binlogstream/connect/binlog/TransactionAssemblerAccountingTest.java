package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;

import io.binlogstream.connect.config.TableFilter;
import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.Heartbeats;

/**
 * Every row event is accounted for: rows of a table the filters leave out are passed over, but a row event the
 * assembler cannot place (no TABLE_MAP described its table, or it came without rows) stops the stream with the
 * event, its position and its transaction named. A real server never writes such events, so they are built here.
 */
class TransactionAssemblerAccountingTest {
    private final List<Delivery> delivered = new ArrayList<>();
    private final TransactionAssembler assembler = new TransactionAssembler("acct",
            new TableFilter(List.of("shop"), List.of(), List.of(), List.of()), RecordOptions.defaults(), null,
            GtidPosition.parse("0-1-1", true), new Heartbeats("__hb.acct", "acct"), Duration.ZERO, delivered::add);

    @Test
    void aRowEventWithoutItsTableMapStopsTheStream() throws Exception {
        assembler.onEvent(gtid(2));
        assertThatThrownBy(() -> assembler.onEvent(writeRows(99, List.<Serializable[]>of(new Serializable[] {1}))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WRITE_ROWS event at")
                .hasMessageContaining("(transaction 0-1-2)")
                .hasMessageContaining("is for table id 99, which no TABLE_MAP event described");
    }

    @Test
    void aRowEventWithoutRowsStopsTheStream() throws Exception {
        assembler.onEvent(gtid(2));
        assertThatThrownBy(() -> assembler.onEvent(event(EventType.EXT_WRITE_ROWS, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EXT_WRITE_ROWS event at").hasMessageContaining("arrived without its rows");
    }

    @Test
    void rowsOfAnUncapturedTableArePassedOverButATableIdIsForgottenWithItsTransaction() throws Exception {
        assembler.onEvent(gtid(2));
        assembler.onEvent(tableMap(5, "other", "noise"));
        assembler.onEvent(writeRows(5, List.of(new Serializable[] {1}, new Serializable[] {2})));
        assertThat(delivered).as("no change of other.noise").allSatisfy(d -> assertThat(d.record().topic()).doesNotContain("noise"));

        // Table ids are mapped again in every transaction; a later one that reuses the id without a map is refused.
        assembler.onEvent(gtid(3));
        assertThatThrownBy(() -> assembler.onEvent(writeRows(5, List.<Serializable[]>of(new Serializable[] {3}))))
                .hasMessageContaining("is for table id 5, which no TABLE_MAP event described");
    }

    private static Event gtid(long sequence) {
        MariadbGtidEventData data = new MariadbGtidEventData();
        data.setSequence(sequence);
        data.setDomainId(0);
        data.setServerId(1);
        data.setFlags(0);
        return event(EventType.MARIADB_GTID, data);
    }

    private static Event tableMap(long tableId, String database, String table) {
        TableMapEventData data = new TableMapEventData();
        data.setTableId(tableId);
        data.setDatabase(database);
        data.setTable(table);
        return event(EventType.TABLE_MAP, data);
    }

    private static Event writeRows(long tableId, List<Serializable[]> rows) {
        WriteRowsEventData data = new WriteRowsEventData();
        data.setTableId(tableId);
        BitSet columns = new BitSet();
        columns.set(0);
        data.setIncludedColumns(columns);
        data.setRows(rows);
        return event(EventType.EXT_WRITE_ROWS, data);
    }

    private static Event event(EventType type, EventData data) {
        EventHeaderV4 header = new EventHeaderV4();
        header.setEventType(type);
        header.setServerId(1);
        header.setNextPosition(0);
        return new Event(header, data);
    }
}
