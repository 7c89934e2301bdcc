package io.binlogstream.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.binlog.Delivery;

/**
 * Where connector-defined Kafka transactions end, with the defaults (10,000 records, 1 s) and a poll that never
 * catches up (the reader always has more): small database transactions share a Kafka transaction, and a snapshot
 * chunk ends one, so a crash aborts at most one chunk.
 */
class TransactionBoundariesTest {
    private static final int CHUNK = 4096;

    /** Records the commits Connect was asked for: the record after which each one happens. */
    private static final class Commits implements TransactionContext {
        final List<SourceRecord> after = new ArrayList<>();

        @Override
        public void commitTransaction() {
            after.add(null);
        }

        @Override
        public void commitTransaction(SourceRecord record) {
            after.add(record);
        }

        @Override
        public void abortTransaction() {
            throw new AssertionError("no abort expected");
        }

        @Override
        public void abortTransaction(SourceRecord record) {
            throw new AssertionError("no abort expected");
        }
    }

    private static SourceRecord record(String name) {
        return new SourceRecord(Map.of("server", "s"), Map.of("v", 1), "t", null, null, name, null, null);
    }

    /** Three chunks back to back, each of which only its last row ends, with no time passing and no catching up. */
    @Test
    void everySnapshotChunkEndsItsKafkaTransaction() {
        Commits commits = new Commits();
        TransactionBoundaries boundaries = new TransactionBoundaries(commits, 10_000, 1_000, 200_000);
        List<SourceRecord> chunkEnds = new ArrayList<>();
        for (int chunk = 0; chunk < 3; chunk++) {
            for (int row = 0; row < CHUNK; row++) {
                boolean last = row == CHUNK - 1;
                SourceRecord r = record(chunk + "/" + row);
                boundaries.onRecord(new Delivery(r, last, last, Delivery.UNBOUNDED, last, Delivery.SMALL_RECORD_BYTES), false, 0);
                if (last) {
                    chunkEnds.add(r);
                }
            }
        }
        // Without the chunk rule the first commit came after the third chunk (12,288 records), so a crash before it
        // aborted three chunks and the restarted task read all three again.
        assertThat(commits.after).containsExactlyElementsOf(chunkEnds);
    }

    @Test
    void smallDatabaseTransactionsStillShareOneKafkaTransaction() {
        Commits commits = new Commits();
        TransactionBoundaries boundaries = new TransactionBoundaries(commits, 10_000, 1_000, 200_000);
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            SourceRecord r = record("txn " + i);
            all.add(r);
            boundaries.onRecord(new Delivery(r, true, true), false, 0);
        }
        assertThat(commits.after).containsExactly(all.get(all.size() - 1));
    }
}
