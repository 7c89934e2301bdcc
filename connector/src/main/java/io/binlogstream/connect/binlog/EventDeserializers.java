package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.BinlogCheckpointEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidTaggedEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.IntVarEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidListEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.PreviousGtidSetDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.QueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XAPrepareEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XidEventDataDeserializer;

import io.binlogstream.connect.config.TableFilter;

/**
 * The one place that configures how binlog events are decoded, for live streams and binlog files alike.
 * Character data stays bytes (the connector decodes it with the column's own charset) and temporal cells go
 * through {@link TemporalDecoder}, also inside MySQL's compressed transactions. Events the connector does not use
 * are not decoded at all, nor (given the table filter) the rows of tables it does not capture. Among those not
 * decoded: the statement text MariaDB writes before each statement's rows (ANNOTATE_ROWS, on by default) and MySQL's
 * ROWS_QUERY; decoding it cost a seventh of reading a stream of single-row statements.
 */
public final class EventDeserializers {
    private static final int TABLE_MAP_CACHE = 10_000;

    private EventDeserializers() {
    }

    /** Decodes every table's rows (binlog files, tests). */
    public static EventDeserializer create() {
        return create(null);
    }

    /**
     * @param captured the tables whose rows are decoded; the rows events of others come out with their table id and no
     *                 rows (null: every table's rows are decoded)
     */
    public static EventDeserializer create(TableFilter captured) {
        Map<Long, TableMapEventData> tableMaps = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, TableMapEventData> eldest) {
                return size() > TABLE_MAP_CACHE;
            }
        };
        // The events inside a compressed transaction are decoded like all others; they share the table maps, so
        // its rows find the TABLE_MAPs it carries.
        BlockDiscard discard = new BlockDiscard();
        ExactRowDeserializers.Capture capture = captured == null ? null : new ExactRowDeserializers.Capture(captured, tableMaps, discard);
        Map<EventType, EventDataDeserializer> innerByType = deserializers(tableMaps, capture);
        innerByType.put(EventType.TRANSACTION_PAYLOAD, in -> {
            throw new IOException("A compressed transaction inside a compressed transaction");
        });
        Map<EventType, EventDataDeserializer> byType = deserializers(tableMaps, capture);
        byType.put(EventType.TRANSACTION_PAYLOAD, new CompressedTransactionDeserializer(deserializer(innerByType, tableMaps, discard)));
        return deserializer(byType, tableMaps, discard);
    }

    private static EventDeserializer deserializer(Map<EventType, EventDataDeserializer> byType, Map<Long, TableMapEventData> tableMaps,
                                                  BlockDiscard discard) {
        // Events without a deserializer here come out with no data, their bytes read past into a reused buffer.
        EventDeserializer deserializer = new EventDeserializer(new EventHeaderReader(), discard.deserializer(),
                byType, tableMaps);
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        return deserializer;
    }

    private static Map<EventType, EventDataDeserializer> deserializers(Map<Long, TableMapEventData> tableMaps,
                                                                       ExactRowDeserializers.Capture capture) {
        // An EnumMap: the library looks the deserializer up for every event (an IdentityHashMap was a tenth of reading).
        Map<EventType, EventDataDeserializer> byType = new EnumMap<>(EventType.class);
        byType.put(EventType.FORMAT_DESCRIPTION, new FormatDescriptionEventDataDeserializer());
        byType.put(EventType.ROTATE, new RotateEventDataDeserializer());
        byType.put(EventType.INTVAR, new IntVarEventDataDeserializer());
        byType.put(EventType.QUERY, new QueryEventDataDeserializer());
        byType.put(EventType.TABLE_MAP, new ExactTableMapDeserializer().registered());
        byType.put(EventType.XID, new XidEventDataDeserializer());
        byType.put(EventType.WRITE_ROWS, new ExactRowDeserializers.Write(tableMaps, capture));
        byType.put(EventType.UPDATE_ROWS, new ExactRowDeserializers.Update(tableMaps, capture));
        byType.put(EventType.DELETE_ROWS, new ExactRowDeserializers.Delete(tableMaps, capture));
        byType.put(EventType.EXT_WRITE_ROWS, new ExactRowDeserializers.Write(tableMaps, capture).setMayContainExtraInformation(true));
        byType.put(EventType.EXT_UPDATE_ROWS, new ExactRowDeserializers.Update(tableMaps, capture).setMayContainExtraInformation(true));
        byType.put(EventType.EXT_DELETE_ROWS, new ExactRowDeserializers.Delete(tableMaps, capture).setMayContainExtraInformation(true));
        byType.put(EventType.PARTIAL_UPDATE_ROWS_EVENT, PartialUpdateRows.deserializer());
        byType.put(EventType.GTID, new GtidEventDataDeserializer());
        byType.put(EventType.GTID_TAGGED, new GtidTaggedEventDataDeserializer());
        byType.put(EventType.PREVIOUS_GTIDS, new PreviousGtidSetDeserializer());
        byType.put(EventType.XA_PREPARE, new XAPrepareEventDataDeserializer());
        byType.put(EventType.MARIADB_GTID, new MariadbGtidEventDataDeserializer());
        byType.put(EventType.BINLOG_CHECKPOINT, new BinlogCheckpointEventDataDeserializer());
        byType.put(EventType.MARIADB_GTID_LIST, new MariadbGtidListEventDataDeserializer());
        return byType;
    }
}
