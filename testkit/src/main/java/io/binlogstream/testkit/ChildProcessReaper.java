package io.binlogstream.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops, from a JVM shutdown hook, every child process still alive, newest first.
 *
 * <p>Why one hook for all and not one per server: JVM shutdown hooks run concurrently, so
 * independent hooks would stop the broker while Connect workers still flush to it, or MariaDB under
 * a connector. Newest first reverses the start order (a stack starts MariaDB, broker, registry,
 * then workers), so dependents go before what they depend on. Processes are stopped by pid:
 * SIGTERM, then SIGKILL after a timeout.
 *
 * <p>Owners that know a better order (a {@link Stack} stops its workers in parallel, then registry,
 * broker and MariaDB) register a shutdown action; actions run first, newest first, then whatever
 * is still alive is stopped.
 */
final class ChildProcessReaper {

    /** Per-process grace period during JVM shutdown; short, since whoever sent SIGTERM may follow with SIGKILL. */
    private static final Duration SHUTDOWN_STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final List<ChildProcess> LIVE = new ArrayList<>();
    private static final List<AutoCloseable> ACTIONS = new ArrayList<>();
    private static boolean hookInstalled;
    private static boolean shuttingDown;

    private ChildProcessReaper() {
    }

    interface Starter {
        ChildProcess start() throws IOException;
    }

    /** Starts under the lock, so a process is either registered or refused once shutdown began. */
    static synchronized ChildProcess startAndRegister(Starter starter) throws IOException {
        if (shuttingDown) {
            throw new IllegalStateException("JVM is shutting down; not starting another server");
        }
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildProcessReaper::stopAll, "testkit-child-reaper"));
            hookInstalled = true;
        }
        ChildProcess p = starter.start();
        LIVE.add(p);
        return p;
    }

    /** Runs {@code action} at JVM shutdown before the remaining children are stopped. */
    static synchronized void addShutdownAction(AutoCloseable action) {
        ACTIONS.add(action);
    }

    static synchronized void removeShutdownAction(AutoCloseable action) {
        ACTIONS.remove(action);
    }

    static synchronized void unregister(ChildProcess p) {
        LIVE.remove(p);
    }

    private static void stopAll() {
        List<AutoCloseable> actions;
        synchronized (ChildProcessReaper.class) {
            shuttingDown = true;
            actions = new ArrayList<>(ACTIONS);
        }
        for (int i = actions.size() - 1; i >= 0; i--) {
            System.err.printf("[testkit] shutdown: stopping %s%n", actions.get(i));
            try {
                actions.get(i).close();
            } catch (Exception e) {
                System.err.printf("[testkit] shutdown: %s failed to stop: %s%n", actions.get(i), e);
            }
        }
        List<ChildProcess> toStop;
        synchronized (ChildProcessReaper.class) {
            toStop = new ArrayList<>(LIVE);
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            ChildProcess p = toStop.get(i);
            if (!p.isAlive()) {
                continue;
            }
            System.err.printf("[testkit] shutdown: stopping %s (pid %d)%n", p.name(), p.pid());
            try {
                p.stop(SHUTDOWN_STOP_TIMEOUT);
            } catch (RuntimeException e) {
                System.err.printf("[testkit] shutdown: could not stop %s (pid %d): %s%n", p.name(), p.pid(), e);
            }
        }
    }
}
