package io.binlogstream.connect.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.function.UnaryOperator;

import io.binlogstream.testkit.ConnectWorker;
import io.binlogstream.testkit.Stack;

/**
 * The real stack for end-to-end tests: MariaDB, a Kafka broker, the schema registry and one Connect worker
 * with the packaged plugin (never the connector's classes from the test classpath) on its plugin.path.
 * One stack serves every end-to-end test class of the JVM, since starting one takes tens of seconds; tests
 * keep apart by using their own databases, connector names and topic prefixes. The testkit stops it when the
 * JVM exits.
 */
final class SharedStack {
    private static Stack stack;

    private SharedStack() {
    }

    static synchronized Stack get() {
        if (stack == null) {
            try {
                stack = Stack.start(Stack.Options.defaults()
                        .workDir(Files.createTempDirectory("binlogstream-it-"))
                        .pluginPath(pluginPath()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.err.print("[it] stack started:\n" + stack.describe());
        }
        return stack;
    }

    /**
     * A Connect worker of its own on the shared broker, for a test that needs worker settings the shared worker does
     * not have (at-least-once, a small heap): its own work dir, name {@code connect-<name>} and group
     * {@code binlogstream-<name>}, the packaged plugin, then {@code settings}. The caller closes it.
     */
    static ConnectWorker extraWorker(String name, UnaryOperator<ConnectWorker.Options> settings) throws IOException {
        return ConnectWorker.start(Files.createTempDirectory("binlogstream-" + name + "-"), settings.apply(ConnectWorker.Options.defaults()
                .name("connect-" + name)
                .groupId("binlogstream-" + name)
                .bootstrapServers(get().kafka().bootstrapServers())
                .pluginPath(pluginPath())));
    }

    static Path pluginPath() {
        String configured = System.getProperty("binlogstream.plugin.path");
        if (configured == null || !Files.isDirectory(Path.of(configured, "binlogstream"))) {
            throw new IllegalStateException("binlogstream.plugin.path must name the packaged plugin directory "
                    + "(connector/target/plugin, built by 'package'); got " + configured);
        }
        return Path.of(configured);
    }
}
