package io.binlogstream.connect;

import java.util.LinkedHashMap;
import java.util.function.Supplier;

import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.binlogstream.connect.binlog.BinlogReader;

/**
 * The task's gauges, through Connect's plugin metrics (Kafka 4.1 and later): on the worker's JMX as
 * {@code kafka.connect:type=plugins,connector=<name>,task=<n>}, and to any metrics reporter the worker has. They
 * show where a backlog waits: in the reader's queue (the task cannot hand records over fast enough), or in flight
 * (Kafka does not acknowledge them fast enough, and poll() holds back at {@code max.in.flight.records}). Connect
 * removes them when the task stops.
 */
final class TaskMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);

    static final String QUEUED_RECORDS = "queued-records";
    static final String QUEUED_BYTES = "queued-bytes";
    static final String IN_FLIGHT_RECORDS = "in-flight-records";
    static final String MAX_IN_FLIGHT_RECORDS = "max-in-flight-records";
    static final String IN_FLIGHT_WAIT_MS_TOTAL = "in-flight-wait-ms-total";

    private TaskMetrics() {
    }

    /**
     * Registers the gauges with the task's plugin metrics; on a Connect runtime older than 4.1 (no plugin metrics),
     * logs that and registers none.
     *
     * @param inFlight null where {@code max.in.flight.records} does not apply (no in-flight gauges then)
     */
    static void register(SourceTaskContext context, String connectorPrefix, BinlogReader reader, InFlightRecords inFlight) {
        PluginMetrics metrics;
        try {
            metrics = context.pluginMetrics();
        } catch (NoSuchMethodError | NoClassDefFoundError | UnsupportedOperationException olderRuntime) {
            metrics = null;
        }
        if (metrics == null) {
            LOG.info("Task for {}: this Connect runtime has no plugin metrics (Kafka 4.1 and later have them); the task's gauges"
                    + " are not published", connectorPrefix);
            return;
        }
        try {
            gauge(metrics, QUEUED_RECORDS, "Records read from the binlog waiting for poll() (max.queue.size bounds them)",
                    reader::queuedRecords);
            gauge(metrics, QUEUED_BYTES, "Estimated bytes of the records waiting for poll() (max.queue.bytes bounds them)",
                    reader::queuedBytes);
            if (inFlight != null) {
                gauge(metrics, IN_FLIGHT_RECORDS, "Records handed to Connect that Kafka has not acknowledged yet", inFlight::count);
                gauge(metrics, MAX_IN_FLIGHT_RECORDS, "max.in.flight.records: poll() holds back while a batch would exceed it",
                        inFlight::max);
                gauge(metrics, IN_FLIGHT_WAIT_MS_TOTAL, "Milliseconds poll() has waited at max.in.flight.records for Kafka to"
                        + " acknowledge records, since the task started", inFlight::waitedMillis);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A gauge of the same name is still registered: an earlier instance of this task that Connect gave up
            // waiting for has not closed its metrics yet. Streaming matters more than the gauges.
            LOG.warn("Task for {}: its gauges could not all be published: {}", connectorPrefix, e.getMessage());
        }
    }

    private static void gauge(PluginMetrics metrics, String name, String description, Supplier<? extends Number> value) {
        metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()), (Gauge<Number>) (config, now) -> value.get());
    }
}
