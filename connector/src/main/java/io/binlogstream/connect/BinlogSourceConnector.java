package io.binlogstream.connect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.binlogstream.connect.binlog.ServerConnection;
import io.binlogstream.connect.binlog.ServerSelector;
import io.binlogstream.connect.binlog.ServerPreflight;
import io.binlogstream.connect.config.BinlogConnectorConfig;
import io.binlogstream.connect.config.ConfigValidation;
import io.binlogstream.connect.config.DeliveryWarnings;
import io.binlogstream.connect.offset.OffsetValidation;
import io.binlogstream.connect.offset.SourceOffset;

/**
 * Streams row changes of one MySQL or MariaDB server (and its failover peers) into Kafka. One task: the
 * binlog is a single ordered stream.
 */
public class BinlogSourceConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogSourceConnector.class);

    /** Added to the task's config: Connect does not tell a task its id (it adds only task.class). Names the task's MBeans. */
    static final String TASK_ID_KEY = "task.id";

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        long started = System.nanoTime();
        BinlogConnectorConfig config = new BinlogConnectorConfig(props);
        ServerSelector.Selected selected;
        try {
            selected = new ServerSelector(config).select(null, null);
        } catch (ServerSelector.NoServerAvailable e) {
            throw new ConnectException(e.getMessage(), e);
        }
        List<String> problems;
        try (Connection connection = ServerConnection.open(config, selected.address())) {
            problems = ServerPreflight.serverIdProblems(connection, selected.info(), config.serverId());
        } catch (SQLException e) {
            throw new ConnectException("Cannot connect to " + selected.address() + " as " + config.user() + ": "
                    + ServerConnection.failureMessage(config, selected.address(), e), e);
        }
        if (!problems.isEmpty()) {
            throw new ConnectException("Server " + selected.address() + " cannot be streamed from: " + String.join("; ", problems));
        }
        DeliveryWarnings.of(props).forEach(warning -> LOG.warn("Connector {}: {}", props.get(BinlogConnectorConfig.CONNECTOR_NAME_KEY), warning));
        LOG.info("Connector {} checked server {} ({}) in {} ms", props.get(BinlogConnectorConfig.CONNECTOR_NAME_KEY),
                selected.address(), selected.info().version(), (System.nanoTime() - started) / 1_000_000);
        Map<String, String> resolved = new HashMap<>(props);
        resolved.put(BinlogConnectorConfig.SERVER_ID_CONFIG, Long.toString(config.serverId()));
        this.props = Map.copyOf(resolved);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return BinlogSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        Map<String, String> task = new HashMap<>(props);
        task.put(TASK_ID_KEY, "0"); // one task: the binlog is one ordered stream
        return List.of(Map.copyOf(task));
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return BinlogConnectorConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        DeliveryWarnings.of(connectorConfigs).forEach(warning -> LOG.warn("Connector {}: {}",
                connectorConfigs.get(BinlogConnectorConfig.CONNECTOR_NAME_KEY), warning));
        List<ConfigValue> perKey = config().validate(connectorConfigs);
        return ConfigValidation.validate(connectorConfigs, perKey);
    }

    /**
     * Lets an operator set or reset the position over Connect's offsets REST API (connector stopped). The
     * partition must be this connector's ({@code {"server": <topic.prefix>}}) and the offset one this version
     * reads: {@code {"v": 1, "gtids": "<MySQL GTID set or MariaDB GTID position>"}}, optionally with
     * {@code "txn"} and {@code "rows"}. A reset (null offset) makes the next start begin at the server's current
     * position.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        String prefix = connectorConfig.get(BinlogConnectorConfig.TOPIC_PREFIX_CONFIG);
        Map<String, String> partition = SourceOffset.partition(prefix);
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            if (!partition.equals(entry.getKey())) {
                throw new ConnectException("This connector's offsets have the partition " + partition
                        + " (its topic.prefix); got " + entry.getKey());
            }
            if (entry.getValue() != null) {
                OffsetValidation.check(entry.getValue());
            }
        }
        return true;
    }

    /** Kafka transactions may end only where database transactions do: see {@link TransactionBoundaries}. */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Offsets are committed in the same Kafka transaction as the records they follow.
        return ExactlyOnceSupport.SUPPORTED;
    }
}
