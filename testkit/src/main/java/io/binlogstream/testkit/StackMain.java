package io.binlogstream.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code --stack-only} program: starts a {@link Stack} with the connector plugin installed and no
 * connector, prints exactly one JSON line to stdout, then runs until SIGTERM, which stops every child.
 *
 * <pre>
 * java -cp testkit/target/classes:$(cat testkit/target/stack-classpath.txt) io.binlogstream.testkit.StackMain \
 *     --work-dir DIR --plugin-path connector/target/plugin [--workers N]
 *
 * {"mariadb":{"host":"127.0.0.1","port":P,"user":"binlogstream_admin","password":"..."},"kafka":"127.0.0.1:P",
 *  "connect":"http://127.0.0.1:P","connect_pids":[pid,...],"registry":"http://127.0.0.1:P/apis/ccompat/v7"}
 * </pre>
 *
 * <p>stdout carries that line and nothing else: {@code System.out} is pointed at stderr before
 * anything runs, so no library can write there. Progress and server addresses go to stderr; server
 * logs are files under the work directory. A worker that dies (tests kill and relaunch workers
 * themselves) does not end the program. On SIGTERM the JVM's shutdown hook
 * ({@link ChildProcessReaper}) stops the servers: workers, registry, broker, MariaDB.
 *
 * <p>Arguments: {@code --work-dir DIR} (default: a new temporary directory), {@code --plugin-path DIR}
 * (default {@code connector/target/plugin} if it exists), {@code --workers N} (default 1),
 * {@code --remove-work-dir} (delete the work directory once the servers stopped).
 * Exit codes: 2 for bad arguments, 1 if the stack failed to start.
 */
public final class StackMain {

    private StackMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        // Our own Kafka admin client would log its whole configuration at INFO (to stderr, via slf4j-simple).
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }

        Path workDir = null;
        Path pluginPath = null;
        int workers = 1;
        boolean removeWorkDir = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value;
                if (arg.equals("--remove-work-dir")) {
                    removeWorkDir = true;
                    continue;
                }
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                    arg = arg.substring(0, arg.indexOf('='));
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
                switch (arg) {
                    case "--work-dir" -> workDir = Path.of(value);
                    case "--plugin-path" -> pluginPath = Path.of(value);
                    case "--workers" -> workers = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (workDir == null) {
                workDir = Files.createTempDirectory("binlogstream-stack-");
            }
            if (pluginPath == null) {
                pluginPath = Path.of("connector", "target", "plugin");
            }
            if (!Files.isDirectory(pluginPath)) {
                throw new IllegalArgumentException("plugin path " + pluginPath.toAbsolutePath()
                        + " is not a directory (build the connector first, or pass --plugin-path DIR)");
            }
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be at least 1");
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: StackMain --work-dir DIR --plugin-path DIR [--workers N] [--remove-work-dir]");
            System.exit(2);
            return;
        }

        Files.createDirectories(workDir);
        if (removeWorkDir) {
            // Shutdown actions run newest first: registered before the stack, this runs once it has stopped.
            Path stackDir = workDir;
            ChildProcessReaper.addShutdownAction(new AutoCloseable() {
                @Override
                public void close() {
                    Artifacts.deleteRecursively(stackDir);
                }

                @Override
                public String toString() {
                    return "removal of " + stackDir;
                }
            });
        }
        System.err.printf("[stack] starting MariaDB, Kafka, schema registry and %d Connect worker(s) in %s%n",
                workers, workDir.toAbsolutePath());
        long t0 = System.nanoTime();
        Stack stack;
        try {
            stack = Stack.start(Stack.Options.defaults()
                    .workDir(workDir)
                    .pluginPath(pluginPath.toAbsolutePath())
                    .workers(workers));
        } catch (RuntimeException e) {
            System.err.println("[stack] failed to start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.err.printf("[stack] ready in %d ms%n%s", (System.nanoTime() - t0) / 1_000_000, stack.describe());
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> System.err.println("[stack] SIGTERM: stopping workers, registry, broker, MariaDB"), "stack-main-shutdown"));

        stdout.println(describeJson(stack));
        stdout.flush();

        // Run until the JVM is told to stop; the shutdown hook does the stopping.
        new CountDownLatch(1).await();
    }


    static String describeJson(Stack stack) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        MariaDbServer db = stack.mariaDb();
        root.putObject("mariadb")
                .put("host", db.host())
                .put("port", db.port())
                .put("user", db.adminUser())
                .put("password", db.adminPassword());
        root.put("kafka", stack.kafka().bootstrapServers());
        root.put("connect", stack.worker(0).restUrl());
        ArrayNode pids = root.putArray("connect_pids");
        stack.workers().forEach(w -> pids.add(w.pid()));
        root.put("registry", stack.registry().url());
        return json.writeValueAsString(root);
    }
}
