package io.binlogstream.benchmarks.floor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Emits records 1..rows in batches of {@code max.batch.size}, each poll as many as are left, then idles. Nothing is
 * read and nothing waits: the only costs are building the records and what Connect does with them. Drain mode: for
 * {@code start.hold.ms} after start poll() returns nothing, so the harness can pause the task before its first
 * record, as it pauses the real connectors; after the resume it emits at once.
 *
 * <p>With a {@code rate} (W7), it paces itself as W7's writer does: every millisecond, the records due by then, from
 * the task's start; poll() blocks until the next tick has some, as binlogstream's blocks until the binlog has a row.
 */
public class FloorSourceTask extends SourceTask {
    /** How long poll() blocks once every record is out, so an idle task does not spin a core. */
    private static final long IDLE_MS = 200;

    private FloorConfig config;
    private FloorRecords records;
    private long next;
    private long holdUntilNanos;
    /** Paced mode: when the pace starts (after the hold), on the nano clock and as wall-clock microseconds. */
    private long paceStartNanos;
    private long paceStartMicros;

    @Override
    public String version() {
        return FloorConfig.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = FloorConfig.parse(props);
        records = new FloorRecords(config);
        // A restarted task starts over after the last committed record (at least once, like the real connectors).
        Map<String, Object> offset = context.offsetStorageReader().offset(records.partition());
        next = offset == null ? 1 : ((Number) offset.get(FloorRecords.OFFSET_KEY)).longValue() + 1;
        holdUntilNanos = System.nanoTime() + config.startHoldMs() * 1_000_000;
        paceStartNanos = holdUntilNanos;
        paceStartMicros = wallMicros() + config.startHoldMs() * 1000;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long hold = holdUntilNanos - System.nanoTime();
        if (hold > 0) {
            // Short sleeps: the worker checks for a pause between polls.
            Thread.sleep(Math.min(IDLE_MS, hold / 1_000_000 + 1));
            return null;
        }
        if (next > config.rows()) {
            Thread.sleep(IDLE_MS);
            return null;
        }
        int n = (int) Math.min(config.maxBatchSize(), config.rate() == 0 ? config.rows() - next + 1 : awaitDue());
        if (n == 0) {
            return null;
        }
        long nowMicros = wallMicros();
        List<SourceRecord> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(records.record(next, config.rate() == 0 ? nowMicros : dueMicros(next), nowMicros / 1000));
            next++;
        }
        return batch;
    }

    /**
     * When record {@code id} fell due: the tick whose count first reached it. W7 measures from there, as it measures
     * a row from its commit, so a floor that falls behind shows its backlog instead of hiding it.
     */
    private long dueMicros(long id) {
        long ms = (id * 1000 + config.rate() - 1) / config.rate();
        return paceStartMicros + ms * 1000;
    }

    private static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** Paced mode: waits for the next 1 ms tick with records due (at most {@link #IDLE_MS}) and counts them. */
    private long awaitDue() {
        long waitUntil = System.nanoTime() + IDLE_MS * 1_000_000;
        while (true) {
            long now = System.nanoTime();
            long dueThrough = Math.min(config.rows(), (now - paceStartNanos) / 1_000_000 * config.rate() / 1000);
            if (dueThrough >= next || now >= waitUntil) {
                return Math.max(0, dueThrough - next + 1);
            }
            // To the next millisecond boundary from the start, where the next records fall due.
            long sinceStart = now - paceStartNanos;
            LockSupport.parkNanos(1_000_000 - sinceStart % 1_000_000);
        }
    }

    @Override
    public void stop() {
    }
}
