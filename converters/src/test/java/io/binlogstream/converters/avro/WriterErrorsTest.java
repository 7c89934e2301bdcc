package io.binlogstream.converters.avro;

import io.binlogstream.converters.TestData;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values that do not fit their schema fail naming the field path and the problem. */
class WriterErrorsTest {

    private static final Schema INNER = SchemaBuilder.struct().name("e.Inner")
            .field("price", TestData.decimal(5, 2).optional().build())
            .field("count", Schema.INT32_SCHEMA)
            .build();
    private static final Schema OUTER = SchemaBuilder.struct().name("e.Outer")
            .field("after", INNER)
            .build();

    private static void write(Schema schema, Object value) {
        new AvroRoundTrip(schema).write(value);
    }

    private static Struct outer(Object price, Object count) {
        Struct inner = new Struct(INNER);
        // bypass Struct's own validation: the converter must catch what a careless producer passes
        Object[] values = valuesOf(inner);
        values[0] = price;
        values[1] = count;
        Struct outer = new Struct(OUTER);
        valuesOf(outer)[0] = inner;
        return outer;
    }

    private static Object[] valuesOf(Struct struct) {
        try {
            java.lang.reflect.Field f = Struct.class.getDeclaredField("values");
            f.setAccessible(true);
            return (Object[]) f.get(struct);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void wrongJavaTypeNamesTheFieldPath() {
        assertThatThrownBy(() -> write(OUTER, outer(null, "7")))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("field after.count: a java.lang.String does not fit its schema");
    }

    @Test
    void nullForARequiredFieldNamesIt() {
        assertThatThrownBy(() -> write(OUTER, outer(null, null)))
                .isInstanceOf(DataException.class)
                .hasMessage("field after.count: null for a required INT32");
    }

    @Test
    void decimalThatWouldNeedRoundingIsRefused() {
        assertThatThrownBy(() -> write(OUTER, outer(new BigDecimal("1.005"), 1)))
                .hasMessageContaining("field after.price: decimal 1.005 does not fit scale 2 without rounding");
    }

    @Test
    void decimalWiderThanItsPrecisionIsRefused() {
        assertThatThrownBy(() -> write(OUTER, outer(new BigDecimal("1234.00"), 1)))
                .hasMessageContaining("field after.price: decimal 1234.00 has more than the schema's 5 digits");
    }

    @Test
    void structOfAnotherSchemaIsRefused() {
        Schema other = SchemaBuilder.struct().name("e.Other").field("x", Schema.INT32_SCHEMA).build();
        assertThatThrownBy(() -> write(OUTER, new Struct(other).put("x", 1)))
                .hasMessageContaining("a Struct of schema STRUCT e.Other where STRUCT e.Outer was expected");
    }

    @Test
    void decimalWithScaleAbovePrecisionHasNoAvroForm() {
        Schema bad = TestData.decimal(2, 5).build();
        assertThatThrownBy(() -> ConnectToAvroSchema.convert(bad))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("has no Avro decimal");
    }
}
