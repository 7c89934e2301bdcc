package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * Row-event deserializers whose temporal cells go through {@link TemporalDecoder}. The library offers one
 * subclass per row event kind, hence three small classes that only route to the shared decoder.
 */
final class ExactRowDeserializers {
    private ExactRowDeserializers() {
    }

    static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
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
        Update(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
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
        Delete(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
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
