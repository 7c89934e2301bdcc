package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        stack.rest().awaitStopped(CONNECTOR, Duration.ofMinutes(1));
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (2)", "FLUSH BINARY LOGS");
        List<Map<String, Object>> logs = stack.mariaDb().query("SHOW BINARY LOGS");
        String newest = logs.get(logs.size() - 1).values().iterator().next().toString();
        purgeTo(newest);
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (3)");
        stack.rest().resume(CONNECTOR);

        String trace = stack.rest().awaitTaskFailed(CONNECTOR, Duration.ofMinutes(1));
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
}
