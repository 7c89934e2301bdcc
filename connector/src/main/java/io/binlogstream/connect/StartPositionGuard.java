package io.binlogstream.connect;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * Tracks whether the offset of a first start is stored. Connect calls {@code commitRecord} once the record
 * was written (with exactly-once: once its transaction committed) and {@code commit()} after each offset
 * commit cycle; the cycle that was under way when the record was acknowledged may not include its offset, so
 * the position counts as stored after the second cycle that follows the acknowledgement.
 * {@code commitRecord} and {@code commit} may run on other threads than poll().
 */
final class StartPositionGuard {
    private static final int NOT_SENT = -2;
    private static final int SENT = -1;
    private static final int CYCLES_NEEDED = 2;

    private volatile SourceRecord record;
    /** NOT_SENT, SENT, then the number of commit cycles completed since the acknowledgement. */
    private final AtomicInteger state;
    /** Notified when the position becomes stored, so poll() waits for that rather than sleeping. */
    private final Object storedSignal = new Object();

    private StartPositionGuard(int state) {
        this.state = new AtomicInteger(state);
    }

    static StartPositionGuard forFirstStart() {
        return new StartPositionGuard(NOT_SENT);
    }

    static StartPositionGuard alreadyStored() {
        return new StartPositionGuard(CYCLES_NEEDED);
    }

    boolean awaitingFirstRecord() {
        return state.get() == NOT_SENT;
    }

    boolean isStored() {
        return state.get() >= CYCLES_NEEDED;
    }

    void sent(SourceRecord first) {
        record = first;
        state.set(SENT);
    }

    void acknowledged(SourceRecord acknowledged) {
        if (acknowledged == record) {
            state.compareAndSet(SENT, 0);
        }
    }

    /** A commit cycle ended; returns true when this one makes the position stored. */
    boolean committed() {
        while (true) {
            int current = state.get();
            if (current < 0 || current >= CYCLES_NEEDED) {
                return false;
            }
            if (state.compareAndSet(current, current + 1)) {
                boolean nowStored = current + 1 == CYCLES_NEEDED;
                if (nowStored) {
                    synchronized (storedSignal) {
                        storedSignal.notifyAll();
                    }
                }
                return nowStored;
            }
        }
    }

    /** Waits until the position is stored, at most {@code timeout}; returns whether it is. */
    boolean awaitStored(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (storedSignal) {
            while (!isStored()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(storedSignal, left);
            }
            return true;
        }
    }
}
