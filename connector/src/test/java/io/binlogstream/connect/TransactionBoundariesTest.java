package io.binlogstream.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;
import org.junit.jupiter.api.Test;

import io.binlogstream.connect.binlog.Delivery;

/** Where the connector ends Kafka transactions: at database commits past the thresholds, and after every snapshot chunk. */
class TransactionBoundariesTest {

    /** Records what the task asked of Connect's transaction context. */
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
            throw new AssertionError("never aborts");
        }

        @Override
        public void abortTransaction(SourceRecord record) {
            throw new AssertionError("never aborts");
        }
    }

    private static SourceRecord record(int n) {
        return new SourceRecord(Map.of(), Map.of(), "t", null, n);
    }

    @Test
    void aChunkEndsItsKafkaTransactionWhileDatabaseCommitsWaitForTheThresholds() {
        Commits commits = new Commits();
        TransactionBoundaries boundaries = new TransactionBoundaries(commits, 10_000, 60_000, 1_000_000);
        SourceRecord streamEnd = record(1);
        boundaries.onRecord(new Delivery(record(0), false, true), false, 0);
        boundaries.onRecord(new Delivery(streamEnd, true, true), false, 1);
        assertThat(commits.after).as("a database commit below the thresholds, more records waiting: no commit yet").isEmpty();

        SourceRecord chunkEnd = record(3);
        boundaries.onRecord(new Delivery(record(2), false, false), false, 2);
        boundaries.onRecord(Delivery.chunkEnd(chunkEnd), false, 3);
        assertThat(commits.after).containsExactly(chunkEnd);

        boundaries.onRecord(new Delivery(record(4), true, true), true, 4);
        assertThat(commits.after).as("caught up: commit").hasSize(2);
    }
}
