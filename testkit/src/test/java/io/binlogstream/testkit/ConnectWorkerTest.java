package io.binlogstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One broker and one worker; the plugin is Kafka's FileStreamSourceConnector from target/test-plugins.
 * The kill test runs last: the killed worker stays a group member until its session times out (10 s),
 * and REST writes wait for that rebalance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectWorkerTest {

    private static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static Path workDir;
    private static KafkaBroker broker;
    private static ConnectWorker worker;

    @BeforeAll
    static void start() {
        workDir = TestDirs.create("connect");
        broker = KafkaBroker.start(workDir);
        worker = ConnectWorker.start(workDir, broker.bootstrapServers(), Path.of("target", "test-plugins"));
        System.err.printf("[timing] Connect worker started in %d ms%n", worker.startupTime().toMillis());
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void listsPluginsFromThePluginPathOnly() {
        List<String> classes = new ArrayList<>();
        worker.rest().connectorPlugins().forEach(p -> classes.add(p.get("class").asText()));
        assertThat(classes).contains(FILE_SOURCE);
        assertThat(classes).noneMatch(c -> c.startsWith("io.binlogstream"));
        assertThat(worker.rest().serverInfo().get("version").asText()).isEqualTo("4.3.1");
    }

    @Test
    void runsAConnectorThroughRest() throws Exception {
        ConnectRestClient rest = worker.rest();
        Path input = Files.writeString(workDir.resolve("input.txt"), "line one\nline two\n");
        Map<String, Object> config = Map.of(
                "connector.class", FILE_SOURCE, "tasks.max", 1, "file", input.toString(), "topic", "file-lines");

        Map<String, Object> named = new java.util.HashMap<>(config);
        named.put("name", "file-source");
        JsonNode validation = rest.validate("FileStreamSourceConnector", named);
        assertThat(validation.get("error_count").asInt()).as(validation.toPrettyString()).isZero();
        JsonNode invalid = rest.validate(FILE_SOURCE, Map.of("file", input.toString()));
        assertThat(invalid.get("error_count").asInt()).isPositive();

        rest.createConnector("file-source", config);
        rest.awaitConnectorRunning("file-source", Duration.ofSeconds(60));
        assertThat(rest.connectors()).contains("file-source");

        // The offsets endpoint shows the file position once the task flushed (every second).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode offsets = rest.offsets("file-source");
        while (offsets.get("offsets").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            offsets = rest.offsets("file-source");
        }
        assertThat(offsets.get("offsets").get(0).get("offset").get("position").asLong()).isPositive();

        rest.pause("file-source");
        rest.resume("file-source");
        rest.restart("file-source", true);
        rest.awaitConnectorRunning("file-source", Duration.ofSeconds(60));
        rest.deleteConnector("file-source");
        // Deletion goes through the config topic; the status disappears a moment later.
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rest.connectors().contains("file-source") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(rest.connectors()).doesNotContain("file-source");
        assertThatThrownBy(() -> rest.connectorConfig("file-source"))
                .isInstanceOfSatisfying(ConnectRestException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void awaitRunningReportsAFailedTaskWithItsTrace() throws Exception {
        ConnectRestClient rest = worker.rest();
        Path input = Files.writeString(workDir.resolve("not-numbers.txt"), "not a number\n");
        // Casting the text lines to int8 fails on the first record; errors.tolerance=none fails the task.
        rest.createConnector("broken-source", Map.of("connector.class", FILE_SOURCE, "tasks.max", 1,
                "file", input.toString(), "topic", "broken-lines",
                "transforms", "x", "transforms.x.type", "org.apache.kafka.connect.transforms.Cast$Value",
                "transforms.x.spec", "int8"));
        try {
            // The task may be RUNNING for a moment before its first poll fails, so wait for the failure.
            IllegalStateException failure = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (failure == null && System.nanoTime() < deadline) {
                try {
                    rest.awaitConnectorRunning("broken-source", Duration.ofSeconds(30));
                    Thread.sleep(200);
                } catch (IllegalStateException e) {
                    failure = e;
                }
            }
            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("task 0 FAILED").contains("Cast");
        } finally {
            rest.deleteConnector("broken-source");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void killMakesThePidDisappearAndRestartBringsTheWorkerBack() {
        long pid = worker.pid();
        worker.kill();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(worker.isAlive()).isFalse();
        worker.restart();
        assertThat(worker.pid()).isNotEqualTo(pid);
        assertThat(worker.rest().connectorPlugins().isArray()).isTrue();
    }
}
