package io.binlogstream.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

/**
 * The gauges on Kafka's own metrics registry, as Connect gives each task instance a {@link PluginMetricsImpl} over
 * the worker's one {@link Metrics} with the task's tags.
 */
class TaskMetricsTest {
    private static final Map<String, String> TASK_TAGS = new LinkedHashMap<>(Map.of("connector", "orders-cdc", "task", "0"));

    @Test
    void theGaugesReadTheLiveValues() throws Exception {
        try (Metrics registry = new Metrics(); PluginMetricsImpl plugin = new PluginMetricsImpl(registry, TASK_TAGS)) {
            AtomicInteger queued = new AtomicInteger(7);
            InFlightRecords inFlight = new InFlightRecords(50);
            inFlight.handedOver(20);
            AtomicLong dropped = new AtomicLong(12);
            TaskMetrics metrics = new TaskMetrics(plugin, "orders");
            metrics.publish(queued::get, () -> 4096L, inFlight, dropped::get);

            assertEquals(0, metrics.unpublished());
            assertEquals(7, value(registry, TaskMetrics.QUEUED_RECORDS));
            assertEquals(4096L, value(registry, TaskMetrics.QUEUED_BYTES));
            assertEquals(20, value(registry, TaskMetrics.IN_FLIGHT_RECORDS));
            assertEquals(50, value(registry, TaskMetrics.MAX_IN_FLIGHT_RECORDS));
            assertEquals(0L, value(registry, TaskMetrics.IN_FLIGHT_WAIT_MS_TOTAL));
            assertEquals(12L, value(registry, TaskMetrics.UNCAPTURED_EVENTS_DROPPED_TOTAL));
            queued.set(3);
            inFlight.acknowledged();
            dropped.set(14);
            assertEquals(3, value(registry, TaskMetrics.QUEUED_RECORDS));
            assertEquals(19, value(registry, TaskMetrics.IN_FLIGHT_RECORDS));
            assertEquals(14L, value(registry, TaskMetrics.UNCAPTURED_EVENTS_DROPPED_TOTAL));
        }
    }

    @Test
    void withoutTheBoundOnlyTheQueueGaugesArePublished() throws Exception {
        try (Metrics registry = new Metrics(); PluginMetricsImpl plugin = new PluginMetricsImpl(registry, TASK_TAGS)) {
            new TaskMetrics(plugin, "orders").publish(() -> 0, () -> 0L, null, () -> 0L);
            assertEquals(0, value(registry, TaskMetrics.QUEUED_RECORDS));
            assertNull(registry.metric(name(registry, TaskMetrics.IN_FLIGHT_RECORDS)));
        }
    }

    @Test
    void aRuntimeWithoutPluginMetricsPublishesNothing() {
        TaskMetrics none = new TaskMetrics(null, "orders");
        none.publish(() -> 1, () -> 1L, new InFlightRecords(5), () -> 1L);
        none.retryUnpublished();
        assertEquals(0, none.unpublished());
    }

    @Test
    void namesAnEarlierInstanceStillHoldsArePublishedOnceItsMetricsClose() throws Exception {
        try (Metrics registry = new Metrics()) {
            PluginMetricsImpl abandoned = new PluginMetricsImpl(registry, TASK_TAGS);
            new TaskMetrics(abandoned, "orders").publish(() -> 1, () -> 1L, new InFlightRecords(5), () -> 1L);

            PluginMetricsImpl restarted = new PluginMetricsImpl(registry, TASK_TAGS);
            TaskMetrics metrics = new TaskMetrics(restarted, "orders");
            metrics.publish(() -> 2, () -> 2L, new InFlightRecords(9), () -> 2L);
            assertEquals(6, metrics.unpublished(), "every name is still the abandoned instance's");
            assertEquals(5, value(registry, TaskMetrics.MAX_IN_FLIGHT_RECORDS));

            long now = System.nanoTime();
            metrics.retryUnpublished(now + TaskMetrics.RETRY_NANOS + 1);
            assertEquals(6, metrics.unpublished(), "retried while still held");
            abandoned.close(); // its thread ends at last: Connect closes its metrics
            metrics.retryUnpublished(now + TaskMetrics.RETRY_NANOS + 2);
            assertEquals(6, metrics.unpublished(), "the last retry was a moment ago: not again before the interval");
            metrics.retryUnpublished(now + 2 * TaskMetrics.RETRY_NANOS + 2);
            assertEquals(0, metrics.unpublished());
            assertEquals(9, value(registry, TaskMetrics.MAX_IN_FLIGHT_RECORDS));
            assertEquals(2, value(registry, TaskMetrics.QUEUED_RECORDS));
            restarted.close();
        }
    }

    private static MetricName name(Metrics registry, String gauge) {
        return registry.metricName(gauge, "plugins", "", TASK_TAGS);
    }

    private static Object value(Metrics registry, String gauge) {
        return registry.metric(name(registry, gauge)).metricValue();
    }
}
