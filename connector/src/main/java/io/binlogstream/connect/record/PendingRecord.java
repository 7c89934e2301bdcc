package io.binlogstream.connect.record;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import io.binlogstream.connect.offset.SourceOffset;

/**
 * A record whose offset is not known yet: whether it is the last of its transaction (and so carries the
 * transaction's end mark and a between-transactions offset) is only known when the next row or the commit
 * arrives.
 *
 * @param ordinal    the row change's ordinal within its transaction (1-based)
 * @param completesRow false for a delete that a tombstone follows: replay must resume at the delete so the
 *                   tombstone is never lost
 * @param sizeBound  an upper bound of the record's {@link RecordSizeGuard} estimate, or Long.MAX_VALUE
 * @param queueBytes what the record weighs in the reader's hand-off queue (the row's share of its binlog event)
 */
public record PendingRecord(String topic, Schema keySchema, Object key, Schema valueSchema, Object value,
                            String eventId, long ordinal, boolean completesRow, long sizeBound, long queueBytes) {

    public static final String EVENT_ID_HEADER = "binlogstream.event.id";
    /** On the last record of a transaction: how many row changes the transaction delivered. */
    public static final String TRANSACTION_END_HEADER = "binlogstream.txn.end";

    public SourceRecord toSourceRecord(Map<String, ?> partition, SourceOffset offset, Long transactionRows) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(EVENT_ID_HEADER, eventId);
        if (transactionRows != null) {
            headers.addLong(TRANSACTION_END_HEADER, transactionRows);
        }
        return new SourceRecord(partition, offset.toMap(), topic, null, keySchema, key, valueSchema, value, null, headers);
    }
}
