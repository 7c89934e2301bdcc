package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.ConnectRestClient;
import io.binlogstream.testkit.Stack;

/**
 * A row whose record the producer would refuse (a 2 MB BLOB, above the producer's default max.request.size of
 * 1 MiB) fails the task on a real worker, and the status an operator reads names the table, the transaction's
 * GTID and the settings to raise, not only the producer's RecordTooLargeException.
 */
class RecordTooLargeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void aRowTooLargeForTheProducerFailsNamingTableGtidAndSettings() throws Exception {
        Stack stack = SharedStack.get();
        stack.mariaDb().execute("CREATE DATABASE big_rows", "CREATE TABLE big_rows.files (id INT PRIMARY KEY, body LONGBLOB)");
        ConnectRestClient rest = stack.worker(0).rest();
        Map<String, String> config = ConnectorConfigs.avro(stack, "bigrows", "big_rows");
        rest.createConnector("big-rows", config);
        try {
            rest.awaitConnectorRunning("big-rows", TIMEOUT);
            stack.mariaDb().awaitBinlogClients(1, TIMEOUT);
            stack.mariaDb().execute("INSERT INTO big_rows.files VALUES (1, REPEAT(x'5a', 2 * 1024 * 1024))");
            String gtid = (String) stack.mariaDb().query("SELECT @@gtid_binlog_pos AS p").get(0).get("p");

            String trace = rest.awaitTaskFailed("big-rows", TIMEOUT);
            assertThat(trace).contains("big_rows.files").contains("transaction " + gtid)
                    .contains("producer.override.max.request.size").contains("connector.client.config.override.policy")
                    .contains("max.message.bytes").contains("1048576");
        } finally {
            rest.deleteConnector("big-rows");
        }
    }
}
