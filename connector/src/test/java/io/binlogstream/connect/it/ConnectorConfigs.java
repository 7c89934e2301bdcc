package io.binlogstream.connect.it;

import java.util.HashMap;
import java.util.Map;

import io.binlogstream.testkit.Stack;

/** The connector config the end-to-end tests start from: the stack's MariaDB, one database, Avro through the registry. */
final class ConnectorConfigs {
    private ConnectorConfigs() {
    }

    /** A mutable config capturing {@code database} under topic prefix {@code prefix}; tests add what they test. */
    static Map<String, String> avro(Stack stack, String prefix, String database) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.binlogstream.connect.BinlogSourceConnector");
        config.put("tasks.max", "1");
        config.put("database.hostname", stack.mariaDb().host());
        config.put("database.port", Integer.toString(stack.mariaDb().port()));
        config.put("database.user", stack.mariaDb().connectorUser());
        config.put("database.password", stack.mariaDb().connectorPassword());
        config.put("topic.prefix", prefix);
        config.put("database.include.list", database);
        config.put("key.converter", "io.binlogstream.converters.AvroConverter");
        config.put("key.converter.schema.registry.url", stack.registry().url());
        config.put("value.converter", "io.binlogstream.converters.AvroConverter");
        config.put("value.converter.schema.registry.url", stack.registry().url());
        config.put("topic.creation.default.replication.factor", "-1");
        config.put("topic.creation.default.partitions", "1");
        return config;
    }
}
