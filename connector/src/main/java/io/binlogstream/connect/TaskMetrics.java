package io.binlogstream.connect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's gauges, through Connect's plugin metrics (Kafka 4.1 and later): on the worker's JMX as
 * {@code kafka.connect:type=plugins,connector=<name>,task=<n>}, and to any metrics reporter the worker has. They
 * show where a backlog waits: in the reader's queue (the task cannot hand records over fast enough), or in flight
 * (Kafka does not acknowledge them fast enough, and poll() holds back at {@code max.in.flight.records}). Connect
 * removes them when the task stops.
 *
 * <p>A restarted task can find its names still taken: Connect gives up waiting for a task that does not stop within
 * {@code task.shutdown.graceful.timeout.ms} and starts the next instance, while the old one removes its gauges only
 * when its thread finally ends. The gauges not published then are retried from poll(), every
 * {@link #RETRY_NANOS}, until the old instance's are gone.
 */
final class TaskMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);

    static final String QUEUED_RECORDS = "queued-records";
    static final String QUEUED_BYTES = "queued-bytes";
    static final String IN_FLIGHT_RECORDS = "in-flight-records";
    static final String MAX_IN_FLIGHT_RECORDS = "max-in-flight-records";
    static final String IN_FLIGHT_WAIT_MS_TOTAL = "in-flight-wait-ms-total";
    static final String UNCAPTURED_EVENTS_DROPPED_TOTAL = "uncaptured-events-dropped-total";

    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Unpublished(String name, String description, Supplier<? extends Number> value) {
    }

    /** Null on a runtime without plugin metrics: nothing is published. */
    private final PluginMetrics metrics;
    private final String connectorPrefix;
    private final List<Unpublished> unpublished = new ArrayList<>();
    private long nextRetryNanos;

    TaskMetrics(PluginMetrics metrics, String connectorPrefix) {
        this.metrics = metrics;
        this.connectorPrefix = connectorPrefix;
    }

    /** The task's plugin metrics, or none on a Connect runtime older than 4.1 (logged). */
    static TaskMetrics of(SourceTaskContext context, String connectorPrefix) {
        PluginMetrics metrics;
        try {
            metrics = context.pluginMetrics();
        } catch (NoSuchMethodError | NoClassDefFoundError | UnsupportedOperationException olderRuntime) {
            metrics = null;
        }
        if (metrics == null) {
            LOG.info("Task for {}: this Connect runtime has no plugin metrics (Kafka 4.1 and later have them); the task's gauges"
                    + " are not published", connectorPrefix);
        }
        return new TaskMetrics(metrics, connectorPrefix);
    }

    /**
     * Publishes the gauges; those whose names are still taken are retried by {@link #retryUnpublished}.
     *
     * @param inFlight null where {@code max.in.flight.records} does not apply (no in-flight gauges then)
     */
    void publish(Supplier<? extends Number> queuedRecords, Supplier<? extends Number> queuedBytes, InFlightRecords inFlight,
            Supplier<? extends Number> uncapturedDropped) {
        if (metrics == null) {
            return;
        }
        unpublished.add(new Unpublished(QUEUED_RECORDS, "Records read from the binlog waiting for poll() (max.queue.size bounds them)",
                queuedRecords));
        unpublished.add(new Unpublished(QUEUED_BYTES, "Estimated bytes of the records waiting for poll() (max.queue.bytes bounds"
                + " them)", queuedBytes));
        unpublished.add(new Unpublished(UNCAPTURED_EVENTS_DROPPED_TOTAL, "TABLE_MAP and rows events of tables the filters leave"
                + " out, dropped from the binlog stream before decoding, since the task started", uncapturedDropped));
        if (inFlight != null) {
            unpublished.add(new Unpublished(IN_FLIGHT_RECORDS, "Records handed to Connect that Kafka has not acknowledged yet",
                    inFlight::count));
            unpublished.add(new Unpublished(MAX_IN_FLIGHT_RECORDS, "max.in.flight.records: poll() holds back while a batch would"
                    + " exceed it", inFlight::max));
            unpublished.add(new Unpublished(IN_FLIGHT_WAIT_MS_TOTAL, "Milliseconds poll() has waited at max.in.flight.records for"
                    + " Kafka to acknowledge records, since the task started (added as each wait ends)", inFlight::waitedMillis));
        }
        if (!tryPublish(System.nanoTime())) {
            LOG.warn("Task for {}: gauges {} are still registered by an earlier instance of this task that has not finished"
                    + " stopping; they are published once it has", connectorPrefix, names());
        }
    }

    /** From poll(): publishes what could not be yet, at most every {@link #RETRY_NANOS}. Cheap once all are published. */
    void retryUnpublished() {
        if (!unpublished.isEmpty()) {
            retryUnpublished(System.nanoTime());
        }
    }

    /** As {@link #retryUnpublished()}, at the given {@link System#nanoTime()}. */
    void retryUnpublished(long nowNanos) {
        if (unpublished.isEmpty() || nowNanos - nextRetryNanos < 0) {
            return;
        }
        if (tryPublish(nowNanos)) {
            LOG.info("Task for {}: all its gauges are published", connectorPrefix);
        }
    }

    /** Gauges not published yet. */
    int unpublished() {
        return unpublished.size();
    }

    /** Tries each unpublished gauge once; true when none is left. */
    private boolean tryPublish(long nowNanos) {
        nextRetryNanos = nowNanos + RETRY_NANOS;
        unpublished.removeIf(this::added);
        return unpublished.isEmpty();
    }

    private boolean added(Unpublished gauge) {
        try {
            Supplier<? extends Number> value = gauge.value();
            metrics.addMetric(metrics.metricName(gauge.name(), gauge.description(), new LinkedHashMap<>()),
                    (Gauge<Number>) (config, now) -> value.get());
            return true;
        } catch (IllegalArgumentException taken) {
            return false;
        }
    }

    private List<String> names() {
        return unpublished.stream().map(Unpublished::name).toList();
    }
}
