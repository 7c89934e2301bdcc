package io.binlogstream.connect.binlog;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;

/**
 * A MySQL PARTIAL_UPDATE_ROWS event (binlog_row_value_options=PARTIAL_JSON): its after-images hold JSON diffs,
 * not values, so its rows cannot become records. Only the table id is read, so the connector can refuse the
 * event when the table is captured instead of skipping a change silently (the session variable can be set
 * after the preflight checked the global one).
 */
record PartialUpdateRows(long tableId) implements EventData {

    /** The rows event post-header starts with the 6-byte table id. */
    static EventDataDeserializer<PartialUpdateRows> deserializer() {
        return in -> new PartialUpdateRows(in.readLong(6));
    }
}
