package io.binlogstream.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;

import io.binlogstream.testkit.MariaDbServer;

/**
 * The database's share of the machine during the floor's W7 run. A binlog connector's latency is measured while
 * the writer's statements, MariaDB executing them and its dump thread streaming the binlog take their part of the 2
 * cores; the floor reads no database, so alone it would be measured on a quieter machine. Started before the floor's
 * connector, this writes the same rows at the same rate into a table no connector reads ({@link PacedWriter#write})
 * while a binlog client (the library binlogstream uses, framing events without decoding their rows, in this process)
 * reads the binlog, so the server runs a dump thread as it does for a connector. What is left out is only the
 * connector's own reading and decoding inside the worker.
 */
final class FloorLoad implements AutoCloseable {
    private final MariaDbServer db;
    private final String table;
    private final BinaryLogClient client;
    private final AtomicLong rowsEvents = new AtomicLong();

    private FloorLoad(MariaDbServer db, String table) {
        this.db = db;
        this.table = table;
        this.client = BinlogCeiling.framingClient(db, 8_000);
        client.registerEventListener(event -> {
            if (EventType.isRowMutation(event.getHeader().getEventType())) {
                rowsEvents.incrementAndGet();
            }
        });
    }

    /** Connects the binlog client at the binlog's current end; {@link #write} writes into {@code table}, which exists. */
    static FloorLoad connect(MariaDbServer db, String table) throws IOException, java.util.concurrent.TimeoutException {
        FloorLoad load = new FloorLoad(db, table);
        // Without a file name the client asks the server for its current position and reads on from there.
        load.client.connect(TimeUnit.MINUTES.toMillis(1));
        return load;
    }

    /**
     * Writes for {@code warmUp + measured}; returns what the floor was due to emit, with the load writer's achieved rate,
     * statements and lateness (the floor's own rows carry their due time, so their lateness is in the latency). Fails if
     * the binlog client stopped reading: a load that fell away halfway would flatter the floor.
     */
    PacedWriter.Written write(long floorRows, int rate, Duration warmUp, Duration measured, Runnable atMeasuredStart) throws Exception {
        PacedWriter.Written load = PacedWriter.write(db, table, rate, warmUp, measured, atMeasuredStart);
        // Each statement is at least one rows event; let the client read the last ones before counting.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rowsEvents.get() < load.statements() && client.isConnected() && System.nanoTime() < deadline) {
            Harness.sleep(Duration.ofMillis(50));
        }
        if (!client.isConnected() || rowsEvents.get() < load.statements()) {
            throw new IllegalStateException("the floor's binlog load read " + rowsEvents.get() + " rows events of " + load.statements()
                    + " statements" + (client.isConnected() ? "" : " and lost its connection"));
        }
        return new PacedWriter.Written(floorRows, rate * warmUp.toSeconds() + 1, load.measuredRate(), load.statements(),
                load.maxBehindMs(), load.startMs(), load.endMs());
    }

    @Override
    public void close() throws IOException {
        client.disconnect();
    }
}
