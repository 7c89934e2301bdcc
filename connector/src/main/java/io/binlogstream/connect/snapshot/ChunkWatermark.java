package io.binlogstream.connect.snapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.binlogstream.connect.gtid.MariaDbGtidPosition;

/**
 * Decides which rows of one chunk may still be emitted, given the row changes the binlog stream delivered while
 * the chunk waited. The rule: a binlog change to one of the chunk's keys by a transaction the chunk's read view
 * does not contain is newer than the chunk's row, so the stream's state of that key wins and the chunk's row is
 * dropped. Changes by transactions the read view contains are older than (or equal to) the chunk's row and change
 * nothing.
 *
 * <p>How it is used (the caller's protocol, which makes the rule complete):
 * <ol>
 *   <li>Open the window ({@link #ChunkWatermark}) <em>before</em> the chunk's transaction starts, noting the
 *       position the stream has delivered; from then on pass every delivered row change to {@link #observe}
 *       (both keys of an update that changes the key).</li>
 *   <li>Read the chunk at its exact position P ({@link ChunkReader}). If a transaction the stream delivered before
 *       the window opened is not in P ({@link #streamBeforeWindowInside} is false: MariaDB writes a transaction to
 *       the binlog, where the stream can read it, before the engine commits it, so this can happen in a short
 *       race), its change could not have been observed and the chunk would overwrite it with an older row: read
 *       the chunk again.</li>
 *   <li>Once the stream has delivered every transaction in P, emit {@link #select} of the chunk, ahead of any
 *       further stream record: every change after that point is delivered after the chunk's rows anyway.</li>
 * </ol>
 * Keys compare with {@code equals} on their Connect form (the key struct): two different values that a collation
 * holds equal cannot both exist in a unique key, and a key changed to such a value is observed by its old form.
 *
 * @param <K> the key type
 */
public final class ChunkWatermark<K> {
    private final Set<K> changedAfterChunk = new HashSet<>();
    /** Changes observed before the chunk's position was known, judged once it is. */
    private final List<Observed<K>> beforePosition = new ArrayList<>();
    private Predicate<String> insideChunk;

    private record Observed<K>(String gtid, K key) {
    }

    /** Opens the window; the chunk's position is not known yet, so every change is kept until {@link #chunkRead}. */
    public ChunkWatermark() {
    }

    /**
     * Whether the chunk must be read again because the stream had already delivered, when the window opened, a
     * transaction the chunk's read view does not contain (see the class comment).
     */
    public static boolean needsReread(MariaDbGtidPosition deliveredAtOpen, MariaDbGtidPosition chunkPosition) {
        return !chunkPosition.contains(deliveredAtOpen);
    }

    /** A row change the stream delivered while the window is open. */
    public void observe(String gtid, K key) {
        if (insideChunk == null) {
            beforePosition.add(new Observed<>(gtid, key));
        } else if (!insideChunk.test(gtid)) {
            changedAfterChunk.add(key);
        }
    }

    /**
     * The chunk was read at a position whose transactions are those {@code insideChunk} accepts; changes observed
     * so far are judged now.
     */
    public void chunkRead(Predicate<String> insideChunk) {
        this.insideChunk = insideChunk;
        for (Observed<K> observed : beforePosition) {
            observe(observed.gtid(), observed.key());
        }
        beforePosition.clear();
    }

    /** The chunk's rows to emit now, in their order: those whose keys no later transaction changed. */
    public <R> List<R> select(List<K> keys, List<R> rows) {
        if (insideChunk == null) {
            throw new IllegalStateException("The chunk's position is not known yet");
        }
        if (keys.size() != rows.size()) {
            throw new IllegalArgumentException(keys.size() + " keys for " + rows.size() + " rows");
        }
        List<R> kept = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (!changedAfterChunk.contains(keys.get(i))) {
                kept.add(rows.get(i));
            }
        }
        return kept;
    }

    /** How many keys later changes claimed (for progress logs and tests). */
    public int droppedKeys() {
        return changedAfterChunk.size();
    }
}
