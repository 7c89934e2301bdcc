package io.binlogstream.connect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

import io.binlogstream.connect.schema.ColumnDef;

/**
 * Column types and values the binlog fixtures do not hold (BIT(1), BIT wider than a byte, ENUM values with
 * commas, the empty SET), with cells as the binlog library decodes them.
 */
class ColumnMappersTest {

    @Test
    void bit1IsABoolean() {
        ColumnMapping mapping = ColumnMappers.forColumn(column(ColumnType.BIT, 1, List.of()));

        assertThat(mapping.schema().get().build().type()).isEqualTo(Schema.Type.BOOLEAN);
        assertThat(mapping.converter().convert(BitSet.valueOf(new long[] {1}))).isEqualTo(true);
        assertThat(mapping.converter().convert(new BitSet())).isEqualTo(false);
    }

    @Test
    void widerBitsAreBigEndianBytesOfTheFullWidth() {
        // BIT(n)'s metadata word: whole bytes in the high byte, remaining bits in the low byte.
        ColumnMapping bit12 = ColumnMappers.forColumn(column(ColumnType.BIT, (1 << 8) | 4, List.of()));
        assertThat(bit12.schema().get().build().parameters()).containsEntry(SemanticTypes.LENGTH, "12");
        assertThat((byte[]) bit12.converter().convert(BitSet.valueOf(new long[] {0xABC}))).containsExactly(0x0A, 0xBC);
        // Leading zero bytes stay: b'000000000001' is two bytes, not one.
        assertThat((byte[]) bit12.converter().convert(BitSet.valueOf(new long[] {1}))).containsExactly(0x00, 0x01);

        ColumnMapping bit64 = ColumnMappers.forColumn(column(ColumnType.BIT, 8 << 8, List.of()));
        assertThat((byte[]) bit64.converter().convert(BitSet.valueOf(new long[] {-1L})))
                .containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void enumValuesWithCommasStayWhole() {
        ColumnMapping mapping = ColumnMappers.forColumn(column(ColumnType.ENUM, 0, List.of("a,b", "c")));

        assertThat(mapping.converter().convert(1)).isEqualTo("a,b");
        assertThat(mapping.converter().convert(2)).isEqualTo("c");
        // Index 0: the empty string MySQL stores for an invalid value under a permissive sql_mode.
        assertThat(mapping.converter().convert(0)).isEqualTo("");
    }

    @Test
    void setsAreTheirMembersInDeclarationOrderAndTheEmptySetIsEmptyText() {
        ColumnMapping mapping = ColumnMappers.forColumn(column(ColumnType.SET, 0, List.of("x", "y", "z")));

        assertThat(mapping.converter().convert(0L)).isEqualTo("");
        assertThat(mapping.converter().convert(0b101L)).isEqualTo("x,z");
        assertThat(mapping.converter().convert(0b111L)).isEqualTo("x,y,z");
    }

    private static ColumnDef column(ColumnType type, int meta, List<String> values) {
        return new ColumnDef(0, "c", type, meta, 0, false, true, values.isEmpty() ? -1 : 255, values);
    }
}
