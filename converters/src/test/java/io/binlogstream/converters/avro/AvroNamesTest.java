package io.binlogstream.converters.avro;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AvroNamesTest {

    @Test
    void sanitizeReplacesInvalidCharactersAndPrefixesDigits() {
        assertThat(AvroNames.sanitize("ok_Name1")).isEqualTo("ok_Name1");
        assertThat(AvroNames.sanitize("a-b c")).isEqualTo("a_b_c");
        assertThat(AvroNames.sanitize("1st")).isEqualTo("_1st");
        assertThat(AvroNames.sanitize("é")).isEqualTo("_");
        assertThat(AvroNames.sanitize("")).isEqualTo("_");
    }

    @Test
    void fullNameSplitsOnDots() {
        assertThat(AvroNames.fullName("shop.db.t.Value")).isEqualTo(new AvroNames.FullName("shop.db.t", "Value"));
        assertThat(AvroNames.fullName("Value")).isEqualTo(new AvroNames.FullName(null, "Value"));
        assertThat(AvroNames.fullName("a..b").full()).isEqualTo("a._.b");
        assertThat(AvroNames.fullName("string").full()).isEqualTo("string_");
    }

    @Test
    void fieldNamesAreUniqueAndUnchangedNamesKeepPriority() {
        assertThat(AvroNames.fieldNames(List.of("a-b", "a_b", "a b", "a_b_2")))
                .containsExactly("a_b_3", "a_b", "a_b_4", "a_b_2");
    }
}
