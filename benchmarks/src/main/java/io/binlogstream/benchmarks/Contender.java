package io.binlogstream.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.binlogstream.testkit.Stack;

/** The two connectors under test and the configuration each gets; everything not named here is shared. */
enum Contender {
    BINLOGSTREAM("binlogstream", "bls"),
    DEBEZIUM("debezium", "dbz");

    final String label;
    final String prefix;

    Contender(String label, String prefix) {
        this.label = label;
        this.prefix = prefix;
    }

    /**
     * Producer settings both connectors get as {@code producer.override.*}: larger batches and a short
     * linger, as a throughput-minded user would set them. Same for both, so neither gains from them alone.
     */
    static final Map<String, String> PRODUCER_OVERRIDES = Map.of(
            "linger.ms", "10",
            "batch.size", "262144",
            "compression.type", "none");

    /**
     * {@link #PRODUCER_OVERRIDES}, with {@code bench.producer.overrides} (comma-separated {@code key=value}, an empty
     * value removes the key) applied on top, to measure other producer settings.
     */
    static Map<String, String> producerOverrides() {
        Map<String, String> overrides = new java.util.TreeMap<>(PRODUCER_OVERRIDES);
        for (String setting : System.getProperty("bench.producer.overrides", "").split(",")) {
            String[] kv = setting.split("=", 2);
            if (kv.length == 2 && !kv[0].isBlank()) {
                if (kv[1].isBlank()) {
                    overrides.remove(kv[0].trim());
                } else {
                    overrides.put(kv[0].trim(), kv[1].trim());
                }
            }
        }
        return overrides;
    }

    /** Connector config for one run: its own topic prefix, server id and (for Debezium) history topic. */
    Map<String, String> config(Stack stack, String topicPrefix, String table, int run) {
        Map<String, String> c = new LinkedHashMap<>();
        String registry = stack.registry().url();
        switch (this) {
            case BINLOGSTREAM -> {
                c.put("connector.class", "io.binlogstream.connect.BinlogSourceConnector");
                c.put("database.user", stack.mariaDb().connectorUser());
                c.put("database.password", stack.mariaDb().connectorPassword());
                c.put("database.server.id", Integer.toString(1000 + run));
                c.put("database.include.list", Workload.DATABASE);
                c.put("table.include.list", Workload.DATABASE + "\\." + table);
                // Drain mode starts from the binlog's end; the table is fresh and empty, but say so (default: initial).
                c.put("snapshot.mode", "no_data");
            }
            case DEBEZIUM -> {
                c.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
                // The admin user: Debezium's no_data snapshot reads the schema with privileges (SHOW
                // CREATE TABLE, LOCK TABLES checks) the narrow binlogstream user does not hold. The user
                // does not change what the binlog stream costs.
                c.put("database.user", stack.mariaDb().adminUser());
                c.put("database.password", stack.mariaDb().adminPassword());
                c.put("database.server.id", Integer.toString(2000 + run));
                c.put("database.include.list", Workload.DATABASE);
                c.put("table.include.list", Workload.DATABASE + "\\." + table);
                // Drain mode starts from the binlog's end: read the captured table's schema, no rows,
                // and take no global read lock (the benchmark writes nothing while this runs anyway).
                c.put("snapshot.mode", "no_data");
                c.put("snapshot.locking.mode", "none");
                c.put("schema.history.internal.kafka.bootstrap.servers", stack.kafka().bootstrapServers());
                c.put("schema.history.internal.kafka.topic", topicPrefix + ".schema-history");
                // Only row changes reach Kafka in both runs; binlogstream writes no schema-change topic.
                c.put("include.schema.changes", "false");
            }
            default -> throw new IllegalStateException();
        }
        c.put("tasks.max", "1");
        c.put("database.hostname", stack.mariaDb().host());
        c.put("database.port", Integer.toString(stack.mariaDb().port()));
        c.put("topic.prefix", topicPrefix);
        c.put("key.converter", "io.binlogstream.converters.AvroConverter");
        c.put("key.converter.schema.registry.url", registry);
        c.put("value.converter", "io.binlogstream.converters.AvroConverter");
        c.put("value.converter.schema.registry.url", registry);
        producerOverrides().forEach((k, v) -> c.put("producer.override." + k, v));
        return c;
    }
}
