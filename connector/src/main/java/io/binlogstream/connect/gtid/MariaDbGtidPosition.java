package io.binlogstream.connect.gtid;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A MariaDB GTID position: for each replication domain, the last transaction applied
 * ({@code domain-server-seq}, comma separated, printed sorted by domain). This is the notation of
 * {@code @@gtid_binlog_pos}, {@code @@gtid_current_pos} and {@code slave_connect_state}.
 *
 * <p>The connector relies on {@code gtid_strict_mode}: within a domain sequence numbers strictly increase
 * whichever server wrote them, so "transaction X is contained" means "X's sequence number is at most the
 * domain's", and the server id takes no part in comparisons (a new primary after failover writes the same
 * domain under another server id). Sequence numbers are unsigned 64-bit and compared as such.
 */
public final class MariaDbGtidPosition implements GtidPosition {

    /** Largest domain and server id: MariaDB stores both as 32-bit unsigned integers. */
    private static final long MAX_ID = 0xFFFF_FFFFL;

    /** One transaction id: domain, originating server, sequence number (unsigned). */
    public record Gtid(long domain, long server, long sequence) {
        public Gtid {
            if (domain < 0 || domain > MAX_ID || server < 0 || server > MAX_ID) {
                throw new IllegalArgumentException("MariaDB GTID domain and server id must be 0-" + MAX_ID + ": "
                        + domain + "-" + server + "-" + Long.toUnsignedString(sequence));
            }
        }

        /**
         * {@code domain-server-seq}, ASCII digits (1-10, 1-10 and 1-20 of them), surrounding whitespace allowed.
         * Read by hand rather than by a regular expression: the reader adds every transaction's GTID to its
         * position, and matching took a tenth of its time in a stream of single-row transactions.
         */
        public static Gtid parse(String text) {
            String gtid = text == null ? "" : text.strip();
            int firstDash = gtid.indexOf('-');
            int secondDash = firstDash < 0 ? -1 : gtid.indexOf('-', firstDash + 1);
            if (secondDash < 0 || !digits(gtid, 0, firstDash, 10) || !digits(gtid, firstDash + 1, secondDash, 10)
                    || !digits(gtid, secondDash + 1, gtid.length(), 20)) {
                throw new IllegalArgumentException("Not a MariaDB GTID (domain-server-seq): '" + text + "'");
            }
            try {
                return new Gtid(Long.parseLong(gtid, 0, firstDash, 10), Long.parseLong(gtid, firstDash + 1, secondDash, 10),
                        Long.parseUnsignedLong(gtid, secondDash + 1, gtid.length(), 10));
            } catch (IllegalArgumentException e) { // NumberFormatException included: seq above 2^64-1
                throw new IllegalArgumentException("Not a MariaDB GTID (domain-server-seq): '" + text + "': " + e.getMessage(), e);
            }
        }

        /** Whether text[from, to) is 1 to max ASCII digits (Long.parseLong alone would take other scripts' digits). */
        private static boolean digits(String text, int from, int to, int max) {
            if (to - from < 1 || to - from > max) {
                return false;
            }
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        /** Compares sequence numbers only (unsigned): the order of two transactions of one domain. */
        public int compareSequence(Gtid other) {
            return Long.compareUnsigned(sequence, other.sequence);
        }

        @Override
        public String toString() {
            return domain + "-" + server + "-" + Long.toUnsignedString(sequence);
        }
    }

    private static final MariaDbGtidPosition EMPTY = new MariaDbGtidPosition(Collections.emptySortedMap());

    private final SortedMap<Long, Gtid> byDomain;

    private MariaDbGtidPosition(SortedMap<Long, Gtid> byDomain) {
        this.byDomain = byDomain;
    }

    public static MariaDbGtidPosition empty() {
        return EMPTY;
    }

    /**
     * Parses a position: at most one GTID per domain, whitespace around the commas allowed. Null or blank
     * text is the empty position.
     *
     * @throws IllegalArgumentException quoting the text, for a malformed GTID, an empty element or a domain
     *                                  named twice
     */
    public static MariaDbGtidPosition parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        TreeMap<Long, Gtid> byDomain = new TreeMap<>();
        for (String part : text.split(",", -1)) {
            Gtid gtid = parseElement(text, part);
            if (byDomain.put(gtid.domain(), gtid) != null) {
                throw new IllegalArgumentException("MariaDB GTID position names domain " + gtid.domain() + " twice: '" + text + "'");
            }
        }
        return new MariaDbGtidPosition(Collections.unmodifiableSortedMap(byDomain));
    }

    /** A position of one GTID per domain. */
    public static MariaDbGtidPosition of(Collection<Gtid> gtids) {
        TreeMap<Long, Gtid> byDomain = new TreeMap<>();
        for (Gtid gtid : gtids) {
            Gtid previous = byDomain.put(gtid.domain(), gtid);
            if (previous != null) {
                throw new IllegalArgumentException("MariaDB GTID position names domain " + gtid.domain() + " twice: "
                        + previous + " and " + gtid);
            }
        }
        return byDomain.isEmpty() ? EMPTY : new MariaDbGtidPosition(Collections.unmodifiableSortedMap(byDomain));
    }

    /**
     * The position a binlog state stands for: {@code @@gtid_binlog_state} or a binlog file's GTID list event
     * hold the last GTID of every (domain, server) pair; under strict mode a domain's highest sequence number
     * is its last transaction.
     */
    public static MariaDbGtidPosition ofBinlogState(Collection<Gtid> state) {
        TreeMap<Long, Gtid> byDomain = new TreeMap<>();
        for (Gtid gtid : state) {
            byDomain.merge(gtid.domain(), gtid, (a, b) -> a.compareSequence(b) >= 0 ? a : b);
        }
        return byDomain.isEmpty() ? EMPTY : new MariaDbGtidPosition(Collections.unmodifiableSortedMap(byDomain));
    }

    /** {@link #ofBinlogState(Collection)} of the text of {@code @@gtid_binlog_state}. */
    public static MariaDbGtidPosition parseBinlogState(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        return ofBinlogState(Arrays.stream(text.split(",", -1)).map(part -> parseElement(text, part)).toList());
    }

    private static Gtid parseElement(String text, String part) {
        if (part.isBlank()) {
            throw new IllegalArgumentException("Empty element in MariaDB GTID position '" + text + "'");
        }
        try {
            return Gtid.parse(part);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in MariaDB GTID position '" + text + "'", e);
        }
    }

    /**
     * This position after one more transaction: its GTID becomes its domain's last one. Like MariaDB's own
     * replication position, the domain takes the new GTID even if its sequence number is lower.
     */
    @Override
    public MariaDbGtidPosition plus(String gtidText) {
        return plus(Gtid.parse(gtidText));
    }

    public MariaDbGtidPosition plus(Gtid gtid) {
        if (gtid.equals(byDomain.get(gtid.domain()))) {
            return this;
        }
        TreeMap<Long, Gtid> next = new TreeMap<>(byDomain);
        next.put(gtid.domain(), gtid);
        return new MariaDbGtidPosition(Collections.unmodifiableSortedMap(next));
    }

    @Override
    public boolean contains(String gtidText) {
        return contains(Gtid.parse(gtidText));
    }

    /** Whether the transaction is at or before this position's last one in its domain. */
    public boolean contains(Gtid gtid) {
        Gtid last = byDomain.get(gtid.domain());
        return last != null && gtid.compareSequence(last) <= 0;
    }

    /**
     * Whether this position holds every transaction {@code other} holds: for every domain of {@code other},
     * this position has the domain at the same or a higher sequence number. Domains only this position has
     * do not matter.
     */
    public boolean contains(MariaDbGtidPosition other) {
        for (Gtid needed : other.byDomain.values()) {
            if (!contains(needed)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code other} holds a transaction this position does not: the negation of {@link #contains(MariaDbGtidPosition)}. */
    public boolean isBehind(MariaDbGtidPosition other) {
        return !contains(other);
    }

    /**
     * Compares the sequence numbers of one domain; a position without the domain is before every position
     * with it.
     *
     * @return negative, zero or positive as this position is before, level with or after {@code other} there
     */
    public int compareDomain(long domain, MariaDbGtidPosition other) {
        Gtid mine = byDomain.get(domain);
        Gtid theirs = other.byDomain.get(domain);
        if (mine == null || theirs == null) {
            return mine == theirs ? 0 : mine == null ? -1 : 1;
        }
        return mine.compareSequence(theirs);
    }

    /** The last transaction of a domain, if the position has one. */
    public Optional<Gtid> lastIn(long domain) {
        return Optional.ofNullable(byDomain.get(domain));
    }

    /** Domain to its last transaction, sorted by domain; unmodifiable. */
    public Map<Long, Gtid> domains() {
        return byDomain;
    }

    public boolean isEmpty() {
        return byDomain.isEmpty();
    }

    @Override
    public String toString() {
        if (byDomain.size() == 1) {
            return byDomain.get(byDomain.firstKey()).toString(); // the usual case, once per transaction
        }
        StringJoiner joiner = new StringJoiner(",");
        byDomain.values().forEach(g -> joiner.add(g.toString()));
        return joiner.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MariaDbGtidPosition other && other.byDomain.equals(byDomain);
    }

    @Override
    public int hashCode() {
        return byDomain.hashCode();
    }
}
