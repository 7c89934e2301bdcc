package io.binlogstream.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's database and its changes. Each round runs a few transactions over two tables and returns the
 * change events they must produce, so {@code --once} can check every one arrived.
 */
final class DemoWorkload {
    static final String DATABASE = "demo";

    /** One expected change event: which topic, which operation, which key. */
    record ExpectedChange(String table, String op, long id) {
    }

    private DemoWorkload() {
    }

    static void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            statement.execute("CREATE TABLE IF NOT EXISTS demo.customers ("
                    + " id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200),"
                    + " created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))");
            statement.execute("CREATE TABLE IF NOT EXISTS demo.orders ("
                    + " id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount DECIMAL(12,2) NOT NULL,"
                    + " status ENUM('new','paid','shipped') NOT NULL, placed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))");
        }
    }

    /**
     * Rows that exist before the connector starts, so the demo shows the snapshot: each arrives as an op=r record.
     * Their ids lie beyond any round's, and a second run of the demo finds them there already.
     */
    static List<ExpectedChange> seed(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT IGNORE INTO demo.customers (id, name, email) VALUES"
                    + " (1000001, 'Grace (existing row)', 'grace@example.com'), (1000002, 'Edsger (existing row)', NULL)");
        }
        return List.of(new ExpectedChange("customers", "r", 1000001), new ExpectedChange("customers", "r", 1000002));
    }

    /** Runs round {@code round} (ids never repeat across rounds) and returns the changes it must produce. */
    static List<ExpectedChange> runRound(Connection connection, int round) throws SQLException {
        long customer = round * 10L + 1;
        long order = round * 10L + 1;
        List<ExpectedChange> expected = new ArrayList<>();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO demo.customers (id, name, email) VALUES (" + customer + ", 'Ada " + round
                    + "', 'ada" + round + "@example.com'), (" + (customer + 1) + ", 'Linus " + round + "', NULL)");
            connection.commit();
            expected.add(new ExpectedChange("customers", "c", customer));
            expected.add(new ExpectedChange("customers", "c", customer + 1));

            statement.execute("INSERT INTO demo.orders (id, customer_id, amount, status) VALUES (" + order + ", " + customer
                    + ", 19.99, 'new'), (" + (order + 1) + ", " + (customer + 1) + ", 1234567890.05, 'new')");
            statement.execute("UPDATE demo.orders SET status = 'paid' WHERE id = " + order);
            connection.commit();
            expected.add(new ExpectedChange("orders", "c", order));
            expected.add(new ExpectedChange("orders", "c", order + 1));
            expected.add(new ExpectedChange("orders", "u", order));

            statement.execute("UPDATE demo.customers SET email = 'linus" + round + "@example.org' WHERE id = " + (customer + 1));
            statement.execute("DELETE FROM demo.orders WHERE id = " + (order + 1));
            connection.commit();
            expected.add(new ExpectedChange("customers", "u", customer + 1));
            expected.add(new ExpectedChange("orders", "d", order + 1));
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return expected;
    }
}
