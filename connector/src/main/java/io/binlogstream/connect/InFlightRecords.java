package io.binlogstream.connect;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Records poll() has handed to Connect that Kafka has not acknowledged yet ({@code max.in.flight.records}).
 *
 * <p>Connect keeps every such record in memory, with its converted key and value, until the producer's callback;
 * the producer's {@code buffer.memory} bounds only their serialized bytes, which are a small part of them. So when
 * the producer falls behind (a slow broker, or a rate above what {@code batch.size} and Connect's one request in
 * flight carry), the worker's heap fills with records and its collector with work, which slows the producer
 * further. Holding poll() back at a bound leaves the backlog in the binlog instead, which costs the worker no memory.
 *
 * <p>The producer's thread calls {@link #acknowledged} once per record (Connect's {@code commitRecord}); poll()'s
 * thread calls the rest.
 */
final class InFlightRecords {
    private final int max;
    private final AtomicInteger count = new AtomicInteger();
    /** poll()'s thread while it waits for room, else null: the acknowledging thread wakes it. */
    private volatile Thread waiter;
    /** The batch the waiter waits to fit: only an acknowledgement that makes room for it wakes the waiter. */
    private volatile int wanted;
    /** Time poll() has spent waiting for room, for the task's metrics (written by poll()'s thread only). */
    private volatile long waitedNanos;

    InFlightRecords(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max.in.flight.records must be at least 1: " + max);
        }
        this.max = max;
    }

    /**
     * Waits, at most {@code timeout}, until a batch of {@code batch} records (at most the bound) fits under the
     * bound; returns its size, or 0 if it did not fit in time. Waiting for a whole batch rather than for any room
     * keeps poll() from handing over a record at a time while acknowledgements trickle in.
     */
    int awaitRoom(int batch, Duration timeout) throws InterruptedException {
        int want = Math.min(batch, max);
        if (fits(want)) {
            return want;
        }
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        wanted = want;
        waiter = Thread.currentThread();
        try {
            // Checked after waiter is set: an acknowledgement in between unparks, so the park returns at once.
            while (!fits(want)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return want;
        } finally {
            waiter = null;
            waitedNanos += System.nanoTime() - started;
        }
    }

    /** Whether a batch of {@code batch} records (at most the bound) may be handed over now, without waiting. */
    boolean fits(int batch) {
        return count.get() + Math.min(batch, max) <= max;
    }

    void handedOver(int records) {
        count.addAndGet(records);
    }

    void acknowledged() {
        int now = count.decrementAndGet();
        Thread w = waiter;
        if (w != null && now + wanted <= max) {
            LockSupport.unpark(w);
        }
    }

    int count() {
        return count.get();
    }

    int max() {
        return max;
    }

    /** Milliseconds poll() has waited for room since the task started. */
    long waitedMillis() {
        return waitedNanos / 1_000_000;
    }
}
