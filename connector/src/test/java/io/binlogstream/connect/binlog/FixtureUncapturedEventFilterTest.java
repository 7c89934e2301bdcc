package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import io.binlogstream.connect.BinlogFixtures;
import io.binlogstream.connect.config.TableFilter;

/**
 * Each real binlog file sent as a server sends it (one packet per event), once per table it holds with that table left
 * out: read through {@link UncapturedEventFilter} and the library's decoding (as the live client's event loop reads
 * it), the events are exactly those of the unfiltered stream without the left-out table's TABLE_MAPs and rows
 * (outside compressed transactions, which pass whole), every other event decoded the same.
 */
class FixtureUncapturedEventFilterTest {
    private static final Set<EventType> TRANSACTION_STARTS =
            Set.of(EventType.GTID, EventType.ANONYMOUS_GTID, EventType.GTID_TAGGED, EventType.MARIADB_GTID);

    @Test
    void theLibraryReadsTheFilteredStreamAsTheWholeOneWithoutTheTablesLeftOut() throws IOException {
        long droppedOverAll = 0;
        for (String file : BinlogFixtures.fileNames()) {
            byte[] stream = dumpStream(Files.readAllBytes(BinlogFixtures.file(file)));
            List<Event> all = read(stream, null);
            for (String left : FixtureUncapturedRowsTest.tablesIn(all)) {
                TableFilter filter = new TableFilter(List.of(".*"), List.of(), List.of(), List.of(Pattern.quote(left)));
                UncapturedEventFilter dropping = new UncapturedEventFilter(new java.io.ByteArrayInputStream(stream), filter);
                List<Event> filtered = read(dropping, filter);
                List<Event> expected = withoutTable(read(stream, filter), left);
                String where = file + " without " + left;
                assertThat(filtered).as(where).hasSameSizeAs(expected);
                assertThat(dropping.dropped()).as(where).isEqualTo(all.size() - expected.size());
                droppedOverAll += dropping.dropped();
                for (int i = 0; i < expected.size(); i++) {
                    Event want = expected.get(i);
                    Event got = filtered.get(i);
                    String at = where + ", event " + i + " (" + want.getHeader().getEventType() + ")";
                    assertThat(got.getHeader().getEventType()).as(at).isEqualTo(want.getHeader().getEventType());
                    assertThat(((EventHeaderV4) got.getHeader()).getPosition()).as(at).isEqualTo(((EventHeaderV4) want.getHeader()).getPosition());
                    if (FixtureUncapturedRowsTest.tableId(want.getData()) != null) {
                        assertThat(FixtureUncapturedRowsTest.tableId(got.getData())).as(at)
                                .isEqualTo(FixtureUncapturedRowsTest.tableId(want.getData()));
                        assertThat(Arrays.deepEquals(FixtureUncapturedRowsTest.rows(got.getData()).toArray(),
                                FixtureUncapturedRowsTest.rows(want.getData()).toArray())).as(at).isTrue();
                    } else {
                        assertThat(String.valueOf(got.getData())).as(at).isEqualTo(String.valueOf(want.getData()));
                    }
                }
            }
        }
        assertThat(droppedOverAll).as("events dropped over all fixtures").isPositive();
    }

    /**
     * The events the filter leaves: not the left-out table's TABLE_MAPs, nor the rows events (MySQL's partial JSON
     * updates among them) of the ids they named earlier in the same transaction.
     */
    private static List<Event> withoutTable(List<Event> events, String left) {
        Map<Long, String> tableIds = new HashMap<>();
        List<Event> kept = new ArrayList<>();
        for (Event event : events) {
            EventData data = event.getData();
            if (TRANSACTION_STARTS.contains(event.getHeader().getEventType())) {
                tableIds.clear(); // a transaction's rows need its own TABLE_MAPs
            }
            if (data instanceof TableMapEventData map) {
                tableIds.put(map.getTableId(), map.getDatabase() + "." + map.getTable());
                if (left.equals(tableIds.get(map.getTableId()))) {
                    continue;
                }
            }
            Long tableId = data instanceof PartialUpdateRows partial ? Long.valueOf(partial.tableId()) : FixtureUncapturedRowsTest.tableId(data);
            if (tableId != null && left.equals(tableIds.get(tableId))) {
                continue;
            }
            kept.add(event);
        }
        return kept;
    }

    private static List<Event> read(byte[] stream, TableFilter captured) throws IOException {
        return read(new java.io.ByteArrayInputStream(stream), captured);
    }

    /** The client's event loop: packet length, sequence, status byte, then the event (TABLE_MAP data unwrapped as it hands it on). */
    private static List<Event> read(InputStream stream, TableFilter captured) throws IOException {
        EventDeserializer deserializer = EventDeserializers.create(captured);
        ByteArrayInputStream in = new ByteArrayInputStream(stream);
        List<Event> events = new ArrayList<>();
        while (in.peek() != -1) {
            in.readInteger(3);
            in.skip(1);
            assertThat(in.read()).as("status byte").isZero();
            Event event = deserializer.nextEvent(in);
            events.add(event.getData() instanceof EventDeserializer.EventDataWrapper wrapper
                    ? new Event(event.getHeader(), wrapper.getExternal()) : event);
        }
        return events;
    }

    /** A binlog file's events as a server's dump thread sends them: each in a packet of its own, after a 0 status byte. */
    private static byte[] dumpStream(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 4; // the file's magic number
        while (at + 19 <= file.length) {
            int length = (file[at + 9] & 0xFF) | (file[at + 10] & 0xFF) << 8 | (file[at + 11] & 0xFF) << 16 | (file[at + 12] & 0xFF) << 24;
            assertThat(length).as("event at %d", at).isBetween(19, 0xFFFFFF - 2);
            int payload = 1 + length;
            out.write(payload);
            out.write(payload >> 8);
            out.write(payload >> 16);
            out.write(0);
            out.write(0);
            out.write(file, at, Math.min(length, file.length - at));
            at += length;
        }
        return out.toByteArray();
    }
}
