package io.binlogstream.connect.binlog;

import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.gtid.MariaDbGtidPosition;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule that bounds reconnecting, one branch at a time, on a clock the test moves. The live side (a real server
 * behind a relay that stalls or cuts) is in {@link LiveResilienceTest}; the branches only MySQL reaches (its heartbeats
 * while it skips to the resume point) and a re-read that gets further are only here.
 */
class ReconnectProgressTest {
    private static final GtidPosition AT = MariaDbGtidPosition.parse("0-1-10");
    private static final long TIMEOUT_MS = 10_000;
    private static final long START = 1_700_000_000_000L;

    private final ReconnectProgress progress = new ReconnectProgress(Duration.ofMillis(TIMEOUT_MS), Duration.ofSeconds(4));

    /** A connection from AT that brings {@code events} ordinary events, ends at {@code now} and completes nothing. */
    private boolean stallsAfter(int events, long now) {
        progress.connecting(AT);
        for (int i = 0; i < events; i++) {
            progress.event(false, 4_000 + 100L * i);
        }
        return progress.ended(true, false, AT, now);
    }

    @Test
    void connectionsThatEndInTheSameEventEveryTimeKeepEndingUntilTheTimeout() {
        assertFalse(stallsAfter(5, START), "the first connection from a position counts: nothing to compare it with yet");
        assertTrue(stallsAfter(5, START + 2_000));
        assertTrue(stallsAfter(5, START + 6_000));
        assertFalse(progress.timedOut(START + 6_000));
        assertTrue(stallsAfter(5, START + TIMEOUT_MS));
        assertTrue(progress.timedOut(START + TIMEOUT_MS));
        assertTrue(progress.keepsEnding());
        assertEquals(3, progress.fruitless());
        assertEquals(TIMEOUT_MS, progress.lostForMs(START + TIMEOUT_MS));
    }

    @Test
    void aRecordHandedOverIsProgress() {
        for (long t = START; t < START + 6 * TIMEOUT_MS; t += 2_000) {
            progress.connecting(AT);
            progress.event(false, 4_000);
            progress.handedOver();
            assertFalse(progress.ended(true, false, AT, t));
            assertFalse(progress.timedOut(t));
        }
        assertFalse(progress.keepsEnding());
    }

    @Test
    void aCompletedTransactionIsProgressEvenWhenNothingWasHandedOver() {
        stallsAfter(5, START);
        assertTrue(stallsAfter(5, START + 2_000));
        progress.connecting(AT);
        progress.event(false, 4_000);
        GtidPosition completed = MariaDbGtidPosition.parse("0-1-11");
        assertFalse(progress.ended(true, false, completed, START + 4_000), "an uncaptured transaction completed");
        assertEquals(0, progress.fruitless());
        assertFalse(progress.timedOut(START + 4_000 + TIMEOUT_MS - 1));
    }

    @Test
    void aFirstConnectionFromANewPositionCountsOnlyIfItBroughtEvents() {
        stallsAfter(5, START);
        GtidPosition completed = MariaDbGtidPosition.parse("0-1-11");
        progress.connecting(AT);
        progress.event(false, 4_000);
        assertFalse(progress.ended(true, false, completed, START + 1_000));
        progress.connecting(completed);
        assertTrue(progress.ended(true, false, completed, START + 2_000), "it brought nothing at all");
    }

    @Test
    void theFirstAttemptThatCannotConnectStartsTheClockRatherThanFailing() {
        assertFalse(progress.ended(false, false, AT, START));
        assertFalse(progress.timedOut(START + TIMEOUT_MS - 1));
        assertTrue(progress.timedOut(START + TIMEOUT_MS));
        assertFalse(progress.keepsEnding());
    }

    @Test
    void twoHeartbeatsInARowAtTheSamePositionMarkAnIdleServer() {
        stallsAfter(5, START);
        for (long t = START + 2_000; t < START + 6 * TIMEOUT_MS; t += 2_000) {
            progress.connecting(AT);
            progress.event(false, 4_000);
            progress.event(true, 4_000);
            progress.event(true, 4_000);
            assertFalse(progress.ended(true, false, AT, t));
            assertFalse(progress.timedOut(t));
        }
    }

    @Test
    void heartbeatsWhoseLogPositionMovesAreASkipToTheResumePointNotAnIdleServer() {
        // MySQL, resuming by GTID, skips what the reader has and sends a heartbeat whenever a heartbeat period passes
        // with nothing sent, each at the position the skip has reached: in a row, but each at a later position.
        // Then the events after the resume point.
        stallsAfter(5, START);
        long t = START;
        for (int connection = 0; connection < 6; connection++) {
            t += 2_000;
            progress.connecting(AT);
            progress.event(false, 120);
            progress.event(true, 1_000);
            progress.event(true, 2_000);
            progress.event(true, 3_000);
            progress.event(false, 4_000);
            progress.ended(true, false, AT, t);
        }
        assertTrue(progress.timedOut(t));
        assertTrue(progress.keepsEnding());
    }

    @Test
    void aSlowerSkipThatBringsMoreHeartbeatsIsNotAReReadThatGotFurther() {
        stallsAfter(5, START);
        progress.connecting(AT);
        for (int i = 1; i <= 4; i++) {
            progress.event(true, 1_000L * i);
        }
        for (int i = 0; i < 5; i++) {
            progress.event(false, 5_000 + 100L * i);
        }
        assertTrue(progress.ended(true, false, AT, START + 2_000), "the same 5 events, after more heartbeats");
    }

    @Test
    void heartbeatsInARowMustBothBeInOneConnection() {
        stallsAfter(5, START);
        progress.connecting(AT);
        progress.event(false, 4_000);
        progress.event(true, 4_000);
        assertTrue(progress.ended(true, false, AT, START + 1_000));
        progress.connecting(AT);
        progress.event(true, 4_000);
        progress.event(false, 4_100);
        assertTrue(progress.ended(true, false, AT, START + 2_000), "one heartbeat at the end of a connection, one at the start of the next");
    }

    @Test
    void aHeartbeatBetweenEventsIsNotProgress() {
        stallsAfter(5, START);
        progress.connecting(AT);
        progress.event(true, 4_000);
        progress.event(false, 4_000);
        progress.event(true, 4_000);
        assertTrue(progress.ended(true, false, AT, START + 1_000), "not in a row: one heartbeat, then an event");
    }

    @Test
    void aReReadThatGetsFurtherThanTheOnesBeforeIsProgress() {
        assertFalse(stallsAfter(5, START));
        assertTrue(stallsAfter(5, START + 4_000));
        assertFalse(stallsAfter(8, START + 8_000), "three events further than any connection before from the same position");
        assertFalse(progress.timedOut(START + 8_000 + TIMEOUT_MS - 1), "the clock restarted at the further re-read");
        assertTrue(stallsAfter(8, START + 12_000), "as far as the furthest, no further");
        assertTrue(stallsAfter(7, START + 18_000 + TIMEOUT_MS));
        assertTrue(progress.timedOut(START + 18_000 + TIMEOUT_MS));
        assertEquals(2, progress.fruitless());
    }

    @Test
    void aReReadIsMeasuredAgainstAConnectionThatHandedSomethingOver() {
        stallsAfter(5, START);
        progress.connecting(AT);
        for (int i = 0; i < 9; i++) {
            progress.event(false, 4_000 + 100L * i);
        }
        progress.handedOver();
        assertFalse(progress.ended(true, false, AT, START + 1_000), "a record of the open transaction was handed over");
        assertTrue(stallsAfter(7, START + 2_000), "short of the 9 events the connection before it brought");
    }

    @Test
    void connectionsThatCannotBeMadeTimeOutAsUnreachableNotAsEnding() {
        assertFalse(stallsAfter(5, START));
        assertTrue(stallsAfter(5, START + 1_000));
        assertFalse(progress.ended(false, false, AT, START + 5_000));
        assertFalse(progress.ended(false, false, AT, START + TIMEOUT_MS));
        assertTrue(progress.timedOut(START + TIMEOUT_MS));
        assertFalse(progress.keepsEnding(), "the last attempt did not connect: the message is that it could not be re-established");
    }

    @Test
    void aConnectionClosedForALostQueryRestartsTheClock() {
        stallsAfter(5, START);
        stallsAfter(5, START + 4_000);
        progress.connecting(AT);
        assertFalse(progress.ended(true, true, AT, START + 8_000), "a lost query has its own bound");
        assertFalse(progress.timedOut(START + TIMEOUT_MS + 7_000));
        assertEquals(0, progress.fruitless());
    }

    @Test
    void theBackOffDoublesUpToItsMaximumAndStartsOverAfterProgress() {
        stallsAfter(5, START);
        assertEquals(250, progress.nextBackoffMs());
        assertEquals(500, progress.nextBackoffMs());
        assertEquals(1_000, progress.nextBackoffMs());
        assertEquals(2_000, progress.nextBackoffMs());
        assertEquals(4_000, progress.nextBackoffMs());
        assertEquals(4_000, progress.nextBackoffMs());
        assertTrue(stallsAfter(5, START + 1_000));
        assertEquals(4_000, progress.nextBackoffMs(), "a fruitless connection keeps the back-off");
        assertFalse(stallsAfter(6, START + 2_000));
        assertEquals(250, progress.nextBackoffMs());
    }

    @Test
    void queriesThatKeepLosingTheirConnectionAtOnePositionAreBoundedByTheTimeout() {
        assertTrue(progress.queryLost(AT, START));
        assertTrue(progress.queryLost(AT, START + 4_000));
        assertTrue(progress.queryLost(AT, START + TIMEOUT_MS - 1));
        assertFalse(progress.queryLost(AT, START + TIMEOUT_MS), "lost for reconnect.timeout.ms at the same position");
    }

    @Test
    void aLostQueryAfterThePositionMovedStartsANewRun() {
        GtidPosition later = MariaDbGtidPosition.parse("0-1-11");
        assertTrue(progress.queryLost(AT, START));
        assertTrue(progress.queryLost(AT, START + 8_000));
        assertTrue(progress.queryLost(later, START + TIMEOUT_MS), "a transaction was delivered in between");
        assertTrue(progress.queryLost(later, START + 2 * TIMEOUT_MS - 1));
        assertFalse(progress.queryLost(later, START + 2 * TIMEOUT_MS));
    }

    @Test
    void aLostQueryLongAfterTheLastOneStartsANewRun() {
        assertTrue(progress.queryLost(AT, START));
        long again = START + TIMEOUT_MS + 1;
        assertTrue(progress.queryLost(AT, again), "the query succeeded in between: more than reconnect.timeout.ms passed");
        assertTrue(progress.queryLost(AT, again + TIMEOUT_MS - 1));
        assertFalse(progress.queryLost(AT, again + TIMEOUT_MS));
    }

    @Test
    void eachLossWithinTheTimeoutOfTheLastKeepsTheRunGoing() {
        // No gap reaches reconnect.timeout.ms, but the run as a whole does.
        assertTrue(progress.queryLost(AT, START));
        assertTrue(progress.queryLost(AT, START + 6_000));
        assertFalse(progress.queryLost(AT, START + 12_000));
    }

    @Test
    void aLossExactlyTheTimeoutAfterTheLastIsStillTheSameRun() {
        assertTrue(progress.queryLost(AT, START));
        assertFalse(progress.queryLost(AT, START + TIMEOUT_MS), "only a gap longer than reconnect.timeout.ms starts a new run");
    }
}
