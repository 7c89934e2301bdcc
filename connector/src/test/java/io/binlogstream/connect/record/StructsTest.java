package io.binlogstream.connect.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** Structs.put stores what Struct.put stores and refuses what it refuses, with Connect's own exception. */
class StructsTest {
    private static final Schema INNER = SchemaBuilder.struct().name("inner").optional()
            .field("req", Schema.STRING_SCHEMA)
            .field("opt", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    private static final Schema OUTER = SchemaBuilder.struct().name("outer")
            .field("i8", Schema.INT8_SCHEMA)
            .field("s", Schema.OPTIONAL_STRING_SCHEMA)
            .field("dec", Decimal.builder(2).optional().build())
            .field("list", SchemaBuilder.array(Schema.FLOAT32_SCHEMA).optional().build())
            .field("inner", INNER)
            .field("withDefault", SchemaBuilder.int32().defaultValue(7).build())
            .build();

    @Test
    void theProbeFindsTheValuesOfThisConnectVersion() {
        // Else every put falls back to Struct.put: correct, but the optimisation would be gone unnoticed.
        assertThat(Structs.direct()).isTrue();
    }

    @Test
    void validValuesAreStoredAsStructPutStoresThem() {
        Struct inner = new Struct(INNER);
        Structs.put(inner, INNER.field("req"), "r");
        Struct viaPut = new Struct(OUTER).put("i8", (byte) 1).put("s", "text").put("dec", new BigDecimal("1.25"))
                .put("list", List.of(1f, 2f)).put("inner", new Struct(INNER).put("req", "r"));
        Struct viaStructs = new Struct(OUTER);
        Structs.put(viaStructs, OUTER.field("i8"), (byte) 1);
        Structs.put(viaStructs, OUTER.field("s"), "text");
        Structs.put(viaStructs, OUTER.field("dec"), new BigDecimal("1.25"));
        Structs.put(viaStructs, OUTER.field("list"), List.of(1f, 2f));
        Structs.put(viaStructs, OUTER.field("inner"), inner);
        assertThat(viaStructs).isEqualTo(viaPut);
        assertThat(viaStructs.get("withDefault")).isEqualTo(7); // unset, so its default
        viaStructs.validate();
    }

    @Test
    void invalidValuesFailWithConnectsOwnException() {
        assertSameFailure(OUTER.field("i8"), 1); // an Integer for INT8
        assertSameFailure(OUTER.field("i8"), null); // null for a required field
        assertSameFailure(OUTER.field("withDefault"), null); // also when the field has a default
        assertSameFailure(OUTER.field("s"), new byte[0]);
        assertSameFailure(OUTER.field("withDefault"), 7L); // a Long for INT32
        // Decimal is BYTES by type but takes a BigDecimal: the plain check for unnamed schemas must not let bytes in.
        assertSameFailure(OUTER.field("dec"), new byte[] {1});
        assertSameFailure(OUTER.field("list"), List.of(1.0)); // a Double element for FLOAT32
        assertSameFailure(OUTER.field("inner"), new Struct(INNER)); // the inner struct lacks its required field
        assertSameFailure(OUTER.field("inner"), new Struct(SchemaBuilder.struct().name("inner").optional()
                .field("req", Schema.STRING_SCHEMA).build()).put("req", "r")); // another schema
    }

    private static void assertSameFailure(Field field, Object value) {
        Struct struct = new Struct(OUTER);
        String expected;
        try {
            new Struct(OUTER).put(field, value);
            throw new AssertionError("Struct.put accepted " + value);
        } catch (DataException e) {
            expected = e.getMessage();
        }
        assertThatThrownBy(() -> Structs.put(struct, field, value)).isInstanceOf(DataException.class).hasMessage(expected);
        assertThat(struct.get(field)).isEqualTo(field.schema().defaultValue());
    }
}
