package io.binlogstream.connect.binlog;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record on its way to poll(), with what the task needs to place Kafka transaction boundaries.
 *
 * @param endsTransaction whether the record is the last of its database transaction (or a heartbeat, which
 *                        stands between transactions): a Kafka commit here never splits a transaction
 * @param restartPoint    whether the record's offset covers the record itself, so committing right after it
 *                        never replays any of it (false for a delete whose tombstone is still to come)
 */
public record Delivery(SourceRecord record, boolean endsTransaction, boolean restartPoint) {
}
