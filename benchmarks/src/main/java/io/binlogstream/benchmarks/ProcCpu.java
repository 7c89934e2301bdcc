package io.binlogstream.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time of another process from {@code /proc/<pid>/stat}, in clock ticks, and the tick length. */
final class ProcCpu {
    private static volatile long ticksPerSecond;

    private ProcCpu() {
    }

    /** utime + stime of the process (fields 14 and 15 of {@code /proc/<pid>/stat}), in clock ticks. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            // f[0] is field 3 (state), so field n is f[n - 3].
            return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of pid " + pid, e);
        }
    }

    /** {@code getconf CLK_TCK}: the unit of the stat fields (asked once, never assumed to be 100). */
    static long ticksPerSecond() {
        long t = ticksPerSecond;
        if (t == 0) {
            try {
                Process p = new ProcessBuilder(List.of("getconf", "CLK_TCK")).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("getconf CLK_TCK failed: " + out);
                }
                t = Long.parseLong(out);
                ticksPerSecond = t;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return t;
    }

    /** The process's command line, arguments separated by spaces (for the report's JVM flags). */
    static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
