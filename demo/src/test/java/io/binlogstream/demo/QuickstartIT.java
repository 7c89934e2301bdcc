package io.binlogstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quickstart --once} without the script: the whole stack, the connector created over REST from
 * the real {@code config-examples/mariadb-avro.json}, and every change of the workload read back decoded.
 */
class QuickstartIT {

    @TempDir
    Path workDir;

    @Test
    void everyChangeOfTheDemoWorkloadArrivesDecoded() throws Exception {
        Path root = Path.of(System.getProperty("binlogstream.root", ".."));
        Path pluginPath = root.resolve("connector/target/plugin");
        Path config = root.resolve("config-examples/mariadb-avro.json");
        assertThat(pluginPath.resolve("binlogstream")).isDirectory();

        int exitCode = Quickstart.runOnce(pluginPath.toAbsolutePath(), workDir, config.toAbsolutePath());

        assertThat(exitCode).isZero();
        try (var left = Files.list(workDir)) {
            assertThat(left).as("a successful run removes its servers' files").isEmpty();
        }
    }
}
