package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (2)");
        String newest = Binlogs.rotateAndPurge(stack.mariaDb());
        stack.mariaDb().execute("INSERT INTO purged.t VALUES (3)");
        stack.rest().resume(CONNECTOR);

        String trace = stack.rest().awaitTaskFailed(CONNECTOR, Duration.ofMinutes(1));
        assertThat(trace).contains("Cannot resume from the stored offset '" + delivered + "'")
                .contains("were purged").contains("oldest binlog " + newest)
                .contains("the offset needs the transactions after " + delivered);
        stack.rest().deleteConnector(CONNECTOR);
    }
}
