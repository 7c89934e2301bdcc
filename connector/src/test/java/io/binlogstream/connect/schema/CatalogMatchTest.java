package io.binlogstream.connect.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

/** How the binlog's columns meet the catalog's: by name and compatible storage, the binlog winning otherwise. */
class CatalogMatchTest {
    private static final int BINARY = 63;
    private static final int UTF8MB4 = 45;

    private static ColumnDef column(int position, String name, ColumnType type, int length, boolean nullable, int collation) {
        return new ColumnDef(position, name, type, type == ColumnType.BLOB ? 4 : 0, length, false, nullable, collation, List.of());
    }

    private static TableSchema table(List<Integer> primaryKey, ColumnDef... columns) {
        return new TableSchema(new TableId("db", "t"), List.of(columns), primaryKey);
    }

    @Test
    void extendedTypesNeedTheirStorageForm() {
        TableSchema table = table(List.of(),
                column(0, "U", ColumnType.STRING, 16, true, BINARY),
                column(1, "i4", ColumnType.STRING, 4, true, BINARY),
                column(2, "i6", ColumnType.STRING, 16, true, BINARY),
                column(3, "j", ColumnType.BLOB, 0, true, UTF8MB4),
                column(4, "was_uuid", ColumnType.STRING, 36, true, UTF8MB4),
                column(5, "was_json", ColumnType.BLOB, 0, true, BINARY),
                column(6, "was_inet4", ColumnType.STRING, 16, true, BINARY));
        CatalogTable catalog = new CatalogTable(Map.of("u", "uuid", "i4", "inet4", "i6", "inet6", "j", "longtext",
                "was_uuid", "uuid", "was_json", "longtext", "was_inet4", "inet4"), Set.of("j", "was_json"), List.of());

        assertThat(CatalogMatch.extendedTypes(table, catalog)).isEqualTo(Map.of(
                0, ExtendedType.UUID, 1, ExtendedType.INET4, 2, ExtendedType.INET6, 3, ExtendedType.JSON));
    }

    @Test
    void columnsTheCatalogDoesNotKnowKeepTheirStorageForm() {
        TableSchema table = table(List.of(), column(0, "dropped_since", ColumnType.STRING, 16, true, BINARY));
        assertThat(CatalogMatch.extendedTypes(table, CatalogTable.EMPTY)).isEmpty();
        assertThat(CatalogMatch.extendedTypes(table, new CatalogTable(Map.of("other", "uuid"), Set.of(), List.of()))).isEmpty();
    }

    @Test
    void theConfiguredKeyWinsThenThePrimaryKeyThenTheFirstUniqueKeyOfNotNullColumns() {
        ColumnDef a = column(0, "a", ColumnType.LONG, 0, true, -1);
        ColumnDef b = column(1, "b", ColumnType.LONG, 0, false, -1);
        ColumnDef c = column(2, "c", ColumnType.LONG, 0, false, -1);
        CatalogTable catalog = new CatalogTable(Map.of(), Set.of(),
                List.of(List.of("a"), List.of("gone", "b"), List.of("C", "b"), List.of("b")));

        assertThat(CatalogMatch.keyColumns(table(List.of(0), a, b, c), catalog, List.of())).containsExactly(0);
        assertThat(CatalogMatch.keyColumns(table(List.of(0), a, b, c), catalog, List.of("C"))).as("message.key.columns overrides the primary key")
                .containsExactly(2);
        assertThat(CatalogMatch.keyColumns(table(List.of(), a, b, c), catalog, List.of())).as("nullable and missing columns skipped")
                .containsExactly(2, 1);
        assertThat(CatalogMatch.keyColumns(table(List.of(), a, b, c), CatalogTable.EMPTY, List.of("a", "c"))).containsExactly(0, 2);
        assertThat(CatalogMatch.keyColumns(table(List.of(), a, b, c), CatalogTable.EMPTY, List.of())).isEmpty();
        assertThatThrownBy(() -> CatalogMatch.keyColumns(table(List.of(), a, b, c), CatalogTable.EMPTY, List.of("nope")))
                .hasMessageContaining("message.key.columns names column nope for db.t");
    }
}
