package io.binlogstream.connect.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.binlogstream.connect.offset.SnapshotProgress;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.schema.TableId;

/**
 * What a starting task does about snapshots, decided from {@code snapshot.mode}, the stored offset and the operator's
 * request. Kept apart from the task so every case can be tested without a server.
 *
 * @param resumeAt      a run the offset says is under way, to continue (null: none)
 * @param toBegin       runs to begin after it, in order
 * @param lastRequest   the last operator request begun, to keep in every offset
 * @param streamChanges whether row changes become records ({@code initial_only}: no)
 */
public record SnapshotPlan(SnapshotProgress resumeAt, List<SnapshotRun> toBegin, String lastRequest, boolean streamChanges) {

    public SnapshotPlan {
        toBegin = List.copyOf(toBegin);
    }

    /** Whether this task reads any table (and so needs a server with exact chunk positions). */
    public boolean snapshots() {
        return resumeAt != null || !toBegin.isEmpty();
    }

    /**
     * @param mode             {@code snapshot.mode}, lower case
     * @param stored           the stored offset, null on a first start
     * @param requestId        {@code snapshot.request.id}, null when none
     * @param requestTables    which captured tables the request reads
     * @param recoveryPosition when the stored offset cannot be used and the mode is {@code when_needed}: the server
     *                         position the task starts from instead (the offset's run and position are dropped);
     *                         otherwise null
     */
    public static SnapshotPlan decide(String mode, SourceOffset stored, String requestId, Predicate<TableId> requestTables,
                                      String recoveryPosition) {
        boolean streamChanges = !mode.equals("initial_only");
        String lastRequest = stored == null ? null : stored.request();
        List<SnapshotRun> runs = new ArrayList<>(2);
        SnapshotProgress resumeAt = null;
        if (recoveryPosition != null) {
            runs.add(SnapshotRun.recovery(recoveryPosition));
        } else if (stored == null) {
            if (!mode.equals("no_data")) {
                runs.add(SnapshotRun.initial());
            }
        } else {
            // A run under way is finished whatever the mode says now: it was promised to the topics' readers.
            resumeAt = stored.snapshot();
        }
        if (requestId != null && !requestId.equals(lastRequest)) {
            boolean coveredByFullRun = runs.stream().anyMatch(run -> run.selects() == null);
            if (coveredByFullRun) {
                lastRequest = requestId; // a run reading every captured table is about to begin: the request is met
            } else {
                runs.add(SnapshotRun.request(requestId, requestTables));
            }
        }
        return new SnapshotPlan(resumeAt, runs, lastRequest, streamChanges);
    }
}
