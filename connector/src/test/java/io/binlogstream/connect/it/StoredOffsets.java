package io.binlogstream.connect.it;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.ConnectRestClient;

/** Waits on Connect's offsets REST API, which shows what the worker has durably stored for a connector. */
final class StoredOffsets {
    private StoredOffsets() {
    }

    /** Until the connector's stored offset has {@code gtids}, or any offset when {@code gtids} is null. */
    static void await(ConnectRestClient rest, String connector, String gtids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode offsets = null;
        while (System.nanoTime() < deadline) {
            offsets = rest.offsets(connector);
            for (JsonNode entry : offsets.path("offsets")) {
                String stored = entry.path("offset").path("gtids").asText(null);
                if (stored != null && (gtids == null || gtids.equals(stored))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("connector " + connector + " did not store offset " + (gtids == null ? "(any)" : gtids)
                + " within " + timeout + "; offsets: " + offsets);
    }
}
