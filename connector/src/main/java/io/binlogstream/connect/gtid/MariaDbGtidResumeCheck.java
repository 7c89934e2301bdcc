package io.binlogstream.connect.gtid;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.binlogstream.connect.gtid.MariaDbGtidPosition.Gtid;

/**
 * Whether a MariaDB server can resume the connector from a stored offset, as pure functions of positions the
 * caller reads from the server. Both answer with one readable line per domain, so the task can refuse naming
 * exactly what is missing (design promise 6). Both assume {@code gtid_strict_mode}: within a domain, sequence
 * numbers strictly increase across the whole topology.
 */
public final class MariaDbGtidResumeCheck {

    private MariaDbGtidResumeCheck() {
    }

    /** Why a server cannot serve one domain of the offset. */
    public enum Problem {
        /** The server has no transaction of the domain at all. */
        DOMAIN_UNKNOWN,
        /** The server's last transaction of the domain comes before the offset's. */
        BEHIND,
        /**
         * The server's last transaction has the offset's sequence number but another server id: under strict
         * mode a sequence number is used once per domain, so the two histories forked.
         */
        DIVERGED
    }

    /** One domain the server lacks; {@code server} is empty for {@link Problem#DOMAIN_UNKNOWN}. */
    public record MissingDomain(long domain, Problem problem, Optional<Gtid> server, Gtid offset) {
        @Override
        public String toString() {
            return switch (problem) {
                case DOMAIN_UNKNOWN -> "domain " + domain + ": this server has no transaction in it, the offset needs " + offset
                        + " (missing: " + sequenceRange(1, offset.sequence()) + ")";
                case BEHIND -> "domain " + domain + ": this server is at " + server.orElseThrow() + ", the offset needs " + offset
                        + " (missing: " + sequenceRange(server.orElseThrow().sequence() + 1, offset.sequence()) + ")";
                case DIVERGED -> "domain " + domain + ": this server's transaction " + Long.toUnsignedString(offset.sequence())
                        + " is " + server.orElseThrow() + " but the offset's is " + offset + " (the histories diverged)";
            };
        }
    }

    /**
     * What the server lacks of the transactions the offset says were delivered. Pass the server's
     * {@code @@gtid_binlog_pos} (what it can stream) or {@code @@gtid_current_pos}. Empty when the server
     * holds everything, so resuming there neither skips nor repeats. Sorted by domain.
     *
     * <p>A server ahead in a domain passes even if its history forked earlier; the positions cannot show that,
     * and MariaDB itself refuses such a connection under strict mode.
     */
    public static List<MissingDomain> missingOnServer(MariaDbGtidPosition server, MariaDbGtidPosition offset) {
        List<MissingDomain> missing = new ArrayList<>();
        for (Gtid needed : offset.domains().values()) {
            Optional<Gtid> has = server.lastIn(needed.domain());
            if (has.isEmpty()) {
                missing.add(new MissingDomain(needed.domain(), Problem.DOMAIN_UNKNOWN, has, needed));
            } else if (has.get().compareSequence(needed) < 0) {
                missing.add(new MissingDomain(needed.domain(), Problem.BEHIND, has, needed));
            } else if (has.get().compareSequence(needed) == 0 && has.get().server() != needed.server()) {
                missing.add(new MissingDomain(needed.domain(), Problem.DIVERGED, has, needed));
            }
        }
        return List.copyOf(missing);
    }

    /**
     * One domain whose transactions after the offset were purged: the server's oldest binlog starts after
     * {@code oldestAvailable}, and the offset ({@code offset}, or nothing at all of the domain) is before it.
     */
    public record PurgedDomain(long domain, Optional<Gtid> offset, Gtid oldestAvailable) {
        @Override
        public String toString() {
            String needs = offset.map(gtid -> "the offset needs the transactions after " + gtid)
                    .orElse("the offset needs every transaction of it");
            String lost = offset.map(gtid -> "sequence numbers " + Long.toUnsignedString(gtid.sequence() + 1) + " to "
                    + Long.toUnsignedString(oldestAvailable.sequence()))
                    .orElse("sequence numbers up to " + Long.toUnsignedString(oldestAvailable.sequence()));
            return "domain " + domain + ": " + needs + ", but this server's binlogs start after " + oldestAvailable
                    + "; the transactions with " + lost + " were purged";
        }
    }

    /**
     * Which domains' next transactions after the offset are no longer in the server's binlogs.
     * {@code oldestAvailable} is the position just before the server's oldest binlog: the GTID list event at
     * the start of its first binlog file (or {@code BINLOG_GTID_POS(first_file, 4)}), turned into a position
     * with {@link MariaDbGtidPosition#ofBinlogState}. Every transaction of a domain after that position is
     * still in the binlogs; those up to it are gone.
     *
     * <p>A domain the offset lacks counts as "nothing delivered": if the oldest binlog starts after some
     * transaction of it, that transaction was never delivered and cannot be any more. A domain the offset has
     * but the GTID list lacks is complete in the binlogs. Empty means resuming loses nothing; sorted by domain.
     */
    public static List<PurgedDomain> purged(MariaDbGtidPosition oldestAvailable, MariaDbGtidPosition offset) {
        List<PurgedDomain> purged = new ArrayList<>();
        for (Gtid gone : oldestAvailable.domains().values()) {
            Optional<Gtid> delivered = offset.lastIn(gone.domain());
            if (delivered.isEmpty() || delivered.get().compareSequence(gone) < 0) {
                purged.add(new PurgedDomain(gone.domain(), delivered, gone));
            }
        }
        return List.copyOf(purged);
    }

    private static String sequenceRange(long first, long last) {
        return first == last ? "sequence number " + Long.toUnsignedString(first)
                : "sequence numbers " + Long.toUnsignedString(first) + " to " + Long.toUnsignedString(last);
    }

    /** The findings of either check as one message part: {@code "domain 0: ...; domain 2: ..."}. */
    public static String describe(List<?> findings) {
        return String.join("; ", findings.stream().map(Object::toString).toList());
    }
}
