package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.util.Objects;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;

import io.binlogstream.connect.config.TableFilter;

/**
 * The binlog client as the connector runs it: without the library's own GTID tracking, and with the events of
 * tables the filters leave out dropped from the stream before the library decodes them.
 *
 * <p>GTID tracking: the library adds every transaction's GTID to a GTID set of its own (formatting and parsing it
 * again as text) so that its keep-alive thread can reconnect; the connector turns that thread off and always
 * reconnects from its own delivered position ({@link BinlogReader}), so the set is never read. In a stream of
 * single-row transactions that tracking took an eighth of the reader thread.
 *
 * <p>Dropping: see {@link UncapturedEventFilter}; it reads the stream from the moment the client has requested it.
 */
final class ConnectorClient extends BinaryLogClient {
    private final TableFilter captured;
    /** Guards {@link #filtered} and {@link #droppedBefore} together, for a count read from another thread. */
    private final Object countLock = new Object();
    /** The current connection's channel, once its stream is requested. */
    private FilteredPacketChannel filtered;
    /** Events dropped on the connections before the current one. */
    private long droppedBefore;

    /** @param captured the tables whose events the library gets */
    ConnectorClient(String host, int port, String user, String password, TableFilter captured) {
        super(host, port, user, password);
        this.captured = Objects.requireNonNull(captured, "captured");
    }

    /** TABLE_MAP and rows events of tables left out that this client dropped over all its connections. */
    long droppedEvents() {
        synchronized (countLock) {
            return droppedBefore + (filtered == null ? 0 : filtered.dropped());
        }
    }

    @Override
    protected void requestBinaryLogStream() throws IOException {
        super.requestBinaryLogStream();
        // Called by connect() on the thread that then reads the events, right before it reads the first one.
        FilteredPacketChannel next = new FilteredPacketChannel(channel, new UncapturedEventFilter(channel.getInputStream(), captured));
        synchronized (countLock) {
            if (filtered != null) {
                droppedBefore += filtered.dropped();
            }
            filtered = next;
        }
        channel = next;
    }

    @Override
    protected void updateGtidSet(Event event) {
        // Never read: the position to resume from is the connector's (set before each connect).
    }
}
