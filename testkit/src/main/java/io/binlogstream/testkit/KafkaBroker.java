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
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker in KRaft combined mode ({@code process.roles=broker,controller}) in a
 * child JVM, listening on 127.0.0.1 only.
 *
 * <p>Single-node settings: replication factor 1 and min ISR 1 for the internal topics (otherwise
 * consumer groups and transactions, which exactly-once Connect needs, could never start), no
 * initial rebalance delay (tests should not wait 3 s per group), and fewer partitions for the
 * offsets and transaction-state topics than the default 50, whose creation alone takes seconds
 * on two cores. Any setting can be overridden with {@link Options#setting}.
 *
 * <p>Files under {@code <workDir>/<name>}: {@code server.properties}, {@code data/} (formatted once
 * with {@code kafka.tools.StorageTool}, kept for {@link #restart()}), {@code kafka.log}, {@code format.log}.
 */
public final class KafkaBroker extends RestartableServer {

    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Settings of a broker; defaults suit tests. */
    public static final class Options {
        private String name = "kafka";
        private List<String> jvmArgs = new ArrayList<>(List.of("-Xms256m", "-Xmx1g"));
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofMinutes(2);

        public static Options defaults() {
            return new Options();
        }

        /** Sub-directory of the work directory (default {@code kafka}). */
        public Options name(String name) {
            this.name = name;
            return this;
        }

        /** Replaces the JVM flags (default {@code -Xms256m -Xmx1g}). */
        public Options jvmArgs(List<String> jvmArgs) {
            this.jvmArgs = new ArrayList<>(jvmArgs);
            return this;
        }

        /** Adds or overrides a broker setting (server.properties), e.g. {@code ("log.retention.ms", "60000")}. */
        public Options setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Options startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }
    }

    private final Options options;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private volatile Duration startupTime;
    private volatile Duration formatTime = Duration.ZERO;

    private KafkaBroker(Options options, Path dir, int port, int controllerPort) {
        super(STOP_TIMEOUT);
        this.options = options;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker with default options under {@code workDir/kafka}. */
    public static KafkaBroker start(Path workDir) {
        return start(workDir, Options.defaults());
    }

    /** Formats the storage (first start only), starts the broker and returns once it serves metadata. */
    public static KafkaBroker start(Path workDir, Options options) {
        Path dir = workDir.toAbsolutePath().resolve(options.name);
        return PortConflict.retry("Kafka broker", () -> {
            int[] ports = FreePorts.pick(2);
            KafkaBroker broker = new KafkaBroker(options, dir, ports[0], ports[1]);
            broker.launch();
            return broker;
        });
    }

    private Map<String, String> serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(options.settings);
        return p;
    }

    private void launch() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir.resolve("tmp"));
        Path config = dir.resolve("server.properties");
        ServerJvm.writeProperties(config, serverProperties());
        formatIfNeeded(config);
        List<String> cmd = ServerJvm.command(options.jvmArgs, dir, "kafka.Kafka", List.of(config.toString()));
        ChildProcess p = ChildProcess.builder("kafka broker", cmd)
                .workDir(dir)
                .logFile(dir.resolve("kafka.log"))
                .start();
        process(p);
        try {
            p.awaitPort(HOST, port, options.startTimeout);
            try (Admin admin = admin()) {
                // Metadata with our node in it means the controller elected itself and the broker is unfenced.
                p.await("broker registered in the cluster metadata", options.startTimeout, () ->
                        !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
            }
        } catch (RuntimeException e) {
            throw PortConflict.failed(p, e);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    // Same as `kafka-storage.sh format -t <id> -c server.properties` (static quorum: no --standalone).
    private void formatIfNeeded(Path config) throws IOException {
        if (Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            return;
        }
        long t0 = System.nanoTime();
        List<String> cmd = ServerJvm.command(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), dir, "kafka.tools.StorageTool",
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        ChildProcess format = ChildProcess.builder("kafka storage format", cmd)
                .workDir(dir)
                .logFile(dir.resolve("format.log"))
                .start();
        if (!format.waitForExit(options.startTimeout)) {
            format.kill();
            throw new ChildProcessException("kafka storage format did not finish in " + options.startTimeout
                    + format.tailForMessage());
        }
        int code = format.exitCode().orElse(-1);
        ChildProcessReaper.unregister(format);
        if (code != 0) {
            throw new ChildProcessException("kafka storage format failed with exit code " + code + format.tailForMessage());
        }
        formatTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logFile() {
        return dir.resolve("kafka.log");
    }

    /** Time of the latest start until the broker served cluster metadata, including {@link #formatTime()}. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Time the storage format (a separate short-lived JVM) took at the first start; zero afterwards. */
    public Duration formatTime() {
        return formatTime;
    }

    /** Client properties with {@code bootstrap.servers}, to extend for producers and consumers. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** A new Admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties p = clientProperties();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }

    /** Stops the broker if it runs and starts it again with the same ports and data. */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PortConflict.PortConflictException e) {
            // Clients and the metadata log know these ports; a broker on new ports would be another broker.
            throw new ChildProcessException("Kafka broker cannot restart: another process took port " + port
                    + " or " + controllerPort, e.getCause());
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + pidSuffix() + "]";
    }
}
