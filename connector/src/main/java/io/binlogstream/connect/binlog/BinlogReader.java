package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializationException;
import com.github.shyiko.mysql.binlog.network.ServerException;

import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.config.ServerAddress;
import io.binlogstream.connect.tls.TlsFailure;
import io.binlogstream.connect.tls.TlsSettings;

/**
 * Owns the binlog connection and the one thread that reads it. Events go through the
 * {@link TransactionAssembler} into a bounded queue that {@link #drain} empties for poll(). The listener never
 * throws and never drops: a failure (an undecodable event, a connection that stays lost) is queued behind the
 * records read before it and stops the reading, so poll() fails the task with the GTID and position in the
 * message. A lost connection is re-established with growing waits, from the assembler's own position.
 */
public final class BinlogReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogReader.class);

    /** A failure travelling through the queue, after the records that preceded it. */
    private record Failure(ConnectException error) {
    }

    /** How often, at most, the server is asked to send a heartbeat event while idle. */
    static final Duration SERVER_HEARTBEAT_MAX = Duration.ofSeconds(10);
    /** A connection silent for this many server heartbeat periods is taken for dead. */
    static final int SILENT_PERIODS = 3;

    private final HandOffQueue<Object> queue;
    private final BinlogConnectorConfig config;
    private final long serverId;
    private final ServerSelector selector;
    private final TransactionAssembler assembler;
    private final Thread thread;
    private final Duration serverHeartbeat;
    /** Replaced, by the reader thread only, when the task moves to another server. */
    private volatile ConnectorClient client;
    /** Guards a change of {@link #client} and {@link #droppedBefore} together, for a count read from another thread. */
    private final Object droppedLock = new Object();
    /** Events dropped by the clients before the current one (a failover replaces the client). */
    private long droppedBefore;
    private volatile ServerAddress server;
    private final TlsSettings tlsSettings;
    private volatile boolean stopping;
    /** Whether the connections make progress, which bounds reconnecting. Reader thread only. */
    private final ReconnectProgress progress;
    /** How the current connection ended, as the library reported it (null: it ended cleanly or not at all). Reader thread only. */
    private Exception connectionLoss;
    private volatile boolean failed;
    /** A query an event needed lost its connection; the binlog connection was closed so the reader reconnects. */
    private volatile Exception lostQuery;
    private ConnectException pendingFailure;
    /**
     * drain()'s scratch list, reused: a new one per poll() was the task thread's largest allocation at steady low
     * rates (a small batch per poll, an array sized for a full one). Only poll()'s thread calls drain().
     */
    private final List<Object> taken = new ArrayList<>();
    /** Why no server could be reconnected to, last time none could. */
    private ServerSelector.NoServerAvailable lastRefusal;

    /**
     * @param selector chooses the server to reconnect to: the current one if it can still serve the position,
     *                 else another one of database.hostname
     * @param initial  the server chosen at start and the position to start from
     */
    public BinlogReader(BinlogConnectorConfig config, long serverId, ServerSelector selector, ServerSelector.Selected initial,
                        java.util.function.Function<RecordSink, TransactionAssembler> assemblerFactory) {
        this.queue = new HandOffQueue<>(config.maxQueueSize(), config.maxQueueBytes());
        this.config = config;
        this.serverId = serverId;
        this.selector = selector;
        // Before the assembler, whose sink reports each record handed over to it.
        this.progress = new ReconnectProgress(config.reconnectTimeout(), config.reconnectBackoffMax());
        this.assembler = assemblerFactory.apply(delivery -> {
            queue.put(delivery, delivery.queueBytes());
            progress.handedOver();
        });
        Duration heartbeat = config.heartbeatInterval();
        this.serverHeartbeat = heartbeat.isZero() || heartbeat.compareTo(SERVER_HEARTBEAT_MAX) > 0 ? SERVER_HEARTBEAT_MAX : heartbeat;
        this.server = initial.address();
        this.tlsSettings = config.tlsSettings();
        this.client = newClient(initial.address(), initial.position().toString());
        this.thread = new Thread(this::run, "binlogstream-reader-" + config.topicPrefix());
        thread.setDaemon(true);
    }

    private ConnectorClient newClient(ServerAddress address, String position) {
        ConnectorClient c = new ConnectorClient(address.host(), address.port(), config.user(), config.password(), config.tableFilter());
        c.setServerId(serverId);
        config.tls().applyTo(c, address.host());
        // Reconnection belongs to the connector, which resumes from its own offset, never from the library's
        // GTID tracking (that advances before a transaction's records are delivered).
        c.setKeepAlive(false);
        c.setConnectTimeout(config.connectTimeout().toMillis());
        // Events of tables the filters leave out are dropped before decoding (ConnectorClient), and the rows of
        // those inside MySQL's compressed transactions, which get past, are not decoded; the same filter as the
        // assembler's.
        c.setEventDeserializer(EventDeserializers.create(config.tableFilter()));
        c.setGtidSet(position);
        // The server sends heartbeat events while idle (they also let heartbeat records go out); a connection
        // that stays silent for several periods is dead even if TCP has not noticed (a partition, a frozen
        // server), and the read timeout turns that into a reconnect (also in the middle of an event, where the
        // library would otherwise take the timeout for an event it cannot decode: UncapturedEventFilter).
        c.setHeartbeatInterval(serverHeartbeat.toMillis());
        int readTimeout = (int) Math.max(1_000, serverHeartbeat.toMillis() * SILENT_PERIODS);
        c.setSocketFactory(() -> {
            java.net.Socket socket = new java.net.Socket();
            socket.setSoTimeout(readTimeout);
            return socket;
        });
        c.registerEventListener(this::onEvent);
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onEventDeserializationFailure(BinaryLogClient failing, Exception ex) {
                // The library would skip the event and go on; stop instead, nothing is skipped silently.
                fail("Cannot decode the binlog event at " + where(), ex);
            }

            @Override
            public void onCommunicationFailure(BinaryLogClient failing, Exception ex) {
                // The library wraps a failure inside an event (a StalledConnection, an EOF) in its decoding exception,
                // which names the event: log both, keep what happened.
                Exception loss = ex instanceof EventDataDeserializationException && ex.getCause() instanceof Exception cause ? cause : ex;
                LOG.warn("Binlog connection to {} failed at {}: {}{}", server, where(), ex, loss == ex ? "" : " (" + loss.getMessage() + ")");
                connectionLoss = loss;
            }
        });
        return c;
    }

    public void start() {
        thread.start();
    }

    /** The server read from now. */
    public ServerAddress server() {
        return server;
    }

    private void run() {
        Exception lastError = null;
        boolean firstConnect = true;
        while (!stopping && !failed) {
            boolean connectable = true;
            if (!firstConnect) {
                // Resume from what was handed over, not from the library's tracking, which ran ahead; and only
                // from a server that holds it (this one after a restart, or another after a failover).
                connectable = chooseServer();
                if (!connectable) {
                    lastError = lastRefusal;
                }
            }
            progress.connecting(assembler.delivered());
            connectionLoss = null;
            boolean streamed = false;
            boolean endedByLostQuery = false;
            if (stopping) {
                return;
            }
            if (connectable) {
                try {
                    client.connect();
                    streamed = true;
                    endedByLostQuery = lostQuery != null;
                    lastError = lostQuery;
                    lostQuery = null;
                } catch (ServerException e) {
                    // The server refused (login, privileges, purged binlogs): waiting will not change its answer,
                    // unless another server can take over.
                    String message = "The server " + server + " refused to stream the binlog from " + where() + ": "
                            + e.getMessage() + " (server error " + e.getErrorCode() + ")";
                    if (selector.servers().size() == 1) {
                        fail(message, e);
                        return;
                    }
                    LOG.warn(message);
                    lastError = e;
                } catch (IOException | RuntimeException e) {
                    lastError = e;
                    // A TLS failure is a setting to change: waiting would not make the certificate or the server's TLS right.
                    java.util.Optional<TlsFailure> tls = TlsFailure.of(e, tlsSettings, server.toString());
                    if (firstConnect && (!(e instanceof IOException) || tls.isPresent())) {
                        fail("Cannot read the binlog from " + server + ": " + tls.map(TlsFailure::message).orElse(e.getMessage()), e);
                        return;
                    }
                }
            }
            firstConnect = false;
            if (stopping || failed) {
                return;
            }
            long now = System.currentTimeMillis();
            if (progress.ended(streamed, endedByLostQuery, assembler.delivered(), now) && connectionLoss != null) {
                lastError = connectionLoss;
            }
            if (progress.timedOut(now) && progress.keepsEnding()) {
                fail("The binlog connection to " + server + " keeps ending before anything new comes through it, after " + where()
                        + ": " + progress.fruitless() + " connections in " + progress.lostForMs(now) + " ms (reconnect.timeout.ms is "
                        + progress.timeoutMs() + ") each ended before a transaction completed, a record was handed over, the"
                        + " server reported itself idle or the stream got further than before"
                        + (lastError == null ? "" : "; the last ended with: " + lastError.getMessage())
                        + ". A network path or proxy that stops or cuts large transfers (an MTU limit), or a server that stalls"
                        + " sending the next event, does this.", lastError);
                return;
            }
            if (progress.timedOut(now)) {
                fail("The binlog connection to " + server + " was lost at " + where() + " and could not be re-established within "
                        + progress.timeoutMs() + " ms (reconnect.timeout.ms)" + (lastError == null ? "" : ": " + lastError.getMessage()),
                        lastError);
                return;
            }
            long backoffMs = progress.nextBackoffMs();
            LOG.warn("Binlog connection to {} lost at {}{}; reconnecting in {} ms", server, where(),
                    lastError == null ? "" : " (" + lastError.getMessage() + ")", backoffMs);
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Points the client at a server that can serve the delivered position; false when none can right now. */
    private boolean chooseServer() {
        String position = assembler.resumePosition();
        ServerSelector.Selected chosen;
        try {
            chosen = selector.select(position, server);
        } catch (ServerSelector.NoServerAvailable e) {
            lastRefusal = e;
            return false;
        }
        if (!chosen.address().equals(server)) {
            LOG.warn("Task for {} moves from {} to {}, which holds every delivered transaction; resuming at GTID position '{}'",
                    config.topicPrefix(), server, chosen.address(), position);
            ConnectorClient next = newClient(chosen.address(), position);
            synchronized (droppedLock) {
                droppedBefore += client.droppedEvents();
                client = next;
            }
            server = chosen.address();
        } else {
            client.setGtidSet(position);
        }
        return true;
    }

    private void onEvent(Event event) {
        if (failed || stopping) {
            return;
        }
        EventHeaderV4 header = event.getHeader();
        progress.event(header.getEventType() == EventType.HEARTBEAT, header.getNextPosition());
        try {
            assembler.onEvent(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            String transaction = assembler.currentTransaction();
            String what = "the " + header.getEventType() + " event" + (transaction == null ? "" : " of transaction " + transaction)
                    + " at " + where() + (header.getNextPosition() > 0 ? " (event position " + header.getPosition() + ")" : "");
            if (e instanceof Exception lost && ConnectionLoss.causes(lost)) {
                if (reconnectAfterLostQuery(what, lost)) {
                    return;
                }
                fail("Cannot handle " + what + ": a query it needs lost its connection for " + progress.timeoutMs()
                        + " ms (reconnect.timeout.ms): " + e.getMessage(), e);
                return;
            }
            fail("Cannot handle " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * A query the event needed (a table's catalog) lost its connection, as when the server restarts or a failover
     * begins. Like a lost binlog connection, it is not fatal: the binlog connection is closed too, and the reader
     * reconnects (to another server if this one is gone) and reads the transaction again from its start. False once
     * queries have failed this way for reconnect.timeout.ms without the delivered position moving.
     */
    private boolean reconnectAfterLostQuery(String what, Exception e) {
        if (!progress.queryLost(assembler.delivered(), System.currentTimeMillis())) {
            return false;
        }
        LOG.warn("A query needed by {} lost its connection ({}); reconnecting to read the transaction again", what, e.getMessage());
        lostQuery = e;
        // On this thread, inside the client's event loop: the loop ends and connect() returns to run().
        disconnectQuietly();
        return true;
    }

    private String where() {
        return "GTID position " + assembler.delivered() + ", binlog " + client.getBinlogFilename() + ":" + client.getBinlogPosition();
    }

    private void fail(String message, Throwable cause) {
        if (failed || stopping) {
            return;
        }
        failed = true;
        LOG.error(message, cause);
        try {
            queue.put(new Failure(new ConnectException(message, cause)), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread disconnect = new Thread(this::disconnectQuietly, "binlogstream-disconnect");
        disconnect.setDaemon(true);
        disconnect.start();
    }

    /**
     * Moves up to {@code max} records into {@code out}, waiting at most {@code timeout} for the first.
     * Throws the reader's failure once every record read before it was handed over.
     */
    public void drain(List<Delivery> out, int max, Duration timeout) throws InterruptedException {
        if (pendingFailure != null) {
            throw pendingFailure;
        }
        try {
            // At least one even when out already holds max: callers that keep adding to one list rely on progress.
            queue.drain(taken, Math.max(1, max - out.size()), timeout);
            for (Object item : taken) {
                if (item instanceof Failure failure) {
                    // Nothing is queued after a failure: the reader stops reading once it has queued one.
                    pendingFailure = failure.error();
                    if (out.isEmpty()) {
                        throw pendingFailure;
                    }
                    return;
                }
                out.add((Delivery) item);
            }
        } finally {
            taken.clear();
        }
    }

    /** TABLE_MAP and rows events of tables left out that were dropped from the stream before decoding, since the reader started. */
    public long droppedEvents() {
        synchronized (droppedLock) {
            return droppedBefore + client.droppedEvents();
        }
    }

    /** Records (transactions' rows, heartbeats) waiting for poll() ({@code max.queue.size} bounds it). */
    public int queuedRecords() {
        return queue.size();
    }

    /** Estimated bytes of the records waiting for poll() ({@code max.queue.bytes} bounds it). */
    public long queuedBytes() {
        return queue.bytes();
    }

    /** Whether no record is waiting: the reader has handed over everything it read. */
    public boolean isCaughtUp() {
        return queue.isEmpty();
    }

    private void disconnectQuietly() {
        try {
            client.disconnect();
        } catch (IOException e) {
            LOG.debug("Disconnecting the binlog client", e);
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        disconnectQuietly();
        try {
            thread.join(2_000);
            // A client the thread created while this one was disconnecting the previous one.
            disconnectQuietly();
            thread.join(8_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
