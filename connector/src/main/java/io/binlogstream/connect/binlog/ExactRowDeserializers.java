package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import io.binlogstream.connect.config.TableFilter;

/**
 * Row-event deserializers whose rows are read by a {@link RowDecoder} and whose temporal cells go through
 * {@link TemporalDecoder}. The library offers one subclass per row event kind, hence three small classes that only
 * route to the shared decoders.
 *
 * <p>With a {@link Capture}, the rows of a table the filters leave out are not decoded at all: such an event comes
 * out with its table id and no rows, which the assembler (knowing the table from its TABLE_MAP as uncaptured) drops
 * as it dropped the decoded rows before. The library decodes the rows of every table it holds a TABLE_MAP for,
 * whatever the connector then does with them; a table id without one is refused (MissingTableMapEventException,
 * from {@link RowDecoder}, which decodes every captured row).
 */
final class ExactRowDeserializers {
    private ExactRowDeserializers() {
    }

    /** Whether a rows event's table is captured, by the TABLE_MAP the library's row decoding would use. */
    static final class Capture {
        /** Decisions remembered at most; beyond that the memo starts over. */
        private static final int DECISIONS = 1024;

        private final TableFilter filter;
        private final Map<Long, TableMapEventData> tableMaps;
        /** By TABLE_MAP instance: the TABLE_MAP deserializer hands out the same instance while a table's map is unchanged. */
        private final Map<TableMapEventData, Boolean> decided = new IdentityHashMap<>();
        private final BlockDiscard discard;

        Capture(TableFilter filter, Map<Long, TableMapEventData> tableMaps, BlockDiscard discard) {
            this.filter = filter;
            this.tableMaps = tableMaps;
            this.discard = discard;
        }

        /** Whether the rows of the table with this id can be left undecoded. */
        boolean skips(long tableId) {
            TableMapEventData tableMap = tableMaps.get(tableId);
            if (tableMap == null) {
                return false; // no TABLE_MAP: the library's own refusal, as without a filter
            }
            Boolean captured = decided.get(tableMap);
            if (captured == null) {
                if (decided.size() >= DECISIONS) {
                    decided.clear();
                }
                captured = filter.includes(tableMap.getDatabase(), tableMap.getTable());
                decided.put(tableMap, captured);
            }
            return !captured;
        }

        /** An uncaptured table's rows event, its rows read past undecoded. */
        <T> T skipped(ByteArrayInputStream in, T data) throws IOException {
            discard.rest(in);
            return data;
        }
    }

    /*
     * With a Capture, the event is read here up to its rows, as the library reads it (table id, two reserved bytes,
     * the extra data of version 2 events, the column count and the column bitmaps), and the rows of a captured table
     * are then read one after the other until the event's end, as the library's own deserialize() does; each row by
     * deserializeRow, which is the RowDecoder's on both paths (without a Capture, the library's deserialize() calls
     * it). Reading the table id first is what lets an uncaptured table's rows be read past undecoded (into a reused
     * buffer: BlockDiscard) without reading the event twice.
     */

    /** The rest of the post-header after the table id; returns the number of columns. */
    private static int columnCount(ByteArrayInputStream in, boolean extraInformation, Capture capture) throws IOException {
        capture.discard.skip(in, 2); // reserved
        if (extraInformation) {
            int extraInfoLength = in.readInteger(2);
            capture.discard.skip(in, extraInfoLength - 2);
        }
        return in.readPackedInteger();
    }

    static final class Write extends WriteRowsEventDataDeserializer {
        private final Capture capture;
        private final RowDecoder rowDecoder;
        private boolean extraInformation;

        Write(Map<Long, TableMapEventData> tableMaps, Capture capture) {
            super(tableMaps);
            this.capture = capture;
            this.rowDecoder = new RowDecoder(tableMaps, this::deserializeCell);
        }

        @Override
        protected Serializable[] deserializeRow(long tableId, BitSet included, ByteArrayInputStream in) throws IOException {
            return rowDecoder.row(tableId, included, in);
        }

        @Override
        public WriteRowsEventDataDeserializer setMayContainExtraInformation(boolean mayContainExtraInformation) {
            extraInformation = mayContainExtraInformation;
            return super.setMayContainExtraInformation(mayContainExtraInformation);
        }

        @Override
        public WriteRowsEventData deserialize(ByteArrayInputStream in) throws IOException {
            if (capture == null) {
                return super.deserialize(in);
            }
            WriteRowsEventData data = new WriteRowsEventData();
            data.setTableId(in.readLong(6));
            if (capture.skips(data.getTableId())) {
                data.setIncludedColumns(new BitSet());
                data.setRows(List.of());
                return capture.skipped(in, data);
            }
            BitSet included = in.readBitSet(columnCount(in, extraInformation, capture), true);
            data.setIncludedColumns(included);
            List<Serializable[]> rows = new ArrayList<>();
            while (in.available() > 0) {
                rows.add(deserializeRow(data.getTableId(), included, in));
            }
            data.setRows(rows);
            return data;
        }

        @Override protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException { return TemporalDecoder.date(in); }
        @Override protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException { return TemporalDecoder.time(in); }
        @Override protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.time2(meta, in); }
        @Override protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException { return TemporalDecoder.datetime(in); }
        @Override protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.datetime2(meta, in); }
        @Override protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException { return TemporalDecoder.timestamp(in); }
        @Override protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.timestamp2(meta, in); }
        @Override protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException { return TemporalDecoder.year(in); }
    }

    static final class Update extends UpdateRowsEventDataDeserializer {
        private final Capture capture;
        private final RowDecoder rowDecoder;
        private boolean extraInformation;

        Update(Map<Long, TableMapEventData> tableMaps, Capture capture) {
            super(tableMaps);
            this.capture = capture;
            this.rowDecoder = new RowDecoder(tableMaps, this::deserializeCell);
        }

        @Override
        protected Serializable[] deserializeRow(long tableId, BitSet included, ByteArrayInputStream in) throws IOException {
            return rowDecoder.row(tableId, included, in);
        }

        @Override
        public UpdateRowsEventDataDeserializer setMayContainExtraInformation(boolean mayContainExtraInformation) {
            extraInformation = mayContainExtraInformation;
            return super.setMayContainExtraInformation(mayContainExtraInformation);
        }

        @Override
        public UpdateRowsEventData deserialize(ByteArrayInputStream in) throws IOException {
            if (capture == null) {
                return super.deserialize(in);
            }
            UpdateRowsEventData data = new UpdateRowsEventData();
            data.setTableId(in.readLong(6));
            if (capture.skips(data.getTableId())) {
                data.setIncludedColumnsBeforeUpdate(new BitSet());
                data.setIncludedColumns(new BitSet());
                data.setRows(List.of());
                return capture.skipped(in, data);
            }
            int columns = columnCount(in, extraInformation, capture);
            BitSet before = in.readBitSet(columns, true);
            BitSet after = in.readBitSet(columns, true);
            data.setIncludedColumnsBeforeUpdate(before);
            data.setIncludedColumns(after);
            List<Map.Entry<Serializable[], Serializable[]>> rows = new ArrayList<>();
            while (in.available() > 0) {
                rows.add(new AbstractMap.SimpleEntry<>(deserializeRow(data.getTableId(), before, in),
                        deserializeRow(data.getTableId(), after, in)));
            }
            data.setRows(rows);
            return data;
        }

        @Override protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException { return TemporalDecoder.date(in); }
        @Override protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException { return TemporalDecoder.time(in); }
        @Override protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.time2(meta, in); }
        @Override protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException { return TemporalDecoder.datetime(in); }
        @Override protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.datetime2(meta, in); }
        @Override protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException { return TemporalDecoder.timestamp(in); }
        @Override protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.timestamp2(meta, in); }
        @Override protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException { return TemporalDecoder.year(in); }
    }

    static final class Delete extends DeleteRowsEventDataDeserializer {
        private final Capture capture;
        private final RowDecoder rowDecoder;
        private boolean extraInformation;

        Delete(Map<Long, TableMapEventData> tableMaps, Capture capture) {
            super(tableMaps);
            this.capture = capture;
            this.rowDecoder = new RowDecoder(tableMaps, this::deserializeCell);
        }

        @Override
        protected Serializable[] deserializeRow(long tableId, BitSet included, ByteArrayInputStream in) throws IOException {
            return rowDecoder.row(tableId, included, in);
        }

        @Override
        public DeleteRowsEventDataDeserializer setMayContainExtraInformation(boolean mayContainExtraInformation) {
            extraInformation = mayContainExtraInformation;
            return super.setMayContainExtraInformation(mayContainExtraInformation);
        }

        @Override
        public DeleteRowsEventData deserialize(ByteArrayInputStream in) throws IOException {
            if (capture == null) {
                return super.deserialize(in);
            }
            DeleteRowsEventData data = new DeleteRowsEventData();
            data.setTableId(in.readLong(6));
            if (capture.skips(data.getTableId())) {
                data.setIncludedColumns(new BitSet());
                data.setRows(List.of());
                return capture.skipped(in, data);
            }
            BitSet included = in.readBitSet(columnCount(in, extraInformation, capture), true);
            data.setIncludedColumns(included);
            List<Serializable[]> rows = new ArrayList<>();
            while (in.available() > 0) {
                rows.add(deserializeRow(data.getTableId(), included, in));
            }
            data.setRows(rows);
            return data;
        }

        @Override protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException { return TemporalDecoder.date(in); }
        @Override protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException { return TemporalDecoder.time(in); }
        @Override protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.time2(meta, in); }
        @Override protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException { return TemporalDecoder.datetime(in); }
        @Override protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.datetime2(meta, in); }
        @Override protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException { return TemporalDecoder.timestamp(in); }
        @Override protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException { return TemporalDecoder.timestamp2(meta, in); }
        @Override protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException { return TemporalDecoder.year(in); }
    }
}
