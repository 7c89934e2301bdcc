package io.binlogstream.connect.binlog;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record on its way to poll(), with what the task needs to place Kafka transaction boundaries.
 *
 * @param endsTransaction whether the record is the last of its database transaction (or a heartbeat, which
 *                        stands between transactions): a Kafka commit here never splits a transaction
 * @param restartPoint    whether the record's offset covers the record itself, so committing right after it
 *                        never replays any of it (false for a delete whose tombstone is still to come)
 * @param sizeBound       at least {@link io.binlogstream.connect.record.RecordSizeGuard}'s estimate of the record, so
 *                        poll() can skip walking records that cannot reach the size limit; {@link #UNBOUNDED} if unknown
 * @param commitHere      end the Kafka transaction after this record whatever the commit thresholds say: the last row
 *                        of a snapshot chunk, so that a worker killed mid-snapshot has stored every chunk but the one
 *                        it was sending, and its successor reads at most that chunk again
 */
public record Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint, long sizeBound, boolean commitHere) {
    public static final long UNBOUNDED = Long.MAX_VALUE;

    public Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint, long sizeBound) {
        this(record, endsTransaction, restartPoint, sizeBound, false);
    }

    public Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint) {
        this(record, endsTransaction, restartPoint, UNBOUNDED);
    }

    /** The last row of a snapshot chunk: ends a database-transaction-like unit and its own Kafka transaction. */
    public static Delivery chunkEnd(SourceRecord record) {
        return new Delivery(record, true, true, UNBOUNDED, true);
    }
}
