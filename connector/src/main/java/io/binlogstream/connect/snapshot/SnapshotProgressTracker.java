package io.binlogstream.connect.snapshot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.binlogstream.connect.schema.TableId;

/**
 * The figures of one snapshot run: per table rows and chunks done, estimated rows and state; overall tables and rows
 * done, rows per second over a recent window and since the start, and the estimated time left. Fed by
 * {@link TableSnapshots} on the reader thread ({@link #started}, {@link #tableStarted}, {@link #chunkEmitted}), read
 * by JMX and by whoever calls {@link #maybeLog}; every method holds the tracker's lock, which is cheap at one update
 * per chunk.
 *
 * <p>Log: one INFO line per {@link #logEvery interval} while the snapshot runs (from {@link #maybeLog}, which the
 * reader thread calls at every chunk and between transactions, and the task's poll calls too, so a reader thread held
 * up in a long transaction, a full queue or a slow chunk query still leaves progress lines, with the time since the
 * last chunk); one line when a table is done and one when the snapshot is.
 *
 * <p>The recent rate: samples of (time, rows done) at least one second apart (the newest always current) are kept
 * back to the newest one at or before {@code now - window}; the rate is the rows since that sample over the time
 * since it, so it covers at least the window (or the whole run while that is younger) and falls to 0 once no chunk
 * came for a whole window. The time left is the estimated rows still to read over that rate: unknown while the rate
 * is 0 or a table still to read has no estimate.
 */
public final class SnapshotProgressTracker implements SnapshotProgressMXBean, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotProgressTracker.class);
    static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(30);
    private static final long SAMPLE_SPACING = Duration.ofSeconds(1).toNanos();
    private static final long NANOS = 1_000_000_000L;

    private enum State {
        PENDING, RUNNING, DONE;

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final class Table {
        final TableId id;
        final long estimate;
        State state = State.PENDING;
        long rows;
        long chunks;
        long startedAt;
        long doneAt;

        Table(TableId id, long estimate) {
            this.id = id;
            this.estimate = estimate;
        }
    }

    private final LongSupplier nanos;
    private final long window;
    private long logInterval;
    private String label = "";
    private ObjectName name;
    private boolean registered;
    private boolean closed;

    private State state = State.PENDING;
    private final Map<TableId, Table> tables = new LinkedHashMap<>();
    private Table current;
    private int tablesDone;
    private long rows;
    private long chunks;
    private long startedAt;
    private long doneAt;
    private long lastChunkAt;
    private long lastLogAt;
    /** (time, rows) pairs, oldest first; see the class comment. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    public SnapshotProgressTracker() {
        this(System::nanoTime, DEFAULT_LOG_INTERVAL, DEFAULT_RATE_WINDOW);
    }

    /** @param nanos a monotonic clock in nanoseconds (System::nanoTime) */
    SnapshotProgressTracker(LongSupplier nanos, Duration logInterval, Duration rateWindow) {
        this.nanos = nanos;
        this.logInterval = logInterval.toNanos();
        this.window = rateWindow.toNanos();
    }

    /** The interval of the steady progress line (10 s unless changed). */
    public synchronized SnapshotProgressTracker logEvery(Duration interval) {
        this.logInterval = interval.toNanos();
        return this;
    }

    /**
     * Publishes the figures as the MBean {@code io.binlogstream:type=snapshot,context=<context>,task=<task>} from the
     * snapshot's start (now, if it already started) until {@link #close}, and names the log lines after them.
     */
    public synchronized SnapshotProgressTracker publishAs(String context, String task) {
        this.label = " of " + context + " (task " + task + ")";
        this.name = SnapshotProgressMBeans.name(context, task);
        if (state != State.PENDING) {
            register();
        }
        return this;
    }

    /** The MBean's name, null unless {@link #publishAs} was called. */
    public synchronized ObjectName objectName() {
        return name;
    }

    private void register() {
        if (name != null && !registered && !closed) {
            SnapshotProgressMBeans.register(name, this);
            registered = true;
        }
    }

    // ---- hooks, called by TableSnapshots on the reader thread ----

    /**
     * The snapshot (run) starts with these tables, in order; {@code estimates} holds the row estimate of those that
     * have one ({@link TableRowEstimates}). Starts the figures afresh.
     */
    public synchronized void started(List<TableId> order, Map<TableId, Long> estimates) {
        long now = nanos.getAsLong();
        tables.clear();
        for (TableId id : order) {
            tables.put(id, new Table(id, estimates.getOrDefault(id, -1L)));
        }
        current = null;
        tablesDone = 0;
        rows = 0;
        chunks = 0;
        startedAt = now;
        lastChunkAt = now;
        lastLogAt = now;
        samples.clear();
        samples.add(new long[] {now, 0});
        state = State.RUNNING;
        register();
        long estimated = estimatedRowsTotal(now);
        LOG.info("Snapshot{}: {}, {} rows to read (information_schema TABLE_ROWS, an estimate for InnoDB); progress every {}{}",
                label, plural(order.size(), "table"), estimated < 0 ? "an unknown number of" : "~" + count(estimated), seconds(logInterval),
                name == null ? "" : ", and over JMX as " + name);
        if (order.isEmpty()) {
            finish(now);
        }
    }

    /** The table whose first chunk is read next. */
    public synchronized void tableStarted(TableId id) {
        Table table = table(id);
        if (table.state == State.PENDING) {
            table.state = State.RUNNING;
            table.startedAt = nanos.getAsLong();
        }
        current = table;
    }

    /** A chunk's rows were handed over as records; {@code tableDone} when it was the table's last chunk. */
    public synchronized void chunkEmitted(TableId id, int emitted, boolean tableDone) {
        if (state != State.RUNNING) {
            return;
        }
        long now = nanos.getAsLong();
        Table table = table(id);
        if (table.state == State.PENDING) {
            table.state = State.RUNNING;
            table.startedAt = now;
        }
        table.rows += emitted;
        table.chunks++;
        rows += emitted;
        chunks++;
        lastChunkAt = now;
        sample(now);
        if (tableDone && table.state != State.DONE) {
            table.state = State.DONE;
            table.doneAt = now;
            tablesDone++;
            if (current == table) {
                current = null;
            }
            double spent = (now - table.startedAt) / (double) NANOS;
            LOG.info("Snapshot{}: table {} done, {} rows in {} in {} ({}){}; {} of {} tables done, {} rows in all",
                    label, table.id, count(table.rows), plural(table.chunks, "chunk"), seconds(now - table.startedAt),
                    rate(spent <= 0 ? 0 : table.rows / spent),
                    table.estimate < 0 ? "" : ", estimated ~" + count(table.estimate), tablesDone, tables.size(), count(rows));
            if (tablesDone == tables.size()) {
                finish(now);
                return;
            }
        }
        maybeLog();
    }

    private Table table(TableId id) {
        // A table the list did not have (cannot happen in TableSnapshots; kept safe): counted from now on.
        return tables.computeIfAbsent(id, t -> new Table(t, -1));
    }

    private void finish(long now) {
        state = State.DONE;
        doneAt = now;
        current = null;
        double spent = (now - startedAt) / (double) NANOS;
        LOG.info("Snapshot{} done: {}, {} rows in {} in {}, {} on average", label, plural(tables.size(), "table"), count(rows),
                plural(chunks, "chunk"),
                seconds(now - startedAt), rate(spent <= 0 ? 0 : rows / spent));
    }

    /**
     * Logs the progress line if the snapshot runs and the last one is an interval old; cheap otherwise. Any thread.
     *
     * @return whether it logged
     */
    public synchronized boolean maybeLog() {
        if (state != State.RUNNING) {
            return false;
        }
        long now = nanos.getAsLong();
        if (now - lastLogAt < logInterval) {
            return false;
        }
        lastLogAt = now;
        LOG.info(progressLine(now));
        return true;
    }

    synchronized int sampleCount() {
        return samples.size();
    }

    synchronized String progressLine() {
        return progressLine(now());
    }

    private String progressLine(long now) {
        StringBuilder line = new StringBuilder("Snapshot").append(label).append(": ");
        line.append(tablesDone).append(" of ").append(tables.size()).append(" tables done, ").append(count(rows));
        long total = estimatedRowsTotal(now);
        if (total > 0) {
            line.append(" of ~").append(count(total)).append(" rows (").append(Math.min(100, rows * 100 / total)).append("%)");
        } else {
            line.append(total == 0 ? " of ~0 rows" : " rows (total unknown)");
        }
        line.append(" in ").append(plural(chunks, "chunk")).append("; ");
        long[] anchor = anchor(now);
        line.append(rate(recentRate(now, anchor))).append(" over the last ").append(seconds(now - anchor[0])).append(", ")
                .append(rate(rowsPerSecondSinceStart(now))).append(" since the start; ");
        long left = secondsLeft(now);
        line.append(left < 0 ? "time left unknown" : "about " + seconds(left * NANOS) + " left");
        if (current != null) {
            line.append("; at ").append(current.id).append(" (").append(count(current.rows))
                    .append(current.estimate < 0 ? "" : " of ~" + count(current.estimate)).append(" rows)");
        }
        line.append("; ").append(seconds(now - startedAt)).append(" elapsed");
        if (now - lastChunkAt >= logInterval) {
            line.append("; no chunk for ").append(seconds(now - lastChunkAt));
        }
        return line.toString();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (registered) {
            SnapshotProgressMBeans.unregister(name, this);
            registered = false;
        }
    }

    // ---- arithmetic ----

    /** The clock, stopped at the end once the snapshot is done. */
    private long now() {
        return state == State.DONE ? doneAt : nanos.getAsLong();
    }

    private void sample(long now) {
        long[] newest = samples.pollLast();
        long[] previous = samples.peekLast();
        if (newest != null && (previous == null || newest[0] - previous[0] >= SAMPLE_SPACING)) {
            samples.addLast(newest); // far enough from the one before: kept; otherwise the new one replaces it
        }
        samples.addLast(new long[] {now, rows});
        prune(now);
    }

    /** Drops samples older than the newest one at or before {@code now - window}. */
    private void prune(long now) {
        long cutoff = now - window;
        while (samples.size() > 1) {
            long[] first = samples.pollFirst();
            long[] second = samples.peekFirst();
            if (second[0] > cutoff) {
                samples.addFirst(first);
                return;
            }
        }
    }

    /** The sample the recent rate is measured from: the newest at or before {@code now - window}, else the start. */
    private long[] anchor(long now) {
        prune(now);
        return samples.isEmpty() ? new long[] {now, rows} : samples.peekFirst();
    }

    private double recentRate(long now, long[] anchor) {
        long span = now - anchor[0];
        return span <= 0 ? 0 : (rows - anchor[1]) * (double) NANOS / span;
    }

    private double rowsPerSecondSinceStart(long now) {
        long span = now - startedAt;
        return state == State.PENDING || span <= 0 ? 0 : rows * (double) NANOS / span;
    }

    /** Rows done plus the estimated rows of every table not done (at least what it already gave); -1 if one has none. */
    private long estimatedRowsTotal(long now) {
        if (state == State.PENDING) {
            return -1;
        }
        long total = rows;
        for (Table table : tables.values()) {
            if (table.state != State.DONE) {
                if (table.estimate < 0) {
                    return -1;
                }
                total += Math.max(0, table.estimate - table.rows);
            }
        }
        return total;
    }

    private long secondsLeft(long now) {
        if (state == State.DONE) {
            return 0;
        }
        long total = estimatedRowsTotal(now);
        double rate = recentRate(now, anchor(now));
        if (total < 0 || rate <= 0) {
            return -1;
        }
        return (long) Math.ceil((total - rows) / rate);
    }

    // ---- MXBean ----

    @Override
    public synchronized String getState() {
        return state.text();
    }

    @Override
    public synchronized int getTablesTotal() {
        return tables.size();
    }

    @Override
    public synchronized int getTablesDone() {
        return tablesDone;
    }

    @Override
    public synchronized String getCurrentTable() {
        return current == null ? null : current.id.toString();
    }

    @Override
    public synchronized long getRowsDone() {
        return rows;
    }

    @Override
    public synchronized long getChunksDone() {
        return chunks;
    }

    @Override
    public synchronized long getEstimatedRowsTotal() {
        return estimatedRowsTotal(now());
    }

    @Override
    public synchronized double getRowsPerSecond() {
        if (state == State.PENDING) {
            return 0;
        }
        long now = now();
        return recentRate(now, anchor(now));
    }

    @Override
    public synchronized double getRowsPerSecondSinceStart() {
        return rowsPerSecondSinceStart(now());
    }

    @Override
    public int getRateWindowSeconds() {
        return (int) (window / NANOS);
    }

    @Override
    public synchronized long getEstimatedSecondsLeft() {
        return state == State.PENDING ? -1 : secondsLeft(now());
    }

    @Override
    public synchronized double getElapsedSeconds() {
        return state == State.PENDING ? 0 : (now() - startedAt) / (double) NANOS;
    }

    @Override
    public synchronized double getSecondsSinceLastChunk() {
        return state == State.PENDING ? 0 : (now() - lastChunkAt) / (double) NANOS;
    }

    @Override
    public synchronized List<TableProgress> getTables() {
        long now = now();
        List<TableProgress> list = new ArrayList<>(tables.size());
        for (Table t : tables.values()) {
            long spent = switch (t.state) {
                case PENDING -> 0;
                case RUNNING -> now - t.startedAt;
                case DONE -> t.doneAt - t.startedAt;
            };
            list.add(new TableProgress(t.id.toString(), t.state.text(), t.rows, t.chunks, t.estimate, spent / (double) NANOS));
        }
        return list;
    }

    // ---- formatting ----

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String plural(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 10 || perSecond == 0 ? "%,.0f rows/s" : "%.1f rows/s", perSecond);
    }

    /** 4.2 s, 95 s, 12 min 5 s, 3 h 20 min. */
    static String seconds(long nanos) {
        double s = nanos / (double) NANOS;
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        if (whole < 120) {
            return whole + " s";
        }
        if (whole < 7200) {
            return whole / 60 + " min " + whole % 60 + " s";
        }
        return whole / 3600 + " h " + whole % 3600 / 60 + " min";
    }
}
