package io.binlogstream.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The median CPU per event of the newest W1 report in the results directory, which W6's report compares its CPU per
 * captured event with (see {@link DrainReport}). W1's reports are the ones named {@code <date>.md} or
 * {@code <date>-<HHmm>.md}; the figures are read from the line {@link Report} writes for the pairs' medians.
 */
record W1Reference(Path file, double binlogstream, double debezium) {
    private static final Pattern NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:-(\\d{4}))?\\.md");
    private static final Pattern MEDIANS = Pattern.compile("Median CPU µs/event: binlogstream ([0-9.]+), Debezium ([0-9.]+)");

    Double cpuMicrosPerEvent(Contender c) {
        return c == Contender.BINLOGSTREAM ? binlogstream : debezium;
    }

    /** The newest W1 report with both medians, or null if there is none. */
    static W1Reference newest(Path resultsDir) {
        if (!Files.isDirectory(resultsDir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(resultsDir)) {
            List<Path> reports = files.filter(f -> NAME.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(W1Reference::sortKey).reversed()).toList();
            for (Path f : reports) {
                Optional<W1Reference> ref = read(f);
                if (ref.isPresent()) {
                    return ref.get();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Date, then time of day; a report without a time was the day's first. */
    private static String sortKey(Path f) {
        Matcher m = NAME.matcher(f.getFileName().toString());
        m.matches();
        return m.group(1) + (m.group(2) == null ? "0000" : m.group(2));
    }

    private static Optional<W1Reference> read(Path f) throws IOException {
        String text = Files.readString(f);
        if (!text.startsWith("# W1 ")) {
            return Optional.empty();
        }
        Matcher m = MEDIANS.matcher(text);
        return m.find() ? Optional.of(new W1Reference(f, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))))
                : Optional.empty();
    }
}
