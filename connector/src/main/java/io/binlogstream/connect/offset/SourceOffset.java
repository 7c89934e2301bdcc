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
 */
public record SourceOffset(String gtids, String transaction, long rows, String file, long position) {

    public static final int VERSION = 1;
    public static final String VERSION_KEY = "v";
    public static final String GTIDS_KEY = "gtids";
    public static final String TRANSACTION_KEY = "txn";
    public static final String ROWS_KEY = "rows";
    public static final String FILE_KEY = "file";
    public static final String POSITION_KEY = "pos";

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

    public boolean insideTransaction() {
        return transaction != null;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>(8);
        map.put(VERSION_KEY, VERSION);
        map.put(GTIDS_KEY, gtids);
        if (transaction != null) {
            map.put(TRANSACTION_KEY, transaction);
            map.put(ROWS_KEY, rows);
        }
        if (file != null) {
            map.put(FILE_KEY, file);
            map.put(POSITION_KEY, position);
        }
        return map;
    }

    public static SourceOffset fromMap(Map<String, ?> map) {
        Object version = map.get(VERSION_KEY);
        if (!(version instanceof Number number) || number.intValue() != VERSION) {
            throw new IllegalArgumentException("Unsupported binlogstream offset version " + version + " in " + map
                    + "; this connector reads version " + VERSION);
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
                file == null ? null : file.toString(), position);
    }

    /** Connect's source partition: the logical server name, never a host, so failover keeps the offset. */
    public static Map<String, String> partition(String topicPrefix) {
        return Map.of("server", topicPrefix);
    }
}
