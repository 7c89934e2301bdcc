package io.binlogstream.connect.snapshot;

import java.util.function.Predicate;

import io.binlogstream.connect.offset.SnapshotProgress;
import io.binlogstream.connect.schema.TableId;

/**
 * A snapshot run still to begin: its id (part of every row's event id, so two runs never share ids), which captured
 * tables it reads, and the operator request it carries out, if any.
 *
 * @param id      the run's id, e.g. {@code initial}, {@code request-<id>}, {@code recovery-<gtid position>}
 * @param selects which captured tables the run reads; null: all of them, resolved again on a restart
 * @param request the {@code snapshot.request.id} this run carries out, null for the other runs
 */
public record SnapshotRun(String id, Predicate<TableId> selects, String request) {

    /** {@code snapshot.mode=initial} on a first start: every captured table. */
    public static SnapshotRun initial() {
        return new SnapshotRun(SnapshotProgress.INITIAL_RUN, null, null);
    }

    /** {@code snapshot.mode=when_needed} after the offset's binlogs were purged: every captured table, again. */
    public static SnapshotRun recovery(String startPosition) {
        return new SnapshotRun("recovery-" + startPosition, null, null);
    }

    /** An operator's request ({@code snapshot.request.id}) to read the tables it names again. */
    public static SnapshotRun request(String requestId, Predicate<TableId> tables) {
        return new SnapshotRun("request-" + requestId, tables, requestId);
    }
}
