package io.binlogstream.connect.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Binary JSON values the binlog fixtures do not contain, written byte by byte after MySQL's format
 * (json_binary.h), and the text MySQL prints for them (json_dom.cc: wrapper_to_string, my_gcvt, double_quote).
 */
class MySqlJsonTextTest {
    private static final int SMALL_OBJECT = 0x00;
    private static final int SMALL_ARRAY = 0x02;
    private static final int LARGE_ARRAY = 0x03;
    private static final int INT16 = 0x05;
    private static final int INT32 = 0x07;
    private static final int INT64 = 0x09;
    private static final int UINT64 = 0x0A;
    private static final int DOUBLE = 0x0B;
    private static final int STRING = 0x0C;
    private static final int OPAQUE = 0x0F;

    @Test
    void emptyContainersAndTheEmptyValue() {
        assertThat(MySqlJsonText.toText(bytes(SMALL_ARRAY, 0, 0, 4, 0))).isEqualTo("[]");
        assertThat(MySqlJsonText.toText(bytes(SMALL_OBJECT, 0, 0, 4, 0))).isEqualTo("{}");
        // A NOT NULL JSON column filled leniently holds no bytes, which MySQL reads as the null literal.
        assertThat(MySqlJsonText.toText(new byte[0])).isEqualTo("null");
    }

    @Test
    void nestedEmptyContainersKeepTheirPlace() {
        // {"a": [], "b": {}}: two key entries, two value entries, keys "a" "b", then the two containers.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, SMALL_OBJECT, 2, 0, 28, 0);            // count 2, size 28
        write(out, 18, 0, 1, 0, 19, 0, 1, 0);           // keys at 18 and 19, one byte each
        write(out, SMALL_ARRAY, 20, 0, SMALL_OBJECT, 24, 0); // values at 20 and 24
        write(out, 'a', 'b');
        write(out, 0, 0, 4, 0, 0, 0, 4, 0);             // [] and {}
        assertThat(MySqlJsonText.toText(out.toByteArray())).isEqualTo("{\"a\": [], \"b\": {}}");
    }

    @Test
    void integersKeepTheirSignednessAndFullRange() {
        // [18446744073709551615]: an unsigned 64-bit value past Long.MAX_VALUE.
        assertThat(MySqlJsonText.toText(bytes(SMALL_ARRAY, 1, 0, 15, 0, UINT64, 7, 0,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF))).isEqualTo("[18446744073709551615]");
        assertThat(MySqlJsonText.toText(bytes(INT64, 0, 0, 0, 0, 0, 0, 0, 0x80))).isEqualTo("-9223372036854775808");
        // [-2] with the int16 inlined in its value entry.
        assertThat(MySqlJsonText.toText(bytes(SMALL_ARRAY, 1, 0, 7, 0, INT16, 0xFE, 0xFF))).isEqualTo("[-2]");
    }

    @Test
    void largeArraysInlineInt32AndPointToStrings() {
        // [-5, "a"] in the large form: 4-byte count, size and offsets; the int32 sits in its entry.
        assertThat(MySqlJsonText.toText(bytes(LARGE_ARRAY, 2, 0, 0, 0, 20, 0, 0, 0,
                INT32, 0xFB, 0xFF, 0xFF, 0xFF,
                STRING, 18, 0, 0, 0,
                1, 'a'))).isEqualTo("[-5, \"a\"]");
    }

    @Test
    void doublesPrintLikeMySqlsGcvt() {
        assertThat(doubleText(0.1)).isEqualTo("0.1");
        assertThat(doubleText(100.0)).isEqualTo("100.0");
        assertThat(doubleText(-2.5)).isEqualTo("-2.5");
        assertThat(doubleText(-0.0)).isEqualTo("-0.0");
        assertThat(doubleText(1.5e-7)).isEqualTo("0.00000015");
        assertThat(doubleText(1e-15)).isEqualTo("0.000000000000001");
        assertThat(doubleText(1e-16)).isEqualTo("1e-16");
        assertThat(doubleText(1e14)).isEqualTo("100000000000000.0");
        assertThat(doubleText(1e15)).isEqualTo("1e15");
        assertThat(doubleText(1e100)).isEqualTo("1e100");
        assertThat(doubleText(0x1p63)).isEqualTo("9.223372036854776e18");
        assertThat(doubleText(123456789.125)).isEqualTo("123456789.125");
        assertThat(doubleText(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(doubleText(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e308");
    }

    @Test
    void everyPrintedDoubleReadsBackAsTheSameDouble() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 10_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(value)) {
                assertThat(Double.parseDouble(MySqlDoubleText.format(value))).isEqualTo(value);
            }
        }
    }

    @Test
    void stringsEscapeLikeMySql() {
        String text = "q\"b\\/\b\f\n\r\t\u0001\u001fé😀";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, STRING, utf8.length);
        out.writeBytes(utf8);
        assertThat(MySqlJsonText.toText(out.toByteArray()))
                .isEqualTo("\"q\\\"b\\\\/\\b\\f\\n\\r\\t\\u0001\\u001fé😀\"");
    }

    @Test
    void stringLengthsLongerThan127UseSeveralBytes() {
        String text = "x".repeat(300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, STRING, 0x80 | (300 & 0x7F), 300 >> 7);
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        assertThat(MySqlJsonText.toText(out.toByteArray())).isEqualTo("\"" + text + "\"");
    }

    @Test
    void negativeTimesUnderAnHourKeepTheirSign() {
        // TIME -00:00:01.5 packs as -((1 << 24) + 500000), little-endian.
        long packed = -((1L << 24) + 500_000);
        assertThat(MySqlJsonText.toText(opaque(11, littleEndian(packed)))).isEqualTo("\"-00:00:01.500000\"");
        // 838:59:59, the largest TIME, needs three hour digits.
        long hms = (838L << 12) | (59 << 6) | 59;
        assertThat(MySqlJsonText.toText(opaque(11, littleEndian(hms << 24)))).isEqualTo("\"838:59:59.000000\"");
    }

    @Test
    void opaqueStringsAreStringsAndOtherTypesBase64WithLineBreaks() {
        assertThat(MySqlJsonText.toText(opaque(253, "xy".getBytes(StandardCharsets.UTF_8)))).isEqualTo("\"xy\"");
        // 60 bytes make 80 base64 characters; MySQL breaks the line after 76 and the newline is escaped.
        byte[] blob = new byte[60];
        String base64 = java.util.Base64.getEncoder().encodeToString(blob);
        assertThat(MySqlJsonText.toText(opaque(252, blob)))
                .isEqualTo("\"base64:type252:" + base64.substring(0, 76) + "\\n" + base64.substring(76) + "\"");
    }

    @Test
    void negativeDecimalsKeepTheirScale() {
        // DECIMAL(4,2) 0.50 is one byte per two-digit group, the sign bit set; -0.50 is the same with every bit inverted.
        byte[] positive = {(byte) 0x80, 0x32};
        byte[] negative = new byte[positive.length];
        for (int i = 0; i < positive.length; i++) {
            negative[i] = (byte) ~positive[i];
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        write(data, 4, 2);
        data.writeBytes(negative);
        assertThat(MySqlJsonText.toText(opaque(246, data.toByteArray()))).isEqualTo("-0.50");
        data.reset();
        write(data, 4, 2);
        data.writeBytes(positive);
        assertThat(MySqlJsonText.toText(opaque(246, data.toByteArray()))).isEqualTo("0.50");
    }

    @Test
    void malformedValuesAreRefusedNotGuessed() {
        assertThatThrownBy(() -> MySqlJsonText.toText(bytes(SMALL_ARRAY, 1, 0, 8, 0, INT16, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overruns");
        assertThatThrownBy(() -> MySqlJsonText.toText(bytes(STRING, 5, 'a')))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> MySqlJsonText.toText(bytes(STRING, 2, 0xC3, 0x28)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> MySqlJsonText.toText(bytes(0x0D)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown binary JSON value type 0xd");
    }

    private static String doubleText(double value) {
        return MySqlJsonText.toText(concat(bytes(DOUBLE), littleEndian(Double.doubleToRawLongBits(value))));
    }

    private static byte[] opaque(int fieldType, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, OPAQUE, fieldType, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] littleEndian(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, values);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, int... values) {
        for (int value : values) {
            out.write(value);
        }
    }
}
