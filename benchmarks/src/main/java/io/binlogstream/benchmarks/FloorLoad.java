package io.binlogstream.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;

import io.binlogstream.testkit.MariaDbServer;

/**
 * The database's share of the machine during the floor's W7 run. A binlog connector's latency is measured while
 * the writer's statements, MariaDB executing them and its dump thread streaming the binlog take their part of the 2
 * cores; the floor reads no database, so alone it would be measured on a quieter machine. While the floor runs, this
 * writes the same rows at the same rate into a table no connector reads ({@link PacedWriter#write}) and keeps a binlog
 * client (the library binlogstream uses, framing events without decoding their rows, in this process) reading the
 * binlog, so the server runs a dump thread as it does for a connector. What is left out is only the connector's own
 * reading and decoding inside the worker.
 */
final class FloorLoad {
    private FloorLoad() {
    }

    /**
     * Writes into {@code table} (created here, dropped by the caller) for {@code warmUp + measured} while a binlog
     * client reads from the binlog's end; returns what the floor was due to emit, with the load writer's achieved
     * rate, statements and lateness (the floor's own rows carry their due time, so their lateness is in the latency).
     */
    static PacedWriter.Written run(MariaDbServer db, String table, long floorRows, int rate, Duration warmUp, Duration measured,
                                   Runnable atMeasuredStart) throws Exception {
        PacedWriter.createTable(db, table);
        AtomicLong rowsEvents = new AtomicLong();
        BinaryLogClient client = reader(db, rowsEvents);
        // Without a file name the client asks the server for its current position and reads on from there.
        client.connect(TimeUnit.MINUTES.toMillis(1));
        try {
            PacedWriter.Written load = PacedWriter.write(db, table, rate, warmUp, measured, atMeasuredStart);
            if (rowsEvents.get() == 0) {
                throw new IllegalStateException("the floor's binlog load read no rows event while " + load.rows() + " rows were written");
            }
            return new PacedWriter.Written(floorRows, rate * warmUp.toSeconds() + 1, load.measuredRate(), load.statements(),
                    load.maxBehindMs(), load.startMs(), load.endMs());
        } finally {
            client.disconnect();
        }
    }

    private static BinaryLogClient reader(MariaDbServer db, AtomicLong rowsEvents) {
        BinaryLogClient client = BinlogCeiling.framingClient(db, 8_000);
        client.registerEventListener(event -> {
            if (EventType.isRowMutation(event.getHeader().getEventType())) {
                rowsEvents.incrementAndGet();
            }
        });
        return client;
    }
}
