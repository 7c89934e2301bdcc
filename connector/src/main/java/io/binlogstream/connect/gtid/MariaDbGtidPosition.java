package io.binlogstream.connect.gtid;

import java.util.Collections;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A MariaDB GTID position: for each replication domain, the last transaction applied
 * ({@code domain-server-seq}, comma separated). With gtid_strict_mode sequence numbers grow within a
 * domain, so a transaction is contained when its sequence number is at most the domain's.
 */
public final class MariaDbGtidPosition implements GtidPosition {

    /** One transaction id: domain, originating server, sequence number. */
    public record Gtid(long domain, long server, long sequence) {
        public static Gtid parse(String text) {
            String[] parts = text.trim().split("-");
            if (parts.length != 3) {
                throw new IllegalArgumentException("Not a MariaDB GTID (domain-server-seq): '" + text + "'");
            }
            try {
                return new Gtid(Long.parseUnsignedLong(parts[0]), Long.parseUnsignedLong(parts[1]), Long.parseUnsignedLong(parts[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not a MariaDB GTID (domain-server-seq): '" + text + "'", e);
            }
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(domain) + "-" + Long.toUnsignedString(server) + "-" + Long.toUnsignedString(sequence);
        }
    }

    private static final MariaDbGtidPosition EMPTY = new MariaDbGtidPosition(Map.of());

    private final Map<Long, Gtid> byDomain;

    private MariaDbGtidPosition(Map<Long, Gtid> byDomain) {
        this.byDomain = byDomain;
    }

    public static MariaDbGtidPosition empty() {
        return EMPTY;
    }

    public static MariaDbGtidPosition parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        TreeMap<Long, Gtid> byDomain = new TreeMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Gtid gtid = Gtid.parse(part);
            if (byDomain.put(gtid.domain(), gtid) != null) {
                throw new IllegalArgumentException("MariaDB GTID position names domain " + gtid.domain() + " twice: '" + text + "'");
            }
        }
        return new MariaDbGtidPosition(Collections.unmodifiableMap(byDomain));
    }

    @Override
    public MariaDbGtidPosition plus(String gtidText) {
        Gtid gtid = Gtid.parse(gtidText);
        TreeMap<Long, Gtid> next = new TreeMap<>(byDomain);
        next.put(gtid.domain(), gtid);
        return new MariaDbGtidPosition(Collections.unmodifiableMap(next));
    }

    @Override
    public boolean contains(String gtidText) {
        Gtid gtid = Gtid.parse(gtidText);
        Gtid last = byDomain.get(gtid.domain());
        return last != null && Long.compareUnsigned(gtid.sequence(), last.sequence()) <= 0;
    }

    public Map<Long, Gtid> domains() {
        return byDomain;
    }

    @Override
    public String toString() {
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
