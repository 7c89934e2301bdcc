package io.binlogstream.connect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.binlogstream.connect.binlog.BinlogReader;
import io.binlogstream.connect.binlog.Delivery;
import io.binlogstream.connect.binlog.ServerConnection;
import io.binlogstream.connect.binlog.ServerSelector;
import io.binlogstream.connect.binlog.TransactionAssembler;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.Heartbeats;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.RecordSizeGuard;
import io.binlogstream.connect.record.TableConverters;
import io.binlogstream.connect.schema.TableCatalog;
import io.binlogstream.connect.snapshot.SnapshotPlan;
import io.binlogstream.connect.snapshot.TableSnapshots;

/**
 * Streams the binlog from the stored offset (or, on first start, from the server's current GTID position).
 * poll() only drains the reader's queue: it returns null when idle and never blocks for long.
 */
public class BinlogSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogSourceTask.class);

    private BinlogConnectorConfig config;
    private BinlogReader reader;
    private TransactionBoundaries boundaries;
    private StartPositionGuard startGuard;
    /** Counted down by stop(): an idle poll() waits on it instead of sleeping. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private TableCatalog catalog;
    private RecordSizeGuard sizeGuard;
    private TableSnapshots snapshots;
    /** snapshot.mode=initial_only: no changes; once the snapshot is done the binlog is closed and the task idles. */
    private boolean initialOnly;
    private boolean idle;
    /** max.in.flight.records; null where Kafka acknowledges only at a transaction's commit (see {@link #boundsInFlight}). */
    private volatile InFlightRecords inFlight;
    /** The task's gauges; null while the task idles without a reader. */
    private TaskMetrics metrics;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        long started = System.nanoTime();
        config = new BinlogConnectorConfig(props);
        sizeGuard = RecordSizeGuard.fromConnectorConfig(props);
        Map<String, Object> stored = context.offsetStorageReader().offset(SourceOffset.partition(config.topicPrefix()));
        SourceOffset offset = stored == null ? null : SourceOffset.fromMap(stored);

        ServerSelector selector = new ServerSelector(config);
        String snapshotMode = config.snapshotMode();
        ServerSelector.Selected selected;
        String recovery = null;
        try {
            selected = selector.select(offset == null ? null : offset.gtids(), null);
        } catch (ServerSelector.NoServerAvailable e) {
            if (offset == null || !snapshotMode.equals("when_needed") || !e.purgedEverywhere()) {
                throw new ConnectException(offset == null ? e.getMessage()
                        : "Cannot resume from the stored offset '" + offset.gtids() + "' on any server of database.hostname: " + e.reasons()
                        + (e.purgedEverywhere() ? ". With snapshot.mode=when_needed the task would read every captured table again instead" : ""), e);
            }
            selected = selectForRecovery(selector, offset, e);
            recovery = selected.position().toString();
        }
        GtidPosition position = selected.position();
        Heartbeats heartbeats = new Heartbeats(config.heartbeatTopic(), config.topicPrefix());
        // The catalog asks the server the binlog is read from now (it changes after a failover).
        catalog = new TableCatalog(() -> ServerConnection.open(config, reader.server()));
        RecordOptions options = RecordOptions.from(config);
        TableConverters converters = new TableConverters(config.topicPrefix(), config.mappingOptions(), catalog, options);
        SnapshotPlan plan = SnapshotPlan.decide(snapshotMode, offset, config.snapshotRequestId(), config.snapshotRequestTables(), recovery);
        if (plan.snapshots() && !selected.info().mariaDb()) {
            throw new ConnectException("snapshot.mode=" + snapshotMode + (config.snapshotRequestId() == null ? "" : " with snapshot.request.id")
                    + " needs MariaDB: a chunk's exact binlog position comes from MariaDB's Binlog_snapshot_file/position, which "
                    + selected.address() + " (MySQL) does not have. On MySQL set snapshot.mode=no_data and leave snapshot.request.id empty");
        }
        initialOnly = !plan.streamChanges();
        if (initialOnly && !plan.snapshots() && offset != null) {
            idle = true;
            LOG.info("Task for {}: snapshot.mode=initial_only and the snapshot was done before; no changes are streamed, the task idles",
                    config.topicPrefix());
            return;
        }
        // A recovery starts afresh at the server's position: nothing of the old offset applies but its request id.
        SourceOffset start = recovery == null ? offset : null;
        TransactionAssembler.Factory assemblers = sink -> {
            TransactionAssembler assembler = new TransactionAssembler(config.topicPrefix(), config.tableFilter(),
                    options, start, position, heartbeats, config.heartbeatInterval(), sink, converters);
            assembler.streamChanges(plan.streamChanges());
            if (plan.snapshots()) {
                snapshots = new TableSnapshots(() -> ServerConnection.open(config, reader.server()), config.tableFilter(),
                        config.snapshotChunkSize(), plan.resumeAt(), plan.toBegin(), plan.lastRequest(),
                        (schema, id) -> assembler.snapshotConverter(schema));
                snapshots.progressTracker().publishAs(config.topicPrefix(), props.getOrDefault(BinlogSourceConnector.TASK_ID_KEY, "0"));
                assembler.snapshot(snapshots);
            }
            return assembler;
        };
        // Null unless the worker runs exactly-once and this connector's transaction.boundary is 'connector'.
        boundaries = new TransactionBoundaries(context.transactionContext(), config.transactionCommitRecords(),
                config.transactionCommitInterval().toMillis(), config.transactionSplitRecords());
        startGuard = start == null ? StartPositionGuard.forFirstStart() : StartPositionGuard.alreadyStored();
        inFlight = boundsInFlight(props, context.transactionContext() != null) ? new InFlightRecords(config.maxInFlightRecords()) : null;
        if (inFlight == null) {
            LOG.info("Task for {}: max.in.flight.records does not apply: with transaction.boundary={} Kafka acknowledges records only"
                    + " when their transaction commits", config.topicPrefix(), props.getOrDefault("transaction.boundary", "connector"));
        }
        reader = new BinlogReader(config, config.serverId(), selector, selected, assemblers::create);
        metrics = TaskMetrics.of(context, config.topicPrefix());
        metrics.publish(reader::queuedRecords, reader::queuedBytes, inFlight, reader::droppedEvents);
        reader.start();
        LOG.info("Task for {} streaming from {} at GTID position '{}'{} ({} ms to start)", config.topicPrefix(),
                selected.address(), position,
                start != null && start.insideTransaction() ? ", skipping " + start.rows() + " delivered rows of " + start.transaction() : "",
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * {@code when_needed} and the stored offset's binlogs are purged on every server: start at a server's current
     * position, and the plan reads every captured table again.
     */
    private ServerSelector.Selected selectForRecovery(ServerSelector selector, SourceOffset offset, ServerSelector.NoServerAvailable why) {
        try {
            ServerSelector.Selected selected = selector.select(null, null);
            LOG.warn("Task for {}: the stored offset '{}' can no longer be used ({}). snapshot.mode=when_needed: reading every captured "
                    + "table again, then streaming from {} at '{}'. Consumers see each row again as an op=r record; changes between "
                    + "the offset and now that were purged are not delivered as changes", config.topicPrefix(), offset.gtids(), why.reasons(),
                    selected.address(), selected.position());
            return selected;
        } catch (ServerSelector.NoServerAvailable e) {
            throw new ConnectException("The stored offset '" + offset.gtids() + "' can no longer be used (" + why.reasons()
                    + "), and snapshot.mode=when_needed cannot start over: " + e.getMessage(), e);
        }
    }

    /**
     * Whether max.in.flight.records applies. With exactly-once delivery Kafka acknowledges a record only when its
     * transaction commits: after each poll() by default (the bound then never holds for long), but at an interval, or
     * where this connector marks the boundaries at binlog transactions, a held-back poll() would put the commit off or,
     * with a binlog transaction larger than the bound, wait for it for ever.
     */
    static boolean boundsInFlight(Map<String, String> props, boolean connectorDefinesTransactions) {
        return !connectorDefinesTransactions && !"interval".equalsIgnoreCase(props.getOrDefault("transaction.boundary", "").trim());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (metrics != null) {
            metrics.retryUnpublished();
        }
        List<SourceRecord> records = nextRecords();
        InFlightRecords bound = inFlight;
        if (records != null && bound != null) {
            bound.handedOver(records.size());
        }
        return records;
    }

    private List<SourceRecord> nextRecords() throws InterruptedException {
        if (idle) {
            // Nothing will come; wait as long as Connect lets poll() wait, or until stop().
            stopped.await(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        }
        if (snapshots != null) {
            snapshots.progressTracker().maybeLog(); // also when the reader thread is held up (long transaction, full queue)
        }
        if (!startGuard.isStored()) {
            return pollUntilStartPositionStored();
        }
        long pollStart = System.nanoTime();
        int batch = config.maxBatchSize();
        boolean waitedForKafka = inFlight != null && !inFlight.fits(batch);
        if (inFlight != null) {
            batch = inFlight.awaitRoom(batch, config.pollTimeout());
            if (batch == 0) {
                return null; // Kafka has not yet taken enough of what was handed over; the backlog waits in the binlog
            }
        }
        List<Delivery> deliveries = new ArrayList<>();
        Duration left = config.pollTimeout().minusNanos(System.nanoTime() - pollStart);
        reader.drain(deliveries, batch, left.isNegative() ? Duration.ZERO : left);
        if (deliveries.isEmpty() && waitedForKafka) {
            // Most of the wait went to Kafka, so the queue had next to none: no sign that the binlog is idle.
            return null;
        }
        if (deliveries.isEmpty()) {
            boundaries.onIdle();
            if (initialOnly && (snapshots == null || !snapshots.active())) {
                goIdle();
            }
            return null;
        }
        boolean caughtUp = reader.isCaughtUp();
        long now = System.currentTimeMillis();
        List<SourceRecord> records = new ArrayList<>(deliveries.size());
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery delivery = deliveries.get(i);
            sizeGuard.check(delivery.record(), delivery.sizeBound());
            boundaries.onRecord(delivery, caughtUp && i == deliveries.size() - 1, now);
            records.add(delivery.record());
        }
        return records;
    }

    /**
     * On a first start the task has no offset: if it died before storing one, its successor would start from
     * the server's position at that later time and miss what came between. So the first record, which holds
     * the start position, goes out alone, and changes follow only once Connect has stored its offset.
     */
    private List<SourceRecord> pollUntilStartPositionStored() throws InterruptedException {
        if (startGuard.awaitingFirstRecord()) {
            List<Delivery> first = new ArrayList<>(1);
            reader.drain(first, 1, config.pollTimeout());
            if (first.isEmpty()) {
                return null;
            }
            Delivery delivery = first.get(0);
            startGuard.sent(delivery.record());
            boundaries.onRecord(delivery, true, System.currentTimeMillis());
            LOG.info("Task for {} stores its start position before streaming changes", config.topicPrefix());
            return List.of(delivery.record());
        }
        // Ask for a commit cycle (a no-op unless this connector defines transactions), and wait for the cycle that
        // stores the position (commit() signals it), at most poll.timeout.ms so the task stays responsive.
        boundaries.requestCommit();
        startGuard.awaitStored(config.pollTimeout());
        return null;
    }

    /** initial_only, snapshot done and every record handed over: the binlog is not needed any more. */
    private void goIdle() {
        idle = true;
        reader.close();
        LOG.info("Task for {}: snapshot.mode=initial_only and the snapshot is done ({} rows); no changes are streamed, the task idles",
                config.topicPrefix(), snapshots == null ? 0 : snapshots.rowsEmitted());
    }

    @Override
    public void commitRecord(SourceRecord record, org.apache.kafka.clients.producer.RecordMetadata metadata) {
        // Connect calls this on the producer's thread once Kafka took the record (or a transform dropped it).
        InFlightRecords bound = inFlight;
        if (bound != null) {
            bound.acknowledged();
        }
        startGuard.acknowledged(record);
    }

    @Override
    public void commit() {
        if (startGuard.committed()) {
            LOG.info("Task for {} stored its start position; streaming changes", config.topicPrefix());
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (reader != null) {
            reader.close();
        }
        if (catalog != null) {
            catalog.close();
        }
        if (snapshots != null) {
            snapshots.close();
        }
    }
}
