package io.binlogstream.connect.gtid;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.binlogstream.connect.gtid.MySqlGtidSet.Gtid;
import io.binlogstream.connect.gtid.MySqlGtidSet.Interval;
import io.binlogstream.connect.gtid.MySqlGtidSet.Source;

/**
 * Reads GTID sets and single GTIDs as MySQL writes them. Follows the server's own grammar
 * ({@code Gtid_set::add_gtid_text}): whitespace around every separator (so {@code @@gtid_executed}'s
 * {@code ",\n"} works), empty elements between commas, upper- or lower-case uuids and tags, one uuid listed
 * several times, and MySQL 8.3+ tags, each applying to the intervals that follow it within its element:
 * {@code uuid:1-3:tag1:1-2:tag2:5}.
 *
 * <p>Stricter than MySQL where its leniency would hide a damaged offset: a uuid or tag with no interval after
 * it, an interval whose end is below its start (MySQL ignores both) and numbers with leading zeros (MySQL
 * reads {@code 010} as octal 8) are errors. MySQL never prints any of them.
 */
final class MySqlGtidSetParser {

    private MySqlGtidSetParser() {
    }

    static MySqlGtidSet parseSet(String text) {
        if (text == null || text.isBlank()) {
            return MySqlGtidSet.empty();
        }
        Map<Source, List<Interval>> bySource = new TreeMap<>();
        for (String element : text.split(",", -1)) {
            String trimmed = element.strip();
            if (!trimmed.isEmpty()) {
                parseElement(text, trimmed, bySource);
            }
        }
        return MySqlGtidSet.of(bySource);
    }

    /** One element: {@code uuid(:interval)*(:tag(:interval)+)*}, adding its intervals to {@code bySource}. */
    private static void parseElement(String text, String element, Map<Source, List<Interval>> bySource) {
        String[] fields = element.split(":", -1);
        Source source = source(text, element, fields[0].strip(), "");
        boolean needsInterval = fields.length == 1;
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i].strip();
            if (field.isEmpty()) {
                throw malformed(text, "empty field in '" + element + "'");
            }
            if (startsLikeTag(field)) {
                if (needsInterval) {
                    throw malformed(text, "'" + source + "' has no transaction numbers in '" + element + "'");
                }
                source = source(text, element, source.uuid(), field);
                needsInterval = true;
            } else {
                bySource.merge(source, List.of(interval(text, field)), Intervals::union);
                needsInterval = false;
            }
        }
        if (needsInterval) {
            throw malformed(text, "'" + source + "' has no transaction numbers in '" + element + "'");
        }
    }

    static Gtid parseGtid(String text) {
        String[] fields = text == null ? new String[0] : text.split(":", -1);
        if (fields.length != 2 && fields.length != 3) {
            throw new IllegalArgumentException("Not a MySQL GTID (uuid[:tag]:number): '" + text + "'");
        }
        try {
            Source source = new Source(fields[0].strip(), fields.length == 3 ? fields[1].strip() : "");
            return new Gtid(source, number(fields[fields.length - 1].strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a MySQL GTID (uuid[:tag]:number): '" + text + "': " + e.getMessage(), e);
        }
    }

    private static boolean startsLikeTag(String field) {
        char first = field.charAt(0);
        return first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
    }

    private static Source source(String text, String element, String uuid, String tag) {
        try {
            return new Source(uuid, tag);
        } catch (IllegalArgumentException e) {
            throw malformed(text, e.getMessage() + " in '" + element + "'", e);
        }
    }

    private static Interval interval(String text, String field) {
        try {
            int dash = field.indexOf('-');
            if (dash < 0) {
                long number = number(field);
                return new Interval(number, number);
            }
            long start = number(field.substring(0, dash).strip());
            long end = number(field.substring(dash + 1).strip());
            if (end < start) {
                throw new IllegalArgumentException("the interval ends before it starts");
            }
            return new Interval(start, end);
        } catch (IllegalArgumentException e) {
            throw malformed(text, "bad interval '" + field + "': " + e.getMessage(), e);
        }
    }

    /** A transaction number: decimal digits, 1 to {@link MySqlGtidSet#MAX_NUMBER}. */
    static long number(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + digits + "' is not a transaction number");
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new IllegalArgumentException("'" + digits + "' has a leading zero (MySQL would read it as octal)");
        }
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            number = Long.MAX_VALUE;
        }
        if (number < 1 || number > MySqlGtidSet.MAX_NUMBER) {
            throw new IllegalArgumentException("transaction number " + digits + " is outside 1-" + MySqlGtidSet.MAX_NUMBER);
        }
        return number;
    }

    private static IllegalArgumentException malformed(String text, String detail) {
        return new IllegalArgumentException("Malformed MySQL GTID set '" + text + "': " + detail);
    }

    private static IllegalArgumentException malformed(String text, String detail, Throwable cause) {
        return new IllegalArgumentException("Malformed MySQL GTID set '" + text + "': " + detail, cause);
    }
}
