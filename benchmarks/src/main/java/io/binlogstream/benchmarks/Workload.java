package io.binlogstream.benchmarks;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.binlogstream.testkit.MariaDbServer;

/**
 * What a drain-mode workload (issue 6's W1-W6) gives {@link DrainRun}: the tables of one run and which of them the
 * connector captures, how they are created before the connector attaches, how the changes are written while it is
 * paused, how many change events that makes, and how the topics are checked afterwards. DrainRun does the rest
 * (connector, pause, resume, measures, clean-up) the same way for every workload.
 */
interface Workload {
    String DATABASE = "bench";

    /** One run's tables: the captured ones (one topic each) and the ones the filter leaves out. */
    record Tables(List<String> captured, List<String> skipped, String includePattern) {
        List<String> all() {
            List<String> all = new ArrayList<>(captured);
            all.addAll(skipped);
            return all;
        }
    }

    /**
     * What the writer did, from the server's own counters: {@code statements} is the session's {@code Com_insert}
     * or {@code Com_update} delta, {@code transactions} the binlog's GTID sequence delta (so the report shows W2's
     * autocommit and W4's single transaction as they reached the binlog).
     */
    record Written(long statements, long transactions, double seconds) {
    }

    /** {@code W1} ... {@code W6}. */
    String name();

    /** Markdown bullets saying exactly what one run writes (sizes, table shape, commits, filter). */
    String describe();

    /** Change events one run produces on the captured tables' topics. */
    long events();

    /** Rows changed in the binlog per run, captured or not (more than {@link #events()} only for W6). */
    default long binlogRows() {
        return events();
    }

    /** The Connect worker's heap ({@code -Xms} and {@code -Xmx}) unless {@code bench.worker.heap} says otherwise. */
    default String defaultWorkerHeap() {
        return "1g";
    }

    /** The run's table names; {@code run} makes them unique within one benchmark. */
    Tables tables(int run);

    /** Creates (and for W3 fills) the tables before the connector starts, so none of it is captured. */
    void create(MariaDbServer db, Tables tables) throws SQLException;

    /**
     * Records written and delivered before the pause, with the connector running, so the first record of each
     * topic (its key and value schema registered with the registry, the producer's metadata fetched) is not inside
     * the timed span; they count in the topics' record counts but not in the rate or the CPU per event. W5 primes
     * its 200 topics (400 registrations per run took 60-80 s on the loaded 2-core machine); the others write none.
     *
     * @return the records written, one per captured table at most (each topic's offset 0)
     */
    default long prime(MariaDbServer db, Tables tables) throws SQLException {
        return 0;
    }

    /** Writes the changes while the connector is paused. */
    Written write(MariaDbServer db, Tables tables) throws SQLException;

    /** Checks every record of one run's topics (the topic of each captured table, in {@link Tables#captured()} order). */
    RecordCheck check(Tables tables, List<String> topics, String registryUrl);

    /**
     * The workload a name stands for, sized from {@code rows} ({@code bench.rows}): W1, W2, W4 insert {@code rows}
     * rows, W3 makes {@code rows / 2} updates, W5 and W6 insert {@code rows} rows over all their tables.
     * {@code txnRows} ({@code bench.txn.rows}) is the commit interval where the workload commits in batches.
     */
    static Workload named(String name, long rows, int txnRows) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "W1" -> new InsertWorkload("W1", rows, InsertWorkload.Commits.EVERY_N, txnRows);
            case "W2" -> new InsertWorkload("W2", rows, InsertWorkload.Commits.AUTOCOMMIT, txnRows);
            case "W3" -> new UpdateWorkload(rows / 2, Long.getLong("bench.w3.table.rows", Math.max(1, Math.min(10_000, rows / 20))), txnRows);
            case "W4" -> new InsertWorkload("W4", rows, InsertWorkload.Commits.ONE_TRANSACTION, txnRows);
            case "W5" -> new RoundRobinWorkload("W5", rows, Integer.getInteger("bench.w5.tables", 200), false, txnRows);
            case "W6" -> new RoundRobinWorkload("W6", rows, Integer.getInteger("bench.w6.tables", 10), true, txnRows);
            default -> throw new IllegalArgumentException("unknown workload " + name + " (W1 ... W6)");
        };
    }
}
