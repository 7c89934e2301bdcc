package io.binlogstream.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Struct;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.binlogstream.converters.AvroConverter;
import io.binlogstream.demo.DemoWorkload.ExpectedChange;
import io.binlogstream.testkit.Artifacts;
import io.binlogstream.testkit.Stack;
import io.binlogstream.testkit.StackMain;

/**
 * The program behind {@code ./quickstart}: starts the whole stack, creates the connector over Connect's REST
 * API from {@code config-examples/mariadb-avro.json}, runs a live workload and prints every change event as
 * it arrives, decoded from Avro with the schema registry. Progress goes to standard error, the decoded
 * events to standard output.
 */
public final class Quickstart {
    private static final String CONNECTOR = "demo";
    private static final List<String> TOPICS = List.of("demo.demo.customers", "demo.demo.orders");
    private static final Duration ONCE_TIMEOUT = Duration.ofMinutes(3);
    private static final int ONCE_ROUNDS = 3;

    private final PrintStream out = System.out;
    private final PrintStream log = System.err;
    /** Kept after a failed run, for its logs; removed otherwise (a MariaDB datadir is over 100 MB). */
    private volatile boolean keepRunDir;
    private final AtomicBoolean stopPrinting = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Thread printer;

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args);
        if (arguments.stackOnly) {
            StackMain.main(arguments.stackArgs());
            return;
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // A consumer that subscribes before the connector created its topics warns once per topic; expected here.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        System.exit(new Quickstart().run(arguments));
    }

    /** {@code --once}, returning its exit code with everything stopped again; the end-to-end test calls it. */
    static int runOnce(Path pluginPath, Path workDir, Path configFile) throws Exception {
        return new Quickstart().run(new Arguments(pluginPath, workDir, configFile, true, false, "1"));
    }

    private int run(Arguments arguments) throws Exception {
        Files.createDirectories(arguments.workDir);
        Path runDir = Files.createTempDirectory(arguments.workDir, "run-");
        log.printf("[quickstart] starting MariaDB, Kafka, the schema registry and a Connect worker (logs in %s)%n", runDir);
        long started = System.nanoTime();
        Stack stack;
        try {
            stack = Stack.start(Stack.Options.defaults().workDir(runDir).pluginPath(arguments.pluginPath));
        } catch (RuntimeException e) {
            log.printf("[quickstart] FAILED to start the stack: %s%n[quickstart] logs kept in %s%n", e.getMessage(), runDir);
            return 1;
        }
        Runnable shutdown = () -> {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            log.println("[quickstart] stopping everything");
            stopPrinter();
            stack.close();
            if (keepRunDir) {
                log.println("[quickstart] logs kept in " + runDir);
            } else {
                Artifacts.deleteRecursively(runDir);
            }
        };
        // Ctrl-C ends the JVM while the workload runs; the hook stops the stack then.
        Thread hook = new Thread(shutdown, "quickstart-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        log.printf("[quickstart] stack ready in %.1f s%n%s", seconds(started), stack.describe());
        try {
            return demonstrate(stack, arguments);
        } finally {
            shutdown.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran
            }
        }
    }

    private int demonstrate(Stack stack, Arguments arguments) throws Exception {
        try (Connection connection = stack.mariaDb().adminConnection()) {
            DemoWorkload.createSchema(connection);
            Map<ExpectedChange, Boolean> outstanding = new ConcurrentHashMap<>();
            DemoWorkload.seed(connection).forEach(row -> outstanding.put(row, Boolean.TRUE));
            Map<String, String> config = connectorConfig(arguments.configFile, stack);
            long created = System.nanoTime();
            try {
                stack.rest().createConnector(CONNECTOR, config);
                stack.rest().awaitConnectorRunning(CONNECTOR, Duration.ofMinutes(2));
                stack.mariaDb().awaitBinlogClients(1, Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                log.println("[quickstart] FAILED to start the connector: " + e.getMessage());
                keepRunDir = true;
                return 1;
            }
            log.printf("[quickstart] connector '%s' created over REST from %s, streaming after %.1f s%n", CONNECTOR,
                    arguments.configFile, seconds(created));

            printer = new Thread(() -> printChanges(stack, outstanding), "quickstart-printer");
            printer.setDaemon(true);
            printer.start();

            if (arguments.once) {
                return runOnce(connection, outstanding);
            }
            log.println("[quickstart] writing a few transactions every 3 s; Ctrl-C stops everything");
            for (int round = 0; ; round++) {
                try {
                    DemoWorkload.runRound(connection, round).forEach(change -> outstanding.put(change, Boolean.TRUE));
                } catch (java.sql.SQLException e) {
                    if (stopped.get()) {
                        return 0; // Ctrl-C: the server went away under the workload
                    }
                    throw e;
                }
                Thread.sleep(3000);
            }
        }
    }

    private int runOnce(Connection connection, Map<ExpectedChange, Boolean> outstanding) throws Exception {
        int expected = outstanding.size(); // the seeded rows, read by the snapshot
        for (int round = 0; round < ONCE_ROUNDS; round++) {
            List<ExpectedChange> changes = DemoWorkload.runRound(connection, round);
            changes.forEach(change -> outstanding.put(change, Boolean.TRUE));
            expected += changes.size();
        }
        long deadline = System.nanoTime() + ONCE_TIMEOUT.toNanos();
        while (!outstanding.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (!outstanding.isEmpty()) {
            log.printf("[quickstart] FAILED: %d of %d changes did not arrive within %s: %s%n", outstanding.size(), expected,
                    ONCE_TIMEOUT, outstanding.keySet());
            keepRunDir = true;
            return 1;
        }
        log.printf("[quickstart] OK: all %d records (the existing rows' snapshot and the workload's changes) arrived and decoded%n", expected);
        return 0;
    }

    /** Consumes the demo topics, decodes each record with the Avro converter and prints it. */
    private void printChanges(Stack stack, Map<ExpectedChange, Boolean> outstanding) {
        AvroConverter keys = new AvroConverter();
        keys.configure(Map.of("schema.registry.url", stack.registry().url()), true);
        AvroConverter values = new AvroConverter();
        values.configure(Map.of("schema.registry.url", stack.registry().url()), false);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "quickstart-printer");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(TOPICS);
            while (!stopPrinting.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Struct key = (Struct) keys.toConnectData(record.topic(), record.key()).value();
                    Struct value = (Struct) values.toConnectData(record.topic(), record.value()).value();
                    out.println(ChangePrinter.renderChange(record.topic(), key, value));
                    if (value != null && key != null) {
                        String table = record.topic().substring(record.topic().lastIndexOf('.') + 1);
                        outstanding.remove(new ExpectedChange(table, value.getString("op"), ((Number) key.get("id")).longValue()));
                    }
                }
            }
        } catch (RuntimeException e) {
            log.println("[quickstart] the consumer stopped: " + e);
        }
    }

    /** Stops the consumer before the broker goes, so it does not log a page of connection errors. */
    private void stopPrinter() {
        stopPrinting.set(true);
        Thread running = printer;
        if (running != null) {
            try {
                running.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The example config with the stack's addresses in place of its ${...} placeholders. */
    private static Map<String, String> connectorConfig(Path file, Stack stack) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("MARIADB_HOST", stack.mariaDb().host());
        values.put("MARIADB_PORT", Integer.toString(stack.mariaDb().port()));
        values.put("MARIADB_USER", stack.mariaDb().connectorUser());
        values.put("MARIADB_PASSWORD", stack.mariaDb().connectorPassword());
        values.put("SCHEMA_REGISTRY_URL", stack.registry().url());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            text = text.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalArgumentException(file + " has a placeholder the quickstart does not know: "
                    + text.substring(text.indexOf("${"), text.indexOf('}', text.indexOf("${")) + 1));
        }
        return new ObjectMapper().readValue(text, new TypeReference<Map<String, String>>() { });
    }


    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Command-line arguments; the script passes the paths. */
    private record Arguments(Path pluginPath, Path workDir, Path configFile, boolean once, boolean stackOnly, String workers) {
        static Arguments parse(String[] args) {
            Path pluginPath = Path.of("connector", "target", "plugin");
            Path workDir = Path.of(".quickstart");
            Path configFile = Path.of("config-examples", "mariadb-avro.json");
            boolean once = false;
            boolean stackOnly = false;
            String workers = "1";
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--plugin-path" -> pluginPath = Path.of(args[++i]);
                    case "--work-dir" -> workDir = Path.of(args[++i]);
                    case "--config" -> configFile = Path.of(args[++i]);
                    case "--workers" -> workers = args[++i];
                    case "--once" -> once = true;
                    case "--stack-only" -> stackOnly = true;
                    default -> {
                        System.err.println("usage: quickstart [--once | --stack-only [--workers N]]");
                        System.exit(2);
                    }
                }
            }
            return new Arguments(pluginPath.toAbsolutePath(), workDir.toAbsolutePath(), configFile.toAbsolutePath(), once, stackOnly, workers);
        }

        /** Each --stack-only run gets its own directory (several may run at once), removed when it stops. */
        String[] stackArgs() throws IOException {
            Files.createDirectories(workDir);
            Path stackDir = Files.createTempDirectory(workDir, "stack-");
            return new String[] {"--work-dir", stackDir.toString(), "--plugin-path", pluginPath.toString(),
                    "--workers", workers, "--remove-work-dir"};
        }
    }
}
