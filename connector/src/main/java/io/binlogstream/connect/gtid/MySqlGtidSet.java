package io.binlogstream.connect.gtid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BinaryOperator;
import java.util.regex.Pattern;

/**
 * A MySQL GTID set: {@code uuid[:tag]:1-5:7,...}. Each source (a server uuid, or a uuid plus a MySQL 8.3+
 * tag; MySQL calls it a TSID) maps to sorted, disjoint, non-adjacent closed intervals of transaction numbers,
 * so two equal sets are {@code equals} and print the same text. Immutable.
 *
 * <p>To check a server against an offset: {@code offset.subtract(gtidExecuted)} is what the server lacks,
 * {@code gtidPurged.subtract(offset)} what the connector still needs but the server purged.
 */
public final class MySqlGtidSet implements GtidPosition {

    /** The largest transaction number MySQL assigns (its GNO_END, one past the last, is Long.MAX_VALUE). */
    public static final long MAX_NUMBER = Long.MAX_VALUE - 1;

    /** A closed interval of transaction numbers. The upper bound keeps {@code end + 1} from overflowing. */
    public record Interval(long start, long end) {
        public Interval {
            if (start < 1 || end < start || end > MAX_NUMBER) {
                throw new IllegalArgumentException("Bad GTID interval " + start + "-" + end);
            }
        }

        public boolean contains(long number) {
            return start <= number && number <= end;
        }

        @Override
        public String toString() {
            return start == end ? Long.toString(start) : start + "-" + end;
        }
    }

    /**
     * Where transactions come from: a server uuid and, since MySQL 8.3, an optional tag ({@code ""} when
     * untagged). Both are stored in lower case, as MySQL normalises them. Sorted as MySQL prints them: by uuid,
     * then the untagged source, then tags alphabetically.
     */
    public record Source(String uuid, String tag) implements Comparable<Source> {
        private static final Pattern UUID_TEXT =
                Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        /** MySQL's tag grammar (mysql::gtid::Tag), case-insensitive: a letter or _, then up to 31 more. */
        private static final Pattern TAG_TEXT = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,31}");

        public Source {
            Objects.requireNonNull(uuid, "uuid");
            tag = tag == null ? "" : tag;
            if (!UUID_TEXT.matcher(uuid).matches()) {
                throw new IllegalArgumentException("'" + uuid + "' is not a uuid");
            }
            if (!tag.isEmpty() && !TAG_TEXT.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + tag + "' is not a GTID tag (a letter or _, then up to 31 letters, digits or _)");
            }
            uuid = uuid.toLowerCase(Locale.ROOT);
            tag = tag.toLowerCase(Locale.ROOT);
        }

        public static Source untagged(String uuid) {
            return new Source(uuid, "");
        }

        public boolean isTagged() {
            return !tag.isEmpty();
        }

        @Override
        public int compareTo(Source other) {
            // Lower-case hex and tag text compare like MySQL's byte-wise uuid and tag comparison.
            int byUuid = uuid.compareTo(other.uuid);
            return byUuid != 0 ? byUuid : tag.compareTo(other.tag);
        }

        @Override
        public String toString() {
            return isTagged() ? uuid + ":" + tag : uuid;
        }
    }

    /** One transaction: {@code uuid[:tag]:number}. */
    public record Gtid(Source source, long number) {
        public Gtid {
            Objects.requireNonNull(source, "source");
            if (number < 1 || number > MAX_NUMBER) {
                throw new IllegalArgumentException("GTID transaction number " + number + " is outside 1-" + MAX_NUMBER);
            }
        }

        public static Gtid parse(String text) {
            return MySqlGtidSetParser.parseGtid(text);
        }

        /** From the parts a binlog GTID event carries; {@code tag} null or empty when untagged. */
        public static Gtid of(UUID uuid, String tag, long number) {
            return new Gtid(new Source(uuid.toString(), tag), number);
        }

        @Override
        public String toString() {
            return source + ":" + number;
        }
    }

    private static final MySqlGtidSet EMPTY = new MySqlGtidSet(Collections.emptySortedMap());

    /** Never holds a source without intervals, so equality is map equality. */
    private final SortedMap<Source, List<Interval>> bySource;

    private MySqlGtidSet(SortedMap<Source, List<Interval>> bySource) {
        this.bySource = bySource;
    }

    public static MySqlGtidSet empty() {
        return EMPTY;
    }

    /**
     * Parses MySQL's notation, including what {@code @@gtid_executed} prints (upper- or lower-case, newlines,
     * tags). Null or blank text is the empty set.
     *
     * @throws IllegalArgumentException quoting the text and the part that is wrong
     */
    public static MySqlGtidSet parse(String text) {
        return MySqlGtidSetParser.parseSet(text);
    }

    /** Takes normalised interval lists (as {@link Intervals} produces them); drops empty ones. */
    static MySqlGtidSet of(Map<Source, List<Interval>> bySource) {
        TreeMap<Source, List<Interval>> copy = new TreeMap<>();
        bySource.forEach((source, intervals) -> {
            if (!intervals.isEmpty()) {
                copy.put(source, List.copyOf(intervals));
            }
        });
        return copy.isEmpty() ? EMPTY : new MySqlGtidSet(Collections.unmodifiableSortedMap(copy));
    }

    @Override
    public MySqlGtidSet plus(String gtid) {
        return plus(Gtid.parse(gtid));
    }

    public MySqlGtidSet plus(Gtid gtid) {
        if (contains(gtid)) {
            return this;
        }
        TreeMap<Source, List<Interval>> next = new TreeMap<>(bySource);
        next.merge(gtid.source(), List.of(new Interval(gtid.number(), gtid.number())), Intervals::union);
        return new MySqlGtidSet(Collections.unmodifiableSortedMap(next));
    }

    @Override
    public boolean contains(String gtid) {
        return contains(Gtid.parse(gtid));
    }

    public boolean contains(Gtid gtid) {
        return Intervals.contains(intervals(gtid.source()), gtid.number());
    }

    /** Whether every transaction of {@code other} is in this set (this is a superset of other). */
    public boolean contains(MySqlGtidSet other) {
        for (Map.Entry<Source, List<Interval>> entry : other.bySource.entrySet()) {
            if (!Intervals.containsAll(intervals(entry.getKey()), entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Whether every transaction of this set is in {@code other}, like MySQL's GTID_SUBSET(this, other). */
    public boolean isSubsetOf(MySqlGtidSet other) {
        return other.contains(this);
    }

    public MySqlGtidSet union(MySqlGtidSet other) {
        return combine(other, Intervals::union);
    }

    /** The transactions of this set that are not in {@code other}, like MySQL's GTID_SUBTRACT(this, other). */
    public MySqlGtidSet subtract(MySqlGtidSet other) {
        return combine(other, Intervals::subtract);
    }

    public MySqlGtidSet intersection(MySqlGtidSet other) {
        return combine(other, Intervals::intersection);
    }

    public boolean isEmpty() {
        return bySource.isEmpty();
    }

    /** The sources in MySQL's order with their intervals; unmodifiable. */
    public SortedMap<Source, List<Interval>> sources() {
        return bySource;
    }

    /** The intervals of one source, empty when the set has none of its transactions. */
    public List<Interval> intervals(Source source) {
        return bySource.getOrDefault(source, List.of());
    }

    private MySqlGtidSet combine(MySqlGtidSet other, BinaryOperator<List<Interval>> operation) {
        TreeSet<Source> sources = new TreeSet<>(bySource.keySet());
        sources.addAll(other.bySource.keySet());
        TreeMap<Source, List<Interval>> result = new TreeMap<>();
        for (Source source : sources) {
            result.put(source, operation.apply(intervals(source), other.intervals(source)));
        }
        return of(result);
    }

    /**
     * Canonical text, as MySQL prints it but with a plain comma between uuids (MySQL adds a newline): uuids
     * sorted, each uuid once, its untagged intervals first, then its tags in alphabetical order.
     */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(",");
        List<String> element = new ArrayList<>();
        String currentUuid = null;
        for (Map.Entry<Source, List<Interval>> entry : bySource.entrySet()) {
            Source source = entry.getKey();
            if (!source.uuid().equals(currentUuid)) {
                if (currentUuid != null) {
                    out.add(String.join(":", element));
                }
                element.clear();
                element.add(source.uuid());
                currentUuid = source.uuid();
            }
            if (source.isTagged()) {
                element.add(source.tag());
            }
            entry.getValue().forEach(interval -> element.add(interval.toString()));
        }
        if (currentUuid != null) {
            out.add(String.join(":", element));
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
