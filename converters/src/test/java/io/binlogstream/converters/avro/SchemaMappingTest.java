package io.binlogstream.converters.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.binlogstream.converters.TestData;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(org.apache.avro.Schema avro) throws Exception {
        return JSON.readTree(avro.toString());
    }

    private static JsonNode field(JsonNode record, String name) {
        for (JsonNode f : record.get("fields")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + record);
    }

    @Test
    void rowWithEveryTypeRoundTripsLosslessly() {
        Schema schema = TestData.rowSchema("shop.db.t.Value");
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        rt.assertLossless(TestData.row(schema, 1));
        rt.assertLossless(TestData.nullRow(schema, 2));
    }

    @Test
    void envelopeDefinesTheSharedRowRecordOnceAndRoundTrips() throws Exception {
        Schema row = TestData.optionalRowSchema("shop.db.t.Value");
        Schema envelope = TestData.envelopeSchema("shop.db.t", row);
        AvroRoundTrip rt = new AvroRoundTrip(envelope);

        String text = rt.avro.toString();
        assertThat(text.split("\"name\":\"Value\"", -1)).as("Value defined once").hasSize(2);
        JsonNode after = field(json(rt.avro), "after");
        assertThat(after.get("type").get(1).asText()).as("a reference to the record").isEqualTo("Value");
        assertThat(after.get("default").isNull()).isTrue();
        assertThat(rt.parsed.getField("after").schema().getTypes().get(1))
                .isSameAs(rt.parsed.getField("before").schema().getTypes().get(1));

        rt.assertLossless(TestData.envelope(envelope, null, TestData.row(row, 1), "c"));
        rt.assertLossless(TestData.envelope(envelope, TestData.row(row, 1), TestData.nullRow(row, 1), "u"));
        rt.assertLossless(TestData.envelope(envelope, TestData.row(row, 1), null, "d"));
    }

    @Test
    void avroSchemaUsesStandardLogicalTypesAndUnions() throws Exception {
        JsonNode record = json(ConnectToAvroSchema.convert(TestData.rowSchema("shop.db.t.Value")));
        assertThat(record.get("type").asText()).isEqualTo("record");
        assertThat(record.get("name").asText()).isEqualTo("Value");
        assertThat(record.get("namespace").asText()).isEqualTo("shop.db.t");
        assertThat(record.get("doc").asText()).isEqualTo("row of db.t");
        assertThat(record.get("connect.version").asInt()).isEqualTo(3);
        assertThat(record.has("connect.name")).as("the Avro name is the Connect name").isFalse();

        assertThat(field(record, "id").get("type").asText()).isEqualTo("long");
        assertThat(field(record, "id").has("default")).isFalse();

        JsonNode tiny = field(record, "tiny");
        assertThat(tiny.get("type").get(0).asText()).isEqualTo("null");
        assertThat(tiny.get("type").get(1).get("type").asText()).isEqualTo("int");
        assertThat(tiny.get("type").get(1).get("connect.type").asText()).isEqualTo("int8");
        assertThat(tiny.get("default").isNull()).isTrue();

        JsonNode wide = field(record, "wide_decimal").get("type").get(1);
        assertThat(wide.get("type").asText()).isEqualTo("bytes");
        assertThat(wide.get("logicalType").asText()).isEqualTo("decimal");
        assertThat(wide.get("precision").asInt()).isEqualTo(65);
        assertThat(wide.get("scale").asInt()).isEqualTo(30);
        JsonNode unsigned = field(record, "big_unsigned").get("type").get(1);
        assertThat(unsigned.get("precision").asInt()).isEqualTo(20);
        assertThat(unsigned.get("scale").asInt()).isEqualTo(0);

        assertThat(logicalType(record, "born")).isEqualTo("date");
        assertThat(logicalType(record, "updated")).isEqualTo("local-timestamp-micros");
        assertThat(logicalType(record, "created")).isEqualTo("timestamp-micros");
        assertThat(logicalType(record, "connect_date")).isEqualTo("date");
        assertThat(logicalType(record, "connect_time")).isEqualTo("time-millis");
        assertThat(logicalType(record, "connect_ts")).isEqualTo("timestamp-millis");
        assertThat(logicalType(record, "uuid")).isEqualTo("uuid");
        assertThat(logicalType(record, "duration")).as("TIME is signed, not time-micros").isNull();

        JsonNode duration = field(record, "duration").get("type").get(1);
        assertThat(duration.get("type").asText()).isEqualTo("long");
        assertThat(duration.get("connect.name").asText()).isEqualTo("io.binlogstream.time.MicroTime");
        JsonNode bits = field(record, "bits").get("type").get(1);
        assertThat(bits.get("connect.parameters").get("length").asText()).isEqualTo("12");

        assertThat(field(record, "attrs").get("type").get(1).get("type").asText()).isEqualTo("map");
        JsonNode byCode = field(record, "by_code").get("type").get(1);
        assertThat(byCode.get("type").asText()).isEqualTo("array");
        assertThat(byCode.get("connect.type").asText()).isEqualTo("map");
        assertThat(byCode.get("items").get("fields").get(0).get("name").asText()).isEqualTo("key");
        assertThat(byCode.get("items").get("fields").get(1).get("name").asText()).isEqualTo("value");
    }

    private static String logicalType(JsonNode record, String name) {
        JsonNode type = field(record, name).get("type").get(1);
        return type.has("logicalType") ? type.get("logicalType").asText() : null;
    }

    @Test
    void namesAreMadeAvroSafeDeterministicallyAndRestored() throws Exception {
        Schema schema = SchemaBuilder.struct().name("9shop.my-db.tàble.Value")
                .field("my-col", Schema.INT32_SCHEMA)
                .field("my_col", Schema.INT32_SCHEMA)
                .field("2nd", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ünï code", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        JsonNode record = json(rt.avro);
        assertThat(record.get("name").asText()).isEqualTo("Value");
        assertThat(record.get("namespace").asText()).isEqualTo("_9shop.my_db.t_ble");
        assertThat(record.get("connect.name").asText()).isEqualTo("9shop.my-db.tàble.Value");
        List<String> names = record.get("fields").findValuesAsText("name");
        assertThat(names).containsExactly("my_col_2", "my_col", "_2nd", "_n__code");
        assertThat(field(record, "my_col_2").get("connect.name").asText()).isEqualTo("my-col");
        assertThat(field(record, "my_col").has("connect.name")).isFalse();
        assertThat(ConnectToAvroSchema.convert(schema).toString()).as("deterministic").isEqualTo(rt.avro.toString());

        rt.assertLossless(new Struct(schema).put("my-col", 1).put("my_col", 2).put("2nd", "b").put("ünï code", "ü"));
    }

    @Test
    void aRecordWithoutNamespaceInsideANamespacedOneKeepsItsName() {
        Schema inner = SchemaBuilder.struct().name("Inner").field("x", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().name("a.b.Outer").field("in", inner).build();
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        assertThat(rt.parsed.getField("in").schema().getFullName()).isEqualTo("Inner");
        rt.assertLossless(new Struct(schema).put("in", new Struct(inner).put("x", 1)));
    }

    @Test
    void primitiveTypeNamesAreNotUsedAsRecordNames() {
        Schema schema = SchemaBuilder.struct().name("int").field("a", Schema.INT32_SCHEMA).build();
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        assertThat(rt.avro.getFullName()).isEqualTo("int_");
        rt.assertLossless(new Struct(schema).put("a", 1));
    }

    @Test
    void defaultsRoundTripAndServeAvroSchemaResolution() throws Exception {
        Schema schema = SchemaBuilder.struct().name("d.Defaults")
                .field("id", Schema.INT32_SCHEMA)
                .field("count", SchemaBuilder.int32().defaultValue(42).build())
                .field("small", SchemaBuilder.int8().defaultValue((byte) -1).build())
                .field("label", SchemaBuilder.string().optional().defaultValue("none").build())
                .field("raw", SchemaBuilder.bytes().defaultValue(new byte[] {0, (byte) 0xff, 'a'}).build())
                .field("price", TestData.decimal(10, 2).defaultValue(new BigDecimal("-1.50")).build())
                .field("day", Date.builder().defaultValue(new java.util.Date(86_400_000L)).build())
                .field("at", Timestamp.builder().optional().defaultValue(new java.util.Date(5L)).build())
                .field("ratio", SchemaBuilder.float64().defaultValue(0.25).build())
                .field("flags", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).defaultValue(Arrays.asList(1, null)).build())
                .field("props", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).defaultValue(Map.of("k", "v")).build())
                .field("codes", SchemaBuilder.map(Schema.INT16_SCHEMA, Schema.STRING_SCHEMA).defaultValue(Map.of((short) 7, "seven")).build())
                .field("items", SchemaBuilder.array(SchemaBuilder.int64().defaultValue(9L).build()).optional().build())
                .build();
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        JsonNode record = json(rt.avro);
        assertThat(field(record, "count").get("default").asInt()).isEqualTo(42);
        JsonNode label = field(record, "label");
        assertThat(label.get("type").get(0).asText()).as("default's branch first").isEqualTo("string");
        assertThat(label.get("default").asText()).isEqualTo("none");
        assertThat(field(record, "raw").get("default").asText()).as("bytes default as ISO-8859-1 text").isEqualTo("\u0000\u00ffa");
        assertThat(field(record, "items").get("type").get(1).get("items").get("connect.default").asLong()).isEqualTo(9L);

        Struct full = new Struct(schema).put("id", 1).put("count", 1).put("small", (byte) 2).put("label", "l")
                .put("raw", new byte[] {3}).put("price", new BigDecimal("4.00")).put("day", new java.util.Date(0))
                .put("at", new java.util.Date(6L)).put("ratio", 7.5).put("flags", List.of(8))
                .put("props", Map.of("9", "10")).put("codes", Map.of((short) 11, "12")).put("items", Arrays.asList(13L, 14L));
        rt.assertLossless(full);

        // a null where the schema has a default: Struct.get gives the default, and that is what is written
        Struct sparse = new Struct(schema).put("id", 1).put("label", null);
        Struct back = (Struct) rt.read(rt.write(sparse));
        for (org.apache.kafka.connect.data.Field f : schema.fields()) {
            assertThat(back.get(f.name())).as(f.name()).isEqualTo(sparse.get(f));
        }
        assertThat(back.get("count")).isEqualTo(42);
        assertThat(back.get("label")).isEqualTo("none");

        // a reader whose schema has a field the writer lacked fills in the Avro default
        Schema older = SchemaBuilder.struct().name("d.Defaults").field("id", Schema.INT32_SCHEMA).build();
        byte[] bytes = new AvroRoundTrip(older).write(new Struct(older).put("id", 7));
        GenericRecord resolved = (GenericRecord) new GenericDatumReader<>(ConnectToAvroSchema.convert(older), rt.parsed)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        Struct upgraded = (Struct) AvroToConnectValue.convert(rt.connectBack, resolved);
        assertThat(upgraded.get("count")).isEqualTo(42);
        assertThat(upgraded.get("label")).isEqualTo("none");
        assertThat(upgraded.get("price")).isEqualTo(new BigDecimal("-1.50"));
        assertThat(upgraded.get("raw")).isEqualTo(new byte[] {0, (byte) 0xff, 'a'});
        assertThat(upgraded.get("codes")).isEqualTo(Map.of((short) 7, "seven"));
    }

    @Test
    void mapsWithNonStringOrOptionalKeysBecomeEntryArrays() {
        Schema schema = SchemaBuilder.struct().name("m.M")
                .field("by_struct", SchemaBuilder.map(
                        SchemaBuilder.struct().name("m.Key").field("a", Schema.INT32_SCHEMA).build(),
                        Schema.OPTIONAL_FLOAT64_SCHEMA).build())
                .field("opt_keys", SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.INT32_SCHEMA).build())
                .field("nested", SchemaBuilder.map(Schema.STRING_SCHEMA,
                        SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.BOOLEAN_SCHEMA).build()).build())
                .build();
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        Schema keySchema = schema.field("by_struct").schema().keySchema();
        Map<Object, Object> byStruct = new LinkedHashMap<>();
        byStruct.put(new Struct(keySchema).put("a", 1), 0.5);
        byStruct.put(new Struct(keySchema).put("a", 2), null);
        Map<Object, Object> optKeys = new LinkedHashMap<>();
        optKeys.put(null, 1);
        optKeys.put("x", 2);
        rt.assertLossless(new Struct(schema).put("by_struct", byStruct).put("opt_keys", optKeys)
                .put("nested", Map.of("outer", Map.of(5L, true))));
    }

    @Test
    void unnamedStructsStayUnnamed() {
        Schema inner = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).optional().build();
        Schema schema = SchemaBuilder.struct()
                .field("p", inner)
                .field("q", SchemaBuilder.struct().field("y", Schema.STRING_SCHEMA).build())
                .field("list", SchemaBuilder.array(SchemaBuilder.struct().field("z", Schema.INT8_SCHEMA).build()).build())
                .build();
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        assertThat(rt.connectBack.name()).isNull();
        assertThat(rt.connectBack.field("p").schema().name()).isNull();
        Schema listItem = schema.field("list").schema().valueSchema();
        rt.assertLossless(new Struct(schema)
                .put("p", new Struct(inner).put("x", 3))
                .put("q", new Struct(schema.field("q").schema()).put("y", "y"))
                .put("list", List.of(new Struct(listItem).put("z", (byte) 1))));
    }

    @Test
    void differentStructsWithOneNameGetDistinctAvroNames() {
        Schema a = SchemaBuilder.struct().name("x.Same").field("a", Schema.INT32_SCHEMA).build();
        Schema b = SchemaBuilder.struct().name("x.Same").field("b", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().name("x.Outer").field("a", a).field("b", b).field("a2", a).build();
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        assertThat(rt.parsed.getField("b").schema().getFullName()).isEqualTo("x.Same_2");
        assertThat(rt.parsed.getField("a2").schema()).isSameAs(rt.parsed.getField("a").schema());
        rt.assertLossless(new Struct(schema).put("a", new Struct(a).put("a", 1)).put("b", new Struct(b).put("b", "B"))
                .put("a2", new Struct(a).put("a", 2)));
    }

    @Test
    void topLevelPrimitivesAndNamedPrimitivesRoundTrip() {
        new AvroRoundTrip(Schema.OPTIONAL_INT64_SCHEMA).assertLossless(5L);
        new AvroRoundTrip(Schema.STRING_SCHEMA).assertLossless("key");
        new AvroRoundTrip(SchemaBuilder.int16().name("my.Short").doc("d").version(2).parameter("p", "v").build())
                .assertLossless((short) -2);
        new AvroRoundTrip(SchemaBuilder.string().defaultValue("dflt").build()).assertLossless("x");
        new AvroRoundTrip(TestData.decimal(65, 30).build()).assertLossless(new BigDecimal("1.000000000000000000000000000001"));
        new AvroRoundTrip(SchemaBuilder.array(Schema.BYTES_SCHEMA).build()).assertLossless(List.of());
    }

    @Test
    void stringsOfEveryLengthAndCharacterAreWrittenAsAvroWritesThem() {
        // ASCII strings go straight into the converter's array; others through Avro's own UTF-8 path (AvroRoundTrip
        // compares both encoders' bytes and GenericDatumWriter's).
        AvroRoundTrip rt = new AvroRoundTrip(Schema.STRING_SCHEMA);
        for (int length : new int[] {0, 1, 62, 63, 64, 65, 120, 8191, 8192, 70_000}) {
            rt.assertLossless("a".repeat(length));
            rt.assertLossless("\u00e9".repeat(length));
            if (length > 0) {
                rt.assertLossless("x".repeat(length - 1) + "\u20ac"); // the first non-ASCII character last
            }
        }
        rt.assertLossless("\u007f\u0000");
        rt.assertLossless("caf\u00e9 \ud83d\ude00");
        // An unpaired surrogate: what String.getBytes(UTF_8) writes for it ('?'), whichever path; read back as '?'
        byte[] lone = rt.write("a\ud800b");
        assertThat(rt.read(lone)).isEqualTo("a?b");
    }

    @Test
    void decimalWithoutPrecisionParameterGetsADefaultPrecision() {
        Schema schema = org.apache.kafka.connect.data.Decimal.schema(4);
        AvroRoundTrip rt = new AvroRoundTrip(schema);
        assertThat(rt.avro.getObjectProp("precision")).isEqualTo(64);
        rt.assertLossless(new BigDecimal("3.1416"));
    }

    @Test
    void foreignAvroSchemasMapToConnectTypes() {
        org.apache.avro.Schema foreign = new org.apache.avro.Schema.Parser().parse("""
                {"type":"record","name":"Order","namespace":"com.example","fields":[
                  {"name":"id","type":"long"},
                  {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"on","type":{"type":"int","logicalType":"date"}},
                  {"name":"micros","type":{"type":"long","logicalType":"timestamp-micros"}},
                  {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
                  {"name":"state","type":{"type":"enum","name":"State","symbols":["NEW","DONE"]}},
                  {"name":"hash","type":{"type":"fixed","name":"Hash","size":2}},
                  {"name":"note","type":["null","string"],"default":null},
                  {"name":"n","type":"int","default":3}
                ]}""");
        Schema connect = AvroToConnectSchema.convert(foreign);
        assertThat(connect.name()).isEqualTo("com.example.Order");
        assertThat(connect.field("at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(connect.field("on").schema().name()).isEqualTo(Date.LOGICAL_NAME);
        assertThat(connect.field("micros").schema().name()).isEqualTo("io.binlogstream.time.MicroTimestamp");
        Schema amount = connect.field("amount").schema();
        assertThat(amount.name()).isEqualTo(org.apache.kafka.connect.data.Decimal.LOGICAL_NAME);
        assertThat(amount.parameters()).containsEntry("scale", "2").containsEntry(TestData.PRECISION, "9");
        assertThat(connect.field("state").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(connect.field("hash").schema().type()).isEqualTo(Schema.Type.BYTES);
        assertThat(connect.field("note").schema().isOptional()).isTrue();
        assertThat(connect.field("n").schema().defaultValue()).isEqualTo(3);

        GenericRecord record = new GenericData.Record(foreign);
        record.put("id", 1L);
        record.put("at", 1000L);
        record.put("on", 2);
        record.put("micros", 7L);
        record.put("amount", java.nio.ByteBuffer.wrap(new BigDecimal("12.34").unscaledValue().toByteArray()));
        record.put("state", new GenericData.EnumSymbol(foreign.getField("state").schema(), "DONE"));
        record.put("hash", new GenericData.Fixed(foreign.getField("hash").schema(), new byte[] {1, 2}));
        record.put("n", 3);
        Struct struct = (Struct) AvroToConnectValue.convert(connect, record);
        assertThat(struct.get("at")).isEqualTo(new java.util.Date(1000L));
        assertThat(struct.get("on")).isEqualTo(new java.util.Date(2 * 86_400_000L));
        assertThat(struct.get("amount")).isEqualTo(new BigDecimal("12.34"));
        assertThat(struct.get("state")).isEqualTo("DONE");
        assertThat(struct.get("hash")).isEqualTo(new byte[] {1, 2});
        assertThat(struct.get("note")).isNull();
    }

    @Test
    void recursiveAndGeneralUnionsAreRefusedClearly() {
        org.apache.avro.Schema recursive = new org.apache.avro.Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AvroToConnectSchema.convert(recursive))
                .hasMessageContaining("Node is recursive");
        org.apache.avro.Schema union = new org.apache.avro.Schema.Parser().parse("[\"int\",\"string\"]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AvroToConnectSchema.convert(union))
                .hasMessageContaining("only [null, T] unions");
    }
}
