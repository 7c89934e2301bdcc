package io.binlogstream.converters;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connect schemas and values shaped like the connector's, with every type the converter maps. */
public final class TestData {

    public static final String PRECISION = "connect.decimal.precision";

    private TestData() {
    }

    public static SchemaBuilder decimal(int precision, int scale) {
        return Decimal.builder(scale).parameter(PRECISION, Integer.toString(precision));
    }

    /** A row of a table with a column of every kind (design, "Values"), all optional as value fields are. */
    public static Schema rowSchema(String name) {
        return rowBuilder(name).build();
    }

    /** As the envelope's before and after hold it. */
    public static Schema optionalRowSchema(String name) {
        return rowBuilder(name).optional().build();
    }

    private static SchemaBuilder rowBuilder(String name) {
        Schema geometry = SchemaBuilder.struct().name("io.binlogstream.data.Geometry").version(1)
                .doc("GEOMETRY as SRID and WKB")
                .field("srid", Schema.OPTIONAL_INT32_SCHEMA)
                .field("wkb", Schema.BYTES_SCHEMA)
                .optional().build();
        return SchemaBuilder.struct().name(name).version(3).doc("row of db.t")
                .field("id", Schema.INT64_SCHEMA)
                .field("tiny", Schema.OPTIONAL_INT8_SCHEMA)
                .field("small", Schema.OPTIONAL_INT16_SCHEMA)
                .field("medium", Schema.OPTIONAL_INT32_SCHEMA)
                .field("year", SchemaBuilder.int16().optional().doc("YEAR").build())
                .field("f", Schema.OPTIONAL_FLOAT32_SCHEMA)
                .field("d", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("bit1", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                .field("bits", SchemaBuilder.bytes().name("io.binlogstream.data.Bits").parameter("length", "12").optional().build())
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("bin", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("big_unsigned", decimal(20, 0).optional().build())
                .field("wide_decimal", decimal(65, 30).optional().build())
                .field("money", decimal(10, 2).optional().build())
                .field("born", SchemaBuilder.int32().name("io.binlogstream.time.Date").version(1).optional().build())
                .field("updated", SchemaBuilder.int64().name("io.binlogstream.time.LocalMicroTimestamp").version(1).optional().build())
                .field("created", SchemaBuilder.int64().name("io.binlogstream.time.MicroTimestamp").version(1).optional().build())
                .field("duration", SchemaBuilder.int64().name("io.binlogstream.time.MicroTime").version(1).optional().build())
                .field("connect_date", Date.builder().optional().build())
                .field("connect_time", Time.builder().optional().build())
                .field("connect_ts", Timestamp.builder().optional().build())
                .field("uuid", SchemaBuilder.string().name("io.binlogstream.data.Uuid").version(1).optional().build())
                .field("doc", SchemaBuilder.string().name("io.binlogstream.data.Json").version(1).optional().build())
                .field("vector", SchemaBuilder.array(Schema.FLOAT32_SCHEMA).optional().build())
                .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA).optional().build())
                .field("by_code", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).optional().build())
                .field("geo", geometry)
                .field("shapes", SchemaBuilder.array(geometry).optional().build());
    }

    public static Struct row(Schema schema, long id) {
        Schema geometry = schema.field("geo").schema();
        Map<String, Long> attrs = new LinkedHashMap<>();
        attrs.put("a", 1L);
        attrs.put("b", null);
        Map<Integer, String> byCode = new LinkedHashMap<>();
        byCode.put(404, "not found");
        byCode.put(-1, "");
        return new Struct(schema)
                .put("id", id)
                .put("tiny", (byte) -128)
                .put("small", (short) 32767)
                .put("medium", -8388608)
                .put("year", (short) 0)
                .put("f", 1.5f)
                .put("d", -0.1)
                .put("bit1", true)
                .put("bits", new byte[] {0x0f, (byte) 0xff})
                .put("name", "Zoë ☃ 𝄞")
                .put("bin", new byte[] {0, 1, 0, 0})
                .put("big_unsigned", new BigDecimal("18446744073709551615"))
                .put("wide_decimal", new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890"))
                .put("money", new BigDecimal("0.01"))
                .put("born", -719162) // 0001-01-01
                .put("updated", 253402300799999999L) // 9999-12-31 23:59:59.999999
                .put("created", 1_700_000_000_123_456L)
                .put("duration", -3_020_399_000_000L) // -838:59:59
                .put("connect_date", new java.util.Date(19_000L * 86_400_000L))
                .put("connect_time", new java.util.Date(45_296_789L))
                .put("connect_ts", new java.util.Date(1_700_000_000_123L))
                .put("uuid", "123e4567-e89b-12d3-a456-426614174000")
                .put("doc", "{\"a\": [1, 2]}")
                .put("vector", List.of(0.5f, -1f, Float.MAX_VALUE))
                .put("tags", Arrays.asList("x", null, ""))
                .put("attrs", attrs)
                .put("by_code", byCode)
                .put("geo", new Struct(geometry).put("srid", 4326).put("wkb", "WKB".getBytes(StandardCharsets.US_ASCII)))
                .put("shapes", new ArrayList<>(List.of(new Struct(geometry).put("wkb", new byte[0]))));
    }

    /** A struct of flat columns with a plausible value in each (for evolution tests). */
    public static Struct sample(Schema schema) {
        Struct struct = new Struct(schema);
        for (org.apache.kafka.connect.data.Field f : schema.fields()) {
            Schema s = f.schema();
            Object v = switch (s.type()) {
                case INT8 -> (byte) 1;
                case INT16 -> (short) 1;
                case INT32 -> 1;
                case INT64 -> 1L;
                case FLOAT32 -> 1f;
                case FLOAT64 -> 1d;
                case BOOLEAN -> true;
                case STRING -> "s";
                case BYTES -> Decimal.LOGICAL_NAME.equals(s.name())
                        ? BigDecimal.ONE.setScale(Integer.parseInt(s.parameters().get(Decimal.SCALE_FIELD)))
                        : new byte[] {1};
                default -> throw new IllegalArgumentException("flat columns only: " + s.type());
            };
            struct.put(f, v);
        }
        return struct;
    }

    /** The same row with every optional field null. */
    public static Struct nullRow(Schema schema, long id) {
        return new Struct(schema).put("id", id);
    }

    /** Debezium-shaped envelope: before and after share the row schema. */
    public static Schema envelopeSchema(String prefix, Schema row) {
        Schema source = SchemaBuilder.struct().name("io.binlogstream.connect.Source")
                .field("name", Schema.STRING_SCHEMA)
                .field("server_id", Schema.INT64_SCHEMA)
                .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
                .field("file", Schema.STRING_SCHEMA)
                .field("pos", Schema.INT64_SCHEMA)
                .field("row", Schema.INT32_SCHEMA)
                .field("db", Schema.STRING_SCHEMA)
                .field("table", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", SchemaBuilder.string().defaultValue("false").build())
                .build();
        return SchemaBuilder.struct().name(prefix + ".Envelope").version(1)
                .field("before", row)
                .field("after", row)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("source", source)
                .build();
    }

    public static Struct envelope(Schema envelopeSchema, Struct before, Struct after, String op) {
        Schema source = envelopeSchema.field("source").schema();
        return new Struct(envelopeSchema)
                .put("before", before)
                .put("after", after)
                .put("op", op)
                .put("ts_ms", 1_700_000_000_000L)
                .put("source", new Struct(source).put("name", "shop").put("server_id", 1L)
                        .put("gtid", "0-1-42").put("file", "mariadb-bin.000001").put("pos", 4L)
                        .put("row", 0).put("db", "db").put("table", "t").put("ts_ms", 1_700_000_000_000L)
                        .put("snapshot", "false"));
    }
}
