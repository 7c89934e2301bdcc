package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;

import io.binlogstream.connect.BinlogFixtures;
import io.binlogstream.connect.config.TableFilter;

/**
 * With the table filter, rows events of tables left out are not decoded (they come out with their table id and no
 * rows), and every other event, rows of the captured tables above all, is decoded exactly as without the filter.
 * Each fixture file is read once per table it holds, that table left out.
 */
class FixtureUncapturedRowsTest {

    @Test
    void onlyTheRowsOfTablesLeftOutAreNotDecoded() throws IOException {
        int skippedEvents = 0;
        for (String file : BinlogFixtures.fileNames()) {
            List<Event> all = flattened(BinlogFixtures.events(file));
            for (String left : tablesIn(all)) {
                TableFilter filter = new TableFilter(List.of(".*"), List.of(), List.of(), List.of(Pattern.quote(left)));
                List<Event> filtered = flattened(BinlogFixtures.events(file, filter));
                assertThat(filtered).as("%s without %s", file, left).hasSameSizeAs(all);
                Map<Long, String> tableIds = new java.util.HashMap<>();
                for (int i = 0; i < all.size(); i++) {
                    EventData expected = all.get(i).getData();
                    EventData actual = filtered.get(i).getData();
                    if (expected instanceof TableMapEventData map) {
                        tableIds.put(map.getTableId(), map.getDatabase() + "." + map.getTable());
                    }
                    String where = file + " without " + left + ", event " + i + " (" + all.get(i).getHeader().getEventType() + ")";
                    Long tableId = tableId(expected);
                    if (tableId != null && left.equals(tableIds.get(tableId))) {
                        assertThat(tableId(actual)).as(where).isEqualTo(tableId);
                        assertThat(rows(actual)).as(where).isEmpty();
                        skippedEvents++;
                    } else if (tableId != null) {
                        assertThat(actual.getClass()).as(where).isEqualTo(expected.getClass());
                        assertThat(Arrays.deepEquals(rows(actual).toArray(), rows(expected).toArray())).as(where).isTrue();
                    } else {
                        assertThat(String.valueOf(actual)).as(where).isEqualTo(String.valueOf(expected));
                    }
                }
            }
        }
        assertThat(skippedEvents).as("rows events left undecoded over all fixtures").isPositive();
    }

    /** The events, with those of compressed transactions in their place (their payload's own data compared by content). */
    private static List<Event> flattened(List<Event> events) {
        List<Event> out = new ArrayList<>();
        for (Event event : events) {
            if (event.getData() instanceof TransactionPayloadEventData payload) {
                out.addAll(payload.getUncompressedEvents());
            } else {
                out.add(event);
            }
        }
        return out;
    }

    /** The tables the events' TABLE_MAPs name, as database.table, in order of first appearance. */
    static Set<String> tablesIn(List<Event> events) {
        Set<String> tables = new LinkedHashSet<>();
        for (Event event : events) {
            if (event.getData() instanceof TableMapEventData map) {
                tables.add(map.getDatabase() + "." + map.getTable());
            }
        }
        return tables;
    }

    static Long tableId(EventData data) {
        if (data instanceof WriteRowsEventData write) {
            return write.getTableId();
        }
        if (data instanceof UpdateRowsEventData update) {
            return update.getTableId();
        }
        if (data instanceof DeleteRowsEventData delete) {
            return delete.getTableId();
        }
        return null;
    }

    static List<Object> rows(EventData data) {
        List<Object> rows = new ArrayList<>();
        if (data instanceof WriteRowsEventData write) {
            rows.addAll(write.getRows());
        } else if (data instanceof DeleteRowsEventData delete) {
            rows.addAll(delete.getRows());
        } else if (data instanceof UpdateRowsEventData update) {
            for (Map.Entry<Serializable[], Serializable[]> row : update.getRows()) {
                rows.add(new Object[] {row.getKey(), row.getValue()});
            }
        }
        return rows;
    }
}
