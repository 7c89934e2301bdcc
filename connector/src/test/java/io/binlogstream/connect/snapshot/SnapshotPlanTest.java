package io.binlogstream.connect.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.binlogstream.connect.offset.SnapshotProgress;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.schema.TableId;

class SnapshotPlanTest {
    private static final Predicate<TableId> ORDERS = t -> t.table().equals("orders");
    private static final SourceOffset STREAMING = SourceOffset.between("0-1-10", "bin.000001", 400);
    private static final SnapshotProgress UNDER_WAY = SnapshotProgress.after(new TableId("shop", "orders"), List.of(17L));

    @Test
    void firstStartSnapshotsEveryTableUnlessNoData() {
        for (String mode : List.of("initial", "initial_only", "when_needed")) {
            SnapshotPlan plan = SnapshotPlan.decide(mode, null, null, ORDERS, null);
            assertThat(plan.toBegin()).as(mode).extracting(SnapshotRun::id).containsExactly("initial");
            assertThat(plan.toBegin().get(0).selects()).as(mode + ": every captured table").isNull();
            assertThat(plan.resumeAt()).isNull();
            assertThat(plan.streamChanges()).as(mode).isEqualTo(!mode.equals("initial_only"));
        }
        SnapshotPlan noData = SnapshotPlan.decide("no_data", null, null, ORDERS, null);
        assertThat(noData.snapshots()).isFalse();
        assertThat(noData.streamChanges()).isTrue();
    }

    @Test
    void restartContinuesTheStoredRunAndNothingElse() {
        for (String mode : List.of("initial", "no_data", "initial_only", "when_needed")) {
            SnapshotPlan plan = SnapshotPlan.decide(mode, STREAMING.withSnapshot(UNDER_WAY, null), null, ORDERS, null);
            assertThat(plan.resumeAt()).as(mode).isEqualTo(UNDER_WAY);
            assertThat(plan.toBegin()).as(mode).isEmpty();
            assertThat(SnapshotPlan.decide(mode, STREAMING, null, ORDERS, null).snapshots()).as(mode + ", snapshot done").isFalse();
        }
    }

    @Test
    void aNewRequestBeginsOnceAndAfterTheRunUnderWay() {
        SnapshotPlan plan = SnapshotPlan.decide("initial", STREAMING.withSnapshot(UNDER_WAY, "r1"), "r2", ORDERS, null);
        assertThat(plan.resumeAt()).isEqualTo(UNDER_WAY);
        assertThat(plan.toBegin()).extracting(SnapshotRun::id).containsExactly("request-r2");
        assertThat(plan.toBegin().get(0).request()).isEqualTo("r2");
        assertThat(plan.toBegin().get(0).selects()).isSameAs(ORDERS);
        assertThat(plan.lastRequest()).as("stays r1 until r2 begins").isEqualTo("r1");

        SnapshotPlan done = SnapshotPlan.decide("no_data", STREAMING.withSnapshot(null, "r2"), "r2", ORDERS, null);
        assertThat(done.snapshots()).as("r2 was begun before").isFalse();
        assertThat(done.lastRequest()).isEqualTo("r2");
    }

    @Test
    void aRequestOnAFirstStartIsMetByTheInitialRunButNotWithNoData() {
        SnapshotPlan initial = SnapshotPlan.decide("initial", null, "r1", ORDERS, null);
        assertThat(initial.toBegin()).extracting(SnapshotRun::id).containsExactly("initial");
        assertThat(initial.lastRequest()).isEqualTo("r1");

        SnapshotPlan noData = SnapshotPlan.decide("no_data", null, "r1", ORDERS, null);
        assertThat(noData.toBegin()).extracting(SnapshotRun::id).containsExactly("request-r1");
        assertThat(noData.lastRequest()).isNull();
    }

    @Test
    void recoveryDropsTheStoredRunAndReadsEveryTableAgain() {
        SnapshotPlan plan = SnapshotPlan.decide("when_needed", STREAMING.withSnapshot(UNDER_WAY, "r1"), "r1", ORDERS, "0-1-99");
        assertThat(plan.resumeAt()).isNull();
        assertThat(plan.toBegin()).extracting(SnapshotRun::id).containsExactly("recovery-0-1-99");
        assertThat(plan.toBegin().get(0).selects()).isNull();
        assertThat(plan.lastRequest()).isEqualTo("r1");
    }
}
