package io.binlogstream.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private TableCatalog catalog;
    private RecordSizeGuard sizeGuard;
    private TableSnapshots snapshots;

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
        ServerSelector.Selected selected;
        try {
            selected = selector.select(offset == null ? null : offset.gtids(), null);
        } catch (ServerSelector.NoServerAvailable e) {
            throw new ConnectException(offset == null ? e.getMessage()
                    : "Cannot resume from the stored offset '" + offset.gtids() + "' on any server of database.hostname: " + e.reasons(), e);
        }
        GtidPosition position = selected.position();
        Heartbeats heartbeats = new Heartbeats(config.heartbeatTopic(), config.topicPrefix());
        // The catalog asks the server the binlog is read from now (it changes after a failover).
        catalog = new TableCatalog(() -> ServerConnection.open(config, reader.server()));
        RecordOptions options = RecordOptions.from(config);
        TableConverters converters = new TableConverters(config.topicPrefix(), config.mappingOptions(), catalog, options);
        String snapshotMode = config.snapshotMode();
        if (!snapshotMode.equals("no_data") && !snapshotMode.equals("initial")) {
            throw new ConnectException("snapshot.mode=" + snapshotMode + " is not implemented yet; use 'initial' or 'no_data'");
        }
        // A first start snapshots; a restart continues a snapshot its offset says is under way, and nothing else.
        boolean snapshot = snapshotMode.equals("initial") && (offset == null || offset.snapshot() != null);
        TransactionAssembler.Factory assemblers = sink -> {
            TransactionAssembler assembler = new TransactionAssembler(config.topicPrefix(), config.tableFilter(),
                    options, offset, position, heartbeats, config.heartbeatInterval(), sink, converters);
            if (snapshot) {
                snapshots = new TableSnapshots(() -> ServerConnection.open(config, reader.server()), config.tableFilter(),
                        config.snapshotChunkSize(), offset == null ? null : offset.snapshot(), (schema, id) -> assembler.snapshotConverter(schema));
                snapshots.progressTracker().publishAs(config.topicPrefix(), props.getOrDefault(BinlogSourceConnector.TASK_ID_KEY, "0"));
                assembler.snapshot(snapshots);
            }
            return assembler;
        };
        // Null unless the worker runs exactly-once and this connector's transaction.boundary is 'connector'.
        boundaries = new TransactionBoundaries(context.transactionContext(), config.transactionCommitRecords(),
                config.transactionCommitInterval().toMillis(), config.transactionSplitRecords());
        startGuard = offset == null ? StartPositionGuard.forFirstStart() : StartPositionGuard.alreadyStored();
        reader = new BinlogReader(config, config.serverId(), selector, selected, assemblers::create);
        reader.start();
        LOG.info("Task for {} streaming from {} at GTID position '{}'{} ({} ms to start)", config.topicPrefix(),
                selected.address(), position,
                offset != null && offset.insideTransaction() ? ", skipping " + offset.rows() + " delivered rows of " + offset.transaction() : "",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (snapshots != null) {
            snapshots.progressTracker().maybeLog(); // also when the reader thread is held up (long transaction, full queue)
        }
        if (!startGuard.isStored()) {
            return pollUntilStartPositionStored();
        }
        List<Delivery> deliveries = new ArrayList<>();
        reader.drain(deliveries, config.maxBatchSize(), config.pollTimeout());
        if (deliveries.isEmpty()) {
            boundaries.onIdle();
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
        // Ask for a commit cycle (a no-op unless this connector defines transactions), and wait a little.
        boundaries.requestCommit();
        Thread.sleep(config.pollTimeout().toMillis());
        return null;
    }

    @Override
    public void commitRecord(SourceRecord record, org.apache.kafka.clients.producer.RecordMetadata metadata) {
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
