package io.binlogstream.connect.mapping;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Connect schemas for values whose meaning a primitive type alone does not carry. Names live under
 * {@code io.binlogstream.} so every converter keeps them, and the Avro converter maps them to Avro logical
 * types (see the design's value table).
 */
public final class SemanticTypes {
    public static final String DATE = "io.binlogstream.time.Date";
    public static final String LOCAL_MICRO_TIMESTAMP = "io.binlogstream.time.LocalMicroTimestamp";
    public static final String MICRO_TIMESTAMP = "io.binlogstream.time.MicroTimestamp";
    public static final String MICRO_DURATION = "io.binlogstream.time.MicroDuration";
    public static final String YEAR = "io.binlogstream.time.Year";
    public static final String JSON = "io.binlogstream.data.Json";
    public static final String ENUM = "io.binlogstream.data.Enum";
    public static final String SET = "io.binlogstream.data.Set";
    public static final String BITS = "io.binlogstream.data.Bits";
    public static final String GEOMETRY = "io.binlogstream.data.Geometry";
    public static final String VECTOR = "io.binlogstream.data.Vector";
    /** The Avro converter writes this name as the logical type uuid. */
    public static final String UUID = "io.binlogstream.data.Uuid";
    public static final String INET4 = "io.binlogstream.data.Inet4";
    public static final String INET6 = "io.binlogstream.data.Inet6";

    /** Schema parameter holding a DECIMAL's precision, which registry converters read. */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";
    public static final String ALLOWED_VALUES = "allowed";
    public static final String LENGTH = "length";

    private SemanticTypes() {
    }

    public static SchemaBuilder decimal(int precision, int scale) {
        return Decimal.builder(scale).parameter(DECIMAL_PRECISION, Integer.toString(precision));
    }

    public static SchemaBuilder named(Schema.Type type, String name) {
        return SchemaBuilder.type(type).name(name).version(1);
    }

    public static SchemaBuilder geometry() {
        return SchemaBuilder.struct().name(GEOMETRY).version(1)
                .field("srid", Schema.OPTIONAL_INT32_SCHEMA)
                .field("wkb", Schema.BYTES_SCHEMA);
    }

    public static SchemaBuilder vector() {
        return SchemaBuilder.array(Schema.FLOAT32_SCHEMA).name(VECTOR).version(1);
    }
}
