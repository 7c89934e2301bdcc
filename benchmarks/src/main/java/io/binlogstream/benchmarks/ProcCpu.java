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
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of pid " + pid, e);
        }
    }

    /** utime + stime from the text of a process's or a thread's {@code stat} file. */
    private static long ticks(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // f[0] is field 3 (state), so field n is f[n - 3].
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    /**
     * utime + stime of the process's JIT compiler threads (HotSpot names them {@code C1 CompilerThread<n>} and
     * {@code C2 CompilerThread<n>}; {@code comm} holds the first 15 characters), in clock ticks. A worker still
     * compiling takes CPU from everything else on the machine, so a run that shows it was not warm yet.
     */
    static long compilerTicks(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long sum = 0;
        try (var threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                try {
                    String comm = Files.readString(t.resolve("comm"), StandardCharsets.US_ASCII);
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        sum += ticks(Files.readString(t.resolve("stat"), StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    // The thread ended between the listing and the read: HotSpot stops idle compiler threads.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of pid " + pid, e);
        }
        return sum;
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
