package io.binlogstream.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The part of the Connect worker's log written during one run: how many WARN and ERROR lines it has, and the
 * lines a benchmark wants to quote (e.g. how long Debezium held its global read lock).
 */
record WorkerLog(Path file, long start) {
    /** Marks the log's current end: what follows belongs to the run. */
    static WorkerLog mark(Path file) {
        return new WorkerLog(file, file.toFile().length());
    }

    /** The lines written since the mark. */
    List<String> lines() {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = f.length();
            byte[] bytes = new byte[(int) Math.max(0, end - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(worker log unreadable: " + e + ")");
        }
    }

    static long count(List<String> lines, String level) {
        return lines.stream().filter(l -> l.contains(" " + level + " ")).count();
    }

    static List<String> matching(List<String> lines, Predicate<String> p) {
        return lines.stream().filter(p).toList();
    }

    /**
     * The distinct ERROR messages (without time, thread and logger) and the distinct exception lines of stack traces
     * ({@code some.Exception: message}), each once with how often it occurred, at most five of each.
     */
    static List<String> distinctProblems(List<String> lines) {
        Map<String, Long> errors = lines.stream().filter(l -> l.contains(" ERROR ") && l.contains(" - "))
                .map(l -> "ERROR " + l.substring(l.indexOf(" - ") + 3).trim())
                .collect(Collectors.groupingBy(m -> m, LinkedHashMap::new, Collectors.counting()));
        Map<String, Long> exceptions = lines.stream().filter(l -> EXCEPTION_LINE.matcher(l).lookingAt())
                .collect(Collectors.groupingBy(l -> l.trim(), LinkedHashMap::new, Collectors.counting()));
        List<String> out = new ArrayList<>();
        for (Map<String, Long> m : List.of(errors, exceptions)) {
            m.entrySet().stream().limit(5).forEach(e -> out.add(e.getValue() + "x " + e.getKey()));
        }
        return out;
    }

    private static final Pattern EXCEPTION_LINE = Pattern.compile("(Caused by: )?[\\w.$]+(Exception|Error): ");
}
