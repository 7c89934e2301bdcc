package io.binlogstream.converters;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The converter against a real Apicurio registry, through its Confluent-compatible API. */
@ExtendWith(SharedRegistry.class)
class AvroConverterRegistryTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static String topic(String name) {
        return "shop.db." + name + "_" + TOPICS.incrementAndGet();
    }

    private static AvroConverter converter(boolean isKey, Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", SharedRegistry.url());
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        AvroConverter converter = new AvroConverter();
        converter.configure(config, isKey);
        return converter;
    }

    private static int schemaId(byte[] message) {
        assertThat(message[0]).as("magic byte").isEqualTo((byte) 0);
        return ByteBuffer.wrap(message, 1, 4).getInt();
    }

    private static List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        Http.get(SharedRegistry.url() + "/subjects").body().forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    @Test
    void keyAndValueRoundTripThroughTheRegistryIntoASecondConverter() {
        String topic = topic("orders");
        Schema keySchema = SchemaBuilder.struct().name(topic + ".Key").field("id", Schema.INT64_SCHEMA).build();
        Schema row = TestData.optionalRowSchema(topic + ".Value");
        Schema envelope = TestData.envelopeSchema(topic, row);
        Struct key = new Struct(keySchema).put("id", 1L);
        Struct value = TestData.envelope(envelope, TestData.row(row, 1), TestData.nullRow(row, 1), "u");

        byte[] keyBytes = converter(true).fromConnectData(topic, keySchema, key);
        byte[] valueBytes = converter(false).fromConnectData(topic, envelope, value);

        // a second pair of converters with their own clients and caches: everything comes from the registry
        SchemaAndValue keyBack = converter(true).toConnectData(topic, keyBytes);
        SchemaAndValue valueBack = converter(false).toConnectData(topic, valueBytes);
        assertThat(keyBack.schema()).isEqualTo(keySchema);
        assertThat(keyBack.value()).isEqualTo(key);
        assertThat(valueBack.schema()).isEqualTo(envelope);
        assertThat(valueBack.value()).isEqualTo(value);
        assertThat(subjects()).contains(topic + "-key", topic + "-value");
    }

    @Test
    void plainAvroDecodesTheBytesWithTheSchemaFromTheRegistry() throws IOException {
        String topic = topic("plain");
        Schema row = TestData.rowSchema(topic + ".Value");
        byte[] message = converter(false).fromConnectData(topic, row, TestData.row(row, 7));

        int id = schemaId(message);
        JsonNode registered = Http.get(SharedRegistry.url() + "/schemas/ids/" + id).body();
        org.apache.avro.Schema writer = new org.apache.avro.Schema.Parser().parse(registered.get("schema").asText());
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(message, 5, message.length - 5, null);
        GenericRecord record = (GenericRecord) new GenericDatumReader<>(writer).read(null, decoder);
        assertThat(decoder.isEnd()).isTrue();

        assertThat(record.get("id")).isEqualTo(7L);
        assertThat(record.get("tiny")).isEqualTo(-128);
        assertThat(record.get("name").toString()).isEqualTo("Zoë ☃ 𝄞");
        org.apache.avro.Schema decimalSchema = writer.getField("wide_decimal").schema().getTypes().get(1);
        BigDecimal wide = new org.apache.avro.Conversions.DecimalConversion()
                .fromBytes((ByteBuffer) record.get("wide_decimal"), decimalSchema, decimalSchema.getLogicalType());
        assertThat(wide).isEqualTo(new BigDecimal("-12345678901234567890123456789012345.123456789012345678901234567890"));
        BigDecimal unsigned = new BigDecimal(new java.math.BigInteger(((ByteBuffer) record.get("big_unsigned")).array()), 0);
        assertThat(unsigned).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(record.get("created")).isEqualTo(1_700_000_000_123_456L);
        assertThat(((GenericRecord) record.get("geo")).get("srid")).isEqualTo(4326);
        assertThat(record.get("by_code")).asList().hasSize(2);
    }

    @Test
    void tombstonesStayNull() {
        AvroConverter converter = converter(false);
        assertThat(converter.fromConnectData("t", TestData.rowSchema("x.Value"), null)).isNull();
        assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void subjectStrategiesNameTheSubjects() {
        String topic = topic("strategies");
        Schema row = TestData.rowSchema("io.binlogstream.test.StrategyRow");
        Struct value = TestData.row(row, 1);

        byte[] byRecord = converter(false, "subject.name.strategy", "record").fromConnectData(topic, row, value);
        byte[] byTopicRecord = converter(false, "subject.name.strategy", "TOPIC-RECORD").fromConnectData(topic, row, value);
        byte[] byTopic = converter(false).fromConnectData(topic, row, value);

        assertThat(subjects()).contains("io.binlogstream.test.StrategyRow", topic + "-io.binlogstream.test.StrategyRow",
                topic + "-value");
        assertThat(schemaId(byRecord)).as("same content, same id in Apicurio").isEqualTo(schemaId(byTopic))
                .isEqualTo(schemaId(byTopicRecord));
        assertThat(converter(false).toConnectData(topic, byRecord).value()).isEqualTo(value);

        assertThatThrownBy(() -> converter(false, "subject.name.strategy", "record")
                .fromConnectData(topic, Schema.STRING_SCHEMA, "plain"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("subject.name.strategy=record needs a struct")
                .hasMessageContaining(topic);
    }

    @Test
    void addingAnOptionalFieldIsAcceptedUnderBackwardCompatibility() {
        String topic = topic("evolve");
        String subject = topic + "-value";
        Schema v1 = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA).build();
        Schema v2 = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
        AvroConverter writer = converter(false);
        byte[] first = writer.fromConnectData(topic, v1, new Struct(v1).put("id", 1L));
        assertThat(Http.put(SharedRegistry.url() + "/config/" + subject, "{\"compatibility\":\"BACKWARD\"}").status()).isEqualTo(200);
        assertThat(Http.get(SharedRegistry.url() + "/config/" + subject).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        byte[] second = writer.fromConnectData(topic, v2, new Struct(v2).put("id", 2L).put("note", "n"));
        assertThat(schemaId(second)).isNotEqualTo(schemaId(first));
        assertThat(Http.get(SharedRegistry.url() + "/subjects/" + subject + "/versions").body()).hasSize(2);

        AvroConverter reader = converter(false);
        assertThat(reader.toConnectData(topic, first)).isEqualTo(new SchemaAndValue(v1, new Struct(v1).put("id", 1L)));
        assertThat(reader.toConnectData(topic, second).value()).isEqualTo(new Struct(v2).put("id", 2L).put("note", "n"));
    }

    @Test
    void anIncompatibleChangeIsRefusedNamingTopicSubjectAndReasonWithoutRetry() throws IOException {
        String topic = topic("incompatible");
        String subject = topic + "-value";
        Schema v1 = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA).build();
        Schema v2 = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA).build(); // required, no default: old data lacks it
        // compatibility set before the subject exists: Apicurio keeps it for the subject's first version
        Http.put(SharedRegistry.url() + "/config/" + subject, "{\"compatibility\":\"BACKWARD\"}");
        converter(false).fromConnectData(topic, v1, new Struct(v1).put("id", 1L));

        try (RegistryProxy proxy = RegistryProxy.start(SharedRegistry.baseUrl(), 0, 0)) {
            AvroConverter converter = converter(false, "schema.registry.url", proxy.root() + "/apis/ccompat/v7");
            assertThatThrownBy(() -> converter.fromConnectData(topic, v2, new Struct(v2).put("id", 2L).put("qty", 1)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("Topic '" + topic + "'")
                    .hasMessageContaining("subject '" + subject + "'")
                    .hasMessageContaining("incompatible")
                    .hasMessageContaining("qty"); // Apicurio's reason names the field
            assertThat(proxy.requests()).as("a 409 is not retried, only checked against a concurrent registration")
                    .containsExactly("POST /apis/ccompat/v7/subjects/" + subject + "/versions",
                            "POST /apis/ccompat/v7/subjects/" + subject);
        }
        assertThat(Http.get(SharedRegistry.url() + "/subjects/" + subject + "/versions").body()).hasSize(1);
    }

    @Test
    void withoutAutoRegisterTheSchemaMustExist() {
        String topic = topic("noauto");
        Schema schema = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA).build();
        Struct value = new Struct(schema).put("id", 5L);
        AvroConverter lookupOnly = converter(false, "auto.register.schemas", "false");
        assertThatThrownBy(() -> lookupOnly.fromConnectData(topic, schema, value))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("subject '" + topic + "-value'")
                .hasMessageContaining("not registered");

        byte[] registered = converter(false).fromConnectData(topic, schema, value);
        assertThat(lookupOnly.fromConnectData(topic, schema, value)).isEqualTo(registered);
    }

    @Test
    void retriesServiceUnavailableThenSucceeds() throws IOException {
        String topic = topic("flaky");
        Schema schema = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA).build();
        try (RegistryProxy proxy = RegistryProxy.start(SharedRegistry.baseUrl(), 2, 0)) {
            AvroConverter converter = converter(false, "schema.registry.url", proxy.root() + "/apis/ccompat/v7",
                    "schema.registry.retry.backoff.ms", "50");
            byte[] message = converter.fromConnectData(topic, schema, new Struct(schema).put("id", 1L));
            assertThat(proxy.requests()).hasSize(3).allMatch(r -> r.startsWith("POST ") && r.endsWith("/versions"));
            assertThat(converter(false).toConnectData(topic, message).value()).isEqualTo(new Struct(schema).put("id", 1L));
        }
    }

    @Test
    void givesUpAfterTheConfiguredRetriesNamingUrlStatusAndBody() throws IOException {
        String topic = topic("down");
        Schema schema = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA).build();
        try (RegistryProxy proxy = RegistryProxy.start(SharedRegistry.baseUrl(), Integer.MAX_VALUE, 0)) {
            AvroConverter converter = converter(false, "schema.registry.url", proxy.root() + "/apis/ccompat/v7",
                    "schema.registry.retries", "2", "schema.registry.retry.backoff.ms", "10");
            assertThatThrownBy(() -> converter.fromConnectData(topic, schema, new Struct(schema).put("id", 1L)))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("Topic '" + topic + "', subject '" + topic + "-value'")
                    .hasMessageContaining("HTTP 503")
                    .hasMessageContaining(proxy.root() + "/apis/ccompat/v7/subjects/" + topic + "-value/versions")
                    .hasMessageContaining("registry warming up")
                    .hasMessageContaining("after 3 attempts");
            assertThat(proxy.requests()).hasSize(3);
        }
    }

    @Test
    void retriesConnectionRefusedUntilTheRegistryComesUp() throws Exception {
        String topic = topic("late");
        Schema schema = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA).build();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int freePort = port;
        CompletableFuture<RegistryProxy> late = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(1500);
                return RegistryProxy.start(SharedRegistry.baseUrl(), 0, freePort);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            AvroConverter converter = converter(false, "schema.registry.url", "http://127.0.0.1:" + port + "/apis/ccompat/v7",
                    "schema.registry.retries", "8", "schema.registry.retry.backoff.ms", "100",
                    "schema.registry.retry.backoff.max.ms", "1000");
            long start = System.nanoTime();
            byte[] message = converter.fromConnectData(topic, schema, new Struct(schema).put("id", 1L));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1000);
            assertThat(converter(false).toConnectData(topic, message).value()).isEqualTo(new Struct(schema).put("id", 1L));
        } finally {
            late.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void failsOverToTheNextUrlWhenOneCannotBeReached() throws IOException {
        String topic = topic("failover");
        Schema schema = SchemaBuilder.struct().name(topic + ".Value").field("id", Schema.INT64_SCHEMA).build();
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        AvroConverter converter = converter(false, "schema.registry.url",
                "http://127.0.0.1:" + deadPort + "/apis/ccompat/v7, " + SharedRegistry.url(),
                "schema.registry.retry.backoff.ms", "5000", "schema.registry.retry.backoff.max.ms", "5000");
        long start = System.nanoTime();
        byte[] message = converter.fromConnectData(topic, schema, new Struct(schema).put("id", 3L));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("no back-off before failing over").isLessThan(4000);
        assertThat(converter.toConnectData(topic, message).value()).isEqualTo(new Struct(schema).put("id", 3L));
    }

    @Test
    void unknownSchemaIdAndForeignBytesFailNamingTheTopic() {
        AvroConverter converter = converter(false);
        assertThatThrownBy(() -> converter.toConnectData("orders", new byte[] {0, 0x7f, 0, 0, 1, 2}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Topic 'orders', schema id 2130706433")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("40403");
        assertThatThrownBy(() -> converter.toConnectData("orders", "{\"json\":1}".getBytes()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Topic 'orders'")
                .hasMessageContaining("magic byte 0");
    }

    @Test
    void oneConverterServesSeveralThreads() throws Exception {
        String topic = topic("threads");
        Schema a = TestData.rowSchema(topic + ".A");
        Schema b = SchemaBuilder.struct().name(topic + ".B").field("id", Schema.INT64_SCHEMA)
                .field("s", Schema.OPTIONAL_STRING_SCHEMA).build();
        AvroConverter writer = converter(false, "subject.name.strategy", "topic-record");
        AvroConverter reader = converter(false);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        long id = thread * 1000L + i;
                        Struct value = i % 2 == 0 ? TestData.row(a, id) : new Struct(b).put("id", id).put("s", "x".repeat(i));
                        byte[] bytes = writer.fromConnectData(topic, value.schema(), value);
                        assertThat(reader.toConnectData(topic, bytes).value()).isEqualTo(value);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(subjects()).contains(topic + "-" + topic + ".A", topic + "-" + topic + ".B");
    }

    @Test
    void cachedSchemasCostNoFurtherRequests() throws IOException {
        String topic = topic("cached");
        Schema schema = TestData.rowSchema(topic + ".Value");
        try (RegistryProxy proxy = RegistryProxy.start(SharedRegistry.baseUrl(), 0, 0)) {
            AvroConverter converter = converter(false, "schema.registry.url", proxy.root() + "/apis/ccompat/v7");
            byte[] message = null;
            for (int i = 0; i < 100; i++) {
                message = converter.fromConnectData(topic, schema, TestData.row(schema, i));
                converter.toConnectData(topic, message);
            }
            // an equal schema built anew finds the same entry
            Schema rebuilt = TestData.rowSchema(topic + ".Value");
            converter.fromConnectData(topic, rebuilt, TestData.row(rebuilt, 1));
            assertThat(proxy.requests()).hasSize(2); // one register, one fetch by id
        }
    }
}
