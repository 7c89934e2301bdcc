package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.schema.TableId;

/** The tracker's arithmetic on a hand-driven clock: recent rate window, time left, states, log interval; and its MBean. */
class SnapshotProgressTrackerTest {
    private static final TableId A = new TableId("db", "a");
    private static final TableId B = new TableId("db", "b");
    private static final long S = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * S); // any origin: only differences count
    private final long origin = clock.get();

    private SnapshotProgressTracker tracker() {
        return new SnapshotProgressTracker(clock::get, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private void at(double seconds) {
        clock.set(origin + Math.round(seconds * S));
    }

    @Test
    void recentRateCoversTheWindowAndTheTimeLeftFollowsIt() {
        SnapshotProgressTracker t = tracker();
        t.started(List.of(A, B), Map.of(A, 100_000L, B, 50_000L));
        assertThat(t.getEstimatedSecondsLeft()).as("no rate yet").isEqualTo(-1);
        assertThat(t.progressLine()).contains("time left unknown");
        t.tableStarted(A);
        // 1,000 rows a second for 60 s.
        for (int s = 1; s <= 60; s++) {
            at(s);
            t.chunkEmitted(A, 1_000, false);
        }
        assertThat(t.getRowsPerSecond()).isCloseTo(1_000, within(1e-9));
        assertThat(t.getRowsPerSecondSinceStart()).isCloseTo(1_000, within(1e-9));
        // Then 100 rows a second.
        for (int s = 61; s <= 75; s++) {
            at(s);
            t.chunkEmitted(A, 100, false);
        }
        // Window [45, 75]: 15,000 + 1,500 rows in 30 s.
        assertThat(t.getRowsPerSecond()).isCloseTo(16_500 / 30.0, within(1e-9));
        for (int s = 76; s <= 90; s++) {
            at(s);
            t.chunkEmitted(A, 100, false);
        }
        assertThat(t.getRowsDone()).isEqualTo(63_000);
        assertThat(t.getChunksDone()).isEqualTo(90);
        assertThat(t.getRowsPerSecond()).as("only the last 30 s").isCloseTo(100, within(1e-9));
        assertThat(t.getRowsPerSecondSinceStart()).isCloseTo(700, within(1e-9));
        // Left: 37,000 of a's estimate and all 50,000 of b's, at 100 rows/s.
        assertThat(t.getEstimatedRowsTotal()).isEqualTo(150_000);
        assertThat(t.getEstimatedSecondsLeft()).isEqualTo(870);
        assertThat(t.getElapsedSeconds()).isCloseTo(90, within(1e-9));
        assertThat(t.getCurrentTable()).isEqualTo("db.a");
        assertThat(t.progressLine()).contains("0 of 2 tables done, 63,000 of ~150,000 rows (42%) in 90 chunks",
                "100 rows/s over the last 30 s", "700 rows/s since the start", "about 14 min 30 s left", "at db.a (63,000 of ~100,000 rows)",
                "90 s elapsed").doesNotContain("no chunk for");
    }

    @Test
    void aStallBringsTheRecentRateToZeroAndTheTimeLeftToUnknown() {
        SnapshotProgressTracker t = tracker();
        t.started(List.of(A), Map.of(A, 10_000L));
        t.tableStarted(A);
        for (int s = 1; s <= 20; s++) {
            at(s);
            t.chunkEmitted(A, 100, false);
        }
        at(35); // 15 s without a chunk: the window [5, 35] still holds 1,500 rows
        assertThat(t.getRowsPerSecond()).isCloseTo(1_500 / 30.0, within(1e-9));
        assertThat(t.getEstimatedSecondsLeft()).isEqualTo((long) Math.ceil(8_000 / 50.0));
        assertThat(t.getSecondsSinceLastChunk()).isCloseTo(15, within(1e-9));
        at(50); // a whole window without a chunk
        assertThat(t.getRowsPerSecond()).isZero();
        assertThat(t.getEstimatedSecondsLeft()).isEqualTo(-1);
        assertThat(t.getRowsPerSecondSinceStart()).isCloseTo(2_000 / 50.0, within(1e-9));
        assertThat(t.progressLine()).contains("0 rows/s over the last 30 s", "time left unknown", "no chunk for 30 s");
        // Chunks again: the rate comes back at once.
        at(51.5);
        t.chunkEmitted(A, 300, false);
        assertThat(t.getRowsPerSecond()).isCloseTo(300 / 31.5, within(1e-9));
    }

    @Test
    void aYoungRunMeasuresFromItsStartAndManySmallChunksKeepFewSamples() {
        SnapshotProgressTracker t = tracker();
        t.started(List.of(A), Map.of(A, 1_000_000L));
        t.tableStarted(A);
        at(2);
        t.chunkEmitted(A, 500, false);
        assertThat(t.getRowsPerSecond()).isCloseTo(250, within(1e-9));
        assertThat(t.progressLine()).contains("250 rows/s over the last 2.0 s");
        // 10 rows every 10 ms for 60 s: 1,000 rows/s; samples stay about one a second over the window.
        for (int ms = 2_010; ms <= 62_000; ms += 10) {
            at(ms / 1000.0);
            t.chunkEmitted(A, 10, false);
        }
        assertThat(t.getRowsPerSecond()).isCloseTo(1_000, within(1e-6));
        assertThat(t.sampleCount()).isLessThanOrEqualTo(35);
    }

    @Test
    void estimatesExceededOrMissing() {
        SnapshotProgressTracker t = tracker();
        t.started(List.of(A, B), Map.of(A, 100L));
        assertThat(t.getEstimatedRowsTotal()).as("b has no estimate").isEqualTo(-1);
        t.tableStarted(A);
        at(1);
        t.chunkEmitted(A, 150, false); // more than InnoDB's estimate said
        assertThat(t.getEstimatedSecondsLeft()).isEqualTo(-1);
        assertThat(t.progressLine()).contains("150 rows (total unknown)");
        at(2);
        t.chunkEmitted(A, 0, true);
        assertThat(t.getEstimatedRowsTotal()).isEqualTo(-1);

        SnapshotProgressTracker u = tracker();
        u.started(List.of(A, B), Map.of(A, 100L, B, 40L));
        u.tableStarted(A);
        at(3);
        u.chunkEmitted(A, 150, false);
        assertThat(u.getEstimatedRowsTotal()).as("a counts what it gave, b its estimate").isEqualTo(190);
        assertThat(u.getEstimatedSecondsLeft()).as("40 rows at 150 rows/s").isEqualTo(1);
    }

    @Test
    void tablesAndSnapshotFinishAndTheFiguresFreeze() {
        SnapshotProgressTracker t = tracker();
        assertThat(t.getState()).isEqualTo("pending");
        assertThat(t.getEstimatedSecondsLeft()).isEqualTo(-1);
        t.started(List.of(A, B), Map.of(A, 20L, B, 10L));
        assertThat(t.getTables()).extracting(TableProgress::getState).containsExactly("pending", "pending");
        t.tableStarted(A);
        at(1);
        t.chunkEmitted(A, 10, false);
        at(2);
        t.chunkEmitted(A, 9, true);
        assertThat(t.getTablesDone()).isEqualTo(1);
        assertThat(t.getCurrentTable()).isNull();
        t.tableStarted(B);
        assertThat(t.getTables()).extracting(TableProgress::getState).containsExactly("done", "running");
        at(4);
        t.chunkEmitted(B, 11, true);
        assertThat(t.getState()).isEqualTo("done");
        assertThat(t.maybeLog()).as("no progress line once done").isFalse();
        at(100);
        assertThat(t.getElapsedSeconds()).isCloseTo(4, within(1e-9));
        assertThat(t.getRowsPerSecondSinceStart()).isCloseTo(30 / 4.0, within(1e-9));
        assertThat(t.getEstimatedSecondsLeft()).isZero();
        assertThat(t.getEstimatedRowsTotal()).isEqualTo(30);
        List<TableProgress> tables = t.getTables();
        assertThat(tables).extracting(TableProgress::getTable).containsExactly("db.a", "db.b");
        assertThat(tables).extracting(TableProgress::getRowsDone).containsExactly(19L, 11L);
        assertThat(tables).extracting(TableProgress::getChunksDone).containsExactly(2L, 1L);
        assertThat(tables).extracting(TableProgress::getEstimatedRows).containsExactly(20L, 10L);
        assertThat(tables.get(0).getElapsedSeconds()).isCloseTo(2, within(1e-9));
        assertThat(tables.get(1).getElapsedSeconds()).isCloseTo(2, within(1e-9));

        SnapshotProgressTracker empty = tracker();
        empty.started(List.of(), Map.of());
        assertThat(empty.getState()).isEqualTo("done");
    }

    @Test
    void theProgressLineComesOncePerInterval() {
        SnapshotProgressTracker t = tracker();
        assertThat(t.maybeLog()).as("not started").isFalse();
        t.started(List.of(A), Map.of(A, 1_000L));
        at(9.9);
        assertThat(t.maybeLog()).isFalse();
        at(10);
        assertThat(t.maybeLog()).isTrue();
        at(15);
        t.tableStarted(A);
        t.chunkEmitted(A, 10, false); // chunks log too, at the same pace
        assertThat(t.maybeLog()).isFalse();
        at(20.5);
        t.chunkEmitted(A, 10, false);
        assertThat(t.maybeLog()).as("the chunk logged it").isFalse();
        at(30.5);
        assertThat(t.maybeLog()).isTrue();
    }

    @Test
    void mbeanRegistersOnStartReplacesAnOlderOneAndLeavesWithItsOwner() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.binlogstream:type=snapshot,context=unit-test.x,task=0");
        SnapshotProgressTracker first = tracker().publishAs("unit-test.x", "0");
        assertThat(first.objectName()).isEqualTo(name);
        assertThat(server.isRegistered(name)).as("not before the snapshot starts").isFalse();
        first.started(List.of(A), Map.of(A, 5L));
        first.tableStarted(A);
        at(1);
        first.chunkEmitted(A, 3, false);
        assertThat(server.getAttribute(name, "RowsDone")).isEqualTo(3L);
        assertThat(server.getAttribute(name, "State")).isEqualTo("running");
        assertThat(server.getAttribute(name, "CurrentTable")).isEqualTo("db.a");
        CompositeData[] rows = (CompositeData[]) server.getAttribute(name, "Tables");
        assertThat(rows).hasSize(1);
        assertThat(rows[0].get("table")).isEqualTo("db.a");
        assertThat(rows[0].get("rowsDone")).isEqualTo(3L);
        assertThat(rows[0].get("estimatedRows")).isEqualTo(5L);
        // A client's proxy rebuilds the per-table entries.
        SnapshotProgressMXBean proxy = JMX.newMXBeanProxy(server, name, SnapshotProgressMXBean.class);
        assertThat(proxy.getTables().get(0).getChunksDone()).isEqualTo(1);

        // The next instance of the task, started before the first one stopped: registering again does not throw.
        SnapshotProgressTracker second = tracker().publishAs("unit-test.x", "0");
        second.started(List.of(A, B), Map.of());
        assertThat(server.getAttribute(name, "TablesTotal")).isEqualTo(2);
        first.close(); // late stop of the old task: the new MBean stays
        assertThat(server.isRegistered(name)).isTrue();
        assertThat(server.getAttribute(name, "TablesTotal")).isEqualTo(2);
        second.close();
        assertThat(server.isRegistered(name)).isFalse();
        // Closed before it started: never registers.
        SnapshotProgressTracker third = tracker().publishAs("unit-test.x", "0");
        third.close();
        third.started(List.of(A), Map.of());
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void durationsReadWell() {
        assertThat(SnapshotProgressTracker.seconds(4_200_000_000L)).isEqualTo("4.2 s");
        assertThat(SnapshotProgressTracker.seconds(95 * S)).isEqualTo("95 s");
        assertThat(SnapshotProgressTracker.seconds(725 * S)).isEqualTo("12 min 5 s");
        assertThat(SnapshotProgressTracker.seconds(12_000 * S)).isEqualTo("3 h 20 min");
    }
}
