package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.gtid.MariaDbGtidPosition;
import io.binlogstream.connect.gtid.RandomCases;

/**
 * {@link ChunkWatermark} against a model: a small table, a random history of transactions, a stream that delivers
 * them in order into a compacted "topic", and one chunk read at a random position and emitted at a random later
 * point of the stream. Whatever the timing, the topic must hold the table's true state for the chunk's keys the
 * moment the chunk is emitted and at the end; a merge without the drop rule must fail that for some cases.
 */
class ChunkWatermarkTest {

    /** One transaction: key to new value, null for a delete. */
    private record Txn(long seq, Map<Integer, Integer> changes) {
        String gtid() {
            return "0-1-" + seq;
        }
    }

    private record Outcome(boolean correctAtEmission, boolean correctAtEnd) {
    }

    @Test
    void chunkMergedWithTheStreamConvergesToTheTable() {
        AtomicInteger naiveFailures = new AtomicInteger();
        AtomicInteger droppedSomewhere = new AtomicInteger();
        RandomCases.check(500, random -> {
            int keyCount = 2 + random.nextInt(7);
            TreeMap<Integer, Integer> initial = new TreeMap<>();
            for (int k = 0; k < keyCount; k++) {
                if (random.nextBoolean()) {
                    initial.put(k, random.nextInt(100));
                }
            }
            List<Txn> history = history(random, keyCount, initial);
            int n = history.size();
            int windowOpen = random.nextInt(n + 1);                                 // stream delivered 1..windowOpen
            int chunkAt = (int) RandomCases.between(random, windowOpen, n);          // the chunk's read view
            int positionKnown = (int) RandomCases.between(random, windowOpen, n);    // when chunkRead is called
            int emitAt = (int) RandomCases.between(random, Math.max(chunkAt, positionKnown), n);
            int low = random.nextInt(keyCount);
            int high = (int) RandomCases.between(random, low, keyCount - 1);

            Outcome merged = run(initial, history, windowOpen, chunkAt, positionKnown, emitAt, low, high, true, droppedSomewhere);
            assertThat(merged.correctAtEmission()).as("topic equals the table when the chunk is emitted").isTrue();
            assertThat(merged.correctAtEnd()).as("topic equals the table at the end").isTrue();
            Outcome naive = run(initial, history, windowOpen, chunkAt, positionKnown, emitAt, low, high, false, null);
            if (!naive.correctAtEmission() || !naive.correctAtEnd()) {
                naiveFailures.incrementAndGet();
            }
        });
        // The model is sharp enough to see what the rule prevents: emitting a chunk's stale rows after newer changes.
        assertThat(naiveFailures.get()).as("cases a merge without the drop rule gets wrong").isGreaterThan(0);
        assertThat(droppedSomewhere.get()).isGreaterThan(0);
    }

    private static List<Txn> history(Random random, int keyCount, TreeMap<Integer, Integer> initial) {
        TreeMap<Integer, Integer> state = new TreeMap<>(initial);
        List<Txn> history = new ArrayList<>();
        int n = 1 + random.nextInt(12);
        for (int seq = 1; seq <= n; seq++) {
            Map<Integer, Integer> changes = new TreeMap<>();
            int touched = 1 + random.nextInt(3);
            for (int i = 0; i < touched; i++) {
                int key = random.nextInt(keyCount);
                Integer value = state.containsKey(key) && random.nextInt(3) == 0 ? null : random.nextInt(100);
                changes.put(key, value);
                if (value == null) {
                    state.remove(key);
                } else {
                    state.put(key, value);
                }
            }
            history.add(new Txn(seq, changes));
        }
        return history;
    }

    private static TreeMap<Integer, Integer> stateAfter(TreeMap<Integer, Integer> initial, List<Txn> history, int seq, int low, int high) {
        TreeMap<Integer, Integer> state = new TreeMap<>(initial);
        for (Txn txn : history.subList(0, seq)) {
            apply(state, txn.changes());
        }
        return new TreeMap<>(state.subMap(low, true, high, true));
    }

    private static void apply(Map<Integer, Integer> state, Map<Integer, Integer> changes) {
        changes.forEach((key, value) -> {
            if (value == null) {
                state.remove(key);
            } else {
                state.put(key, value);
            }
        });
    }

    private static Outcome run(TreeMap<Integer, Integer> initial, List<Txn> history, int windowOpen, int chunkAt, int positionKnown,
                               int emitAt, int low, int high, boolean dropRule, AtomicInteger dropped) {
        // What the stream delivered before the window opened is in the topic already (compacted: latest per key).
        TreeMap<Integer, Integer> topic = new TreeMap<>();
        for (Txn txn : history.subList(0, windowOpen)) {
            apply(topic, txn.changes());
        }
        TreeMap<Integer, Integer> chunk = stateAfter(initial, history, chunkAt, low, high);
        List<Integer> keys = new ArrayList<>(chunk.keySet());
        List<Integer> values = new ArrayList<>(chunk.values());
        ChunkWatermark<Integer> watermark = new ChunkWatermark<>();
        boolean correctAtEmission = false;
        for (int delivered = windowOpen; ; delivered++) {
            if (delivered == positionKnown) {
                watermark.chunkRead(gtid -> Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1)) <= chunkAt);
            }
            if (delivered == emitAt) {
                List<Integer> emitKeys = dropRule ? watermark.select(keys, keys) : keys;
                for (int key : emitKeys) {
                    topic.put(key, chunk.get(key));
                }
                if (dropped != null && emitKeys.size() < keys.size()) {
                    dropped.incrementAndGet();
                }
                correctAtEmission = new TreeMap<>(topic.subMap(low, true, high, true))
                        .equals(stateAfter(initial, history, emitAt, low, high));
            }
            if (delivered == history.size()) {
                break;
            }
            Txn next = history.get(delivered);
            apply(topic, next.changes());
            if (delivered < emitAt) {
                next.changes().keySet().forEach(key -> watermark.observe(next.gtid(), key));
            }
        }
        boolean correctAtEnd = new TreeMap<>(topic.subMap(low, true, high, true))
                .equals(stateAfter(initial, history, history.size(), low, high));
        return new Outcome(correctAtEmission, correctAtEnd);
    }

    @Test
    void changesInsideTheChunkViewDoNotDropRows() {
        ChunkWatermark<String> watermark = new ChunkWatermark<>();
        watermark.observe("0-1-5", "a");   // before the position is known: judged later
        MariaDbGtidPosition chunk = MariaDbGtidPosition.parse("0-1-6");
        watermark.chunkRead(chunk::contains);
        watermark.observe("0-1-6", "b");   // inside the view: the chunk already has it
        watermark.observe("0-1-7", "c");   // after the view: the stream's newer state wins
        assertThat(watermark.select(List.of("a", "b", "c", "d"), List.of(1, 2, 3, 4))).containsExactly(1, 2, 4);
        assertThat(watermark.droppedKeys()).isEqualTo(1);
    }

    @Test
    void selectNeedsTheChunkPosition() {
        ChunkWatermark<String> watermark = new ChunkWatermark<>();
        assertThatThrownBy(() -> watermark.select(List.of("a"), List.of(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rereadWhenTheStreamDeliveredATransactionTheChunkCannotSee() {
        // The stream can read a transaction from the binlog before the engine commits it.
        assertThat(ChunkWatermark.needsReread(MariaDbGtidPosition.parse("0-1-10"), MariaDbGtidPosition.parse("0-1-9"))).isTrue();
        assertThat(ChunkWatermark.needsReread(MariaDbGtidPosition.parse("0-1-9,1-2-4"), MariaDbGtidPosition.parse("0-1-12"))).isTrue();
        assertThat(ChunkWatermark.needsReread(MariaDbGtidPosition.parse("0-1-9"), MariaDbGtidPosition.parse("0-1-9,1-2-4"))).isFalse();
        assertThat(ChunkWatermark.needsReread(MariaDbGtidPosition.parse("0-1-9"), MariaDbGtidPosition.parse("0-1-12"))).isFalse();
    }
}
