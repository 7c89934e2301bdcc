package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.binlogstream.testkit.ConnectRestClient;
import io.binlogstream.testkit.Stack;

/**
 * The walking skeleton end to end: a connector created over Connect's REST API on a real worker streams
 * MariaDB changes on two tables into Kafka as Avro through the real schema registry, read back with exact
 * keys and values; a SIGKILLed worker restarted later delivers the changes made while it was down.
 */
class StreamingIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CONNECTOR = "shop-cdc";
    private static final String CUSTOMERS = "shop.shop.customers";
    private static final String ORDER_LINES = "shop.shop.order_lines";

    static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
    }

    private static Map<String, String> connectorConfig() {
        Map<String, String> config = ConnectorConfigs.avro(stack, "shop", "shop");
        config.put("topic.creation.default.cleanup.policy", "compact");
        // Changes only: this test counts change records exactly; the snapshot has its own tests (SnapshotModesIT, SnapshotIT).
        config.put("snapshot.mode", "no_data");
        return config;
    }

    private static void transaction(String... statements) throws Exception {
        try (Connection connection = stack.mariaDb().adminConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            connection.commit();
        }
    }

    private static List<DecodedChange> readAll(int expected) {
        return DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), List.of(CUSTOMERS, ORDER_LINES), expected, TIMEOUT);
    }

    private static List<DecodedChange> topic(List<DecodedChange> changes, String topic) {
        return changes.stream().filter(c -> c.topic().equals(topic)).toList();
    }

    @Test
    void changesOnTwoTablesArriveExactlyAndSurviveAKilledWorker() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE shop",
                "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, balance DECIMAL(10,2), "
                        + "joined DATETIME(3))",
                "CREATE TABLE shop.order_lines (order_id BIGINT, line SMALLINT, sku VARCHAR(20), qty INT UNSIGNED, "
                        + "PRIMARY KEY (order_id, line))",
                "CREATE TABLE shop.ignored_noise (id INT PRIMARY KEY)");
        long started = System.nanoTime();
        ConnectRestClient rest = stack.worker(0).rest();
        rest.createConnector(CONNECTOR, connectorConfig());
        rest.awaitConnectorRunning(CONNECTOR, TIMEOUT);
        // The task starts from the server's position when it connects: wait for that before writing.
        stack.mariaDb().awaitBinlogClients(1, TIMEOUT);

        transaction("INSERT INTO shop.customers VALUES (1, 'Ada', 10.50, '2024-01-02 03:04:05.678'), (2, 'Linus', NULL, NULL)");
        transaction("INSERT INTO shop.order_lines VALUES (100, 1, 'BOOK', 2), (100, 2, 'PEN', 4294967295)",
                "UPDATE shop.customers SET balance = balance - 0.50 WHERE id = 1");
        transaction("DELETE FROM shop.order_lines WHERE order_id = 100 AND line = 2",
                "UPDATE shop.order_lines SET qty = 3 WHERE order_id = 100 AND line = 1",
                "INSERT INTO shop.customers VALUES (3, 'Grace', 0.00, NULL)");
        stack.mariaDb().execute("DELETE FROM shop.customers WHERE id = 2");

        List<DecodedChange> first = readAll(11);
        assertThat(first).hasSize(11);
        phase("connector created, 4 transactions applied and 11 records read", started);
        List<DecodedChange> customers = topic(first, CUSTOMERS);
        List<DecodedChange> lines = topic(first, ORDER_LINES);
        assertThat(customers).extracting(DecodedChange::op).containsExactly("c", "c", "u", "c", "d", "tombstone");
        assertThat(lines).extracting(DecodedChange::op).containsExactly("c", "c", "d", "tombstone", "u");

        Struct ada = customers.get(0).after();
        assertThat(customers.get(0).key().getInt32("id")).isEqualTo(1);
        assertThat(ada.getInt32("id")).isEqualTo(1);
        assertThat(ada.getString("name")).isEqualTo("Ada");
        assertThat(ada.get("balance")).isEqualTo(new BigDecimal("10.50"));
        assertThat(ada.get("joined")).isEqualTo(1_704_164_645_678_000L);
        assertThat(customers.get(1).after().get("balance")).isNull();
        assertThat(customers.get(2).before().get("balance")).isEqualTo(new BigDecimal("10.50"));
        assertThat(customers.get(2).after().get("balance")).isEqualTo(new BigDecimal("10.00"));
        assertThat(customers.get(4).before().getString("name")).isEqualTo("Linus");
        assertThat(customers.get(4).after()).isNull();
        assertThat(customers.get(5).key().getInt32("id")).isEqualTo(2);
        assertThat(customers.get(5).value()).isNull();

        Struct pen = lines.get(1).after();
        assertThat(lines.get(1).key().getInt64("order_id")).isEqualTo(100L);
        assertThat(lines.get(1).key().getInt16("line")).isEqualTo((short) 2);
        assertThat(lines.get(1).key().schema().fields()).extracting(f -> f.name()).containsExactly("order_id", "line");
        assertThat(pen.getInt64("qty")).as("INT UNSIGNED max does not wrap").isEqualTo(4_294_967_295L);
        assertThat(lines.get(4).before().getInt64("qty")).isEqualTo(2L);
        assertThat(lines.get(4).after().getInt64("qty")).isEqualTo(3L);
        assertThat(lines.get(4).after().getString("sku")).isEqualTo("BOOK");

        // Transactions are marked: the first transaction's last record says it held 2 row changes.
        assertThat(customers.get(1).transactionEnd()).isEqualTo("2");
        assertThat(customers.get(0).transactionEnd()).isNull();
        assertThat(first).extracting(DecodedChange::eventId).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("0-1-\\d+/\\d+(/tombstone)?"));

        // Kill the worker outright, change data while it is down, start it again: nothing is lost.
        long killed = System.nanoTime();
        stack.worker(0).kill();
        transaction("INSERT INTO shop.customers VALUES (4, 'Barbara', 1.00, NULL)",
                "INSERT INTO shop.order_lines VALUES (200, 1, 'LAMP', 1)");
        stack.mariaDb().execute("UPDATE shop.customers SET name = 'Ada L.' WHERE id = 1",
                "DELETE FROM shop.order_lines WHERE order_id = 100");
        stack.worker(0).restart();
        phase("worker killed and restarted", killed);
        rest.awaitConnectorRunning(CONNECTOR, TIMEOUT);
        phase("connector running again after the kill", killed);

        List<DecodedChange> all = readAll(first.size() + 5);
        assertThat(all).hasSize(first.size() + 5);
        phase("changes made while the worker was down read back", killed);
        List<DecodedChange> later = all.subList(Math.min(first.size(), all.size()), all.size());
        assertThat(all.subList(0, first.size())).as("what was read before stays the same").isEqualTo(first);
        assertThat(topic(later, CUSTOMERS)).extracting(DecodedChange::op).containsExactly("c", "u");
        assertThat(topic(later, CUSTOMERS).get(1).after().getString("name")).isEqualTo("Ada L.");
        assertThat(topic(later, ORDER_LINES)).extracting(DecodedChange::op).containsExactly("c", "d", "tombstone");
        assertThat(topic(later, ORDER_LINES).get(0).after().getString("sku")).isEqualTo("LAMP");
        // Exactly once on the worker: a read_committed consumer sees no record twice.
        Set<String> ids = new HashSet<>();
        assertThat(all).allSatisfy(c -> assertThat(ids.add(c.eventId())).as("duplicate " + c.eventId()).isTrue());
    }

    private static void phase(String what, long sinceNanos) {
        System.err.printf("[it] %s: %.1f s%n", what, (System.nanoTime() - sinceNanos) / 1e9);
    }
}
