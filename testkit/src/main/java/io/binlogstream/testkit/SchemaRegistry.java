package io.binlogstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private Apicurio Registry (in-memory storage, its default) in a child JVM, used through its
 * Confluent-compatible API ({@link #url()}), which is what the Avro converter speaks.
 *
 * <p>Why Apicurio: it is open source, on Maven Central (the only repository this build can reach) and
 * implements the Confluent schema registry API under {@code /apis/ccompat/v7}. The distribution
 * ({@code apicurio-registry-app-<version>-all.tar.gz}, a dependency of the testkit) is unpacked once
 * into the {@link Artifacts#cacheDir() cache directory}.
 *
 * <p>Files: {@code <workDir>/<name>/registry.log} (stdout and stderr), and the JVM's temporary files
 * under {@code <workDir>/<name>/tmp}. Schemas live in memory: a stop loses them.
 *
 * <pre>{@code
 * try (SchemaRegistry registry = SchemaRegistry.start(workDir)) {
 *     String url = registry.url(); // http://127.0.0.1:PORT/apis/ccompat/v7
 * }
 * }</pre>
 */
public final class SchemaRegistry implements AutoCloseable {

    /** Path of the Confluent-compatible API below the server root. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private static final String HOST = "127.0.0.1";

    private final Options options;
    private final Path dir;
    private final int port;
    private final ChildProcess process;
    private final Duration startupTime;

    private SchemaRegistry(Options options, Path dir, int port, ChildProcess process, Duration startupTime) {
        this.options = options;
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.startupTime = startupTime;
    }

    /** Settings of a registry; the defaults suit tests. */
    public static final class Options {
        private String name = "registry";
        private List<String> jvmArgs = new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofMinutes(3);

        public static Options defaults() {
            return new Options();
        }

        /** Sub-directory of the work directory for this registry's files (default {@code registry}). */
        public Options name(String name) {
            this.name = name;
            return this;
        }

        /** Replaces the JVM flags (default {@code -Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}: a small heap, and C1 only, which starts Quarkus ~20% faster; the registry is never the bottleneck). */
        public Options jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = new ArrayList<>(jvmArgs);
            return this;
        }

        /**
         * Adds a Quarkus/Apicurio setting as a system property, e.g.
         * {@code ("apicurio.ccompat.legacy-id-mode.enabled", "true")}. Port and host are set by the testkit.
         */
        public Options systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Options startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }
    }

    /** Starts a registry with default options under {@code workDir/registry}. */
    public static SchemaRegistry start(Path workDir) {
        return start(workDir, Options.defaults());
    }

    /** Starts a registry on a free port and returns once its ccompat API answers. */
    public static SchemaRegistry start(Path workDir, Options options) {
        Path dir = workDir.toAbsolutePath().resolve(options.name);
        Path runnerJar = runnerJar();
        return PortConflict.retry("schema registry", () -> {
            long t0 = System.nanoTime();
            int port = FreePorts.pick();
            Files.createDirectories(dir.resolve("tmp"));
            List<String> cmd = new ArrayList<>();
            cmd.add(Artifacts.javaExecutable().toString());
            cmd.addAll(options.jvmArgs);
            cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
            options.systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("-Dquarkus.http.host=" + HOST);
            cmd.add("-Dquarkus.http.port=" + port);
            cmd.add("-jar");
            cmd.add(runnerJar.toString());
            ChildProcess p = ChildProcess.builder("schema registry", cmd)
                    .workDir(dir)
                    .logFile(dir.resolve("registry.log"))
                    .start();
            try {
                String probe = "http://" + HOST + ":" + port + CCOMPAT_PATH + "/subjects";
                p.await("GET " + probe + " answering 200", options.startTimeout, () -> Http.isOk(probe));
            } catch (RuntimeException e) {
                throw PortConflict.failed(p, e);
            }
            return new SchemaRegistry(options, dir, port, p, Duration.ofNanos(System.nanoTime() - t0));
        });
    }

    // The runnable jar of the unpacked distribution (its lib/ directory sits next to it).
    private static Path runnerJar() {
        Path home = Artifacts.unpackOnce("apicurio-registry-" + Artifacts.apicurioVersion(),
                dir -> Artifacts.untar(Artifacts.apicurioArchive(), dir));
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + home));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Confluent-compatible API base URL, {@code http://127.0.0.1:PORT/apis/ccompat/v7} (no trailing slash). */
    public String url() {
        return baseUrl() + CCOMPAT_PATH;
    }

    /** The server root, {@code http://127.0.0.1:PORT}, for Apicurio's own APIs. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** The directory holding this registry's files. */
    public Path dir() {
        return dir;
    }

    /** How long the start took, from launching the JVM until the ccompat API answered. */
    public Duration startupTime() {
        return startupTime;
    }

    /** SIGTERM, then SIGKILL after {@link ChildProcess#DEFAULT_STOP_TIMEOUT}. Idempotent. */
    public void stop() {
        process.stop(ChildProcess.DEFAULT_STOP_TIMEOUT);
    }

    /** SIGKILL. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "SchemaRegistry[" + url() + ", pid " + pid() + "]";
    }
}
