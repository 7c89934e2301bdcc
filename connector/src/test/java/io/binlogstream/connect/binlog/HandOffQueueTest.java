package io.binlogstream.connect.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class HandOffQueueTest {

    @Test
    void theReaderWaitsOnceTheBytesAreSpentAndGoesOnWhenPollTakesSome() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(100, 1_000);
        queue.put("a", 400);
        queue.put("b", 400);
        AtomicInteger put = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                queue.put("c", 400); // 1,200 > 1,000: must wait
                put.incrementAndGet();
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        assertFalse(done.await(300, TimeUnit.MILLISECONDS), "a put over the byte limit waits");
        assertEquals(800, queue.bytes());

        List<String> out = new ArrayList<>();
        queue.drain(out, 1, Duration.ofSeconds(1));
        assertEquals(List.of("a"), out);
        assertTrue(done.await(5, TimeUnit.SECONDS), "taking 400 bytes lets the waiting put in");
        assertEquals(1, put.get());
        assertEquals(800, queue.bytes());
        assertEquals(2, queue.size());
        reader.join();
    }

    @Test
    void anItemLargerThanTheWholeLimitIsTakenWhenTheQueueIsEmptySoNothingIsStuck() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(100, 1_000);
        queue.put("huge", 50_000);
        assertEquals(50_000, queue.bytes());
        List<String> out = new ArrayList<>();
        queue.drain(out, 10, Duration.ofMillis(10));
        assertEquals(List.of("huge"), out);
        assertEquals(0, queue.bytes());
        assertTrue(queue.isEmpty());
    }

    @Test
    void theRecordCountStillBounds() throws Exception {
        HandOffQueue<Integer> queue = new HandOffQueue<>(2, Long.MAX_VALUE);
        queue.put(1, 1);
        queue.put(2, 1);
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                queue.put(3, 1);
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        assertFalse(done.await(300, TimeUnit.MILLISECONDS), "a third item waits at max.queue.size 2");
        List<Integer> out = new ArrayList<>();
        queue.drain(out, 100, Duration.ofSeconds(1));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        reader.join();
        queue.drain(out, 100, Duration.ofSeconds(1));
        assertEquals(List.of(1, 2, 3), out, "in order, nothing dropped");
    }

    @Test
    void drainWaitsForTheFirstItemOnlyUpToItsTimeout() throws Exception {
        HandOffQueue<String> queue = new HandOffQueue<>(10, 100);
        List<String> out = new ArrayList<>();
        long t0 = System.nanoTime();
        queue.drain(out, 10, Duration.ofMillis(150));
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(out.isEmpty());
        assertTrue(waitedMs >= 100, "waited " + waitedMs + " ms");

        Thread late = new Thread(() -> {
            try {
                Thread.sleep(50);
                queue.put("late", 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        late.start();
        queue.drain(out, 10, Duration.ofSeconds(10));
        assertEquals(List.of("late"), out, "an item arriving during the wait ends it");
        late.join();
    }
}
