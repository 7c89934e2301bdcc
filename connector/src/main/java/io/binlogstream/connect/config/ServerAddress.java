package io.binlogstream.connect.config;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * One server the connector may read the binlog from. {@code database.hostname} lists them in order of
 * preference ({@code host[:port],...}, an IPv6 address in brackets); an entry without a port takes
 * {@code database.port}.
 */
public record ServerAddress(String host, int port) {

    public static List<ServerAddress> parseList(String value, int defaultPort) {
        List<ServerAddress> servers = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("an empty entry in '" + value + "'; list servers as host[:port],host[:port]");
            }
            ServerAddress server = parse(trimmed, defaultPort);
            if (servers.contains(server)) {
                throw new IllegalArgumentException(server + " is listed twice");
            }
            servers.add(server);
        }
        return List.copyOf(servers);
    }

    private static ServerAddress parse(String entry, int defaultPort) {
        String host;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + entry + "' opens '[' without closing it");
            }
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + entry + "': expected ':port' after ']'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = entry.indexOf(':');
            if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("'" + entry + "' has several ':'; write an IPv6 address in brackets: [::1]:3306");
            }
            host = colon < 0 ? entry : entry.substring(0, colon);
            port = colon < 0 ? null : entry.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("'" + entry + "' has no valid host name");
        }
        return new ServerAddress(host, port == null ? defaultPort : parsePort(entry, port));
    }

    private static int parsePort(String entry, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + entry + "': the port must be a number from 1 to 65535");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Checks the list's syntax; the port is only known in {@link BinlogConnectorConfig}, so any valid one will do. */
    static final class ListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must name at least one server: host[:port],host[:port]");
            }
            try {
                parseList(value.toString(), 3306);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "host[:port],host[:port],...";
        }
    }
}
