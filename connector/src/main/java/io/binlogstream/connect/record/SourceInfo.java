package io.binlogstream.connect.record;

import org.apache.kafka.connect.data.Field;
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
    private static final Field NAME = SCHEMA.field("name");
    private static final Field SERVER_ID = SCHEMA.field("server_id");
    private static final Field GTID = SCHEMA.field("gtid");
    private static final Field FILE = SCHEMA.field("file");
    private static final Field POS = SCHEMA.field("pos");
    private static final Field ROW = SCHEMA.field("row");
    private static final Field DB = SCHEMA.field("db");
    private static final Field TABLE = SCHEMA.field("table");
    private static final Field TS_MS = SCHEMA.field("ts_ms");
    private static final Field SNAPSHOT = SCHEMA.field("snapshot");

    private SourceInfo() {
    }

    public static Struct of(String name, long serverId, String gtid, String file, long pos, int row,
                            String db, String table, long tsMs) {
        Struct source = new Struct(SCHEMA);
        Structs.put(source, NAME, name);
        Structs.put(source, SERVER_ID, serverId);
        if (gtid != null) {
            Structs.put(source, GTID, gtid);
        }
        if (file != null) {
            Structs.put(source, FILE, file);
        }
        Structs.put(source, POS, pos);
        Structs.put(source, ROW, row);
        Structs.put(source, DB, db);
        Structs.put(source, TABLE, table);
        Structs.put(source, TS_MS, tsMs);
        Structs.put(source, SNAPSHOT, "false");
        return source;
    }
}
