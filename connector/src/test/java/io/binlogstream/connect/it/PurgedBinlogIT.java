package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
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
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.binlogstream.connect.BinlogSourceConnector");
        config.put("database.hostname", stack.mariaDb().host());
        config.put("database.port", Integer.toString(stack.mariaDb().port()));
        config.put("database.user", stack.mariaDb().connectorUser());
        config.put("database.password", stack.mariaDb().connectorPassword());
        config.put("topic.prefix", "purge");
        config.put("database.include.list", "purged");
        config.put("topic.creation.default.replication.factor", "-1");
        config.put("topic.creation.default.partitions", "1");
        stack.rest().createConnector(CONNECTOR, config);
        stack.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (1)");
        String delivered = stack.mariaDb().gtidBinlogPos();
        StoredOffsets.await(stack.rest(), CONNECTOR, delivered, Duration.ofMinutes(1));

        stack.rest().stop(CONNECTOR);
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (2)", "FLUSH BINARY LOGS");
        List<Map<String, Object>> logs = stack.mariaDb().query("SHOW BINARY LOGS");
        String newest = logs.get(logs.size() - 1).values().iterator().next().toString();
        stack.mariaDb().execute("PURGE BINARY LOGS TO '" + newest + "'", "INSERT INTO purged.t VALUES (3)");
        stack.rest().resume(CONNECTOR);

        String trace = awaitFailedTask(Duration.ofMinutes(1));
        assertThat(trace).contains("Cannot resume from the stored offset '" + delivered + "'")
                .contains("were purged").contains("oldest binlog " + newest)
                .contains("the offset needs the transactions after " + delivered);
        stack.rest().deleteConnector(CONNECTOR);
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
