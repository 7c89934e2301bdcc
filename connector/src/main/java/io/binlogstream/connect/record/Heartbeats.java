package io.binlogstream.connect.record;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import io.binlogstream.connect.offset.SourceOffset;

/**
 * Heartbeat records: they carry the offset forward while no captured table changes. Keyed by the server
 * name, so a compacted heartbeat topic keeps one record per connector.
 */
public final class Heartbeats {
    public static final Schema KEY_SCHEMA = SchemaBuilder.struct().name("io.binlogstream.connect.HeartbeatKey").version(1)
            .field("server", Schema.STRING_SCHEMA)
            .build();
    public static final Schema VALUE_SCHEMA = SchemaBuilder.struct().name("io.binlogstream.connect.Heartbeat").version(1)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("gtids", Schema.STRING_SCHEMA)
            .build();

    private final String topic;
    private final String server;
    private final Map<String, String> partition;

    public Heartbeats(String topic, String server) {
        this.topic = topic;
        this.server = server;
        this.partition = SourceOffset.partition(server);
    }

    public SourceRecord record(SourceOffset offset, long nowMs) {
        Struct key = new Struct(KEY_SCHEMA).put("server", server);
        Struct value = new Struct(VALUE_SCHEMA).put("ts_ms", nowMs).put("gtids", offset.gtids());
        return new SourceRecord(partition, offset.toMap(), topic, null, KEY_SCHEMA, key, VALUE_SCHEMA, value);
    }
}
