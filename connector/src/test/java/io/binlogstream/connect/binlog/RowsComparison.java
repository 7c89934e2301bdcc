package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;

/**
 * Reads one binlog file twice, through the connector's deserializers ({@link RowDecoder}) and through the library's
 * own row loop with the same settings, and compares every row image cell by cell. Temporal cells are decoded by
 * {@link TemporalDecoder} on the connector's side and into the library's own objects on the other, so for those only
 * NULL or not is compared; their values have their own tests.
 */
final class RowsComparison {
    private static final Set<ColumnType> TEMPORAL = Set.of(ColumnType.DATE, ColumnType.TIME, ColumnType.TIME_V2,
            ColumnType.DATETIME, ColumnType.DATETIME_V2, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_V2, ColumnType.YEAR);

    /** What was compared: row images, non-NULL cells compared by value, NULL cells, images with a column left out. */
    record Counts(int images, int valueCells, int nullCells, int imagesWithGaps) {
    }

    private RowsComparison() {
    }

    static Counts compare(File file) throws IOException {
        List<Event> ours = read(file, EventDeserializers.create());
        EventDeserializer library = new EventDeserializer();
        library.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        List<Event> theirs = read(file, library);
        assertThat(ours).as("rows events of %s", file).hasSameSizeAs(theirs);
        Map<Long, TableMapEventData> tableMaps = new HashMap<>();
        int[] counts = new int[4];
        for (int e = 0; e < ours.size(); e++) {
            EventData mine = ours.get(e).getData();
            EventData expected = theirs.get(e).getData();
            if (mine instanceof TableMapEventData map) {
                tableMaps.put(map.getTableId(), map);
                continue;
            }
            assertThat(mine).as("event %d of %s", e, file).hasSameClassAs(expected);
            List<BitSet> included = new ArrayList<>();
            List<Serializable[]> myRows = images(mine, included);
            List<Serializable[]> expectedRows = images(expected, new ArrayList<>());
            assertThat(myRows).as("row images of event %d of %s", e, file).hasSameSizeAs(expectedRows);
            TableMapEventData map = tableMaps.get(tableId(mine));
            for (int r = 0; r < myRows.size(); r++) {
                compareImage(map, included.get(r), myRows.get(r), expectedRows.get(r), "event " + e + " image " + r + " of " + file, counts);
            }
        }
        return new Counts(counts[0], counts[1], counts[2], counts[3]);
    }

    private static void compareImage(TableMapEventData map, BitSet included, Serializable[] mine, Serializable[] expected,
                                     String where, int[] counts) {
        assertThat(mine).as(where).hasSameSizeAs(expected);
        counts[0]++;
        if (included.cardinality() < map.getColumnTypes().length) {
            counts[3]++;
        }
        int cell = 0;
        for (int column = included.nextSetBit(0); column >= 0; column = included.nextSetBit(column + 1), cell++) {
            String at = where + ", column " + (column + 1) + " of " + map.getTable();
            if (expected[cell] == null) {
                assertThat(mine[cell]).as(at).isNull();
                counts[2]++;
                continue;
            }
            if (TEMPORAL.contains(ColumnType.byCode(map.getColumnTypes()[column] & 0xFF))) {
                assertThat(mine[cell]).as(at).isNotNull();
                continue;
            }
            assertThat(Arrays.deepEquals(new Object[] {mine[cell]}, new Object[] {expected[cell]}))
                    .as("%s: %s against the library's %s", at, render(mine[cell]), render(expected[cell])).isTrue();
            counts[1]++;
        }
    }

    private static String render(Object cell) {
        return cell instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(cell);
    }

    private static long tableId(EventData data) {
        return data instanceof WriteRowsEventData w ? w.getTableId()
                : data instanceof UpdateRowsEventData u ? u.getTableId() : ((DeleteRowsEventData) data).getTableId();
    }

    /** A rows event's row images in order (an update's before and after), each with the columns it includes. */
    private static List<Serializable[]> images(EventData data, List<BitSet> included) {
        List<Serializable[]> images = new ArrayList<>();
        if (data instanceof WriteRowsEventData w) {
            w.getRows().forEach(row -> {
                images.add(row);
                included.add(w.getIncludedColumns());
            });
        } else if (data instanceof DeleteRowsEventData d) {
            d.getRows().forEach(row -> {
                images.add(row);
                included.add(d.getIncludedColumns());
            });
        } else if (data instanceof UpdateRowsEventData u) {
            u.getRows().forEach(row -> {
                images.add(row.getKey());
                included.add(u.getIncludedColumnsBeforeUpdate());
                images.add(row.getValue());
                included.add(u.getIncludedColumns());
            });
        }
        return images;
    }

    /** The TABLE_MAP and rows events of a file, in order. */
    private static List<Event> read(File file, EventDeserializer deserializer) throws IOException {
        List<Event> events = new ArrayList<>();
        try (BinaryLogFileReader reader = new BinaryLogFileReader(file, deserializer)) {
            for (Event event = reader.readEvent(); event != null; event = reader.readEvent()) {
                EventData data = event.getData() instanceof EventDeserializer.EventDataWrapper wrapper ? wrapper.getExternal() : event.getData();
                if (data instanceof TableMapEventData || data instanceof WriteRowsEventData || data instanceof UpdateRowsEventData
                        || data instanceof DeleteRowsEventData) {
                    events.add(new Event(event.getHeader(), data));
                }
            }
        }
        return events;
    }
}
