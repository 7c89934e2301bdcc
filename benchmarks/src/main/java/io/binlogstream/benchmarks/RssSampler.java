package io.binlogstream.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Samples another process's resident set ({@code VmRSS} of {@code /proc/<pid>/status}) on a daemon thread and keeps
 * the peak. {@code VmHWM} would be exact but is the peak since the process started, not during one run. One small
 * file read per period, so the sampler takes next to no CPU from the worker it measures.
 */
final class RssSampler extends PeriodicDaemon implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(150);

    private final Path status;
    private volatile long peakKb;
    private volatile int samples;

    private RssSampler(long pid) {
        super("rss-sampler-" + pid, PERIOD);
        this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    static RssSampler start(long pid) {
        RssSampler s = new RssSampler(pid);
        s.sample();
        s.startTicking();
        return s;
    }

    @Override
    void tick() {
        sample();
    }

    private void sample() {
        long kb = rssKb(status);
        if (kb > 0) {
            samples++;
            if (kb > peakKb) {
                peakKb = kb;
            }
        }
    }

    /** {@code VmRSS} in kB, or -1 when the process is gone. */
    static long rssKb(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended; the peak so far stands
        }
        return -1;
    }

    long peakKb() {
        return peakKb;
    }

    int samples() {
        return samples;
    }

    /** Stops sampling after one last sample, so a run shorter than a period still has its end measured. */
    @Override
    public void close() {
        stopTicking();
        sample();
    }
}
