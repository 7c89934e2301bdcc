package io.binlogstream.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks the worker for a full collection ({@code jcmd <pid> GC.run}) every period, on a daemon thread. The heap after
 * a young pause also holds old garbage that G1 has not collected yet, so it cannot tell a growing live set from a
 * growing backlog of garbage; after a full collection only live objects are left, and those figures (the
 * {@code Pause Full (System.gc())} lines of the GC log) show whether the live heap stays flat. Each probe stops the
 * worker for the collection's length, so it runs only where it is asked for ({@code bench.live.heap.seconds}; W4).
 */
final class LiveHeapProbe extends PeriodicDaemon implements AutoCloseable {
    private final long pid;

    private LiveHeapProbe(long pid, Duration period) {
        super("live-heap-probe-" + pid, period);
        this.pid = pid;
    }

    /** A running probe, or null when {@code period} is zero (not asked for). */
    static LiveHeapProbe start(long pid, Duration period) {
        if (period.isZero()) {
            return null;
        }
        LiveHeapProbe probe = new LiveHeapProbe(pid, period);
        probe.startTicking();
        return probe;
    }

    /** {@code bench.live.heap.seconds}, else W4's 5 s, else none. */
    static Duration period(String workload) {
        long seconds = Long.getLong("bench.live.heap.seconds", workload.equals("W4") ? 5 : 0);
        return Duration.ofSeconds(Math.max(0, seconds));
    }

    @Override
    void tick() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("[bench] live heap probe: cannot run " + jcmd + ": " + e.getMessage());
            giveUp();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopTicking();
    }
}
