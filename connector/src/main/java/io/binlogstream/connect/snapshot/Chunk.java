package io.binlogstream.connect.snapshot;

import java.util.List;

/**
 * One chunk as read: its rows in key order, the exact position its read view contains, and the key of its last
 * row (where the next chunk starts).
 *
 * @param keys    each row's key values in key order, as {@link KeyValues} reads them (for the watermark merge
 *                and the next chunk's bound)
 * @param lastKey the key of the last row, or null when the chunk is empty
 * @param last    whether this chunk ended the table (fewer rows than asked for)
 */
public record Chunk<R>(ChunkPosition position, List<List<Object>> keys, List<R> rows, List<Object> lastKey, boolean last) {
}
