package io.binlogstream.connect.snapshot;

/**
 * The binlog position a chunk's read view contains exactly: every transaction up to here is visible to the
 * chunk's reads and none after it. Taken inside the chunk's own consistent-snapshot transaction from
 * {@code Binlog_snapshot_file/position} (which MariaDB fixes when the read view is created, under the same lock
 * as binlog commit), never from {@code @@gtid_binlog_pos}, which already counts transactions written to the
 * binlog that the engine has not committed yet.
 *
 * @param file     binlog file of the snapshot point, for people to read
 * @param position byte offset in {@code file}
 * @param gtids    {@code BINLOG_GTID_POS(file, position)}: the GTID position of that point, the watermark
 */
public record ChunkPosition(String file, long position, String gtids) {
    public ChunkPosition {
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException("A chunk position needs a binlog file (is log_bin ON?)");
        }
        if (gtids == null) {
            throw new IllegalArgumentException("No GTID position for " + file + ":" + position);
        }
    }
}
