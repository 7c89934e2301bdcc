package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.Stack;

/**
 * A connector stopped while the binlogs it still needs are purged fails on resume, naming the missing GTIDs
 * in the status Connect's REST API shows, instead of silently skipping them.
 */
class PurgedBinlogIT {
    private static final String CONNECTOR = "purge-cdc";
    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    @Test
    void resumingPastPurgedBinlogsFailsNamingTheMissingTransactions() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE purged", "CREATE TABLE purged.t (id INT PRIMARY KEY)");
        Map<String, String> config = ConnectorConfigs.avro(stack, "purge", "purged");
        stack.rest().createConnector(CONNECTOR, config);
        stack.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (1)");
        String delivered = stack.mariaDb().gtidBinlogPos();
        StoredOffsets.await(stack.rest(), CONNECTOR, delivered, Duration.ofMinutes(1));

        stack.rest().stop(CONNECTOR);
        awaitStopped(Duration.ofMinutes(1)); // the stop request returns before the task has stopped
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (2)", "FLUSH BINARY LOGS");
        List<Map<String, Object>> logs = stack.mariaDb().query("SHOW BINARY LOGS");
        String newest = logs.get(logs.size() - 1).values().iterator().next().toString();
        purgeTo(newest);
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (3)");
        stack.rest().resume(CONNECTOR);

        String trace = awaitFailedTask(Duration.ofMinutes(1));
        assertThat(trace).contains("Cannot resume from the stored offset '" + delivered + "'")
                .contains("were purged").contains("oldest binlog " + newest)
                .contains("the offset needs the transactions after " + delivered);
        stack.rest().deleteConnector(CONNECTOR);
    }

    /**
     * MariaDB leaves a binlog that a connected reader (another test's connector on the shared server) still
     * reads; such readers move on to the new file within moments, so purge until the old files are gone.
     */
    private static void purgeTo(String newest) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            stack.mariaDb().execute("PURGE BINARY LOGS TO '" + newest + "'");
            String oldest = stack.mariaDb().query("SHOW BINARY LOGS").get(0).values().iterator().next().toString();
            if (oldest.equals(newest)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("binlogs before " + newest + " still there after 30 s: oldest " + oldest);
            }
            Thread.sleep(200);
        }
    }

    private static void awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = stack.rest().connectorStatus(CONNECTOR);
            if ("STOPPED".equals(status.path("connector").path("state").asText()) && status.path("tasks").isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("connector did not stop within " + timeout + "; status " + status);
    }

    private static String awaitFailedTask(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = stack.rest().connectorStatus(CONNECTOR);
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    return task.path("trace").asText();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("task did not fail within " + timeout + "; status " + status);
    }
}
