package io.binlogstream.connect.binlog;

/** Where finished records go: the hand-off queue to poll(). Blocks when full, never drops. */
@FunctionalInterface
public interface RecordSink {
    void accept(Delivery delivery) throws InterruptedException;
}
