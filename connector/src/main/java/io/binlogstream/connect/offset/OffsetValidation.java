package io.binlogstream.connect.offset;

import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

import io.binlogstream.connect.gtid.MariaDbGtidPosition;
import io.binlogstream.connect.gtid.MySqlGtidSet;

/**
 * Checks an offset an operator wants to store (Connect's offsets REST API) before Connect writes it, so a
 * typo is refused with what was expected instead of failing the next task start.
 */
public final class OffsetValidation {
    private static final String EXPECTED = "expected {\"v\": 1, \"gtids\": \"<GTID set, e.g. 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5, "
            + "or MariaDB GTID position, e.g. 0-1-42>\"}, optionally with \"txn\" (a GTID) and \"rows\" (row changes of it delivered)";

    private OffsetValidation() {
    }

    public static SourceOffset check(Map<String, ?> value) {
        SourceOffset offset;
        try {
            offset = SourceOffset.fromMap(value);
        } catch (IllegalArgumentException e) {
            throw new ConnectException("Invalid offset " + value + ": " + e.getMessage() + "; " + EXPECTED, e);
        }
        boolean mariaDb = parses(() -> MariaDbGtidPosition.parse(offset.gtids()));
        boolean mySql = parses(() -> MySqlGtidSet.parse(offset.gtids()));
        if (!mariaDb && !mySql) {
            throw new ConnectException("Invalid offset " + value + ": '" + offset.gtids()
                    + "' is neither a MySQL GTID set nor a MariaDB GTID position; " + EXPECTED);
        }
        if (offset.insideTransaction()) {
            boolean sameKind = mariaDb
                    ? parses(() -> MariaDbGtidPosition.Gtid.parse(offset.transaction()))
                    : parses(() -> MySqlGtidSet.Gtid.parse(offset.transaction()));
            if (!sameKind) {
                throw new ConnectException("Invalid offset " + value + ": txn '" + offset.transaction()
                        + "' is not a single GTID of the same kind as gtids; " + EXPECTED);
            }
        }
        return offset;
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
