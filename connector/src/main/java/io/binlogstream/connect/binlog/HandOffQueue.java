package io.binlogstream.connect.binlog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reader thread's hand-off to poll(), bounded both in items ({@code max.queue.size}) and in estimated bytes
 * ({@code max.queue.bytes}). A count alone lets a table of large rows (a 1 MB BLOB times the default 8,192
 * records) fill the worker's heap; bytes alone would let a stream of tiny records pile up millions of objects.
 *
 * <p>When either bound is reached, {@link #put} waits, and with it the binlog client and the server's dump thread:
 * back-pressure, nothing dropped. An item larger than the whole byte limit is taken as soon as the queue is
 * empty, so a single huge row never blocks the stream. {@link #drain} moves many items under one lock, which
 * costs poll() one lock acquisition per batch rather than per record.
 */
final class HandOffQueue<T> {
    private final long maxBytes;
    /** A ring of items and their weights (parallel arrays, so no weight is boxed); {@code head} is the oldest. */
    private final Object[] items;
    private final long[] weights;
    private int head;
    private int count;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private long bytes;

    HandOffQueue(int maxItems, long maxBytes) {
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("bounds must be positive: " + maxItems + " items, " + maxBytes + " bytes");
        }
        this.maxBytes = maxBytes;
        this.items = new Object[maxItems];
        this.weights = new long[maxItems];
    }

    /** Adds an item of {@code itemBytes} estimated bytes, waiting while the queue is full by either bound. */
    void put(T item, long itemBytes) throws InterruptedException {
        long weight = Math.max(0, itemBytes);
        lock.lockInterruptibly();
        try {
            while (count == items.length || (count > 0 && bytes + weight > maxBytes)) {
                notFull.await();
            }
            int tail = (head + count) % items.length;
            items[tail] = item;
            weights[tail] = weight;
            count++;
            bytes += weight;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} items into {@code out}, waiting at most {@code timeout} for the first; returns at
     * once with what is there after that.
     */
    void drain(List<? super T> out, int max, Duration timeout) throws InterruptedException {
        if (max < 1) {
            // Taking nothing while items wait would let a caller's loop spin.
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (count == 0) {
                if (nanos <= 0) {
                    return;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            for (int taken = 0; taken < max && count > 0; taken++) {
                out.add(takeFirst());
            }
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes the oldest item; the lock is held and the queue is not empty. */
    @SuppressWarnings("unchecked")
    private T takeFirst() {
        T item = (T) items[head];
        items[head] = null;
        bytes -= weights[head];
        head = (head + 1) % items.length;
        count--;
        return item;
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return count == 0;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Estimated bytes held now. */
    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
