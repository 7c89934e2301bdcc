package io.binlogstream.connect.binlog;

import org.apache.kafka.connect.source.SourceRecord;

/** Where finished records go: the hand-off queue to poll(). Blocks when full, never drops. */
@FunctionalInterface
public interface RecordSink {
    void accept(SourceRecord record) throws InterruptedException;
}
