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
import java.util.Objects;

/**
 * A Kafka Connect worker in distributed mode ({@code ConnectDistributed}) in a child JVM, with its
 * REST API on a free port of 127.0.0.1.
 *
 * <p>The worker's classpath is Kafka, connect-runtime and slf4j-simple only
 * ({@link Artifacts#serverClasspath()}); connectors come from {@code plugin.path} alone, so a test
 * that runs the binlogstream connector here also proves its plugin packaging.
 *
 * <p>Defaults, each overridable with {@link Options#workerSetting}: {@code plugin.discovery=service_load}
 * (plugins must carry {@code META-INF/services} manifests; {@code hybrid_warn} costs ~11 s per start),
 * exactly-once source support
 * enabled (the connector's delivery guarantee is tested through it), JSON converters, offsets
 * flushed every second, a 3 s scheduled rebalance delay (so a killed worker's tasks move within
 * seconds, not the 5 min default), internal topics with replication factor 1. Workers started with
 * the same {@link Options#groupId} form one cluster.
 *
 * <p>Files under {@code <workDir>/<name>}: {@code worker.properties}, {@code connect.log}.
 */
public final class ConnectWorker extends RestartableServer {

    public static final String DEFAULT_GROUP_ID = "binlogstream-connect";
    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Settings of a worker. {@link #bootstrapServers} is required. */
    public static final class Options {
        private String name;
        private String bootstrapServers;
        private Path pluginPath;
        private String groupId = DEFAULT_GROUP_ID;
        private List<String> jvmArgs = new ArrayList<>(List.of("-Xms256m", "-Xmx1g"));
        private final Map<String, String> workerSettings = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofMinutes(2);

        public static Options defaults() {
            return new Options();
        }

        /** Copies all settings, e.g. to start another worker of the same cluster under another name. */
        public Options copy() {
            Options o = new Options();
            o.name = name;
            o.bootstrapServers = bootstrapServers;
            o.pluginPath = pluginPath;
            o.groupId = groupId;
            o.jvmArgs = new ArrayList<>(jvmArgs);
            o.workerSettings.putAll(workerSettings);
            o.startTimeout = startTimeout;
            return o;
        }

        /** Sub-directory of the work directory (default {@code connect-<port>}). Give each worker its own. */
        public Options name(String name) {
            this.name = name;
            return this;
        }

        public Options bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** A directory of plugin directories, e.g. {@code connector/target/plugin} holding {@code binlogstream/}. */
        public Options pluginPath(Path pluginPath) {
            this.pluginPath = pluginPath;
            return this;
        }

        /** The Connect cluster's {@code group.id}; internal topics are named after it. */
        public Options groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Replaces the JVM flags (default {@code -Xms256m -Xmx1g}). */
        public Options jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = new ArrayList<>(jvmArgs);
            return this;
        }

        /** Adds or overrides a worker property, e.g. {@code ("exactly.once.source.support", "disabled")}. */
        public Options workerSetting(String key, String value) {
            workerSettings.put(key, value);
            return this;
        }

        public Options startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }
    }

    private final Options options;
    private final Path dir;
    private volatile int port;
    private volatile Duration startupTime;

    private ConnectWorker(Options options, Path dir, int port) {
        super(STOP_TIMEOUT);
        this.options = options;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a worker of the default group. */
    public static ConnectWorker start(Path workDir, String bootstrapServers, Path pluginPath) {
        return start(workDir, Options.defaults().bootstrapServers(bootstrapServers).pluginPath(pluginPath));
    }

    /** Starts a worker and returns once its REST API lists connectors and plugins. */
    public static ConnectWorker start(Path workDir, Options options) {
        Objects.requireNonNull(options.bootstrapServers, "Options.bootstrapServers");
        if (options.pluginPath != null && !Files.isDirectory(options.pluginPath)) {
            throw new IllegalArgumentException("plugin path " + options.pluginPath + " is not a directory");
        }
        Options frozen = options.copy();
        return PortConflict.retry("Connect worker", () -> {
            int port = FreePorts.pick();
            String name = frozen.name != null ? frozen.name : "connect-" + port;
            ConnectWorker worker = new ConnectWorker(frozen, workDir.toAbsolutePath().resolve(name), port);
            worker.launch();
            return worker;
        });
    }

    private Map<String, String> workerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", options.bootstrapServers);
        p.put("group.id", options.groupId);
        p.put("listeners", "http://" + HOST + ":" + port);
        p.put("rest.advertised.host.name", HOST);
        p.put("rest.advertised.port", Integer.toString(port));
        p.put("rest.advertised.listener", "http");
        if (options.pluginPath != null) {
            p.put("plugin.path", options.pluginPath.toAbsolutePath().toString());
        }
        p.put("config.storage.topic", options.groupId + "-configs");
        p.put("offset.storage.topic", options.groupId + "-offsets");
        p.put("status.storage.topic", options.groupId + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "5");
        p.put("exactly.once.source.support", "enabled");
        p.put("scheduled.rebalance.max.delay.ms", "3000");
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("offset.flush.interval.ms", "1000");
        // The default (hybrid_warn) also scans every class of the classpath and plugins by reflection,
        // about 11 s per worker start on two cores. service_load finds plugins through their
        // META-INF/services manifests only, which a correctly packaged plugin has (KIP-898).
        p.put("plugin.discovery", "service_load");
        p.putAll(options.workerSettings);
        return p;
    }

    private void launch() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir.resolve("tmp"));
        Path config = dir.resolve("worker.properties");
        ServerJvm.writeProperties(config, workerProperties());
        List<String> cmd = ServerJvm.command(options.jvmArgs, dir,
                "org.apache.kafka.connect.cli.ConnectDistributed", List.of(config.toString()));
        ChildProcess p = ChildProcess.builder("connect worker " + dir.getFileName(), cmd)
                .workDir(dir)
                .logFile(dir.resolve("connect.log"))
                .start();
        process(p);
        try {
            String url = restUrl();
            // GET / answers as soon as Jetty runs; the others only once the herder read its topics.
            for (String path : List.of("/", "/connector-plugins", "/connectors")) {
                p.await("GET " + url + path + " answering 200", options.startTimeout, () -> Http.isOk(url + path));
            }
        } catch (RuntimeException e) {
            throw PortConflict.failed(p, e);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public String restUrl() {
        return "http://" + HOST + ":" + port;
    }

    /** A REST client for this worker. */
    public ConnectRestClient rest() {
        return new ConnectRestClient(restUrl());
    }

    public int port() {
        return port;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public Path logFile() {
        return dir.resolve("connect.log");
    }

    /** Time from launching the JVM until {@code GET /connectors} answered (latest start). */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Starts a new process with the same configuration, stopping the old one first if it still runs.
     * Keeps the REST port unless another process took it meanwhile, in which case {@link #restUrl()}
     * changes.
     */
    public void restart() {
        stop();
        for (int attempt = 1; ; attempt++) {
            try {
                if (!FreePorts.isFree(port)) {
                    port = FreePorts.pick();
                }
                launch();
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (PortConflict.PortConflictException e) {
                if (attempt >= PortConflict.ATTEMPTS) {
                    throw new ChildProcessException("Connect worker cannot restart: port conflicts", e.getCause());
                }
                port = FreePorts.pick();
            }
        }
    }

    @Override
    public String toString() {
        return "ConnectWorker[" + restUrl() + pidSuffix() + "]";
    }
}
