package io.binlogstream.connect.it;

import java.time.Duration;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.ConnectRestClient;

/** Waits on Connect's offsets REST API, which shows what the worker has durably stored for a connector. */
final class StoredOffsets {
    private StoredOffsets() {
    }

    /** Until the connector's stored offset has {@code gtids}, or any offset when {@code gtids} is null. */
    static void await(ConnectRestClient rest, String connector, String gtids, Duration timeout) throws InterruptedException {
        await(rest, connector, "offset " + (gtids == null ? "(any)" : gtids),
                offset -> offset.hasNonNull("gtids") && (gtids == null || gtids.equals(offset.path("gtids").asText())), timeout);
    }

    /** Until a stored offset of the connector passes {@code test}; returns that offset (the map Connect shows). */
    static JsonNode await(ConnectRestClient rest, String connector, String what, Predicate<JsonNode> test, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode offsets = null;
        while (System.nanoTime() < deadline) {
            offsets = rest.offsets(connector);
            for (JsonNode entry : offsets.path("offsets")) {
                if (test.test(entry.path("offset"))) {
                    return entry.path("offset");
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("connector " + connector + " did not store " + what + " within " + timeout + "; offsets: " + offsets);
    }
}
