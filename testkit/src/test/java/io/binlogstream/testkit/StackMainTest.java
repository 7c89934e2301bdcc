package io.binlogstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** Runs StackMain as its own JVM, the way the quickstart does, and checks the --stack-only contract. */
class StackMainTest {

    @Test
    void printsOneJsonLineRunsUntilSigtermAndThenLeavesNoProcessBehind() throws Exception {
        Path workDir = TestDirs.create("stack");
        String cp = Path.of("target", "classes").toAbsolutePath() + ":"
                + Files.readString(Path.of("target", "stack-classpath.txt")).trim();
        Process main = new ProcessBuilder(Artifacts.javaExecutable().toString(), "-cp", cp,
                "io.binlogstream.testkit.StackMain", "--work-dir", workDir.toString(),
                "--plugin-path", Path.of("target", "test-plugins").toAbsolutePath().toString(), "--workers", "2")
                .redirectError(workDir.resolve("stack-main.stderr").toFile())
                .start();
        List<ProcessHandle> children = new ArrayList<>();
        try {
            // Read stdout to its end in the background: Process.destroy() would close an unread pipe.
            List<String> stdoutLines = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture<String> firstLine = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = out.readLine()) != null; ) {
                        stdoutLines.add(l);
                        firstLine.complete(l);
                    }
                } catch (Exception e) {
                    // the assertions below report what was read
                } finally {
                    firstLine.complete(null);
                }
            });
            reader.start();
            String line = firstLine.get(4, TimeUnit.MINUTES);
            assertThat(line).as("stderr: %s", ChildProcess.tail(workDir.resolve("stack-main.stderr"), 40)).isNotNull();
            System.err.println("[stack] " + line);
            System.err.println(ChildProcess.tail(workDir.resolve("stack-main.stderr"), 8));
            JsonNode json = new ObjectMapper().readTree(line);
            assertThat(json.get("registry").asText()).endsWith("/apis/ccompat/v7");

            JsonNode db = json.get("mariadb");
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + db.get("host").asText() + ":"
                    + db.get("port").asInt() + "/", db.get("user").asText(), db.get("password").asText())) {
                assertThat(c.createStatement().executeQuery("SELECT @@binlog_format").next()).isTrue();
            }
            try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, json.get("kafka").asText()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(Http.isOk(json.get("registry").asText() + "/subjects")).isTrue();
            assertThat(new ConnectRestClient(json.get("connect").asText()).connectorPlugins().toString())
                    .contains("FileStreamSourceConnector");

            List<Long> workerPids = new ArrayList<>();
            json.get("connect_pids").forEach(p -> workerPids.add(p.asLong()));
            assertThat(workerPids).hasSize(2);
            main.toHandle().descendants().forEach(children::add);
            assertThat(children).hasSizeGreaterThanOrEqualTo(5); // mariadbd, broker, registry, 2 workers

            // A dead worker does not end the stack.
            ProcessHandle.of(workerPids.get(1)).orElseThrow().destroyForcibly();
            Thread.sleep(1000);
            assertThat(main.isAlive()).isTrue();

            long t0 = System.nanoTime();
            main.destroy(); // SIGTERM
            assertThat(main.waitFor(90, TimeUnit.SECONDS)).isTrue();
            System.err.printf("[timing] stack stopped in %d ms after SIGTERM%n", (System.nanoTime() - t0) / 1_000_000);
            reader.join(10_000);
            assertThat(stdoutLines).as("stdout holds exactly the JSON line").containsExactly(line);
            String stderr = Files.readString(workDir.resolve("stack-main.stderr"));
            assertThat(stderr).doesNotContain("AdminClientConfig values");
            // The stack's own ordered close ran (workers, registry, broker, MariaDB), not just the fallback.
            assertThat(stderr).contains("shutdown: stopping Stack[");
            for (ProcessHandle child : children) {
                assertThat(child.isAlive()).as("child %s still alive", child.pid()).isFalse();
            }
        } finally {
            main.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
