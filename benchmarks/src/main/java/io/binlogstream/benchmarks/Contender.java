package io.binlogstream.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.binlogstream.testkit.Stack;

/** The connectors under test and the configuration each gets; everything not named here is shared. */
enum Contender {
    BINLOGSTREAM("binlogstream", "bls"),
    /**
     * binlogstream again, with {@code bench.variant.config} ({@code key=value,...}) on top of its config: a setting
     * (a queue size, a batch size) measured A-B against the defaults in one run.
     */
    BINLOGSTREAM_VARIANT("binlogstream-variant", "blv"),
    DEBEZIUM("debezium", "dbz"),
    /** Debezium as it comes: no {@code producer.override.*}, only what drain mode needs (see {@link #config}). */
    DEBEZIUM_DEFAULTS("debezium-defaults", "dbd"),
    /**
     * The floor: {@code io.binlogstream.benchmarks.floor}, no database, W1-shaped records from a counter through the
     * same converter and producer settings (W7: W7-shaped, at the run's rate, {@link #pacedFloorConfig}). Stream mode only.
     */
    FLOOR("floor", "flr");

    /** What a run measures, which decides the snapshot settings. */
    enum Mode {
        /** Drain runs (W1-W6): no snapshot of rows, the binlog from its end. */
        STREAM,
        /** The initial snapshot of an existing table (then the binlog, idle during the run). */
        SNAPSHOT
    }

    /**
     * The user Debezium gets in snapshot runs, created by {@link SnapshotBenchmark} with the privileges Debezium's
     * MariaDB documentation lists for the connector's user.
     */
    static final String DEBEZIUM_USER = "debezium";
    static final String DEBEZIUM_PASSWORD = "debezium-pw";

    /**
     * How long the floor's task emits nothing after its start: long enough for the harness to see it RUNNING and pause
     * it on a loaded machine (see {@link DrainRun}).
     */
    static final Duration FLOOR_START_HOLD = Duration.ofSeconds(15);

    final String label;
    final String prefix;

    Contender(String label, String prefix) {
        this.label = label;
        this.prefix = prefix;
    }

    /**
     * Producer settings every contender but {@link #DEBEZIUM_DEFAULTS} gets as {@code producer.override.*}: larger batches and a short
     * linger, as a throughput-minded user would set them. The same for each, so none gains from them alone.
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
        return applied(PRODUCER_OVERRIDES, "bench.producer.overrides");
    }

    /** {@code base} with the system property's comma-separated {@code key=value} applied; an empty value removes the key. */
    private static Map<String, String> applied(Map<String, String> base, String property) {
        Map<String, String> settings = new TreeMap<>(base);
        for (String setting : System.getProperty(property, "").split(",")) {
            String[] kv = setting.split("=", 2);
            if (kv.length == 2 && !kv[0].isBlank()) {
                if (kv[1].isBlank()) {
                    settings.remove(kv[0].trim());
                } else {
                    settings.put(kv[0].trim(), kv[1].trim());
                }
            }
        }
        return settings;
    }

    /** Whether it reads the binlog (the floor does not: no dump connection to wait for, no rows to write). */
    boolean readsBinlog() {
        return this != FLOOR;
    }

    /**
     * Parses {@code bench.contenders}-style text: comma-separated labels, kept in the order given (the first pair's
     * order), each once.
     */
    static List<Contender> parse(String labels) {
        Set<Contender> list = new LinkedHashSet<>();
        for (String l : labels.toLowerCase(Locale.ROOT).split(",")) {
            if (l.isBlank()) {
                continue;
            }
            Contender c = Arrays.stream(values()).filter(v -> v.label.equals(l.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown contender '" + l.trim()
                            + "' in bench.contenders; known: binlogstream, binlogstream-variant, debezium, debezium-defaults, floor"));
            list.add(c);
        }
        return new ArrayList<>(list);
    }

    /**
     * Connector config for one run: its own topic prefix, server id and (for Debezium) history topic.
     *
     * @param tablePattern the captured tables of database {@code bench}: a table name or a regular expression over
     *                     table names (both connectors match {@code table.include.list} against the whole name)
     */
    Map<String, String> config(Stack stack, Mode mode, String topicPrefix, String tablePattern, int run) {
        return config(stack, mode, topicPrefix, tablePattern, run, 0, true);
    }

    /**
     * As above; {@code rows} is what the floor emits (the others take the rows from the binlog), and without
     * {@code sharedOverrides} no contender gets {@link #producerOverrides()} (W7's Connect defaults), while the
     * variant still gets its own settings, producer ones included.
     */
    Map<String, String> config(Stack stack, Mode mode, String topicPrefix, String tablePattern, int run, long rows,
                               boolean sharedOverrides) {
        Map<String, String> c = new LinkedHashMap<>();
        String registry = stack.registry().url();
        if (this == FLOOR) {
            if (mode != Mode.STREAM) {
                throw new IllegalArgumentException("the floor runs in stream mode only (W1, W7)");
            }
            c.put("connector.class", "io.binlogstream.benchmarks.floor.FloorSourceConnector");
            c.put("tasks.max", "1");
            c.put("rows", Long.toString(rows));
            c.put("topic.prefix", topicPrefix);
            c.put("database", Workload.DATABASE);
            c.put("table", tablePattern); // W1 only: one table, named plainly
            c.put("start.hold.ms", Long.toString(FLOOR_START_HOLD.toMillis()));
            c.putAll(ConverterChoice.current().settings(registry));
            if (sharedOverrides) {
                c.putAll(prefixedProducerOverrides());
            }
            return c;
        }
        switch (this) {
            case BINLOGSTREAM, BINLOGSTREAM_VARIANT -> {
                c.put("connector.class", "io.binlogstream.connect.BinlogSourceConnector");
                c.put("database.user", stack.mariaDb().connectorUser());
                c.put("database.password", stack.mariaDb().connectorPassword());
                c.put("database.server.id", Integer.toString(1000 + run));
                // Snapshot runs read the existing table; drain runs start from the binlog's end (the default is initial).
                c.put("snapshot.mode", mode == Mode.SNAPSHOT ? "initial" : "no_data");
            }
            case DEBEZIUM, DEBEZIUM_DEFAULTS -> {
                c.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
                c.put("database.server.id", Integer.toString(2000 + run));
                if (mode == Mode.SNAPSHOT) {
                    // Its default snapshot: mode initial (stated, it is the default) and the default locking
                    // (snapshot.locking.mode=minimal), as the user its documentation describes.
                    c.put("database.user", DEBEZIUM_USER);
                    c.put("database.password", DEBEZIUM_PASSWORD);
                    c.put("snapshot.mode", "initial");
                } else {
                    // The admin user: Debezium's no_data snapshot reads the schema with privileges (SHOW
                    // CREATE TABLE, LOCK TABLES checks) the narrow binlogstream user does not hold. The user
                    // does not change what the binlog stream costs.
                    c.put("database.user", stack.mariaDb().adminUser());
                    c.put("database.password", stack.mariaDb().adminPassword());
                    // Drain mode starts from the binlog's end: read the captured table's schema, no rows,
                    // and take no global read lock (the benchmark writes nothing while this runs anyway).
                    c.put("snapshot.mode", "no_data");
                    c.put("snapshot.locking.mode", "none");
                }
                c.put("schema.history.internal.kafka.bootstrap.servers", stack.kafka().bootstrapServers());
                c.put("schema.history.internal.kafka.topic", historyTopic(topicPrefix));
                // Only row changes reach Kafka in both runs; binlogstream writes no schema-change topic.
                c.put("include.schema.changes", "false");
            }
            default -> throw new IllegalStateException();
        }
        c.put("database.include.list", Workload.DATABASE);
        c.put("table.include.list", Workload.DATABASE + "\\." + tablePattern);
        c.put("tasks.max", "1");
        c.put("database.hostname", stack.mariaDb().host());
        c.put("database.port", Integer.toString(stack.mariaDb().port()));
        c.put("topic.prefix", topicPrefix);
        c.putAll(ConverterChoice.current().settings(registry));
        if (sharedOverrides && this != DEBEZIUM_DEFAULTS) {
            c.putAll(prefixedProducerOverrides());
        }
        c.putAll(ownSettings());
        return c;
    }

    /**
     * W7's floor: {@code rows} records of W7's row, {@code rate} a second from the task's start, each carrying the
     * moment it fell due as {@code committed_us}; otherwise as in {@link #config} (same converter, the shared producer
     * overrides only with {@code sharedOverrides}).
     */
    static Map<String, String> pacedFloorConfig(Stack stack, String topicPrefix, String table, long rows, int rate,
                                                boolean sharedOverrides) {
        Map<String, String> c = FLOOR.config(stack, Mode.STREAM, topicPrefix, table, 0, rows, sharedOverrides);
        c.put("start.hold.ms", "0"); // live: nothing to pause for
        c.put("rate", Integer.toString(rate));
        c.put("shape", "W7");
        return c;
    }

    /** The reports' setup line naming the variant's own settings, if it ran (else empty). */
    static String variantLine(Collection<Contender> ran) {
        if (!ran.contains(BINLOGSTREAM_VARIANT)) {
            return "";
        }
        return "- `binlogstream-variant`: binlogstream with " + asCode(BINLOGSTREAM_VARIANT.ownSettings())
                + " (`bench.variant.config`) on top of its settings.\n";
    }

    /** Settings for a report: {@code `key=value`, ...} in the map's order. */
    static String asCode(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", "));
    }

    /** {@link #producerOverrides()} as connector settings ({@code producer.override.<key>}), sorted by key. */
    static Map<String, String> prefixedProducerOverrides() {
        Map<String, String> prefixed = new TreeMap<>();
        producerOverrides().forEach((k, v) -> prefixed.put("producer.override." + k, v));
        return prefixed;
    }

    /** What this contender sets on top of the shared settings: the variant's {@code bench.variant.config}, else nothing. */
    Map<String, String> ownSettings() {
        return this == BINLOGSTREAM_VARIANT ? applied(Map.of(), "bench.variant.config") : Map.of();
    }

    /** Debezium's schema history topic of a run. */
    static String historyTopic(String topicPrefix) {
        return topicPrefix + ".schema-history";
    }

    /** The topic a connector with this prefix writes the table's rows to (the same naming in both). */
    static String tableTopic(String topicPrefix, String table) {
        return topicPrefix + "." + Workload.DATABASE + "." + table;
    }
}
