package io.binlogstream.connect.binlog;

import java.io.Serializable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.GtidTaggedEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;

import io.binlogstream.connect.config.TableFilter;
import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.Heartbeats;
import io.binlogstream.connect.offset.SnapshotProgress;
import io.binlogstream.connect.record.Op;
import io.binlogstream.connect.record.PendingRecord;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.RecordSizeGuard;
import io.binlogstream.connect.record.SourceInfo;
import io.binlogstream.connect.record.TableConverter;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.record.TopicNames;
import io.binlogstream.connect.schema.TableId;
import io.binlogstream.connect.schema.TableMapSchemas;
import io.binlogstream.connect.schema.TableSchema;

/**
 * Turns the binlog's event sequence into records, one transaction at a time, and decides each record's
 * offset. The offset never moves inside a transaction except by its delivered-row count, and a record is
 * released only when the next one (or the commit) shows whether it is the transaction's last. Pure logic:
 * no I/O, so it is driven the same way by a live stream and by binlog files.
 */
public final class TransactionAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionAssembler.class);

    /** Builds an assembler around the sink its reader provides. */
    @FunctionalInterface
    public interface Factory {
        TransactionAssembler create(RecordSink sink);
    }

    private final String serverName;
    private final Map<String, String> partition;
    private final TableFilter filter;
    private final TopicNames topics;
    /**
     * MySQL's commit time of the current transaction on the server that first committed it (the GTID event's
     * original_commit_timestamp, microseconds), or 0 where the binlog has none (MariaDB, MySQL before 8.0.1):
     * then {@code source.ts_ms} is the event header's time, when the statement started, in whole seconds.
     */
    private long commitMicros;
    /**
     * The current rows event's bytes per row: what each of its records weighs in the hand-off queue
     * ({@code max.queue.bytes}). Measured in the binlog, where it is already known, rather than by walking each
     * record's values.
     */
    private long rowShareBytes = Delivery.SMALL_RECORD_BYTES;
    private final RecordOptions options;
    /** The newest converter of each captured table, for a TRUNCATE, which has no TABLE_MAP of its own. */
    private final Map<TableId, TableConverter> latestByTable = new HashMap<>();
    private final RecordSink sink;
    private final Heartbeats heartbeats;
    private final long heartbeatIntervalMs;
    private final TableConverters converters;

    /** Converters by binlog table id; only captured tables are present. */
    /**
     * The tables of the current transaction by table id. Every transaction maps its tables again before its
     * row events, so both are cleared at each transaction's start and stay as small as one transaction's tables.
     */
    private final Map<Long, TableConverter> convertersByTableId = new HashMap<>();
    private final java.util.Set<Long> uncapturedTableIds = new java.util.HashSet<>();
    /** Table maps remembered by identity at most; beyond that the map starts over. */
    private static final int CACHED_TABLE_MAPS = 1024;
    /** Marks an uncaptured table in {@link #byTableMap}. */
    private static final Object UNCAPTURED = new Object();
    /** Converters (or {@link #UNCAPTURED}) by TABLE_MAP instance: the deserializer reuses an unchanged one. */
    private final Map<TableMapEventData, Object> byTableMap = new java.util.IdentityHashMap<>();
    /** The latest converter per schema, so a repeated TABLE_MAP with unchanged metadata reuses it. */
    private final Map<TableSchema, TableConverter> convertersBySchema = new HashMap<>();

    private GtidPosition delivered;
    /** The snapshot driven between transactions, or null when none is under way (snapshot.mode=no_data). */
    private io.binlogstream.connect.snapshot.TableSnapshots snapshots;
    /** Without a snapshot under way: the last snapshot request carried out, kept in every offset (see SourceOffset). */
    private final String carriedRequest;
    private boolean streamChanges = true;
    /**
     * {@code delivered} as offset text. It only changes at a commit, but every record's offset carries it: formatting
     * the GTID set once per transaction instead of once per record.
     */
    private String deliveredText;
    private String file;
    private long position;

    // The transaction in progress.
    private String gtid;
    private long gtidServerId;
    /** Whether statements belong to a multi-statement transaction (MariaDB: implied by its GTID event; MySQL: BEGIN). */
    private boolean inTransaction;
    private long ordinal;
    private PendingRecord held;
    /** Whether the events being handled come from a compressed transaction (MySQL TRANSACTION_PAYLOAD). */
    private boolean inCompressedPayload;

    // Rows of this transaction already handed over (from the stored offset, or before a reconnect): skipped
    // when the server sends the transaction again.
    private String skipTransaction;
    private long skipRows;

    // Heartbeats: the position last carried by a record, and when.
    private String lastOffsetGtids;
    private long lastOffsetMs;

    /**
     * @param heartbeats        where heartbeats go; without a stored offset the first one stores the start
     *                          position, even when heartbeats are otherwise off
     * @param heartbeatInterval least time between two heartbeats; zero: only that first one
     */
    public TransactionAssembler(String serverName, TableFilter filter, RecordOptions options, SourceOffset start,
                                GtidPosition startPosition, Heartbeats heartbeats, java.time.Duration heartbeatInterval,
                                RecordSink sink) {
        this(serverName, filter, options, start, startPosition, heartbeats, heartbeatInterval, sink,
                TableConverters.withoutCatalog(serverName, options));
    }

    /** @param converters builds each new table schema version's converter (catalog lookup, mapping options) */
    public TransactionAssembler(String serverName, TableFilter filter, RecordOptions options, SourceOffset start,
                                GtidPosition startPosition, Heartbeats heartbeats, java.time.Duration heartbeatInterval,
                                RecordSink sink, TableConverters converters) {
        this.converters = converters;
        this.serverName = serverName;
        this.partition = SourceOffset.partition(serverName);
        this.filter = filter;
        this.topics = new TopicNames(serverName);
        this.options = options;
        this.sink = sink;
        this.delivered = startPosition;
        this.deliveredText = startPosition.toString();
        this.file = start == null ? null : start.file();
        this.position = start == null ? 0 : start.position();
        this.skipTransaction = start == null ? null : start.transaction();
        this.skipRows = start == null ? 0 : start.rows();
        this.carriedRequest = start == null ? null : start.request();
        this.heartbeats = heartbeats;
        this.heartbeatIntervalMs = heartbeatInterval.toMillis();
        // Without a stored offset, the first heartbeat stores the start position at once.
        this.lastOffsetGtids = start == null ? null : start.gtids();
    }

    /**
     * Where to reconnect after the connection was lost: the transactions handed over whole. A transaction
     * in progress is sent again by the server from its start; its rows already handed over are skipped, and
     * the record still held back stays held, so nothing is handed over twice.
     */
    public String resumePosition() {
        if (gtid != null) {
            skipTransaction = gtid;
            skipRows = ordinal;
        }
        return deliveredText;
    }

    /** The GTID of the transaction being read, or null between transactions. */
    public String currentTransaction() {
        return gtid;
    }

    /**
     * Runs this snapshot between transactions on the reader thread, so its chunks and the stream's records reach
     * the queue in one order, and every offset written while it is under way carries its progress.
     */
    public void snapshot(io.binlogstream.connect.snapshot.TableSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    /**
     * Whether row changes become records (true unless {@code snapshot.mode=initial_only}). Without them the stream
     * still runs: a chunk is emitted once the stream reached its position, and heartbeats keep the offset moving.
     */
    public void streamChanges(boolean streamChanges) {
        this.streamChanges = streamChanges;
    }

    /** The converter the snapshot uses for a table: the same factory as the stream's, the same topic. */
    public TableConverter snapshotConverter(TableSchema schema) {
        TableConverter streamed = latestByTable.get(schema.id());
        if (streamed != null && streamed.table().columns().size() == schema.columns().size()
                && sameButCatalogLosses(streamed.table(), schema)) {
            // The binlog's definition is exact where the catalog's is not: MariaDB keeps ENUM and SET definitions in
            // utf8mb3, so information_schema shows a value's 4-byte characters as '?'. Same table, same record schema.
            return streamed;
        }
        return converters.create(schema, topics.topicFor(schema.id()));
    }

    /** Equal, but for ENUM/SET values where the catalog has '?' for a character outside the BMP. */
    private static boolean sameButCatalogLosses(TableSchema binlog, TableSchema catalog) {
        if (!binlog.keyColumns().equals(catalog.keyColumns())) {
            return false;
        }
        for (int i = 0; i < binlog.columns().size(); i++) {
            io.binlogstream.connect.schema.ColumnDef b = binlog.columns().get(i);
            io.binlogstream.connect.schema.ColumnDef c = catalog.columns().get(i);
            if (!b.name().equals(c.name()) || b.type() != c.type() || b.meta() != c.meta() || b.length() != c.length()
                    || b.unsigned() != c.unsigned() || b.nullable() != c.nullable() || b.collation() != c.collation()
                    || b.values().size() != c.values().size()) {
                return false;
            }
            for (int v = 0; v < b.values().size(); v++) {
                if (!b.values().get(v).replaceAll("[\\x{10000}-\\x{10FFFF}]", "?").equals(c.values().get(v))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The offset of a record, with the snapshot's progress while one is under way. */
    private SourceOffset withProgress(SourceOffset offset) {
        if (snapshots == null) {
            return carriedRequest == null ? offset : offset.withSnapshot(null, carriedRequest);
        }
        return withMark(offset, snapshots.mark());
    }

    private static SourceOffset withMark(SourceOffset offset, io.binlogstream.connect.snapshot.TableSnapshots.Mark mark) {
        return offset.withSnapshot(mark.progress(), mark.lastRequest());
    }

    /** The transactions delivered whole so far. */
    public GtidPosition delivered() {
        return delivered;
    }

    public void onEvent(Event event) throws InterruptedException {
        EventHeaderV4 header = event.getHeader();
        Object data = EventDeserializer.EventDataWrapper.internal(event.getData());
        switch (header.getEventType()) {
            case ROTATE -> file = ((RotateEventData) data).getBinlogFilename();
            case MARIADB_GTID -> {
                MariadbGtidEventData gtidData = (MariadbGtidEventData) data;
                // MariaDB writes no BEGIN: a GTID event without FL_STANDALONE opens a transaction.
                // The library reads the 32-bit domain id as a signed int: mask it back to its unsigned value.
                begin(Long.toUnsignedString(gtidData.getDomainId() & 0xFFFFFFFFL) + "-" + Long.toUnsignedString(header.getServerId())
                        + "-" + Long.toUnsignedString(gtidData.getSequence()), header.getServerId(),
                        (gtidData.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0);
            }
            case GTID -> {
                GtidEventData gtidData = (GtidEventData) data;
                begin(gtidData.getMySqlGtid().toString(), header.getServerId(), false);
                commitMicros = gtidData.getOriginalCommitTimestamp();
            }
            case GTID_TAGGED -> {
                GtidTaggedEventData gtidData = (GtidTaggedEventData) data;
                begin(gtidData.getGtid(), header.getServerId(), false);
                commitMicros = gtidData.getOriginalCommitTimestamp();
            }
            case TABLE_MAP -> onTableMap((TableMapEventData) data);
            case WRITE_ROWS, EXT_WRITE_ROWS -> {
                WriteRowsEventData rows = (WriteRowsEventData) requireData(data, header);
                TableConverter converter = converterFor(rows.getTableId(), header);
                if (converter != null) {
                    rowShareBytes = rowShare(header, rows.getRows().size());
                    for (Serializable[] row : rows.getRows()) {
                        change(converter, header, Op.CREATE, null, converter.row(row, rows.getIncludedColumns()));
                    }
                }
            }
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                UpdateRowsEventData rows = (UpdateRowsEventData) requireData(data, header);
                TableConverter converter = converterFor(rows.getTableId(), header);
                if (converter != null) {
                    BitSet before = rows.getIncludedColumnsBeforeUpdate();
                    BitSet after = rows.getIncludedColumns();
                    rowShareBytes = rowShare(header, rows.getRows().size());
                    for (Map.Entry<Serializable[], Serializable[]> row : rows.getRows()) {
                        change(converter, header, Op.UPDATE, converter.row(row.getKey(), before), converter.row(row.getValue(), after));
                    }
                }
            }
            case DELETE_ROWS, EXT_DELETE_ROWS -> {
                DeleteRowsEventData rows = (DeleteRowsEventData) requireData(data, header);
                TableConverter converter = converterFor(rows.getTableId(), header);
                if (converter != null) {
                    rowShareBytes = rowShare(header, rows.getRows().size());
                    for (Serializable[] row : rows.getRows()) {
                        change(converter, header, Op.DELETE, converter.row(row, rows.getIncludedColumns()), null);
                    }
                }
            }
            case TRANSACTION_PAYLOAD -> {
                // A compressed MySQL transaction: its events (decoded by EventDeserializers like all others) are
                // handled as if they stood at the payload's place, which their own headers (position 0) do not say.
                // Their headers carry the compressed payload's length, no bound for the size of their records.
                inCompressedPayload = true;
                try {
                    for (Event inner : ((TransactionPayloadEventData) data).getUncompressedEvents()) {
                        onEvent(new Event(atPayload(inner.getHeader(), header), inner.getData()));
                    }
                } finally {
                    inCompressedPayload = false;
                }
            }
            case PARTIAL_UPDATE_ROWS_EVENT -> {
                PartialUpdateRows rows = (PartialUpdateRows) data;
                if (convertersByTableId.containsKey(rows.tableId())) {
                    throw new IllegalStateException("Partial JSON update of " + convertersByTableId.get(rows.tableId()).table().id()
                            + " at " + file + ":" + eventPosition(header) + ": its rows hold JSON diffs, not values. Set "
                            + "binlog_row_value_options='' (no PARTIAL_JSON) on the server and in the writing sessions");
                }
            }
            case XID -> commit(header);
            case QUERY -> onQuery((QueryEventData) data, header);
            default -> {
                // FORMAT_DESCRIPTION, GTID lists, checkpoints, annotations, heartbeats: nothing to deliver.
            }
        }
        if (header.getNextPosition() > 0 && header.getEventType() != com.github.shyiko.mysql.binlog.event.EventType.HEARTBEAT) {
            position = header.getNextPosition();
        }
        maybeHeartbeat(System.currentTimeMillis());
        if (snapshots != null && gtid == null && held == null && snapshots.active()) {
            try {
                snapshots.pump(delivered, this::emitChunk);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("Snapshot chunk read failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A snapshot chunk's rows as op=r records, between two transactions. Every record but the chunk's last carries
     * the progress before the chunk (a restart there reads the chunk again, so none of its rows is lost); the last
     * carries the progress after it and is the restart point.
     */
    private void emitChunk(TableConverter converter, List<Struct> rows, List<String> eventIds, io.binlogstream.connect.snapshot.TableSnapshots.Mark before,
                           io.binlogstream.connect.snapshot.TableSnapshots.Mark after, boolean tableDone) throws InterruptedException {
        String gtids = deliveredText;
        long now = System.currentTimeMillis();
        TableId table = converter.table().id();
        for (int i = 0; i < rows.size(); i++) {
            boolean lastOfChunk = i == rows.size() - 1;
            Struct source = SourceInfo.of(serverName, 0, null, file, position, i, table.database(), table.table(), 0)
                    .put("snapshot", tableDone && lastOfChunk ? "last" : "true");
            Struct envelope = converter.envelope(null, rows.get(i), Op.READ.code(), now, source);
            Struct key = converter.key(rows.get(i));
            SourceOffset base = SourceOffset.between(gtids, file, position);
            SourceOffset offset = withMark(base, lastOfChunk ? after : before);
            // The same header as stream records carry, so at-least-once consumers deduplicate re-read chunk rows too.
            org.apache.kafka.connect.header.ConnectHeaders headers = new org.apache.kafka.connect.header.ConnectHeaders();
            headers.addString(PendingRecord.EVENT_ID_HEADER, eventIds.get(i));
            org.apache.kafka.connect.source.SourceRecord record = new org.apache.kafka.connect.source.SourceRecord(partition, offset.toMap(),
                    converter.topic(), null, key == null ? null : converter.keySchema(), key, converter.envelopeSchema(), envelope, now, headers);
            sink.accept(Delivery.snapshotRow(record, lastOfChunk, RecordSizeGuard.estimate(rows.get(i)) + Delivery.SMALL_RECORD_BYTES));
        }
    }

    /** An event of a compressed transaction, placed where the compressed transaction stands in the binlog. */
    /**
     * Where the event starts in the binlog. MariaDB writes no end position (0) into the events of a transaction
     * too large for its binlog cache, which would make the header's start negative; those events are placed at
     * the last position known, the start of their transaction's events.
     */
    private long eventPosition(EventHeaderV4 header) {
        return header.getNextPosition() > 0 && header.getPosition() >= 0 ? header.getPosition() : position;
    }

    private static EventHeaderV4 atPayload(EventHeaderV4 inner, EventHeaderV4 payload) {
        EventHeaderV4 placed = new EventHeaderV4();
        placed.setEventType(inner.getEventType());
        placed.setTimestamp(inner.getTimestamp());
        placed.setServerId(inner.getServerId());
        placed.setFlags(inner.getFlags());
        placed.setEventLength(payload.getEventLength());
        placed.setNextPosition(payload.getNextPosition());
        return placed;
    }

    /**
     * Between transactions, when the position moved since the last record and the interval passed, a
     * heartbeat record stores it. The server's own heartbeat events call this while the binlog is idle.
     */
    public void maybeHeartbeat(long nowMs) throws InterruptedException {
        boolean initial = lastOffsetGtids == null;
        if (gtid != null || (!initial && (heartbeatIntervalMs == 0 || nowMs - lastOffsetMs < heartbeatIntervalMs))) {
            return;
        }
        String gtids = deliveredText;
        if (gtids.equals(lastOffsetGtids)) {
            return;
        }
        sink.accept(new Delivery(heartbeats.record(withProgress(SourceOffset.between(gtids, file, position)), nowMs), true, true));
        lastOffsetGtids = gtids;
        lastOffsetMs = nowMs;
    }

    private void onQuery(QueryEventData query, EventHeaderV4 header) throws InterruptedException {
        String sql = query.getSql() == null ? "" : query.getSql().trim();
        if (sql.equalsIgnoreCase("BEGIN")) {
            inTransaction = true;
            return;
        }
        if (!inTransaction) {
            java.util.Optional<TableId> truncated = TruncateStatement.table(sql, query.getDatabase());
            if (truncated.isPresent() && filter.includes(truncated.get().database(), truncated.get().table())) {
                onTruncate(truncated.get(), header);
            }
        }
        if (!inTransaction || sql.equalsIgnoreCase("COMMIT") || sql.equalsIgnoreCase("ROLLBACK")) {
            // A statement outside BEGIN..COMMIT (DDL) is its GTID's whole transaction; non-transactional
            // engines end theirs with a COMMIT statement instead of an XID.
            commit(header);
        }
    }

    /**
     * TRUNCATE empties a table without row events. Its record has no key and no row images; its envelope is the
     * table's newest one, or one without columns when no row of the table has been seen since the task started.
     */
    private void onTruncate(TableId table, EventHeaderV4 header) throws InterruptedException {
        String where = "TRUNCATE TABLE " + table.database() + "." + table.table() + " at " + file + ":" + eventPosition(header)
                + (gtid == null ? "" : " (transaction " + gtid + ")");
        switch (options.truncate()) {
            case SKIP -> LOG.warn("{}: no record, truncate.handling=skip", where);
            case FAIL -> throw new IllegalStateException(where + ": truncate.handling=fail stops the task here. To go on, "
                    + "set truncate.handling to record or skip; the position is before this TRUNCATE");
            case RECORD -> {
                TableConverter converter = latestByTable.computeIfAbsent(table, id ->
                        new TableConverter(new TableSchema(id, List.of(), List.of()), serverName, topics.topicFor(id)));
                ordinal++;
                if (gtid != null && gtid.equals(skipTransaction) && ordinal <= skipRows) {
                    return; // handed over before a restart or reconnect
                }
                rowShareBytes = Delivery.SMALL_RECORD_BYTES;
                emit(converter, header, Op.TRUNCATE, null, null, null, gtid + "/" + ordinal, true);
            }
        }
    }

    private void begin(String transactionGtid, long serverId, boolean opensTransaction) {
        if (transactionGtid.equals(gtid)) {
            // Sent again after a reconnect: count its rows from the start and skip those handed over.
            ordinal = 0;
            return;
        }
        if (held != null) {
            throw new IllegalStateException("Transaction " + gtid + " has no commit before the next GTID " + transactionGtid
                    + "; its last change would be lost");
        }
        gtid = transactionGtid;
        gtidServerId = serverId;
        inTransaction = opensTransaction;
        commitMicros = 0;
        convertersByTableId.clear();
        uncapturedTableIds.clear();
        ordinal = 0;
        held = null;
    }

    /**
     * A row event whose data the deserializer could not give: refusing it is the only way not to skip its rows
     * silently.
     */
    private Object requireData(Object data, EventHeaderV4 header) {
        if (data == null) {
            throw new IllegalStateException("The " + header.getEventType() + " event at " + file + ":" + eventPosition(header)
                    + (gtid == null ? "" : " (transaction " + gtid + ")") + " arrived without its rows");
        }
        return data;
    }

    /**
     * The converter of a captured table, or null for a table the filters leave out. A table id without a
     * TABLE_MAP before it cannot be told apart from a captured table, so it stops the task rather than being
     * taken for an uncaptured one.
     */
    private TableConverter converterFor(long tableId, EventHeaderV4 header) {
        TableConverter converter = convertersByTableId.get(tableId);
        if (converter == null && !uncapturedTableIds.contains(tableId)) {
            throw new IllegalStateException("The " + header.getEventType() + " event at " + file + ":" + eventPosition(header)
                    + (gtid == null ? "" : " (transaction " + gtid + ")") + " is for table id " + tableId
                    + ", which no TABLE_MAP event described: its rows cannot be decoded, and whether its table is captured is unknown");
        }
        return converter;
    }

    private void onTableMap(TableMapEventData tableMap) {
        // The deserializer hands out the same instance for a TABLE_MAP whose bytes did not change: then the
        // filter's answer and the converter are known, without building and hashing the table's schema again.
        Object known = byTableMap.get(tableMap);
        if (known != null) {
            if (!(known instanceof TableConverter converter)) {
                convertersByTableId.remove(tableMap.getTableId());
                uncapturedTableIds.add(tableMap.getTableId());
            } else {
                uncapturedTableIds.remove(tableMap.getTableId());
                convertersByTableId.put(tableMap.getTableId(), converter);
                latestByTable.put(converter.table().id(), converter);
            }
            return;
        }
        if (byTableMap.size() >= CACHED_TABLE_MAPS) {
            byTableMap.clear();
        }
        if (!filter.includes(tableMap.getDatabase(), tableMap.getTable())) {
            byTableMap.put(tableMap, UNCAPTURED);
            convertersByTableId.remove(tableMap.getTableId());
            uncapturedTableIds.add(tableMap.getTableId());
            return;
        }
        uncapturedTableIds.remove(tableMap.getTableId());
        TableSchema schema = TableMapSchemas.fromTableMap(tableMap);
        TableConverter converter = convertersBySchema.get(schema);
        if (converter == null) {
            converter = converters.create(schema, topics.topicFor(schema.id()));
            convertersBySchema.put(schema, converter);
        }
        convertersByTableId.put(tableMap.getTableId(), converter);
        latestByTable.put(schema.id(), converter);
        byTableMap.put(tableMap, converter);
    }

    private void change(TableConverter converter, EventHeaderV4 header, Op op, Struct before, Struct after)
            throws InterruptedException {
        if (gtid == null) {
            throw new IllegalStateException("Row event at " + file + ":" + eventPosition(header)
                    + " without a GTID: the server must write GTIDs (MySQL gtid_mode=ON)");
        }
        if (snapshots != null && snapshots.active()) {
            // Both keys of an update that moves the row: the chunk's row of either key is older than this change.
            TableId table = converter.table().id();
            if (before != null) {
                snapshots.observe(table, gtid, converter.key(before));
            }
            if (after != null) {
                snapshots.observe(table, gtid, converter.key(after));
            }
        }
        ordinal++;
        if (gtid.equals(skipTransaction) && ordinal <= skipRows) {
            return; // handed over before a restart or reconnect
        }
        if (snapshots != null && !converter.table().hasKey() && snapshots.awaitsWholeRead(converter.table().id())) {
            // A keyless table's topic is a multiset, not compacted: a change delivered before the table's one read
            // is also in that read (it is emitted the moment the stream reaches its position), so emitting both
            // would count the row twice. Its records start with its snapshot.
            return;
        }
        String eventId = gtid + "/" + ordinal;
        if (op == Op.UPDATE) {
            Struct oldKey = converter.key(before);
            if (oldKey != null && !oldKey.equals(converter.key(after))) {
                // The row moved to another key: a delete under the old key (so compacted topics drop it),
                // then a create under the new one, as Debezium's consumers expect.
                emit(converter, header, Op.DELETE, before, null, oldKey, eventId + "/delete", false);
                emit(converter, header, Op.CREATE, null, after, converter.key(after), eventId, true);
                return;
            }
        }
        emit(converter, header, op, before, after, converter.key(after != null ? after : before), eventId, true);
    }

    /**
     * Releases one change (and the tombstone after a delete).
     *
     * @param endsRow whether this change completes the binlog row change; replay resumes before the row
     *                until its last record was delivered, so no part of it can be lost
     */
    private void emit(TableConverter converter, EventHeaderV4 header, Op op, Struct before, Struct after, Struct key,
                      String eventId, boolean endsRow) throws InterruptedException {
        if (!streamChanges) {
            return; // snapshot.mode=initial_only: the stream only carries the snapshot's chunks to their positions
        }
        Struct source = SourceInfo.of(serverName, gtidServerId, gtid, file, eventPosition(header), (int) (ordinal - 1),
                converter.table().id().database(), converter.table().id().table(),
                commitMicros > 0 ? commitMicros / 1000 : header.getTimestamp());
        Struct envelope = converter.envelope(before, after, op.code(), System.currentTimeMillis(), source);
        boolean tombstone = op == Op.DELETE && options.tombstones() && key != null;
        long sizeBound = inCompressedPayload ? Long.MAX_VALUE : converter.recordSizeBound(header.getEventLength(), textLength(serverName) + textLength(gtid)
                + textLength(file) + textLength(converter.table().id().database()) + textLength(converter.table().id().table()) + 8);
        // A record without a key (a keyless table, a TRUNCATE) has no key schema either.
        release(new PendingRecord(converter.topic(), key == null ? null : converter.keySchema(), key, converter.envelopeSchema(), envelope,
                eventId, ordinal, endsRow && !tombstone, sizeBound, rowShareBytes));
        if (tombstone) {
            release(new PendingRecord(converter.topic(), converter.keySchema(), key, null, null,
                    eventId + "/tombstone", ordinal, endsRow, sizeBound, Delivery.SMALL_RECORD_BYTES));
        }
    }

    /** A rows event's bytes per row, its header and table id included (a few bytes each, a fair overhead). */
    private static long rowShare(EventHeaderV4 header, int rows) {
        return Math.max(1, header.getEventLength() / Math.max(1, rows));
    }

    private static long textLength(String text) {
        return text == null ? 0 : text.length();
    }

    /** Emits the held record (now known not to be the last) and holds the new one. */
    private void release(PendingRecord next) throws InterruptedException {
        if (held != null) {
            long rowsDone = held.completesRow() ? held.ordinal() : held.ordinal() - 1;
            SourceOffset offset = withProgress(rowsDone == 0
                    ? SourceOffset.between(deliveredText, file, position)
                    : new SourceOffset(deliveredText, gtid, rowsDone, file, position));
            sink.accept(new Delivery(held.toSourceRecord(partition, offset, null), false, held.completesRow(), held.sizeBound(),
                    held.queueBytes()));
        }
        held = next;
    }

    private void commit(EventHeaderV4 header) throws InterruptedException {
        if (gtid == null) {
            return;
        }
        delivered = delivered.plus(gtid);
        deliveredText = delivered.toString();
        long nextPosition = header.getNextPosition();
        if (held != null) {
            String gtids = deliveredText;
            sink.accept(new Delivery(held.toSourceRecord(partition, withProgress(SourceOffset.between(gtids, file, nextPosition)), ordinal), true, true,
                    held.sizeBound(), held.queueBytes()));
            held = null;
            lastOffsetGtids = gtids;
            lastOffsetMs = System.currentTimeMillis();
        }
        if (gtid.equals(skipTransaction)) {
            skipTransaction = null;
            skipRows = 0;
        }
        gtid = null;
        inTransaction = false;
        ordinal = 0;
    }
}
