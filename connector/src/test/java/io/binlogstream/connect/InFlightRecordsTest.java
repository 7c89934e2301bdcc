package io.binlogstream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class InFlightRecordsTest {

    @Test
    void aFullBatchIsAllowedWhileItFitsAndOnlyWhatFitsAfterwards() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(10);
        assertEquals(4, inFlight.awaitRoom(4, Duration.ZERO));
        inFlight.handedOver(4);
        assertEquals(4, inFlight.awaitRoom(4, Duration.ZERO));
        inFlight.handedOver(4);
        // 8 out, 2 left: a batch of 4 would pass the bound, so it waits, here not at all, and gets none.
        assertEquals(0, inFlight.awaitRoom(4, Duration.ZERO));
        inFlight.acknowledged();
        inFlight.acknowledged();
        assertEquals(4, inFlight.awaitRoom(4, Duration.ZERO));
        assertEquals(6, inFlight.count());
    }

    @Test
    void aBatchLargerThanTheBoundWaitsForEveryRecordAndTakesTheBound() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(3);
        assertEquals(3, inFlight.awaitRoom(2048, Duration.ZERO));
        inFlight.handedOver(3);
        inFlight.acknowledged();
        assertEquals(0, inFlight.awaitRoom(2048, Duration.ZERO), "room for 1, but a batch waits for the whole bound");
        inFlight.acknowledged();
        inFlight.acknowledged();
        assertEquals(3, inFlight.awaitRoom(2048, Duration.ZERO));
    }

    @Test
    void aFullBoundTimesOutWithNothing() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(2);
        inFlight.handedOver(2);
        assertEquals(0, inFlight.awaitRoom(1, Duration.ofMillis(50)));
        assertEquals(2, inFlight.count());
    }

    @Test
    void onlyTimeSpentWaitingForRoomIsCountedAsWaited() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(2);
        assertEquals(2, inFlight.awaitRoom(2, Duration.ofSeconds(5)));
        assertEquals(0, inFlight.waitedMillis(), "room at once: no wait");
        inFlight.handedOver(2);
        assertEquals(0, inFlight.awaitRoom(1, Duration.ofMillis(60)));
        assertTrue(inFlight.waitedMillis() >= 60, "waited " + inFlight.waitedMillis() + " ms");
        assertEquals(2, inFlight.max());
    }

    @Test
    void anAcknowledgementOnAnotherThreadWakesTheWaiter() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(2);
        inFlight.handedOver(2);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Integer> room = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                // Long enough that only the wake-up, not the timeout, can end it within the check below.
                return inFlight.awaitRoom(1, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        Thread.sleep(100); // let it park
        inFlight.acknowledged(); // as the producer's thread does for each record Kafka took
        assertEquals(1, room.get(30, TimeUnit.SECONDS));
    }

    @Test
    void anInterruptedWaiterStopsWaiting() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(1);
        inFlight.handedOver(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                inFlight.awaitRoom(1, Duration.ofSeconds(60));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        Thread.sleep(100);
        waiter.interrupt();
        waiter.join(30_000);
        assertTrue(thrown.get() instanceof InterruptedException, "got " + thrown.get());
    }

    @Test
    void theBoundAppliesUnlessKafkaAcknowledgesOnlyAtATransactionsCommit() {
        assertTrue(BinlogSourceTask.boundsInFlight(Map.of(), false), "at least once");
        assertTrue(BinlogSourceTask.boundsInFlight(Map.of("transaction.boundary", "poll"), false), "exactly once, a transaction per poll");
        assertFalse(BinlogSourceTask.boundsInFlight(Map.of("transaction.boundary", "interval"), false));
        assertFalse(BinlogSourceTask.boundsInFlight(Map.of("transaction.boundary", " Interval "), false));
        assertFalse(BinlogSourceTask.boundsInFlight(Map.of("transaction.boundary", "connector"), true));
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InFlightRecords(0));
    }
}
