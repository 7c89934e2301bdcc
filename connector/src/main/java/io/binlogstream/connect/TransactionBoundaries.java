package io.binlogstream.connect;

import org.apache.kafka.connect.source.TransactionContext;

import io.binlogstream.connect.binlog.Delivery;

/**
 * Where Kafka transactions end when the connector defines them ({@code transaction.boundary=connector} on a
 * worker with exactly-once support): only where a database transaction ends, so a read_committed consumer
 * sees each database transaction whole. Small database transactions share a Kafka transaction until it holds
 * {@code transaction.commit.records} records or has been open {@code transaction.commit.interval.ms}, or the
 * connector has caught up with the binlog; the end of a snapshot chunk always commits, so a crash costs at most one
 * chunk. A database transaction larger than {@code transaction.split.records} is split at a row boundary, marked by
 * a header on the part's last record.
 */
final class TransactionBoundaries {
    static final String SPLIT_HEADER = "binlogstream.txn.split";

    private final TransactionContext context;
    private final int commitRecords;
    private final long commitIntervalMs;
    private final int splitRecords;

    private long openRecords;
    private long openedAtMs;
    /** Whether the last record handed to Connect ended a database transaction, uncommitted yet. */
    private boolean openEndsAtCommitPoint;

    /** @param context null when the worker defines the boundaries itself (then this does nothing) */
    TransactionBoundaries(TransactionContext context, int commitRecords, long commitIntervalMs, int splitRecords) {
        this.context = context;
        this.commitRecords = commitRecords;
        this.commitIntervalMs = commitIntervalMs;
        this.splitRecords = splitRecords;
    }

    /**
     * Called for each record in the order poll() returns them.
     *
     * @param lastAvailable no other record is waiting: the connector has caught up with the binlog
     */
    void onRecord(Delivery delivery, boolean lastAvailable, long nowMs) {
        if (context == null) {
            return;
        }
        if (openRecords++ == 0) {
            openedAtMs = nowMs;
        }
        if (delivery.endsTransaction()) {
            if (delivery.commitHere() || lastAvailable || openRecords >= commitRecords || nowMs - openedAtMs >= commitIntervalMs) {
                commitAfter(delivery);
            } else {
                openEndsAtCommitPoint = true;
            }
            return;
        }
        openEndsAtCommitPoint = false;
        if (delivery.restartPoint() && openRecords >= splitRecords) {
            delivery.record().headers().addBoolean(SPLIT_HEADER, true);
            commitAfter(delivery);
        }
    }

    /** poll() found nothing: commit what is open if it ends at a database commit. */
    void onIdle() {
        if (context != null && openRecords > 0 && openEndsAtCommitPoint) {
            // Takes effect after this (empty) poll; the last record handed over ended a transaction.
            context.commitTransaction();
            reset();
        }
    }

    /** Asks for a commit cycle after this poll, even an empty one (the task waits on Connect's commit()). */
    void requestCommit() {
        if (context != null) {
            context.commitTransaction();
        }
    }

    private void commitAfter(Delivery delivery) {
        context.commitTransaction(delivery.record());
        reset();
    }

    private void reset() {
        openRecords = 0;
        openEndsAtCommitPoint = false;
    }
}
