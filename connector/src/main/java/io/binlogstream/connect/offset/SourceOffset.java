package io.binlogstream.connect.offset;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a restarted task resumes: the GTID set of transactions delivered whole, plus, inside a transaction,
 * its GTID and how many of its row changes were already delivered. The binlog file and position are kept
 * for people to read; they are never used to resume, so the offset works on any server of the topology.
 *
 * <p>Stored in Connect's offset topic as a map (public through Connect's offsets REST API), versioned by
 * {@code v} so later versions can read older offsets.
 *
 * <p>Version 2 adds the progress of a snapshot under way ({@code snap_db}, {@code snap_table}, {@code snap_key}; the
 * key's tagged values joined into one string, since Connect accepts only primitive offset values).
 * An offset without one is still written as version 1, exactly as before, so connectors that only know version 1
 * keep reading it; one with snapshot progress is version 2, which they refuse loudly instead of silently
 * forgetting a snapshot's remaining chunks. The GTID keys mean the same in both versions.
 */
public record SourceOffset(String gtids, String transaction, long rows, String file, long position, SnapshotProgress snapshot) {

    public static final int VERSION = 1;
    public static final int SNAPSHOT_VERSION = 2;
    public static final String SNAPSHOT_DATABASE_KEY = "snap_db";
    public static final String SNAPSHOT_TABLE_KEY = "snap_table";
    public static final String SNAPSHOT_KEY_KEY = "snap_key";
    public static final String VERSION_KEY = "v";
    public static final String GTIDS_KEY = "gtids";
    public static final String TRANSACTION_KEY = "txn";
    public static final String ROWS_KEY = "rows";
    public static final String FILE_KEY = "file";
    public static final String POSITION_KEY = "pos";

    /** An offset without a snapshot under way. */
    public SourceOffset(String gtids, String transaction, long rows, String file, long position) {
        this(gtids, transaction, rows, file, position, null);
    }

    public SourceOffset {
        if (gtids == null) {
            throw new IllegalArgumentException("An offset needs a GTID set (it may be empty)");
        }
        if (rows < 0 || (transaction == null && rows != 0)) {
            throw new IllegalArgumentException("Row count " + rows + " needs a transaction in progress, got " + transaction);
        }
    }

    /** Between transactions: everything in {@code gtids} was delivered, nothing after it. */
    public static SourceOffset between(String gtids, String file, long position) {
        return new SourceOffset(gtids, null, 0, file, position);
    }

    /** The same position with this snapshot progress (null: no snapshot under way). */
    public SourceOffset withSnapshot(SnapshotProgress progress) {
        return new SourceOffset(gtids, transaction, rows, file, position, progress);
    }

    public boolean insideTransaction() {
        return transaction != null;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>(8);
        map.put(VERSION_KEY, snapshot == null ? VERSION : SNAPSHOT_VERSION);
        map.put(GTIDS_KEY, gtids);
        if (transaction != null) {
            map.put(TRANSACTION_KEY, transaction);
            map.put(ROWS_KEY, rows);
        }
        if (file != null) {
            map.put(FILE_KEY, file);
            map.put(POSITION_KEY, position);
        }
        if (snapshot != null) {
            map.put(SNAPSHOT_DATABASE_KEY, snapshot.table().database());
            map.put(SNAPSHOT_TABLE_KEY, snapshot.table().table());
            if (snapshot.encodedKey() != null) {
                map.put(SNAPSHOT_KEY_KEY, SnapshotProgress.joinKey(snapshot.encodedKey()));
            }
        }
        return map;
    }

    public static SourceOffset fromMap(Map<String, ?> map) {
        Object version = map.get(VERSION_KEY);
        if (!(version instanceof Number number) || (number.intValue() != VERSION && number.intValue() != SNAPSHOT_VERSION)) {
            throw new IllegalArgumentException("Unsupported binlogstream offset version " + version + " in " + map
                    + "; this connector reads versions " + VERSION + " and " + SNAPSHOT_VERSION);
        }
        Object gtids = map.get(GTIDS_KEY);
        if (!(gtids instanceof String)) {
            throw new IllegalArgumentException("Offset " + map + " has no '" + GTIDS_KEY + "' string");
        }
        Object txn = map.get(TRANSACTION_KEY);
        long rows = map.get(ROWS_KEY) instanceof Number n ? n.longValue() : 0;
        Object file = map.get(FILE_KEY);
        long position = map.get(POSITION_KEY) instanceof Number n ? n.longValue() : 0;
        return new SourceOffset((String) gtids, txn == null ? null : txn.toString(), txn == null ? 0 : rows,
                file == null ? null : file.toString(), position, number.intValue() == SNAPSHOT_VERSION ? snapshot(map) : null);
    }

    private static SnapshotProgress snapshot(Map<String, ?> map) {
        Object database = map.get(SNAPSHOT_DATABASE_KEY);
        Object table = map.get(SNAPSHOT_TABLE_KEY);
        if (!(database instanceof String) || !(table instanceof String)) {
            throw new IllegalArgumentException("Offset " + map + " is version " + SNAPSHOT_VERSION + " but has no '"
                    + SNAPSHOT_DATABASE_KEY + "' and '" + SNAPSHOT_TABLE_KEY + "' strings");
        }
        Object key = map.get(SNAPSHOT_KEY_KEY);
        if (key != null && !(key instanceof String)) {
            throw new IllegalArgumentException("Offset " + map + " has a '" + SNAPSHOT_KEY_KEY + "' that is not a string");
        }
        return new SnapshotProgress(new io.binlogstream.connect.schema.TableId((String) database, (String) table),
                key == null ? null : SnapshotProgress.splitKey((String) key));
    }

    /** Connect's source partition: the logical server name, never a host, so failover keeps the offset. */
    public static Map<String, String> partition(String topicPrefix) {
        return Map.of("server", topicPrefix);
    }
}
