package io.binlogstream.connect.config;

import java.util.Locale;

/** What a {@code TRUNCATE TABLE} of a captured table becomes ({@code truncate.handling}). */
public enum TruncateHandling {
    /** A record with op=t and a null key on the table's topic (which must not be compacted: it refuses null keys). */
    RECORD,
    /** Logged as a warning with the table and GTID; no record. */
    SKIP,
    /** The task stops naming the table and GTID, so an operator decides. */
    FAIL;

    public static TruncateHandling of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
