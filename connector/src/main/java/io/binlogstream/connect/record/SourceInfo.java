package io.binlogstream.connect.record;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The envelope's {@code source} block: where a change came from. {@code ts_ms} is the server's event time
 * (MySQL: the commit time; MariaDB: the event header's time, whole seconds).
 */
public final class SourceInfo {
    public static final Schema SCHEMA = SchemaBuilder.struct().name("io.binlogstream.connect.Source").version(1)
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

    private SourceInfo() {
    }

    public static Struct of(String name, long serverId, String gtid, String file, long pos, int row,
                            String db, String table, long tsMs) {
        return new Struct(SCHEMA)
                .put("name", name)
                .put("server_id", serverId)
                .put("gtid", gtid)
                .put("file", file)
                .put("pos", pos)
                .put("row", row)
                .put("db", db)
                .put("table", table)
                .put("ts_ms", tsMs)
                .put("snapshot", "false");
    }
}
