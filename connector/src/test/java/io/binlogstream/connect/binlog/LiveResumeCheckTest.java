package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.testkit.MariaDbServer;

/** The resume check against a real server whose binlogs are purged, as the connector's own user sees it. */
class LiveResumeCheckTest {

    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void startServer() {
        server = MariaDbServer.start(workDir);
        server.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void namesPurgedAndMissingTransactions() throws Exception {
        server.execute("INSERT INTO shop.t VALUES (1)");
        String delivered = server.gtidBinlogPos();
        server.execute("INSERT INTO shop.t VALUES (2)", "FLUSH BINARY LOGS", "INSERT INTO shop.t VALUES (3)");
        try (Connection connection = server.connectorConnection()) {
            ServerInfo info = ServerInfo.read(connection);
            assertThat(ResumeCheck.problems(connection, info, delivered)).as("nothing purged yet").isEmpty();
            assertThat(ResumeCheck.problems(connection, info, server.gtidBinlogPos())).isEmpty();

            String ahead = "0-1-999999";
            assertThat(ResumeCheck.problems(connection, info, ahead)).singleElement().asString()
                    .contains("lacks transactions the connector already delivered")
                    .contains("this server is at " + server.gtidBinlogPos() + ", the offset needs " + ahead);

            String firstFile = server.query("SHOW BINARY LOGS").get(0).values().iterator().next().toString();
            String secondFile = server.query("SHOW BINARY LOGS").get(1).values().iterator().next().toString();
            server.execute("PURGE BINARY LOGS TO '" + secondFile + "'");
            assertThat(firstFile).isNotEqualTo(secondFile);
            assertThat(ResumeCheck.problems(connection, info, delivered)).singleElement().asString()
                    .contains("were purged").contains("oldest binlog " + secondFile).contains("domain 0")
                    .contains(delivered);
        }
    }
}
