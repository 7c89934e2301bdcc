package io.binlogstream.connect.config;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import io.binlogstream.connect.binlog.ServerConnection;
import io.binlogstream.connect.binlog.ServerInfo;
import io.binlogstream.connect.binlog.ServerPreflight;
import io.binlogstream.connect.tls.SslMode;
import io.binlogstream.connect.tls.TlsContext;
import io.binlogstream.connect.tls.TlsFailure;
import io.binlogstream.connect.tls.TlsSettings;
import io.binlogstream.connect.tls.TlsSetupException;

/**
 * The checks of {@code Connector.validate()} beyond each key's own validator: keys that conflict, and the
 * live ones (can the server be reached, does the login work, are its binlog settings right). Every problem is
 * reported on the key the user has to change.
 */
public final class ConfigValidation {

    private ConfigValidation() {
    }

    public static Config validate(Map<String, String> props, List<ConfigValue> perKey) {
        Map<String, ConfigValue> byName = perKey.stream().collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        checkExclusive(byName, BinlogConnectorConfig.DATABASE_INCLUDE_CONFIG, BinlogConnectorConfig.DATABASE_EXCLUDE_CONFIG);
        checkExclusive(byName, BinlogConnectorConfig.TABLE_INCLUDE_CONFIG, BinlogConnectorConfig.TABLE_EXCLUDE_CONFIG);
        checkExclusive(byName, BinlogConnectorConfig.COLUMN_INCLUDE_CONFIG, BinlogConnectorConfig.COLUMN_EXCLUDE_CONFIG);
        TlsContext tls = tlsContext(byName);
        // Each live check runs as soon as the keys it needs are valid, whatever else is wrong, so one
        // validation reports every problem at once.
        if (hasErrors(byName, BinlogConnectorConfig.HOSTNAME_CONFIG)) {
            return new Config(perKey);
        }
        boolean portValid = !hasErrors(byName, BinlogConnectorConfig.PORT_CONFIG);
        // With a bad database.port the host names are still checked; the port stands in only for parsing.
        List<ServerAddress> servers = ServerAddress.parseList((String) byName.get(BinlogConnectorConfig.HOSTNAME_CONFIG).value(),
                portValid ? (Integer) byName.get(BinlogConnectorConfig.PORT_CONFIG).value() : 3306);
        boolean resolved = true;
        for (ServerAddress server : servers) {
            resolved &= hostResolves(server, byName);
        }
        if (!resolved || !portValid || hasErrors(byName, BinlogConnectorConfig.USER_CONFIG, BinlogConnectorConfig.PASSWORD_CONFIG,
                BinlogConnectorConfig.CONNECT_TIMEOUT_CONFIG, BinlogConnectorConfig.SERVER_ID_CONFIG)) {
            return new Config(perKey);
        }
        if (tls == null) {
            return new Config(perKey);
        }
        // Every listed server is checked, not only the first: a replica the task may fail over to has to be
        // right before the failover, not found wrong during it.
        for (ServerAddress server : servers) {
            checkServer(server, props, byName, tls);
        }
        return new Config(perKey);
    }

    /** Null, with the problem on its key, when a TLS setting cannot be used (so the server is not tried). */
    private static TlsContext tlsContext(Map<String, ConfigValue> byName) {
        if (hasErrors(byName, BinlogConnectorConfig.SSL_MODE_CONFIG)) {
            return null;
        }
        TlsSettings settings = tlsSettings(byName);
        try {
            return TlsContext.load(settings);
        } catch (TlsSetupException e) {
            byName.get(e.key()).addErrorMessage(e.getMessage());
            return null;
        }
    }

    private static TlsSettings tlsSettings(Map<String, ConfigValue> byName) {
        return new TlsSettings(SslMode.parse((String) byName.get(BinlogConnectorConfig.SSL_MODE_CONFIG).value()),
                (String) byName.get(BinlogConnectorConfig.SSL_TRUSTSTORE_CONFIG).value(),
                (Password) byName.get(BinlogConnectorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG).value(),
                (String) byName.get(BinlogConnectorConfig.SSL_KEYSTORE_CONFIG).value(),
                (Password) byName.get(BinlogConnectorConfig.SSL_KEYSTORE_PASSWORD_CONFIG).value());
    }

    private static void checkExclusive(Map<String, ConfigValue> byName, String include, String exclude) {
        List<?> included = (List<?>) byName.get(include).value();
        List<?> excluded = (List<?>) byName.get(exclude).value();
        if (included != null && excluded != null && !included.isEmpty() && !excluded.isEmpty()) {
            byName.get(exclude).addErrorMessage("Set either " + include + " or " + exclude + ", not both");
        }
    }

    private static boolean hostResolves(ServerAddress server, Map<String, ConfigValue> byName) {
        String host = server.host();
        try {
            java.net.InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            byName.get(BinlogConnectorConfig.HOSTNAME_CONFIG).addErrorMessage("Unknown host '" + host + "': no address found for it");
            return false;
        }
    }

    private static boolean hasErrors(Map<String, ConfigValue> byName, String... keys) {
        for (String key : keys) {
            ConfigValue value = byName.get(key);
            if (value != null && !value.errorMessages().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static void checkServer(ServerAddress server, Map<String, String> props, Map<String, ConfigValue> byName, TlsContext tls) {
        String host = server.host();
        int port = server.port();
        boolean defaultPort = port == (Integer) byName.get(BinlogConnectorConfig.PORT_CONFIG).value();
        String user = (String) byName.get(BinlogConnectorConfig.USER_CONFIG).value();
        Object password = byName.get(BinlogConnectorConfig.PASSWORD_CONFIG).value();
        long timeout = (Long) byName.get(BinlogConnectorConfig.CONNECT_TIMEOUT_CONFIG).value();
        Long configuredId = (Long) byName.get(BinlogConnectorConfig.SERVER_ID_CONFIG).value();
        String name = props.getOrDefault(BinlogConnectorConfig.CONNECTOR_NAME_KEY, props.getOrDefault(BinlogConnectorConfig.TOPIC_PREFIX_CONFIG, ""));
        long serverId = configuredId != null ? configuredId : BinlogConnectorConfig.derivedServerId(name);
        String where = server.toString();
        try (Connection connection = ServerConnection.open(host, port, user,
                password == null ? "" : ((Password) password).value(), timeout, tls)) {
            ServerInfo info = ServerInfo.read(connection);
            for (String problem : ServerPreflight.settingProblems(info)) {
                byName.get(BinlogConnectorConfig.HOSTNAME_CONFIG).addErrorMessage("Server " + where + ": " + problem);
            }
            for (String problem : ServerPreflight.serverIdProblems(connection, info, serverId)) {
                byName.get(BinlogConnectorConfig.SERVER_ID_CONFIG).addErrorMessage("Server " + where + ": " + problem);
            }
            if (!info.mariaDb()) {
                refuseSnapshotsOnMySql(byName, where);
            }
        } catch (SQLException e) {
            Optional<TlsFailure> tlsFailure = TlsFailure.of(e, tls.settings(), where);
            if (tlsFailure.isPresent()) {
                tlsFailure.get().keys().forEach(key -> byName.get(key).addErrorMessage(tlsFailure.get().message()));
                return;
            }
            reportConnectionFailure(e, where, host, user, defaultPort, byName);
            if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
                TlsFailure.loginRefused(tls.settings(), user, where)
                        .ifPresent(hint -> hint.keys().forEach(key -> byName.get(key).addErrorMessage(hint.message())));
            }
        }
    }

    /** Snapshots take a chunk's exact binlog position from MariaDB's Binlog_snapshot_file/position; MySQL has none. */
    private static void refuseSnapshotsOnMySql(Map<String, ConfigValue> byName, String where) {
        ConfigValue mode = byName.get(BinlogConnectorConfig.SNAPSHOT_MODE_CONFIG);
        if (mode.errorMessages().isEmpty() && !"no_data".equalsIgnoreCase(String.valueOf(mode.value()))) {
            mode.addErrorMessage("Server " + where + " is MySQL; snapshots need MariaDB (a chunk's exact binlog position comes from "
                    + "Binlog_snapshot_file/position). Set snapshot.mode=no_data to stream changes only");
        }
        ConfigValue request = byName.get(BinlogConnectorConfig.SNAPSHOT_REQUEST_ID_CONFIG);
        if (request.value() != null && !String.valueOf(request.value()).isBlank()) {
            request.addErrorMessage("Server " + where + " is MySQL; snapshot requests need MariaDB. Leave snapshot.request.id empty");
        }
    }

    private static void reportConnectionFailure(SQLException e, String where, String host, String user, boolean defaultPort,
                                                Map<String, ConfigValue> byName) {
        Throwable root = rootCause(e);
        if (root instanceof UnknownHostException) {
            byName.get(BinlogConnectorConfig.HOSTNAME_CONFIG).addErrorMessage("Unknown host '" + host + "': " + root.getMessage());
        } else if (root instanceof ConnectException || root instanceof SocketTimeoutException) {
            String message = "Cannot reach a server at " + where + ": " + root.getMessage();
            byName.get(BinlogConnectorConfig.HOSTNAME_CONFIG).addErrorMessage(message);
            if (defaultPort) {
                byName.get(BinlogConnectorConfig.PORT_CONFIG).addErrorMessage(message);
            }
        } else if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
            String message = "The server at " + where + " refused the login of '" + user + "': " + e.getMessage();
            byName.get(BinlogConnectorConfig.USER_CONFIG).addErrorMessage(message);
            byName.get(BinlogConnectorConfig.PASSWORD_CONFIG).addErrorMessage(message);
        } else {
            byName.get(BinlogConnectorConfig.HOSTNAME_CONFIG).addErrorMessage("Cannot use the server at " + where + ": " + e.getMessage());
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable current = e;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }
}
