package io.binlogstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void stopEscalatesToSigkillWhenSigtermIsIgnored() throws Exception {
        ChildProcess p = ChildProcess.builder("stubborn", List.of("sh", "-c", "trap '' TERM; echo started; while true; do sleep 1; done"))
                .logFile(dir.resolve("stubborn.log"))
                .start();
        p.awaitLogLine("started", Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        p.stop(Duration.ofMillis(500));
        assertThat(p.isAlive()).isFalse();
        assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void stopEndsAWellBehavedProcessWithSigterm() throws Exception {
        ChildProcess p = ChildProcess.builder("sleeper", List.of("sleep", "60")).logFile(dir.resolve("sleeper.log")).start();
        p.stop(Duration.ofSeconds(10));
        assertThat(p.exitCode()).hasValue(143); // 128 + SIGTERM
    }

    @Test
    void killIsImmediate() throws Exception {
        ChildProcess p = ChildProcess.builder("sleeper", List.of("sleep", "60")).logFile(dir.resolve("sleeper.log")).start();
        p.kill();
        assertThat(p.exitCode()).hasValue(137); // 128 + SIGKILL
    }

    @Test
    void waitsFailFastWithTheLogTailWhenTheProcessDies() throws Exception {
        ChildProcess p = ChildProcess.builder("failing", List.of("sh", "-c", "echo 'fatal: something is wrong'; exit 3"))
                .logFile(dir.resolve("failing.log"))
                .start();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.awaitLogLine("ready", Duration.ofSeconds(30)))
                .isInstanceOf(ChildProcessException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("fatal: something is wrong");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void waitForPortTimesOutWithTheLogTail() throws Exception {
        ChildProcess p = ChildProcess.builder("silent", List.of("sh", "-c", "echo 'still booting'; sleep 60"))
                .logFile(dir.resolve("silent.log"))
                .start();
        try {
            assertThatThrownBy(() -> p.awaitPort("127.0.0.1", FreePorts.pick(), Duration.ofMillis(700)))
                    .isInstanceOf(ChildProcessException.class)
                    .hasMessageContaining("within PT0.7S")
                    .hasMessageContaining("still booting");
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void freePortsAreDistinctAndBindable() throws Exception {
        int[] ports = FreePorts.pick(5);
        assertThat(ports).doesNotHaveDuplicates();
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket(port)) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
