package io.binlogstream.connect.gtid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A MySQL GTID set: {@code uuid[:tag]:1-5:7,...}, sorted and merged. Each source (uuid, or uuid plus a
 * MySQL 8.3+ tag) maps to disjoint, non-adjacent closed intervals of transaction numbers.
 */
public final class MySqlGtidSet implements GtidPosition {

    /** A closed interval of transaction numbers. */
    public record Interval(long start, long end) {
        public Interval {
            if (start < 1 || end < start) {
                throw new IllegalArgumentException("Bad GTID interval " + start + "-" + end);
            }
        }

        @Override
        public String toString() {
            return start == end ? Long.toString(start) : start + "-" + end;
        }
    }

    private static final MySqlGtidSet EMPTY = new MySqlGtidSet(Map.of());

    /** Key: lower-case uuid, or uuid + ":" + tag. */
    private final Map<String, List<Interval>> bySource;

    private MySqlGtidSet(Map<String, List<Interval>> bySource) {
        this.bySource = bySource;
    }

    public static MySqlGtidSet empty() {
        return EMPTY;
    }

    public static MySqlGtidSet parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        TreeMap<String, List<Interval>> bySource = new TreeMap<>();
        String compact = text.replaceAll("\\s+", "");
        for (String sourcePart : compact.split(",")) {
            if (sourcePart.isEmpty()) {
                continue;
            }
            String[] fields = sourcePart.split(":");
            if (fields.length < 2 || fields[0].length() != 36) {
                throw new IllegalArgumentException("Not a MySQL GTID set element (uuid:ranges): '" + sourcePart + "' in '" + text + "'");
            }
            String uuid = fields[0].toLowerCase(Locale.ROOT);
            String tag = null;
            for (int i = 1; i < fields.length; i++) {
                String field = fields[i];
                if (!field.isEmpty() && !Character.isDigit(field.charAt(0))) {
                    tag = field.toLowerCase(Locale.ROOT);
                    continue;
                }
                String source = tag == null ? uuid : uuid + ":" + tag;
                Interval interval = parseInterval(field, text);
                bySource.put(source, merge(bySource.getOrDefault(source, List.of()), interval));
            }
        }
        return freeze(bySource);
    }

    private static Interval parseInterval(String field, String text) {
        try {
            int dash = field.indexOf('-');
            if (dash < 0) {
                long n = Long.parseLong(field);
                return new Interval(n, n);
            }
            return new Interval(Long.parseLong(field.substring(0, dash)), Long.parseLong(field.substring(dash + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Bad GTID interval '" + field + "' in '" + text + "'", e);
        }
    }

    private static MySqlGtidSet freeze(TreeMap<String, List<Interval>> bySource) {
        return new MySqlGtidSet(Collections.unmodifiableMap(bySource));
    }

    /** Inserts an interval into sorted disjoint intervals, merging overlapping and adjacent ones. */
    static List<Interval> merge(List<Interval> intervals, Interval added) {
        List<Interval> result = new ArrayList<>(intervals.size() + 1);
        long start = added.start();
        long end = added.end();
        boolean placed = false;
        for (Interval interval : intervals) {
            if (interval.end() + 1 < start) {
                result.add(interval);
            } else if (end + 1 < interval.start()) {
                if (!placed) {
                    result.add(new Interval(start, end));
                    placed = true;
                }
                result.add(interval);
            } else {
                start = Math.min(start, interval.start());
                end = Math.max(end, interval.end());
            }
        }
        if (!placed) {
            result.add(new Interval(start, end));
        }
        result.sort((a, b) -> Long.compare(a.start(), b.start()));
        return List.copyOf(result);
    }

    /** Splits {@code uuid[:tag]:n} into its source key and number. */
    private static Map.Entry<String, Long> parseGtid(String gtid) {
        int last = gtid.lastIndexOf(':');
        if (last < 36) {
            throw new IllegalArgumentException("Not a MySQL GTID (uuid[:tag]:n): '" + gtid + "'");
        }
        try {
            return Map.entry(gtid.substring(0, last).toLowerCase(Locale.ROOT), Long.parseLong(gtid.substring(last + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a MySQL GTID (uuid[:tag]:n): '" + gtid + "'", e);
        }
    }

    @Override
    public MySqlGtidSet plus(String gtid) {
        Map.Entry<String, Long> parsed = parseGtid(gtid);
        TreeMap<String, List<Interval>> next = new TreeMap<>(bySource);
        next.put(parsed.getKey(), merge(next.getOrDefault(parsed.getKey(), List.of()), new Interval(parsed.getValue(), parsed.getValue())));
        return freeze(next);
    }

    @Override
    public boolean contains(String gtid) {
        Map.Entry<String, Long> parsed = parseGtid(gtid);
        for (Interval interval : bySource.getOrDefault(parsed.getKey(), List.of())) {
            if (interval.start() <= parsed.getValue() && parsed.getValue() <= interval.end()) {
                return true;
            }
        }
        return false;
    }

    /** Canonical form: sources sorted, the untagged uuid first, then its tags, as MySQL prints it. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(",");
        String currentUuid = null;
        StringBuilder element = null;
        for (Map.Entry<String, List<Interval>> entry : bySource.entrySet()) {
            String source = entry.getKey();
            String uuid = source.substring(0, 36);
            String tag = source.length() > 36 ? source.substring(37) : null;
            if (!uuid.equals(currentUuid)) {
                if (element != null) {
                    out.add(element);
                }
                element = new StringBuilder(uuid);
                currentUuid = uuid;
            }
            if (tag != null) {
                element.append(':').append(tag);
            }
            for (Interval interval : entry.getValue()) {
                element.append(':').append(interval);
            }
        }
        if (element != null) {
            out.add(element);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MySqlGtidSet other && other.bySource.equals(bySource);
    }

    @Override
    public int hashCode() {
        return bySource.hashCode();
    }
}
