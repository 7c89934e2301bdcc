package io.binlogstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MariaDbServerTest {

    private static MariaDbServer server;

    @BeforeAll
    static void start() {
        server = MariaDbServer.start(TestDirs.create("mariadb"));
        System.err.printf("[timing] MariaDB install-db %d ms, start %d ms%n",
                server.installTime().toMillis(), server.startupTime().toMillis());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            long pid = server.pid();
            server.close();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void binlogIsConfiguredAsRequested() {
        Map<String, Object> vars = server.query("SELECT @@log_bin AS log_bin, @@binlog_format AS format,"
                + " @@binlog_row_image AS image, @@binlog_row_metadata AS metadata, @@server_id AS server_id,"
                + " @@gtid_strict_mode AS strict, @@port AS port").get(0);
        assertThat(vars).containsEntry("format", "ROW").containsEntry("image", "FULL").containsEntry("metadata", "FULL");
        assertThat(vars.get("log_bin").toString()).isIn("1", "true");
        assertThat(vars.get("strict").toString()).isIn("1", "true");
        assertThat(((Number) vars.get("server_id")).longValue()).isEqualTo(1L);
        assertThat(((Number) vars.get("port")).intValue()).isEqualTo(server.port());
    }

    @Test
    void gtidPositionMovesAfterAnInsert() {
        server.execute("CREATE DATABASE IF NOT EXISTS gtid_test",
                "CREATE TABLE IF NOT EXISTS gtid_test.t (id INT PRIMARY KEY, v VARCHAR(10))");
        String before = server.gtidBinlogPos();
        server.execute("INSERT INTO gtid_test.t VALUES (" + System.nanoTime() % 1_000_000 + ", 'x')");
        String after = server.gtidBinlogPos();
        assertThat(after).isNotEqualTo(before).matches("0-1-\\d+");
        long seqBefore = Long.parseLong(before.substring(before.lastIndexOf('-') + 1));
        long seqAfter = Long.parseLong(after.substring(after.lastIndexOf('-') + 1));
        assertThat(seqAfter).isEqualTo(seqBefore + 1);
    }

    @Test
    void connectorUserHasExactlyTheListedPrivileges() throws SQLException {
        for (String host : List.of("127.0.0.1", "localhost", "%")) {
            List<Map<String, Object>> grants = server.query("SHOW GRANTS FOR 'binlogstream'@'" + host + "'");
            assertThat(grants).hasSize(1);
            String grant = grants.get(0).values().iterator().next().toString();
            assertThat(grant).startsWith("GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR, REPLICATION MASTER ADMIN ON *.* TO `binlogstream`@`" + host + "`");
        }
        try (Connection c = server.connectorConnection(); Statement s = c.createStatement()) {
            // What a connector runs, each needing one of the privileges (or none).
            s.executeQuery("SHOW GLOBAL VARIABLES LIKE 'binlog_format'").close();
            s.executeQuery("SHOW MASTER STATUS").close();
            s.executeQuery("SHOW BINARY LOGS").close();
            s.executeQuery("SHOW SLAVE HOSTS").close();
            s.executeQuery("SELECT @@gtid_binlog_pos, BINLOG_GTID_POS('mysql-bin.000001', 4)").close();
            assertThatThrownBy(() -> s.execute("CREATE DATABASE not_allowed")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void showSlaveHostsNeedsReplicationMasterAdmin() throws SQLException {
        server.execute("CREATE USER IF NOT EXISTS 'probe'@'%' IDENTIFIED BY 'probe'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'probe'@'%'",
                "CREATE USER IF NOT EXISTS 'probe'@'localhost' IDENTIFIED BY 'probe'",
                "GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'probe'@'localhost'");
        try (Connection c = server.connection("probe", "probe", null); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SHOW SLAVE HOSTS")).hasMessageContaining("REPLICATION MASTER ADMIN");
        }
    }

    @Test
    void settingsCanBeOverriddenAndKillAndRestartKeepData() {
        MariaDbServer.Options options = MariaDbServer.Options.defaults()
                .name("misconfigured")
                .serverId(7)
                .setting("binlog_row_metadata", "MINIMAL")
                .setting("binlog-format", "STATEMENT")
                .ssl(true);
        try (MariaDbServer other = MariaDbServer.start(TestDirs.create("mariadb-options"), options)) {
            Map<String, Object> vars = other.query("SELECT @@binlog_format AS format, @@binlog_row_metadata AS metadata,"
                    + " @@server_id AS server_id, @@have_ssl AS have_ssl").get(0);
            assertThat(vars).containsEntry("format", "STATEMENT").containsEntry("metadata", "MINIMAL")
                    .containsEntry("have_ssl", "YES");
            assertThat(((Number) vars.get("server_id")).longValue()).isEqualTo(7L);

            other.execute("CREATE DATABASE kept", "CREATE TABLE kept.t (id INT PRIMARY KEY)", "INSERT INTO kept.t VALUES (1)");
            String gtid = other.gtidBinlogPos();
            long pid = other.pid();
            int port = other.port();
            other.kill();
            assertThat(other.isAlive()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            other.restart();
            assertThat(other.pid()).isNotEqualTo(pid);
            assertThat(other.port()).isEqualTo(port);
            assertThat(other.query("SELECT COUNT(*) AS n FROM kept.t").get(0).get("n").toString()).isEqualTo("1");
            assertThat(other.gtidBinlogPos()).isEqualTo(gtid);
            System.err.printf("[timing] MariaDB restart after SIGKILL (crash recovery) %d ms%n", other.startupTime().toMillis());
        }
    }

    @Test
    void systemBinariesFailClearlyWhenNotInstalled() {
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/usr/sbin/mariadbd")));
        assertThatThrownBy(() -> MariaDbServer.start(TestDirs.create("mariadb-system"),
                MariaDbServer.Options.defaults().binaries(MariaDbServer.Binaries.SYSTEM)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/usr/sbin/mariadbd")
                .hasMessageContaining("apt-get install mariadb-server");
    }

    @Test
    void adminUserCanCreateSchemas() throws SQLException {
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS admin_test");
        }
        assertThat(server.query("SELECT COUNT(*) AS n FROM mysql.user WHERE User = ''").get(0).get("n").toString()).isEqualTo("0");
    }
}
