package io.binlogstream.connect.binlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.config.ServerAddress;
import io.binlogstream.connect.gtid.GtidPosition;

/**
 * Chooses the server of {@code database.hostname} to read the binlog from. A server qualifies when it answers,
 * its settings pass the preflight and, when resuming, its binlog holds every transaction already delivered and
 * still holds every one that was not. Each refusal is kept with its reason, so when no server qualifies the
 * error says what is wrong with each of them, the missing GTIDs included.
 */
public final class ServerSelector {

    /** The server to read from, and the position to start at (the server's own on a first start). */
    public record Selected(ServerAddress address, ServerInfo info, GtidPosition position) {
    }

    /** No listed server can serve the position; the message names each server and its reason. */
    public static final class NoServerAvailable extends Exception {
        private final String reasons;
        private final boolean purgedEverywhere;

        NoServerAvailable(String message, Map<ServerAddress, String> refusals, boolean purgedEverywhere) {
            this(message, refusals.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining("; ")), purgedEverywhere);
        }

        private NoServerAvailable(String message, String reasons, boolean purgedEverywhere) {
            super(message + ": " + reasons);
            this.reasons = reasons;
            this.purgedEverywhere = purgedEverywhere;
        }

        /**
         * Whether every listed server answered and refused only because its binlogs no longer hold transactions
         * the offset needs: the one case where reading the tables again is the only way on. A server that did not
         * answer may still hold them, so it makes this false.
         */
        public boolean purgedEverywhere() {
            return purgedEverywhere;
        }

        /** Each server with the reason it was refused, in the order they were tried. */
        public String reasons() {
            return reasons;
        }
    }

    private final BinlogConnectorConfig config;
    private final List<ServerAddress> servers;

    public ServerSelector(BinlogConnectorConfig config) {
        this.config = config;
        this.servers = config.servers();
    }

    public List<ServerAddress> servers() {
        return servers;
    }

    /**
     * The first qualifying server, trying {@code preferred} (the one just read from, if any) before the others
     * in their configured order, so a restarted server is not abandoned for a replica without need.
     *
     * @param position the delivered position to resume from, or null on a first start
     */
    public Selected select(String position, ServerAddress preferred) throws NoServerAvailable {
        Map<ServerAddress, String> refusals = new LinkedHashMap<>();
        boolean purgedEverywhere = position != null;
        for (ServerAddress server : inOrder(preferred)) {
            try (Connection connection = ServerConnection.open(config, server)) {
                ServerInfo info = ServerInfo.read(connection);
                List<String> problems = new ArrayList<>(ServerPreflight.settingProblems(info));
                String start = position != null ? position : ServerInfo.currentGtidPosition(connection, info.mariaDb());
                GtidPosition parsed = null;
                try {
                    parsed = GtidPosition.parse(start, info.mariaDb());
                } catch (IllegalArgumentException e) {
                    // A MySQL GTID set offered to MariaDB or the reverse: this server is of the other family.
                    problems.add("the position '" + start + "' does not fit this " + (info.mariaDb() ? "MariaDB" : "MySQL")
                            + " server: " + e.getMessage());
                }
                if (problems.isEmpty() && position != null) {
                    List<ResumeCheck.Problem> resume = ResumeCheck.problems(connection, info, position);
                    purgedEverywhere &= !resume.isEmpty() && resume.stream().allMatch(ResumeCheck.Problem::purged);
                    resume.forEach(problem -> problems.add(problem.message()));
                } else {
                    purgedEverywhere = false;
                }
                if (problems.isEmpty()) {
                    return new Selected(server, info, parsed);
                }
                refusals.put(server, String.join("; ", problems));
            } catch (SQLException e) {
                purgedEverywhere = false;
                refusals.put(server, "cannot connect: " + ServerConnection.failureMessage(config, server, e));
            }
        }
        String what = position == null ? "be streamed from" : "resume from GTID position '" + position + "'";
        throw new NoServerAvailable("No server in database.hostname can " + what, refusals, purgedEverywhere);
    }

    private List<ServerAddress> inOrder(ServerAddress preferred) {
        List<ServerAddress> ordered = new ArrayList<>(servers.size());
        if (preferred != null && servers.contains(preferred)) {
            ordered.add(preferred);
        }
        for (ServerAddress server : servers) {
            if (!server.equals(preferred)) {
                ordered.add(server);
            }
        }
        return ordered;
    }
}
