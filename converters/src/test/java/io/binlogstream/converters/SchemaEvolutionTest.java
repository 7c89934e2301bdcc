package io.binlogstream.converters;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which table changes a subject at BACKWARD compatibility accepts, as the registry (Apicurio) judges the Avro
 * schemas this converter writes. The README's table of schema changes is this test's list.
 */
@ExtendWith(SharedRegistry.class)
class SchemaEvolutionTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("add a nullable column", value(Schema.OPTIONAL_INT32_SCHEMA, null),
                        value(Schema.OPTIONAL_INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA), true),
                Arguments.of("drop a nullable column", value(Schema.OPTIONAL_INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA),
                        value(Schema.OPTIONAL_INT32_SCHEMA, null), true),
                Arguments.of("widen INT to BIGINT", value(Schema.OPTIONAL_INT32_SCHEMA, null),
                        value(Schema.OPTIONAL_INT64_SCHEMA, null), true),
                Arguments.of("widen FLOAT to DOUBLE", value(Schema.OPTIONAL_FLOAT32_SCHEMA, null),
                        value(Schema.OPTIONAL_FLOAT64_SCHEMA, null), true),
                Arguments.of("narrow BIGINT to INT", value(Schema.OPTIONAL_INT64_SCHEMA, null),
                        value(Schema.OPTIONAL_INT32_SCHEMA, null), false),
                Arguments.of("INT to VARCHAR", value(Schema.OPTIONAL_INT32_SCHEMA, null),
                        value(Schema.OPTIONAL_STRING_SCHEMA, null), false),
                Arguments.of("DECIMAL(10,2) to DECIMAL(12,2)", value(TestData.decimal(10, 2).optional().build(), null),
                        value(TestData.decimal(12, 2).optional().build(), null), true),
                Arguments.of("add a key column", key(null), key(Schema.INT32_SCHEMA), false),
                Arguments.of("drop a key column", key(Schema.INT32_SCHEMA), key(null), true));
    }

    /** A value row: column c of the given type, and an optional second column. */
    private static Schema value(Schema c, Schema extra) {
        SchemaBuilder b = SchemaBuilder.struct().name("evo.Value").field("id", Schema.OPTIONAL_INT64_SCHEMA).field("c", c);
        if (extra != null) {
            b.field("extra", extra);
        }
        return b.optional().build();
    }

    /** A key: required columns, as primary keys are. */
    private static Schema key(Schema second) {
        SchemaBuilder b = SchemaBuilder.struct().name("evo.Key").field("id", Schema.INT64_SCHEMA);
        if (second != null) {
            b.field("id2", second);
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}: accepted={3}")
    @MethodSource("changes")
    void backwardCompatibility(String change, Schema before, Schema after, boolean accepted) {
        String topic = "evo.t" + TOPICS.incrementAndGet();
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", SharedRegistry.url());
        AvroConverter converter = new AvroConverter();
        converter.configure(config, false);
        assertThat(Http.put(SharedRegistry.url() + "/config/" + topic + "-value", "{\"compatibility\":\"BACKWARD\"}").status())
                .isEqualTo(200);
        converter.fromConnectData(topic, before, TestData.sample(before));
        if (accepted) {
            converter.fromConnectData(topic, after, TestData.sample(after));
        } else {
            assertThatThrownBy(() -> converter.fromConnectData(topic, after, TestData.sample(after)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("subject '" + topic + "-value'")
                    .hasMessageContaining("incompatible");
        }
    }
}
