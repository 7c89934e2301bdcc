package io.binlogstream.benchmarks.floor;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The floor connector's settings: how many records, where to, the names its schemas take after binlogstream's, and
 * for W7 the pace and the row shape.
 */
record FloorConfig(long rows, String topicPrefix, String database, String table, int maxBatchSize, long startHoldMs, int rate,
                   Shape shape) {
    static final String VERSION = "0.1.0-floor";
    static final String ROWS = "rows";
    static final String TOPIC_PREFIX = "topic.prefix";
    static final String DATABASE = "database";
    static final String TABLE = "table";
    static final String MAX_BATCH_SIZE = "max.batch.size";
    static final String START_HOLD_MS = "start.hold.ms";
    static final String RATE = "rate";
    static final String SHAPE = "shape";

    /** The row the records carry: W1's ({@code id, k, c, pad, created}) or W7's ({@code id, committed_us, c}). */
    enum Shape { W1, W7 }

    static final ConfigDef DEF = new ConfigDef()
            .define(ROWS, Type.LONG, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(1), Importance.HIGH,
                    "Records to emit (ids 1..rows), then nothing.")
            .define(TOPIC_PREFIX, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Topic <prefix>.<database>.<table>, and the schema names' prefix, as binlogstream names them.")
            .define(DATABASE, Type.STRING, "bench", Importance.MEDIUM, "The database named in topic, schemas and source block.")
            .define(TABLE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "The table named in topic, schemas and source block.")
            // binlogstream's default, so Connect gets batches of the same size from both.
            .define(MAX_BATCH_SIZE, Type.INT, 2048, ConfigDef.Range.between(1, 1_000_000), Importance.LOW,
                    "Most records one poll() returns.")
            // Drain mode: the harness pauses the running task before it emits anything, as it pauses the real
            // connectors before writing; the hold gives it time to do so.
            .define(START_HOLD_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "poll() returns nothing for this long after the task starts.")
            .define(RATE, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Records a second, emitted as they fall due in 1 ms ticks (W7's live runs); 0: all at once, as fast as"
                            + " Connect polls (drain mode).")
            .define(SHAPE, Type.STRING, "W1", ConfigDef.ValidString.in("W1", "W7"), Importance.MEDIUM,
                    "W1: W1's row; W7: W7's row, whose committed_us is the moment the record fell due at the rate (microseconds).");

    static FloorConfig parse(Map<String, String> props) {
        AbstractConfig c = new AbstractConfig(DEF, props);
        return new FloorConfig(c.getLong(ROWS), c.getString(TOPIC_PREFIX), c.getString(DATABASE), c.getString(TABLE),
                c.getInt(MAX_BATCH_SIZE), c.getLong(START_HOLD_MS), c.getInt(RATE), Shape.valueOf(c.getString(SHAPE)));
    }

    String topic() {
        return topicPrefix + "." + database + "." + table;
    }
}
