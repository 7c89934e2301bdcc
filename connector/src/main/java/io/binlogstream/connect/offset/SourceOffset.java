package io.binlogstream.connect.offset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.binlogstream.connect.schema.TableId;

/**
 * Where a restarted task resumes: the GTID set of transactions delivered whole, plus, inside a transaction,
 * its GTID and how many of its row changes were already delivered. The binlog file and position are kept
 * for people to read; they are never used to resume, so the offset works on any server of the topology.
 *
 * <p>Stored in Connect's offset topic as a map (public through Connect's offsets REST API), versioned by
 * {@code v} so later versions can read older offsets.
 *
 * <p>Version 2 adds the progress of a snapshot under way ({@code snap_run}, {@code snap_tables}, {@code snap_db},
 * {@code snap_table}, {@code snap_key}) and the id of the last snapshot request carried out ({@code snap_req}, kept
 * so that a restart with the same request in the config does not read the tables again). An offset with neither is
 * still written as version 1, exactly as before, so connectors that only know version 1 keep reading it; a version 2
 * offset they refuse loudly instead of silently forgetting a snapshot's remaining chunks. The GTID keys mean the same
 * in both versions.
 */
public record SourceOffset(String gtids, String transaction, long rows, String file, long position, SnapshotProgress snapshot,
                           String request) {

    public static final int VERSION = 1;
    public static final int SNAPSHOT_VERSION = 2;
    public static final String SNAPSHOT_DATABASE_KEY = "snap_db";
    public static final String SNAPSHOT_TABLE_KEY = "snap_table";
    public static final String SNAPSHOT_KEY_KEY = "snap_key";
    public static final String SNAPSHOT_RUN_KEY = "snap_run";
    public static final String SNAPSHOT_TABLES_KEY = "snap_tables";
    public static final String SNAPSHOT_REQUEST_KEY = "snap_req";
    public static final String VERSION_KEY = "v";
    public static final String GTIDS_KEY = "gtids";
    public static final String TRANSACTION_KEY = "txn";
    public static final String ROWS_KEY = "rows";
    public static final String FILE_KEY = "file";
    public static final String POSITION_KEY = "pos";

    /** An offset without a snapshot under way. */
    public SourceOffset(String gtids, String transaction, long rows, String file, long position) {
        this(gtids, transaction, rows, file, position, null, null);
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

    /**
     * The same position with this snapshot progress (null: no snapshot under way) and the last snapshot request
     * carried out (null: none).
     */
    public SourceOffset withSnapshot(SnapshotProgress progress, String lastRequest) {
        return new SourceOffset(gtids, transaction, rows, file, position, progress, lastRequest);
    }

    public boolean insideTransaction() {
        return transaction != null;
    }

    public Map<String, Object> toMap() {
        if (snapshot == null && request == null) {
            return streamingMap();
        }
        Map<String, Object> map = new HashMap<>(8);
        map.put(VERSION_KEY, SNAPSHOT_VERSION);
        map.put(GTIDS_KEY, gtids);
        if (transaction != null) {
            map.put(TRANSACTION_KEY, transaction);
            map.put(ROWS_KEY, rows);
        }
        if (file != null) {
            map.put(FILE_KEY, file);
            map.put(POSITION_KEY, position);
        }
        if (request != null) {
            map.put(SNAPSHOT_REQUEST_KEY, request);
        }
        if (snapshot != null) {
            map.put(SNAPSHOT_RUN_KEY, snapshot.run());
            if (snapshot.tables() != null) {
                // Each table as its escaped database and name joined by a comma, tables joined by a comma: "db,t1,db,t2".
                map.put(SNAPSHOT_TABLES_KEY, OffsetLists.join(snapshot.tables().stream()
                        .flatMap(t -> java.util.stream.Stream.of(t.database(), t.table())).toList()));
            }
            map.put(SNAPSHOT_DATABASE_KEY, snapshot.table().database());
            map.put(SNAPSHOT_TABLE_KEY, snapshot.table().table());
            if (snapshot.encodedKey() != null) {
                map.put(SNAPSHOT_KEY_KEY, OffsetLists.join(snapshot.encodedKey()));
            }
        }
        return map;
    }

    /**
     * The version 1 map, built once per change record: an immutable map holds it in one array, where a HashMap
     * takes a table and a node per key (Connect only reads it, to store and to compare).
     */
    private Map<String, Object> streamingMap() {
        if (transaction == null) {
            return file == null ? Map.of(VERSION_KEY, VERSION, GTIDS_KEY, gtids)
                    : Map.of(VERSION_KEY, VERSION, GTIDS_KEY, gtids, FILE_KEY, file, POSITION_KEY, position);
        }
        return file == null ? Map.of(VERSION_KEY, VERSION, GTIDS_KEY, gtids, TRANSACTION_KEY, transaction, ROWS_KEY, rows)
                : Map.of(VERSION_KEY, VERSION, GTIDS_KEY, gtids, TRANSACTION_KEY, transaction, ROWS_KEY, rows,
                        FILE_KEY, file, POSITION_KEY, position);
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
        boolean v2 = number.intValue() == SNAPSHOT_VERSION;
        Object request = v2 ? map.get(SNAPSHOT_REQUEST_KEY) : null;
        boolean underWay = v2 && (map.containsKey(SNAPSHOT_TABLE_KEY) || map.containsKey(SNAPSHOT_DATABASE_KEY)
                || map.containsKey(SNAPSHOT_KEY_KEY) || map.containsKey(SNAPSHOT_RUN_KEY) || map.containsKey(SNAPSHOT_TABLES_KEY));
        if (v2 && !underWay && request == null) {
            throw new IllegalArgumentException("Offset " + map + " is version " + SNAPSHOT_VERSION + " but has neither a snapshot under way ('"
                    + SNAPSHOT_DATABASE_KEY + "', '" + SNAPSHOT_TABLE_KEY + "') nor a '" + SNAPSHOT_REQUEST_KEY + "'");
        }
        return new SourceOffset((String) gtids, txn == null ? null : txn.toString(), txn == null ? 0 : rows,
                file == null ? null : file.toString(), position, underWay ? snapshot(map) : null,
                request == null ? null : request.toString());
    }

    private static SnapshotProgress snapshot(Map<String, ?> map) {
        Object run = map.get(SNAPSHOT_RUN_KEY);
        Object tables = map.get(SNAPSHOT_TABLES_KEY);
        if (tables != null && !(tables instanceof String)) {
            throw new IllegalArgumentException("Offset " + map + " has a '" + SNAPSHOT_TABLES_KEY + "' that is not a string");
        }
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
        return new SnapshotProgress(run == null ? SnapshotProgress.INITIAL_RUN : run.toString(),
                tables == null ? null : tablesOf((String) tables, map),
                new TableId((String) database, (String) table),
                key == null ? null : OffsetLists.split((String) key));
    }

    private static List<TableId> tablesOf(String text, Map<String, ?> map) {
        List<String> names = text.isEmpty() ? List.of() : OffsetLists.split(text);
        if (names.size() % 2 != 0) {
            throw new IllegalArgumentException("Offset " + map + " has a '" + SNAPSHOT_TABLES_KEY + "' that is not database,table pairs");
        }
        List<TableId> tables = new java.util.ArrayList<>(names.size() / 2);
        for (int i = 0; i < names.size(); i += 2) {
            tables.add(new TableId(names.get(i), names.get(i + 1)));
        }
        return tables;
    }

    /** Connect's source partition: the logical server name, never a host, so failover keeps the offset. */
    public static Map<String, String> partition(String topicPrefix) {
        return Map.of("server", topicPrefix);
    }
}
