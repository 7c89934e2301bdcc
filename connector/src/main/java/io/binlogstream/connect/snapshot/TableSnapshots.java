package io.binlogstream.connect.snapshot;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.binlogstream.connect.config.TableFilter;
import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.gtid.MariaDbGtidPosition;
import io.binlogstream.connect.offset.SnapshotProgress;
import io.binlogstream.connect.record.TableConverter;
import io.binlogstream.connect.schema.CatalogTable;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.connect.schema.TableId;
import io.binlogstream.connect.schema.TableSchema;

/**
 * The snapshot of the captured tables, chunk by chunk, driven by the binlog reader thread between transactions.
 *
 * <p>Why on the reader thread: the stream and the snapshot must hand records (and their offsets) over in one order,
 * and a chunk may only be emitted once the stream has delivered every transaction its read view contains, before
 * any later stream record. Reading the chunk on the thread that delivers the stream makes that order the program
 * order: {@link #pump} runs between two transactions, reads a chunk (one short transaction), and emits it at once
 * if the stream already delivered its position; otherwise the chunk waits while the stream goes on (every row change
 * of its table passes {@link #observe}) and is emitted by the first {@link #pump} after the stream reached it. A
 * chunk read holds the stream back by the time of one chunk's query, which is the price of that simplicity.
 *
 * <p>Progress ({@link #progress}) is the table and the last key of the last emitted chunk; every offset the task
 * writes while a snapshot is under way carries it, so a restart continues at the next chunk. MariaDB only: the
 * chunk position comes from {@code Binlog_snapshot_file/position} (see {@link ChunkReader}).
 */
public final class TableSnapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableSnapshots.class);
    /** How many times a chunk is read again while the race described in {@link ChunkWatermark} lasts. */
    private static final int REREAD_ATTEMPTS = 200;
    /** MariaDB's "Table definition has changed, please retry transaction" (a read view older than an ALTER). */
    private static final int ER_TABLE_DEF_CHANGED = 1412;

    /** Where a chunk's rows go: the reader's record hand-off. */
    @FunctionalInterface
    public interface ChunkSink {
        /**
         * @param rows        the rows to emit (those the watermark kept), as row structs, in key order
         * @param eventIds    each row's event id ({@link #eventId}), in the same order
         * @param before      where the snapshot stood before this chunk (for every record but the chunk's last: a
         *                    restart before the last one reads the chunk again)
         * @param after       where it stands after it (its progress null when this was the last chunk of the last run)
         * @param tableDone   whether this chunk ended its table
         */
        void accept(TableConverter converter, List<Struct> rows, List<String> eventIds, Mark before, Mark after, boolean tableDone)
                throws InterruptedException;
    }

    /**
     * What the offset says about snapshots at one point: the progress of the run under way (null: none) and the last
     * operator request begun (null: none).
     */
    public record Mark(SnapshotProgress progress, String lastRequest) {
    }

    /** A chunk read whose position the stream has not delivered yet. */
    private record Pending(Chunk<Serializable[]> chunk, MariaDbGtidPosition position, ChunkWatermark<Struct> watermark) {
    }

    private final ConnectionSource connections;
    private final TableFilter filter;
    private final int chunkSize;
    private final BiFunction<TableSchema, TableId, TableConverter> converters;
    private Connection connection;
    private ChunkReader reader;
    /** Runs to begin once the current one is done (an operator's request that came while another run was under way). */
    private final Deque<SnapshotRun> toBegin;
    private final SnapshotProgress resumeAt;
    /** The tables of the current run not emitted yet, the current one first; null before the first {@link #pump}. */
    private List<TableId> remaining;
    private SnapshotProgress progress;
    private String lastRequest;
    /** A run whose tables the progress tracker has not been given yet (see {@link #trackNewRun}). */
    private List<TableId> runToTrack;
    private TableConverter converter;
    private SnapshotCells cells;
    private ChunkQuery query;
    private Pending pending;
    private long chunks;
    private long rowsEmitted;
    private long rowsDropped;
    private long keysClaimed;
    private long rereads;
    private long definitionChanges;
    /** The definition the current table's converter and query were built from. */
    private Definition definition;

    private record Definition(TableSchema schema, CatalogTable catalog) {
    }
    private final SnapshotProgressTracker tracker = new SnapshotProgressTracker();

    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /**
     * @param resumeAt    the stored progress of a run under way, or null
     * @param toBegin     runs to begin, in order, after the one under way (if any)
     * @param lastRequest the last operator request carried out, from the offset (null: none)
     * @param converters  builds a table's converter from its catalog schema (the stream's own converters)
     */
    public TableSnapshots(ConnectionSource connections, TableFilter filter, int chunkSize, SnapshotProgress resumeAt,
                          List<SnapshotRun> toBegin, String lastRequest, BiFunction<TableSchema, TableId, TableConverter> converters) {
        this.connections = connections;
        this.filter = filter;
        this.chunkSize = chunkSize;
        this.resumeAt = resumeAt;
        this.toBegin = new ArrayDeque<>(toBegin);
        this.lastRequest = lastRequest;
        this.converters = converters;
    }

    /** The initial run, or the one a stored progress says is under way: the form the tests and the first start use. */
    public TableSnapshots(ConnectionSource connections, TableFilter filter, int chunkSize, SnapshotProgress resumeAt,
                          BiFunction<TableSchema, TableId, TableConverter> converters) {
        this(connections, filter, chunkSize, resumeAt, resumeAt == null ? List.of(SnapshotRun.initial()) : List.of(), null, converters);
    }

    /** Whether the snapshot still has chunks to emit. */
    public boolean active() {
        return remaining == null ? resumeAt != null || !toBegin.isEmpty() : !remaining.isEmpty();
    }

    /** Where the snapshot stands, for the offset; null once it is done. */
    public SnapshotProgress progress() {
        return active() ? progress : null;
    }

    /**
     * Where the snapshot stands for the offset: the progress (null once done) and the last operator request begun,
     * whose id stays in every offset so that a restart does not carry it out again.
     */
    public Mark mark() {
        return new Mark(progress(), lastRequest);
    }

    public long chunks() {
        return chunks;
    }

    public long rowsEmitted() {
        return rowsEmitted;
    }

    /** Chunk rows the watermark dropped because the stream delivered a newer change of their key. */
    public long rowsDropped() {
        return rowsDropped;
    }

    /**
     * Keys of the chunk's table that the stream changed, while a chunk waited, by transactions outside the chunk's
     * read view (any key of the table, inside the chunk's range or not): zero means the drop rule had nothing to do.
     */
    public long keysClaimed() {
        return keysClaimed;
    }

    /** The progress figures (log lines, JMX once {@link SnapshotProgressTracker#publishAs published}). */
    public SnapshotProgressTracker progressTracker() {
        return tracker;
    }

    /** Chunk reads repeated because of the binlog-before-engine-commit race ({@link ChunkWatermark#needsReread}). */
    public long rereads() {
        return rereads;
    }

    /** Chunk reads repeated because the table's definition changed (ALTER TABLE) since its query was built. */
    public long definitionChanges() {
        return definitionChanges;
    }

    /**
     * Whether this table is still to be read by this snapshot (it is captured and its read has not been emitted).
     * The stream leaves out changes of such a table when it has no key (see the caller). Before the table list is
     * read (the first {@link #pump}, at the first event, before any transaction) nothing is known: false.
     */
    public boolean awaitsWholeRead(TableId table) {
        return remaining != null && remaining.contains(table);
    }

    /** A row change the stream delivered: keys of a waiting chunk that it changed lose their chunk row. */
    public void observe(TableId table, String gtid, Struct key) {
        if (pending != null && key != null && table.equals(converter.table().id())) {
            pending.watermark().observe(gtid, key);
        }
    }

    /**
     * Between two transactions: emits the waiting chunk if the stream has delivered its position, and reads and
     * emits further chunks for as long as the stream has nothing newer to deliver first.
     */
    public void pump(GtidPosition delivered, ChunkSink sink) throws SQLException, InterruptedException {
        if (!(delivered instanceof MariaDbGtidPosition streamed)) {
            throw new IllegalStateException("Snapshots need MariaDB's exact chunk positions; this server is not MariaDB");
        }
        if (remaining == null) {
            start();
            trackNewRun();
        }
        tracker.maybeLog();
        while (!remaining.isEmpty()) {
            if (pending == null) {
                if (converter == null && !openTable()) {
                    continue;
                }
                pending = read(streamed);
            }
            if (!streamed.contains(pending.position())) {
                return; // the stream delivers the chunk's transactions first, observed by the watermark
            }
            emit(sink);
        }
    }

    private void start() throws SQLException {
        connection = connections.open();
        reader = new ChunkReader(connection);
        if (resumeAt != null) {
            resume(resumeAt);
        } else {
            remaining = new ArrayList<>();
            beginNextRun();
        }
    }

    /** Continues a stored run: the tables before the stored one are done (the order is the same sorted order). */
    private void resume(SnapshotProgress stored) throws SQLException {
        List<TableId> captured = capturedTables();
        List<TableId> tables = new ArrayList<>(stored.tables() == null ? captured
                : stored.tables().stream().filter(captured::contains).toList());
        int at = tables.indexOf(stored.table());
        if (at < 0) {
            LOG.warn("Snapshot run {} was at table {}, which is no longer captured; going on with the next one", stored.run(), stored.table());
            tables.removeIf(t -> compare(t, stored.table()) <= 0);
            progress = tables.isEmpty() ? null : stored.at(tables.get(0), null);
        } else {
            tables = new ArrayList<>(tables.subList(at, tables.size()));
            progress = stored;
        }
        remaining = tables;
        runToTrack = tables;
        LOG.info("Snapshot run {} continues: {} tables{}", stored.run(), tables.size(), progress == null ? "" : " from " + progress.table()
                + (progress.encodedKey() == null ? "" : " after key [" + io.binlogstream.connect.offset.OffsetLists.join(progress.encodedKey()) + "]"));
        if (remaining.isEmpty()) {
            beginNextRun();
        }
    }

    /** Begins the next run that has tables to read; with none left, the snapshot is done. */
    private void beginNextRun() throws SQLException {
        while (remaining.isEmpty() && !toBegin.isEmpty()) {
            SnapshotRun run = toBegin.poll();
            List<TableId> tables = capturedTables();
            if (run.selects() != null) {
                tables.removeIf(run.selects().negate());
            }
            if (run.request() != null) {
                lastRequest = run.request();
            }
            remaining = tables;
            runToTrack = tables;
            progress = tables.isEmpty() ? null : new SnapshotProgress(run.id(), run.selects() == null ? null : tables, tables.get(0), null);
            LOG.info("Snapshot run {} begins: {} tables {}", run.id(), tables.size(), tables);
            if (tables.isEmpty() && run.request() != null) {
                LOG.warn("Snapshot request '{}' names no captured table; nothing to read (snapshot.request.tables matches captured tables only)",
                        run.request());
            }
        }
    }

    /**
     * Starts the progress figures of the run begun last. Deferred from {@link #beginNextRun}: a run begins while the
     * previous run's last chunk is being emitted, and that chunk still counts for the previous run.
     */
    private void trackNewRun() throws SQLException {
        if (runToTrack != null) {
            List<TableId> tables = List.copyOf(runToTrack);
            runToTrack = null;
            tracker.started(tables, TableRowEstimates.read(connection, tables));
        }
    }

    /** The captured base tables, sorted by database and name. */
    private List<TableId> capturedTables() throws SQLException {
        List<TableId> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')"
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (filter.includes(rs.getString(1), rs.getString(2))) {
                    tables.add(new TableId(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return tables;
    }

    private static int compare(TableId a, TableId b) {
        int db = a.database().compareTo(b.database());
        return db != 0 ? db : a.table().compareTo(b.table());
    }

    /** Prepares the table at the head of the list (true: it is read, chunked or, without a key, whole). */
    private boolean openTable() throws SQLException {
        TableId table = remaining.get(0);
        TableSchema schema = CatalogSchemas.read(connection, table);
        if (!schema.hasKey()) {
            // No key to chunk by: one consistent-snapshot transaction reads the whole table at its exact position.
            // That transaction holds the table's metadata lock until the read ends, so an ALTER TABLE (and every
            // write queued behind it) waits for the whole read, not one chunk's.
            LOG.warn("Snapshot reads table {} in one transaction: it has no primary key, so it cannot be chunked. An ALTER TABLE"
                    + " on it waits until that read ends, and a restart during it reads the whole table again", table);
        }
        converter = converters.apply(schema, table);
        tracker.tableStarted(table);
        CatalogTable catalog = TableCatalog.load(connection, table);
        cells = new SnapshotCells(schema, catalog);
        if (!progress.table().equals(table)) {
            progress = progress.at(table, null);
        } else if (definition != null && definition.schema().id().equals(table) && !definition.schema().keyColumns().equals(schema.keyColumns())) {
            // The key changed under the snapshot: the stored key no longer bounds a chunk. Read the table from its start.
            LOG.warn("The primary key of {} changed during its snapshot; reading it again from its first row", table);
            progress = progress.at(table, null);
        }
        query = cells.query();
        definition = new Definition(schema, catalog);
        return true;
    }

    /** Is the table still defined as when its converter and query were built? */
    private boolean definitionUnchanged(Connection connection) throws SQLException {
        TableId table = definition.schema().id();
        return CatalogSchemas.read(connection, table).equals(definition.schema())
                && TableCatalog.load(connection, table).equals(definition.catalog());
    }

    /**
     * One chunk of the table as its definition was when the query was built; null when that definition changed: the
     * catalog, read inside the chunk's transaction after its SELECT (under the table's metadata lock), differs, or the
     * SELECT failed because it did (a column it names was dropped; 1412: InnoDB refuses a read view older than the
     * table's new definition).
     */
    private Chunk<Serializable[]> readChunk() throws SQLException {
        try {
            return reader.read(query, progress.lastKey(), query.wholeTable() ? Integer.MAX_VALUE : chunkSize, cells, this::definitionUnchanged);
        } catch (SQLException e) {
            boolean changed;
            try {
                changed = e.getErrorCode() == ER_TABLE_DEF_CHANGED || !definitionUnchanged(connection);
            } catch (SQLException catalog) {
                e.addSuppressed(catalog); // the chunk's own failure (say, a lost connection) is the one to report
                throw e;
            }
            if (changed) {
                LOG.debug("Chunk of {} failed while its definition changed; reading it again", definition.schema().id(), e);
                return null;
            }
            throw e;
        }
    }

    private Pending read(MariaDbGtidPosition streamed) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            // The window opens before the chunk's transaction: every change delivered from now on is observed.
            ChunkWatermark<Struct> watermark = new ChunkWatermark<>();
            Chunk<Serializable[]> chunk = readChunk();
            if (chunk == null) {
                // An ALTER TABLE completed since the query was built: the rows would lack (or misplace) columns, and
                // records after the stream's new schema would carry the old one. Read the chunk again as the table is now.
                if (++definitionChanges % 100 == 0) {
                    LOG.warn("Table {} changed its definition {} times during its snapshot", definition.schema().id(), definitionChanges);
                }
                LOG.info("Table {} changed during its snapshot; reading its chunk again under the new definition", definition.schema().id());
                openTable();
                attempt--;
                continue;
            }
            MariaDbGtidPosition position = MariaDbGtidPosition.parse(chunk.position().gtids());
            if (!ChunkWatermark.needsReread(streamed, position)) {
                watermark.chunkRead(position::contains);
                return new Pending(chunk, position, watermark);
            }
            // A transaction the stream delivered is in the binlog but not yet committed in the engine: short.
            if (attempt >= REREAD_ATTEMPTS) {
                throw new SQLException("Chunk of " + progress.table() + " read at " + position + " still misses transactions the stream"
                        + " delivered (" + streamed + ") after " + attempt + " reads");
            }
            rereads++;
            Thread.sleep(5);
        }
    }

    private void emit(ChunkSink sink) throws InterruptedException, SQLException {
        Chunk<Serializable[]> chunk = pending.chunk();
        BitSet all = new BitSet();
        all.set(0, converter.table().columns().size());
        List<Struct> keys = new ArrayList<>(chunk.rows().size());
        List<Struct> rows = new ArrayList<>(chunk.rows().size());
        for (Serializable[] cellsOfRow : chunk.rows()) {
            Struct row = converter.row(cellsOfRow, all);
            rows.add(row);
            keys.add(converter.key(row));
        }
        List<Integer> keptAt = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            keptAt.add(i);
        }
        keptAt = pending.watermark().select(keys, keptAt);
        List<Struct> kept = new ArrayList<>(keptAt.size());
        List<String> eventIds = new ArrayList<>(keptAt.size());
        for (int i : keptAt) {
            kept.add(rows.get(i));
            eventIds.add(query.wholeTable() ? keylessEventId(progress.run(), converter.table().id(), chunk.position(), i)
                    : eventId(progress.run(), converter.table().id(), chunk.keys().get(i)));
        }
        keysClaimed += pending.watermark().droppedKeys();
        Mark before = mark();
        TableConverter emitting = converter;
        boolean tableDone = chunk.last();
        if (tableDone) {
            nextTable();
        } else {
            progress = progress.at(progress.table(), chunk.lastKey());
        }
        pending = null;
        chunks++;
        rowsEmitted += kept.size();
        rowsDropped += rows.size() - kept.size();
        sink.accept(emitting, kept, eventIds, before, mark(), tableDone);
        tracker.chunkEmitted(emitting.table().id(), kept.size(), tableDone);
        trackNewRun();
    }

    /**
     * The event id of a snapshot row: {@code snapshot:<run>:<db>.<table>:<key>}, the key as the offset stores it (tagged
     * values, {@link SnapshotProgress#encodeKey}) with {@code %} and {@code ,} escaped so that composite keys cannot
     * run into each other, and the run id escaped the same way (and {@code :}). Why no chunk position in it: a restart reads the interrupted chunk again at a newer
     * position, and the re-read row must carry the same id for an at-least-once consumer to recognise it. Dropping
     * it is safe: every change between the two reads is delivered by the stream before the re-read row (the chunk
     * waits for its position), so the consumer already holds the key's newer state. Unique within one snapshot of a
     * table, since a key lies in exactly one chunk's range; a later run reading the same table again has its own run
     * id, so its rows are never taken for duplicates of the earlier run's.
     */
    static String eventId(String run, TableId table, List<Object> key) {
        StringBuilder id = new StringBuilder(idPrefix(run)).append(table.database()).append('.').append(table.table()).append(':');
        List<String> encoded = SnapshotProgress.encodeKey(key);
        for (int i = 0; i < encoded.size(); i++) {
            if (i > 0) {
                id.append(',');
            }
            id.append(io.binlogstream.connect.offset.OffsetLists.escape(encoded.get(i)));
        }
        return id.toString();
    }

    /**
     * The event id of a row of a table without a key: {@code snapshot:<run>:<db>.<table>@<file>:<position>#<n>}, the read's
     * exact position and the row's place in it. Unique, but not stable: a restart reads the table again at a new
     * position, in an order the server is free to change, and nothing identifies a keyless row across two reads.
     * So re-read rows of keyless tables cannot be deduplicated by id; only exactly-once delivery avoids them.
     */
    static String keylessEventId(String run, TableId table, ChunkPosition position, int row) {
        return idPrefix(run) + table.database() + "." + table.table() + "@" + position.file() + ":" + position.position() + "#" + row;
    }

    private static String idPrefix(String run) {
        return "snapshot:" + io.binlogstream.connect.offset.OffsetLists.escape(run).replace(":", "%3A") + ":";
    }

    private void nextTable() throws SQLException {
        TableId done = remaining.remove(0);
        converter = null;
        LOG.debug("Snapshot of {} done ({} chunks, {} rows so far in all)", done, chunks, rowsEmitted);
        if (remaining.isEmpty()) {
            progress = null;
            beginNextRun();
        } else {
            progress = progress.at(remaining.get(0), null);
        }
    }

    @Override
    public void close() {
        tracker.close();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the snapshot connection", e);
            }
        }
    }
}
