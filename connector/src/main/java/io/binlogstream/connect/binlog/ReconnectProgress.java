package io.binlogstream.connect.binlog;

import io.binlogstream.connect.gtid.GtidPosition;

import java.time.Duration;

/**
 * Decides, connection by connection, whether the binlog reader is getting anywhere, which bounds reconnecting: the
 * back-off and the reconnect.timeout.ms clock restart only when a connection made progress.
 *
 * <p>Merely connecting is not progress: every connection brings the server's first events and the resumed
 * transaction's first ones, even when the path stops or cuts every transfer of a large event after them (an MTU or
 * proxy limit), which would reconnect for ever. Progress is any of:
 * <ul>
 *   <li>a record handed over (the assembler skips what was handed over before a reconnect);</li>
 *   <li>a transaction completed, captured or not (the delivered position moved);</li>
 *   <li>two server heartbeats in a row at the same log position: the server is idle. MySQL also sends heartbeats
 *       while it skips to the resume point (one whenever a heartbeat period passes with nothing sent), and each
 *       carries the position the skip has reached, so they move. (MySQL 8 can send two at one position where a
 *       skipped batch of events ends, with more events after them; a connection stalled inside an event already
 *       written past its resume point does not end a batch there.)</li>
 *   <li>more events than any earlier connection brought from the same delivered position (a re-read that got
 *       further). Heartbeats are not counted: how many a skip brings depends on how long it took.</li>
 * </ul>
 *
 * <p>A query an event needs (a table's catalog) that loses its connection closes the binlog connection too, so the
 * transaction is read again; that has its own bound ({@link #queryLost}), since such a connection did stream.
 *
 * <p>Per event only a counter, a flag and a position: no clock on the hot path. The caller passes the time when a
 * connection ends. Reader thread only.
 */
final class ReconnectProgress {
    static final long INITIAL_BACKOFF_MS = 250;

    private final long timeoutMs;
    private final long backoffMaxMs;

    // The current connection.
    private GtidPosition resumedFrom;
    private boolean progress;
    private long events;
    private boolean lastWasHeartbeat;
    private long lastHeartbeatPosition;

    /** The delivered position the connections of a run resumed from, and the most events one of them brought. */
    private GtidPosition furthestFrom;
    private long furthestEvents;

    // Since the last progress.
    private long lostSince;
    private int fruitless;
    private boolean lastStreamed;
    private long backoffMs = INITIAL_BACKOFF_MS;

    // A run of lost queries: the delivered position at its first, when it began and when the last one was lost.
    private GtidPosition lostQueryAt;
    private long lostQuerySince;
    private long lostQueryLast;

    ReconnectProgress(Duration timeout, Duration backoffMax) {
        this.timeoutMs = timeout.toMillis();
        this.backoffMaxMs = backoffMax.toMillis();
    }

    /** A connection is about to be made, resuming from {@code delivered}. */
    void connecting(GtidPosition delivered) {
        resumedFrom = delivered;
        progress = false;
        events = 0;
        lastWasHeartbeat = false;
    }

    /** An event came through the current connection; {@code logPosition} is its header's next position. */
    void event(boolean heartbeat, long logPosition) {
        if (heartbeat && lastWasHeartbeat && logPosition == lastHeartbeatPosition) {
            progress = true;
        }
        lastWasHeartbeat = heartbeat;
        lastHeartbeatPosition = logPosition;
        if (!heartbeat) {
            events++;
        }
    }

    /** The current connection handed a record over. */
    void handedOver() {
        progress = true;
    }

    /**
     * The current connection ended (or could not be made, when {@code streamed} is false).
     *
     * @param byLostQuery it was closed because a query an event needed lost its connection, which has its own bound
     * @param delivered   the delivered position now
     * @return true when it streamed but brought nothing new (a fruitless connection, counted in {@link #fruitless()}),
     *         which leaves the reconnect clock running; false when it made progress, could not be made, or is the
     *         first loss (which starts the clock)
     */
    boolean ended(boolean streamed, boolean byLostQuery, GtidPosition delivered, long nowMs) {
        lastStreamed = streamed;
        if (streamed && (progressed(delivered) || byLostQuery) || lostSince == 0) {
            lostSince = nowMs;
            backoffMs = INITIAL_BACKOFF_MS;
            fruitless = 0;
            return false;
        }
        if (streamed) {
            fruitless++;
            return true;
        }
        return false;
    }

    private boolean progressed(GtidPosition delivered) {
        // The furthest count is kept whatever else this connection did, so that a re-read after a connection that
        // handed something over is measured against how far that one got.
        boolean further;
        if (!resumedFrom.equals(furthestFrom)) {
            furthestFrom = resumedFrom;
            furthestEvents = events;
            further = events > 0;
        } else if (events > furthestEvents) {
            furthestEvents = events;
            further = true;
        } else {
            further = false;
        }
        return progress || !delivered.equals(resumedFrom) || further;
    }

    /** Whether reconnect.timeout.ms has passed since the last progress (or since the first loss). */
    boolean timedOut(long nowMs) {
        return nowMs - lostSince >= timeoutMs;
    }

    /**
     * Whether connections are being made but keep ending with nothing new, rather than failing to connect: the last
     * attempt streamed, and at least one connection since the last progress was fruitless.
     */
    boolean keepsEnding() {
        return lastStreamed && fruitless > 0;
    }

    int fruitless() {
        return fruitless;
    }

    long lostForMs(long nowMs) {
        return nowMs - lostSince;
    }

    /** The wait before the next attempt; each call doubles the next one, up to reconnect.backoff.max.ms. */
    long nextBackoffMs() {
        long wait = backoffMs;
        backoffMs = Math.min(backoffMs * 2, backoffMaxMs);
        return wait;
    }

    /**
     * A query an event needed lost its connection, with {@code delivered} the delivered position now.
     *
     * @return true to reconnect and read the transaction again; false once queries have lost their connection for
     *         reconnect.timeout.ms without the delivered position moving. A loss more than reconnect.timeout.ms after
     *         the last one starts a new run: the query succeeded in between.
     */
    boolean queryLost(GtidPosition delivered, long nowMs) {
        if (!delivered.equals(lostQueryAt) || nowMs - lostQueryLast > timeoutMs) {
            lostQueryAt = delivered;
            lostQuerySince = nowMs;
        } else if (nowMs - lostQuerySince >= timeoutMs) {
            return false;
        }
        lostQueryLast = nowMs;
        return true;
    }

    long timeoutMs() {
        return timeoutMs;
    }
}
