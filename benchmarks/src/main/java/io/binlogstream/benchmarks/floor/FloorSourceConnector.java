package io.binlogstream.benchmarks.floor;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * The benchmark's floor (issue 6): a source connector with no database that emits {@code rows} records shaped like
 * binlogstream's W1 change events, as fast as Connect polls, through whatever converter and producer settings the
 * worker gives it. What it costs per record is what every connector on this worker pays at least (Connect's
 * framework, the converter, the producer); a real connector's CPU per event divided by the floor's shows what its
 * own work adds. Packaged as its own plugin directory (only this package) by the benchmarks module.
 */
public class FloorSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        FloorConfig.parse(props); // fail at creation, not in the task, on a bad setting
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FloorSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        // One task: the records form one ordered stream into one partition, like a binlog's.
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return FloorConfig.DEF;
    }

    @Override
    public String version() {
        return FloorConfig.VERSION;
    }
}
