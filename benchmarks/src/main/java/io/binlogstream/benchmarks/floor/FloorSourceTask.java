package io.binlogstream.benchmarks.floor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Emits records 1..rows in batches of {@code max.batch.size}, each poll as many as are left, then idles. Nothing is
 * read and nothing waits: the only costs are building the records and what Connect does with them. Drain mode: for
 * {@code start.hold.ms} after start poll() returns nothing, so the harness can pause the task before its first
 * record, as it pauses the real connectors; after the resume it emits at once.
 */
public class FloorSourceTask extends SourceTask {
    /** How long poll() blocks once every record is out, so an idle task does not spin a core. */
    private static final long IDLE_MS = 200;

    private FloorConfig config;
    private FloorRecords records;
    private long next;
    private long holdUntilNanos;

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
        int n = (int) Math.min(config.maxBatchSize(), config.rows() - next + 1);
        List<SourceRecord> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(records.record(next++));
        }
        return batch;
    }

    @Override
    public void stop() {
    }
}
