package io.binlogstream.connect.binlog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.binlogstream.connect.gtid.MariaDbGtidPosition;
import io.binlogstream.connect.gtid.MariaDbGtidResumeCheck;
import io.binlogstream.connect.gtid.MySqlGtidSet;

/**
 * Before resuming from a stored offset: does this server hold every transaction the connector delivered, and
 * does its binlog still hold every one it did not? Either answer "no" stops the task naming the GTIDs,
 * instead of the server's generic "could not find GTID state" or, worse, a silent gap.
 */
public final class ResumeCheck {

    private ResumeCheck() {
    }

    /**
     * Why the server cannot serve the offset. {@code purged}: its binlogs no longer hold transactions the offset
     * needs (which {@code snapshot.mode=when_needed} recovers from by reading the tables again).
     */
    public record Problem(String message, boolean purged) {
        @Override
        public String toString() {
            return message;
        }
    }

    /** Problems resuming from {@code offsetGtids} on this server; empty when it can serve the offset. */
    public static List<Problem> problems(Connection connection, ServerInfo server, String offsetGtids) throws SQLException {
        return server.mariaDb() ? mariaDbProblems(connection, offsetGtids) : mySqlProblems(connection, offsetGtids);
    }

    private static List<Problem> mariaDbProblems(Connection connection, String offsetGtids) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        MariaDbGtidPosition offset = MariaDbGtidPosition.parse(offsetGtids);
        MariaDbGtidPosition serverPosition = MariaDbGtidPosition.parse(
                ServerConnection.queryString(connection, "SELECT @@GLOBAL.gtid_binlog_pos"));
        List<MariaDbGtidResumeCheck.MissingDomain> missing = MariaDbGtidResumeCheck.missingOnServer(serverPosition, offset);
        if (!missing.isEmpty()) {
            problems.add(new Problem("the server lacks transactions the connector already delivered (" + MariaDbGtidResumeCheck.describe(missing)
                    + "); point database.hostname at a server that has them, or reset the offset deliberately", false));
        }
        String firstFile = firstBinlogFile(connection);
        if (firstFile != null) {
            String oldest = ServerConnection.queryString(connection, "SELECT BINLOG_GTID_POS('" + firstFile.replace("'", "''") + "', 4)");
            List<MariaDbGtidResumeCheck.PurgedDomain> purged = MariaDbGtidResumeCheck.purged(
                    MariaDbGtidPosition.parseBinlogState(oldest == null ? "" : oldest), offset);
            if (!purged.isEmpty()) {
                problems.add(new Problem("the binlogs holding transactions after the offset were purged (oldest binlog " + firstFile
                        + "; " + MariaDbGtidResumeCheck.describe(purged) + "); those changes cannot be streamed any more", true));
            }
        }
        return problems;
    }

    private static List<Problem> mySqlProblems(Connection connection, String offsetGtids) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        MySqlGtidSet offset = MySqlGtidSet.parse(offsetGtids);
        MySqlGtidSet executed = MySqlGtidSet.parse(ServerConnection.queryString(connection, "SELECT @@GLOBAL.gtid_executed"));
        MySqlGtidSet missing = offset.subtract(executed);
        if (!missing.isEmpty()) {
            problems.add(new Problem("the server lacks transactions the connector already delivered: " + missing
                    + "; point database.hostname at a server that has them", false));
        }
        MySqlGtidSet purged = MySqlGtidSet.parse(ServerConnection.queryString(connection, "SELECT @@GLOBAL.gtid_purged"));
        MySqlGtidSet lost = purged.subtract(offset);
        if (!lost.isEmpty()) {
            problems.add(new Problem("the binlogs holding transactions after the offset were purged: " + lost
                    + " can no longer be streamed", true));
        }
        return problems;
    }

    private static String firstBinlogFile(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
