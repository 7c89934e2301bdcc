package io.binlogstream.connect.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import io.binlogstream.testkit.ConnectWorker;
import io.binlogstream.testkit.KafkaBroker;
import io.binlogstream.testkit.MariaDbServer;
import io.binlogstream.testkit.SchemaRegistry;

/**
 * The real stack for end-to-end tests: MariaDB, a Kafka broker, the schema registry and one Connect worker
 * with the packaged plugin (never the connector's classes from the test classpath) on its plugin.path.
 */
final class EndToEndStack implements AutoCloseable {
    final MariaDbServer mariaDb;
    final KafkaBroker kafka;
    final SchemaRegistry registry;
    final ConnectWorker worker;

    private EndToEndStack(MariaDbServer mariaDb, KafkaBroker kafka, SchemaRegistry registry, ConnectWorker worker) {
        this.mariaDb = mariaDb;
        this.kafka = kafka;
        this.registry = registry;
        this.worker = worker;
    }

    static Path pluginPath() {
        String configured = System.getProperty("binlogstream.plugin.path");
        if (configured == null || !Files.isDirectory(Path.of(configured, "binlogstream"))) {
            throw new IllegalStateException("binlogstream.plugin.path must name the packaged plugin directory "
                    + "(connector/target/plugin, built by 'package'); got " + configured);
        }
        return Path.of(configured);
    }

    private static EndToEndStack shared;

    /**
     * One stack for every end-to-end test class of this JVM (starting one takes tens of seconds); tests keep
     * apart by using their own databases, connector names and topic prefixes. Stopped when the JVM exits.
     */
    static synchronized EndToEndStack shared() {
        if (shared == null) {
            try {
                Path workDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "binlogstream-it-");
                EndToEndStack stack = start(workDir);
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "it-stack-stop"));
                shared = stack;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }

    static EndToEndStack start(Path workDir) {
        Path pluginPath = pluginPath();
        CompletableFuture<MariaDbServer> mariaDb = CompletableFuture.supplyAsync(() -> MariaDbServer.start(workDir.resolve("mariadb")));
        CompletableFuture<SchemaRegistry> registry = CompletableFuture.supplyAsync(() -> SchemaRegistry.start(workDir.resolve("registry")));
        KafkaBroker kafka = KafkaBroker.start(workDir.resolve("kafka"));
        ConnectWorker worker = ConnectWorker.start(workDir.resolve("connect"), kafka.bootstrapServers(), pluginPath);
        return new EndToEndStack(mariaDb.join(), kafka, registry.join(), worker);
    }

    @Override
    public void close() {
        worker.close();
        registry.close();
        kafka.close();
        mariaDb.close();
    }
}
