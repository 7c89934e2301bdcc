package io.binlogstream.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report's pairs section for any number of contenders: each measured pair (a round, with more than two) gives
 * every contender's rate and CPU per record, each contender's ratios to Debezium in the same pair, and each one's
 * CPU per record as a multiple of the floor's in the same pair; the headline figures are medians of those per-pair
 * ratios (pairs taken one by one, so the machine's drift between pairs cancels).
 */
final class Rounds {
    /** Issue 6's target for binlogstream's CPU per event over the floor's. */
    static final double FLOOR_CPU_TARGET = 1.5;

    private Rounds() {
    }

    static String section(List<? extends Measured> results, List<Contender> contenders, int pairsPlanned, String unit) {
        String singular = unit.substring(0, unit.length() - 1);
        List<Map<Contender, Measured>> pairs = pairs(results);
        Contender ref = contenders.contains(Contender.DEBEZIUM) ? Contender.DEBEZIUM
                : contenders.contains(Contender.DEBEZIUM_DEFAULTS) ? Contender.DEBEZIUM_DEFAULTS : null;
        Contender floor = contenders.contains(Contender.FLOOR) ? Contender.FLOOR : null;
        StringBuilder md = new StringBuilder();
        md.append("## Pairs (").append(ref == null ? "no Debezium run, so no ratios to it" : "ratios to `" + ref.label + "`")
                .append(floor == null ? "" : "; CPU also to the floor").append(")\n\n");
        md.append(String.format(Locale.ROOT, "%d of %d planned pairs ran%s.\n\n", pairs.size(), pairsPlanned,
                contenders.size() > 2 ? " (each pair a round of every contender, the order reversed every other round)" : ""));
        if (pairs.isEmpty()) {
            return md.toString();
        }
        List<Contender> vsRef = ref == null ? List.of() : contenders.stream().filter(c -> c != ref).toList();
        List<Contender> vsFloor = floor == null ? List.of() : contenders.stream().filter(c -> c != floor).toList();

        StringBuilder head = new StringBuilder("| pair |");
        for (Contender c : contenders) {
            head.append(' ').append(c.label).append(' ').append(unit).append("/s |");
        }
        for (Contender c : contenders) {
            head.append(' ').append(c.label).append(" CPU µs/").append(singular).append(" |");
        }
        for (Contender c : vsRef) {
            head.append(' ').append(c.label).append(" / ").append(ref.label).append(" throughput | ")
                    .append(c.label).append(" / ").append(ref.label).append(" CPU |");
        }
        for (Contender c : vsFloor) {
            head.append(' ').append(c.label).append(" / floor CPU |");
        }
        int columns = 1 + 2 * contenders.size() + 2 * vsRef.size() + vsFloor.size();
        md.append(head).append('\n').append("|---:|").append("---:|".repeat(columns - 1)).append('\n');
        for (int i = 0; i < pairs.size(); i++) {
            Map<Contender, Measured> p = pairs.get(i);
            StringBuilder row = new StringBuilder("| " + (i + 1) + " |");
            for (Contender c : contenders) {
                row.append(cell(p.get(c), m -> m.rate(), "%,.0f"));
            }
            for (Contender c : contenders) {
                row.append(cell(p.get(c), m -> m.cpuMicrosPerRecord(), "%.2f"));
            }
            for (Contender c : vsRef) {
                row.append(ratio(p, c, ref, Measured::rate)).append(ratio(p, c, ref, Measured::cpuMicrosPerRecord));
            }
            for (Contender c : vsFloor) {
                row.append(ratio(p, c, floor, Measured::cpuMicrosPerRecord));
            }
            md.append(row).append('\n');
        }
        md.append('\n');

        if (ref != null && contenders.contains(Contender.BINLOGSTREAM)) {
            md.append(String.format(Locale.ROOT, "- **Median throughput ratio** (binlogstream / %s %s/s): **%.2f**\n", ref.label, unit,
                    medianRatio(pairs, Contender.BINLOGSTREAM, ref, Measured::rate)));
            md.append(String.format(Locale.ROOT, "- **Median CPU-per-%s ratio** (binlogstream / %s): **%.2f**\n", singular, ref.label,
                    medianRatio(pairs, Contender.BINLOGSTREAM, ref, Measured::cpuMicrosPerRecord)));
        }
        if (floor != null && contenders.contains(Contender.BINLOGSTREAM)) {
            double x = medianRatio(pairs, Contender.BINLOGSTREAM, floor, Measured::cpuMicrosPerRecord);
            md.append(String.format(Locale.ROOT, "- **Median CPU per %s over the floor's** (binlogstream / floor): **%.2fx** (issue 6's"
                    + " target: at most %.1fx; %s)\n", singular, x, FLOOR_CPU_TARGET, x <= FLOOR_CPU_TARGET ? "met" : "not met"));
        }
        for (Contender c : vsRef) {
            if (c != Contender.BINLOGSTREAM) {
                md.append(String.format(Locale.ROOT, "- Median ratios %s / %s: throughput %.2f, CPU per %s %.2f\n", c.label, ref.label,
                        medianRatio(pairs, c, ref, Measured::rate), singular, medianRatio(pairs, c, ref, Measured::cpuMicrosPerRecord)));
            }
        }
        for (Contender c : vsFloor) {
            if (c != Contender.BINLOGSTREAM) {
                md.append(String.format(Locale.ROOT, "- Median CPU per %s over the floor's, %s: %.2fx\n", singular, c.label,
                        medianRatio(pairs, c, floor, Measured::cpuMicrosPerRecord)));
            }
        }
        md.append("- Median ").append(unit).append("/s: ").append(medians(pairs, contenders, Measured::rate, "%,.0f")).append('\n');
        md.append("- Median CPU µs/").append(singular).append(": ")
                .append(medians(pairs, contenders, Measured::cpuMicrosPerRecord, "%.2f")).append('\n');
        return md.toString();
    }

    /** Measured pairs in the order they ran, each contender's run in it; warm-up runs are left out. */
    private static List<Map<Contender, Measured>> pairs(List<? extends Measured> results) {
        Map<String, Map<Contender, Measured>> byPhase = new LinkedHashMap<>();
        for (Measured r : results) {
            if (r.phase().startsWith("pair")) {
                byPhase.computeIfAbsent(r.phase(), k -> new EnumMap<>(Contender.class)).put(r.contender(), r);
            }
        }
        return new ArrayList<>(byPhase.values());
    }

    private static String cell(Measured m, ToDoubleFunction<Measured> value, String format) {
        return m == null ? " |" : " " + String.format(Locale.ROOT, format, value.applyAsDouble(m)) + " |";
    }

    private static String ratio(Map<Contender, Measured> p, Contender a, Contender b, ToDoubleFunction<Measured> value) {
        double r = ratio(p, a, b, value, Double.NaN);
        return Double.isNaN(r) ? " |" : String.format(Locale.ROOT, " %.2f |", r);
    }

    private static double ratio(Map<Contender, Measured> p, Contender a, Contender b, ToDoubleFunction<Measured> value, double none) {
        Measured x = p.get(a);
        Measured y = p.get(b);
        return x == null || y == null ? none : value.applyAsDouble(x) / value.applyAsDouble(y);
    }

    private static double medianRatio(List<Map<Contender, Measured>> pairs, Contender a, Contender b, ToDoubleFunction<Measured> value) {
        return Report.median(pairs.stream().mapToDouble(p -> ratio(p, a, b, value, Double.NaN)).filter(d -> !Double.isNaN(d)).toArray());
    }

    private static String medians(List<Map<Contender, Measured>> pairs, List<Contender> contenders, ToDoubleFunction<Measured> value,
                                  String format) {
        List<String> parts = new ArrayList<>();
        for (Contender c : contenders) {
            double m = Report.median(pairs.stream().filter(p -> p.containsKey(c)).mapToDouble(p -> value.applyAsDouble(p.get(c))).toArray());
            parts.add(c.label + " " + String.format(Locale.ROOT, format, m));
        }
        return String.join(", ", parts);
    }
}
