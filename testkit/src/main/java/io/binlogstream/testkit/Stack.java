package io.binlogstream.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Everything a binlogstream run needs: a MariaDB server, one Kafka broker, the schema registry and
 * N Connect workers of one group with the connector's plugin directory on their {@code plugin.path}.
 *
 * <p>Servers start in parallel where they do not depend on each other (MariaDB, broker and registry
 * together; the workers once the broker is up, together), which shortens a cold start by the time
 * the slower servers spend waiting. They stop in reverse order: workers first (so tasks flush while
 * Kafka and MariaDB are still there), then registry, broker, MariaDB. If any server fails to start,
 * the ones already running are stopped before the exception propagates.
 */
public final class Stack implements AutoCloseable {

    /** What to start. {@link #workDir} is required; without {@link #pluginPath} workers have no plugins. */
    public static final class Options {
        private Path workDir;
        private Path pluginPath;
        private int workers = 1;
        private MariaDbServer.Options mariaDb = MariaDbServer.Options.defaults();
        private KafkaBroker.Options kafka = KafkaBroker.Options.defaults();
        private SchemaRegistry.Options registry = SchemaRegistry.Options.defaults();
        private ConnectWorker.Options worker = ConnectWorker.Options.defaults();

        public static Options defaults() {
            return new Options();
        }

        /** Directory for every server's files and logs. */
        public Options workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** A directory of plugin directories, e.g. {@code connector/target/plugin} (holding {@code binlogstream/}). */
        public Options pluginPath(Path pluginPath) {
            this.pluginPath = pluginPath;
            return this;
        }

        /** Number of Connect workers (default 1). */
        public Options workers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0");
            }
            this.workers = workers;
            return this;
        }

        public Options mariaDb(MariaDbServer.Options mariaDb) {
            this.mariaDb = mariaDb;
            return this;
        }

        public Options kafka(KafkaBroker.Options kafka) {
            this.kafka = kafka;
            return this;
        }

        public Options registry(SchemaRegistry.Options registry) {
            this.registry = registry;
            return this;
        }

        /**
         * Template for every worker (JVM flags, extra worker properties, group id); the stack fills in
         * bootstrap servers, plugin path and names ({@code connect-1}, {@code connect-2}, ...).
         */
        public Options worker(ConnectWorker.Options worker) {
            this.worker = worker;
            return this;
        }
    }

    private final Options options;
    private final Path workDir;
    private volatile MariaDbServer mariaDb;
    private volatile KafkaBroker kafka;
    private volatile SchemaRegistry registry;
    private final List<ConnectWorker> workers = new CopyOnWriteArrayList<>();

    private Stack(Options options) {
        this.options = options;
        this.workDir = options.workDir.toAbsolutePath();
    }

    /** Starts all servers and returns once every one of them is ready. */
    public static Stack start(Options options) {
        Objects.requireNonNull(options.workDir, "Options.workDir");
        Stack stack = new Stack(options);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "testkit-stack-start");
            t.setDaemon(true);
            return t;
        });
        ConnectWorker[] started = new ConnectWorker[options.workers];
        // At JVM shutdown, stop in this stack's order rather than by start time alone.
        ChildProcessReaper.addShutdownAction(stack);
        try {
            CompletableFuture<Void> db = async(pool, () -> stack.mariaDb = MariaDbServer.start(stack.workDir, options.mariaDb));
            CompletableFuture<Void> reg = async(pool, () -> stack.registry = SchemaRegistry.start(stack.workDir, options.registry));
            stack.kafka = KafkaBroker.start(stack.workDir, options.kafka);
            List<CompletableFuture<Void>> all = new ArrayList<>(List.of(db, reg));
            for (int i = 1; i <= options.workers; i++) {
                int index = i;
                all.add(async(pool, () -> started[index - 1] = stack.startWorker("connect-" + index)));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            stack.workers.addAll(List.of(started)); // in name order, whichever came up first
            return stack;
        } catch (RuntimeException thrown) {
            RuntimeException e = thrown instanceof CompletionException ce && ce.getCause() instanceof RuntimeException re
                    ? re : thrown;
            // Wait for starts still in progress, so nothing they launch escapes the cleanup.
            pool.shutdown();
            try {
                pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            for (ConnectWorker w : started) {
                if (w != null) {
                    stack.workers.add(w);
                }
            }
            try {
                stack.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        } finally {
            pool.shutdown();
        }
    }

    private static CompletableFuture<Void> async(ExecutorService pool, Runnable r) {
        return CompletableFuture.runAsync(r, pool);
    }

    private ConnectWorker startWorker(String name) {
        ConnectWorker.Options o = options.worker.copy()
                .name(name)
                .bootstrapServers(kafka.bootstrapServers())
                .pluginPath(options.pluginPath);
        return ConnectWorker.start(workDir, o);
    }

    /**
     * Starts one more worker of the same group ({@code connect-<n+1>}), e.g. to test task
     * rebalancing; it is stopped by {@link #close()} like the others.
     */
    public ConnectWorker addWorker() {
        ConnectWorker w = startWorker("connect-" + (workers.size() + 1));
        workers.add(w);
        return w;
    }

    public MariaDbServer mariaDb() {
        return mariaDb;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    /** The workers in name order ({@code connect-1} first). */
    public List<ConnectWorker> workers() {
        return Collections.unmodifiableList(workers);
    }

    /** The {@code index}-th worker, 0-based. */
    public ConnectWorker worker(int index) {
        return workers.get(index);
    }

    /** A REST client for the first worker that is alive. */
    public ConnectRestClient rest() {
        return workers.stream().filter(ConnectWorker::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Connect worker is alive"))
                .rest();
    }

    public Path workDir() {
        return workDir;
    }

    /** Stops workers (in parallel), registry, broker, MariaDB, in that order. Idempotent. */
    @Override
    public void close() {
        ChildProcessReaper.removeShutdownAction(this);
        List<RuntimeException> failures = new ArrayList<>();
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (ConnectWorker w : workers) {
            stopping.add(CompletableFuture.runAsync(w::stop));
        }
        for (CompletableFuture<Void> f : stopping) {
            quietly(failures, f::join);
        }
        if (registry != null) {
            quietly(failures, registry::stop);
        }
        if (kafka != null) {
            quietly(failures, kafka::stop);
        }
        if (mariaDb != null) {
            quietly(failures, mariaDb::stop);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void quietly(List<RuntimeException> failures, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /** One line per server with its address, pid and start-up time, for logs and reports. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (mariaDb != null) {
            sb.append(String.format("mariadb   %s:%d pid %d, started in %d ms (install-db %d ms)%n", mariaDb.host(),
                    mariaDb.port(), mariaDb.pid(), ms(mariaDb.startupTime()), ms(mariaDb.installTime())));
        }
        if (kafka != null) {
            sb.append(String.format("kafka     %s pid %d, started in %d ms (storage format %d ms)%n",
                    kafka.bootstrapServers(), kafka.pid(), ms(kafka.startupTime()), ms(kafka.formatTime())));
        }
        if (registry != null) {
            sb.append(String.format("registry  %s pid %d, started in %d ms%n", registry.url(), registry.pid(),
                    ms(registry.startupTime())));
        }
        for (ConnectWorker w : workers) {
            sb.append(String.format("%-9s %s pid %d, started in %d ms%n", w.name(), w.restUrl(), w.pid(),
                    ms(w.startupTime())));
        }
        return sb.toString();
    }

    private static long ms(Duration d) {
        return d == null ? -1 : d.toMillis();
    }

    @Override
    public String toString() {
        return "Stack[" + workDir + "]";
    }
}
