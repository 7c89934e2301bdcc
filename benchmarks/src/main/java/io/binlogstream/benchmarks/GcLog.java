package io.binlogstream.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker's {@code -Xlog:gc} file ({@link WorkerResources#gcLogFlag}): one line per stop-the-world pause, e.g.
 * {@code [...][12.3s][1795269835555ms] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 210M->14M(1024M) 3.456ms}.
 * Remark, Cleanup and Full pauses have the same shape; G1's concurrent phases ({@code Concurrent Mark Cycle}) do not
 * stop the application and are left out.
 */
final class GcLog {
    /**
     * One pause: when it ended (epoch ms, the line's {@code timemillis} decoration), how long, heap before and after,
     * and whether it was a full collection (after one, the heap holds only live objects).
     */
    record Pause(long endMs, double millis, double beforeMb, double afterMb, boolean full) {
    }

    private static final Pattern PAUSE = Pattern.compile(
            "\\[(\\d+)ms\\].*\\bPause\\b.*?(\\d+(?:\\.\\d+)?)([KMG])->(\\d+(?:\\.\\d+)?)([KMG])\\(\\d+(?:\\.\\d+)?[KMG]\\) (\\d+(?:\\.\\d+)?)ms");

    private GcLog() {
    }

    /** The pauses that ended within [fromMs, toMs], in log order; none if the file does not exist. */
    static List<Pause> pauses(Path file, long fromMs, long toMs) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Pause> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Pause p = parse(line);
                if (p != null && p.endMs() >= fromMs && p.endMs() <= toMs) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker's GC log " + file, e);
        }
        return out;
    }

    /** The pause a line reports, or null for any other line. */
    static Pause parse(String line) {
        Matcher m = PAUSE.matcher(line);
        if (!m.find()) {
            return null;
        }
        return new Pause(Long.parseLong(m.group(1)), Double.parseDouble(m.group(6)), mb(m.group(2), m.group(3)),
                mb(m.group(4), m.group(5)), line.contains("Pause Full"));
    }

    private static double mb(String number, String unit) {
        double v = Double.parseDouble(number);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }
}
