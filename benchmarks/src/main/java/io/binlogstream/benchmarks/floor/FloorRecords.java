package io.binlogstream.benchmarks.floor;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Records of the shape binlogstream gives a W1 insert, built from a counter: the same key and envelope schemas
 * (names, field order, types, optional-ness, null defaults, the source block), values of about the same sizes
 * (120- and 60-character text, a microsecond timestamp) and the event-id header. Written here, not borrowed from
 * the connector, so the floor plugin holds only its own classes. With {@link FloorConfig.Shape#W7} the row is W7's
 * instead ({@code id, committed_us, c} with 100 characters of text), {@code committed_us} given by the task.
 */
final class FloorRecords {
    static final String OFFSET_KEY = "n";
    /** Rows per transaction in W1; the source block's GTID changes at the same pace. */
    private static final long TXN_ROWS = 10_000;
    /** Distinct text values, so the converter encodes real strings without the task hashing per record. */
    private static final int TEXTS = 1024;
    private static final String SERVER_FILE = "mariadb-bin.000001";

    private final FloorConfig config;
    private final Schema keySchema;
    private final Schema rowSchema;
    private final Schema sourceSchema;
    private final Schema envelopeSchema;
    private final Map<String, String> partition;
    private final String[] longTexts = new String[TEXTS];
    private final String[] shortTexts = new String[TEXTS];
    /** W7's text column: the writer's 100 characters, the same in every row. */
    private static final String W7_TEXT = "latency-benchmark-row-".repeat(5).substring(0, 100);
    private final long baseMicros = System.currentTimeMillis() * 1000;

    FloorRecords(FloorConfig config) {
        this.config = config;
        String base = config.topicPrefix() + "." + config.database() + "." + config.table();
        keySchema = SchemaBuilder.struct().name(base + ".Key").field("id", Schema.INT64_SCHEMA).build();
        // binlogstream's value fields: optional with a null default; TIMESTAMP as its MicroTimestamp (int64 micros).
        SchemaBuilder row = SchemaBuilder.struct().name(base + ".Value").optional().field("id", nullable(SchemaBuilder.int64()));
        if (config.shape() == FloorConfig.Shape.W7) {
            row.field("committed_us", nullable(SchemaBuilder.int64())).field("c", nullable(SchemaBuilder.string()));
        } else {
            row.field("k", nullable(SchemaBuilder.int32()))
                    .field("c", nullable(SchemaBuilder.string()))
                    .field("pad", nullable(SchemaBuilder.string()))
                    .field("created", nullable(SchemaBuilder.int64().name("io.binlogstream.time.MicroTimestamp").version(1)));
        }
        rowSchema = row.build();
        sourceSchema = SchemaBuilder.struct().name("io.binlogstream.connect.Source").version(1)
                .field("name", Schema.STRING_SCHEMA)
                .field("server_id", Schema.INT64_SCHEMA)
                .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
                .field("file", Schema.OPTIONAL_STRING_SCHEMA)
                .field("pos", Schema.INT64_SCHEMA)
                .field("row", Schema.INT32_SCHEMA)
                .field("db", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", Schema.STRING_SCHEMA)
                .build();
        envelopeSchema = SchemaBuilder.struct().name(base + ".Envelope").version(1)
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("source", sourceSchema)
                .build();
        partition = Map.of("floor", config.topicPrefix());
        for (int i = 0; i < TEXTS; i++) {
            longTexts[i] = hex(i, 120);
            shortTexts[i] = hex(~i, 60);
        }
    }

    Map<String, String> partition() {
        return partition;
    }

    /**
     * Record {@code id}, built at {@code nowMs} (the envelope's {@code ts_ms}); {@code committedMicros} is W7's
     * {@code committed_us} (the W1 row has none).
     */
    SourceRecord record(long id, long committedMicros, long nowMs) {
        Struct key = new Struct(keySchema).put("id", id);
        Struct row = new Struct(rowSchema).put("id", id);
        if (config.shape() == FloorConfig.Shape.W7) {
            row.put("committed_us", committedMicros).put("c", W7_TEXT);
        } else {
            int slot = (int) (id % TEXTS);
            row.put("k", (int) ((id * 0x9E3779B1L) >>> 33))
                    .put("c", longTexts[slot])
                    .put("pad", shortTexts[slot])
                    .put("created", baseMicros + id);
        }
        String gtid = "0-1-" + (1000 + id / TXN_ROWS);
        Struct source = new Struct(sourceSchema)
                .put("name", config.topicPrefix())
                .put("server_id", 1L)
                .put("gtid", gtid)
                .put("file", SERVER_FILE)
                .put("pos", 4 + id * 250)
                .put("row", 0)
                .put("db", config.database())
                .put("table", config.table())
                .put("ts_ms", nowMs / 1000 * 1000)
                .put("snapshot", "false");
        Struct envelope = new Struct(envelopeSchema)
                .put("after", row)
                .put("op", "c")
                .put("ts_ms", nowMs)
                .put("source", source);
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("binlogstream.event.id", gtid + "/" + (id % TXN_ROWS));
        return new SourceRecord(partition, Map.of(OFFSET_KEY, id), config.topic(), null, keySchema, key,
                envelopeSchema, envelope, null, headers);
    }

    /** Optional, with a null default. */
    private static Schema nullable(SchemaBuilder field) {
        return field.optional().defaultValue(null).build();
    }

    /** Deterministic hex text of the given length (stands in for W1's SHA-2 columns). */
    private static String hex(int seed, int length) {
        StringBuilder sb = new StringBuilder(length);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        while (sb.length() < length) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(Long.toHexString(x));
        }
        sb.setLength(length);
        return sb.toString();
    }
}
