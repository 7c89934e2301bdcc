package io.binlogstream.connect;

import java.util.HashMap;
import java.util.Map;

import io.binlogstream.testkit.MariaDbServer;

/** Connector properties for tests against a real server: its address, the connector's own user, a prefix. */
public final class LiveConfigs {
    private LiveConfigs() {
    }

    /** A mutable map; tests add the keys they are about. The connector's name is the prefix. */
    public static Map<String, String> props(MariaDbServer server, String prefix) {
        Map<String, String> props = new HashMap<>();
        props.put("name", prefix);
        props.put("database.hostname", server.host());
        props.put("database.port", Integer.toString(server.port()));
        props.put("database.user", server.connectorUser());
        props.put("database.password", server.connectorPassword());
        props.put("topic.prefix", prefix);
        return props;
    }
}
