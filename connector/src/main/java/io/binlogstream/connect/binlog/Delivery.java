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
 * @param endsChunk       whether the record is the last of a snapshot chunk: with connector-defined transactions a
 *                        Kafka transaction ends here whatever its size, so a crash aborts at most one chunk's rows and
 *                        the restarted task (which resumes from the last committed offset) reads at most one chunk again
 */
public record Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint, long sizeBound, boolean endsChunk) {
    public static final long UNBOUNDED = Long.MAX_VALUE;

    public Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint, long sizeBound) {
        this(record, endsTransaction, restartPoint, sizeBound, false);
    }

    public Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint) {
        this(record, endsTransaction, restartPoint, UNBOUNDED);
    }
}
