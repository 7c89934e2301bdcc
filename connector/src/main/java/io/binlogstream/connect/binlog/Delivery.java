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
 * @param queueBytes      what the record counts against {@code max.queue.bytes}: an estimate of its data (the row's
 *                        share of its binlog event, or a snapshot row's values), not of its Java objects
 */
public record Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint, long sizeBound, boolean commitHere,
                       long queueBytes) {
    public static final long UNBOUNDED = Long.MAX_VALUE;
    /** The weight of a record without row data (a heartbeat): a few short strings and numbers. */
    public static final long SMALL_RECORD_BYTES = 256;

    public Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint, long sizeBound, long queueBytes) {
        this(record, endsTransaction, restartPoint, sizeBound, false, queueBytes);
    }

    public Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint) {
        this(record, endsTransaction, restartPoint, UNBOUNDED, SMALL_RECORD_BYTES);
    }

    /** A snapshot row; the last of its chunk ends a database-transaction-like unit and its own Kafka transaction. */
    public static Delivery snapshotRow(SourceRecord record, boolean lastOfChunk, long queueBytes) {
        return lastOfChunk ? new Delivery(record, true, true, UNBOUNDED, true, queueBytes)
                : new Delivery(record, false, false, UNBOUNDED, false, queueBytes);
    }
}
