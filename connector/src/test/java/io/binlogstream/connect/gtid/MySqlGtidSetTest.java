package io.binlogstream.connect.gtid;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.binlogstream.connect.gtid.MySqlGtidSet.Gtid;
import io.binlogstream.connect.gtid.MySqlGtidSet.Interval;
import io.binlogstream.connect.gtid.MySqlGtidSet.Source;

class MySqlGtidSetTest {
    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String B = "55778904-0299-11f1-b1b8-4ef0c4956feb";
    static final String C = "b9b88c66-0755-11f1-9899-4a9da94c4d71";

    static MySqlGtidSet set(String text) {
        return MySqlGtidSet.parse(text);
    }

    @Nested
    class Parsing {
        @Test
        void readsWhatGtidExecutedPrints() {
            // SELECT @@gtid_executed separates uuids with ",\n" and prints upper case when the server_uuid was set so
            MySqlGtidSet parsed = set(C.toUpperCase() + ":1-2,\n" + A + ":1-5:11-18,\n" + B + ":1-13:mytag:1-2");
            assertThat(parsed).hasToString(A + ":1-5:11-18," + B + ":1-13:mytag:1-2," + C + ":1-2");
        }

        @Test
        void allowsWhitespaceAroundEverySeparatorAndEmptyElements() {
            assertThat(set("  " + A + " : 1 - 3 : 5 ,\t, " + B + " : Tag1 : 7 ,\r\n"))
                    .hasToString(A + ":1-3:5," + B + ":tag1:7");
            assertThat(set(",")).isEqualTo(MySqlGtidSet.empty());
            assertThat(set(null)).isEqualTo(MySqlGtidSet.empty());
            assertThat(set(" \n")).isEqualTo(MySqlGtidSet.empty());
        }

        @Test
        void mergesRepeatedSourcesOverlapsAndAdjacentIntervals() {
            assertThat(set(A + ":7:1-3:2-4," + A.toUpperCase() + ":5:8-9:6")).hasToString(A + ":1-9");
            assertThat(set(A + ":1-3:5-7:4")).hasToString(A + ":1-7");
            assertThat(set(A + ":5-5")).hasToString(A + ":5");
        }

        @Test
        void tagsApplyToTheIntervalsAfterThemWithinTheirElement() {
            MySqlGtidSet parsed = set(A + ":1-3:tag1:1-2:tag2:5," + A + ":9");
            assertThat(parsed.sources()).containsExactly(
                    entry(Source.untagged(A), List.of(new Interval(1, 3), new Interval(9, 9))),
                    entry(new Source(A, "tag1"), List.of(new Interval(1, 2))),
                    entry(new Source(A, "tag2"), List.of(new Interval(5, 5))));
            assertThat(parsed).hasToString(A + ":1-3:9:tag1:1-2:tag2:5");
        }

        @Test
        void aTaggedOnlyUuidHasNoUntaggedIntervals() {
            MySqlGtidSet parsed = set(A + ":mytag:1-5");
            assertThat(parsed.sources()).containsOnlyKeys(new Source(A, "mytag"));
            assertThat(parsed.contains(A + ":3")).isFalse();
            assertThat(parsed.contains(A + ":mytag:3")).isTrue();
        }

        @Test
        void normalisesTagsToLowerCaseAndSortsThemAsMySqlDoes() {
            // Untagged first, then tags by byte order: '_' sorts before lower-case letters, digits before '_'.
            MySqlGtidSet parsed = set(B + ":z:1," + A + ":b:1:A:2:_z:3:a9:4:a_:5," + A + ":1-2");
            assertThat(parsed).hasToString(A + ":1-2:_z:3:a:2:a9:4:a_:5:b:1," + B + ":z:1");
            assertThat(set(A + ":MyTag:1")).isEqualTo(set(A + ":mytag:1")).hasToString(A + ":mytag:1");
        }

        @Test
        void acceptsTheLongestTagAndTheLargestTransactionNumber() {
            String tag = "t" + "x".repeat(31);
            assertThat(set(A + ":" + tag + ":9223372036854775806")).hasToString(A + ":" + tag + ":9223372036854775806");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
                "not-a-uuid:1-2                                          | 'not-a-uuid' is not a uuid",
                "3e11fa47-71ca-11e1-9e33-c80aa942956:1                   | '3e11fa47-71ca-11e1-9e33-c80aa942956' is not a uuid",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:5-2                | bad interval '5-2'",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:0-2                | bad interval '0-2'",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:-3                 | bad interval '-3'",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-                 | bad interval '1-'",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2-3              | bad interval '1-2-3'",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:010                | '010' has a leading zero",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9223372036854775807 | outside 1-9223372036854775806",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:99999999999999999999  | outside 1-9223372036854775806",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:0x10               | '0x10' is not a transaction number",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562                    | '3e11fa47-71ca-11e1-9e33-c80aa9429562' has no transaction numbers",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:mytag              | '3e11fa47-71ca-11e1-9e33-c80aa9429562:mytag' has no transaction numbers",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:a:b:1              | '3e11fa47-71ca-11e1-9e33-c80aa9429562:a' has no transaction numbers",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562::1                 | empty field",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:my-tag:1           | 'my-tag' is not a GTID tag",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:täg:1              | 'täg' is not a GTID tag",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1 2                | bad interval '1 2'",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1;2                | bad interval '1;2'",
        })
        void rejectsMalformedSetsQuotingTheInputAndTheBadPart(String text, String problem) {
            assertThatThrownBy(() -> set(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "'")
                    .hasMessageContaining(problem);
        }

        @Test
        void rejectsATagLongerThan32Characters() {
            String tag = "t" + "x".repeat(32);
            assertThatThrownBy(() -> set(A + ":" + tag + ":1")).hasMessageContaining("'" + tag + "' is not a GTID tag");
        }
    }

    @Nested
    class SingleGtids {
        @Test
        void parseTaggedAndUntaggedGtids() {
            assertThat(Gtid.parse(A.toUpperCase() + ":23")).isEqualTo(new Gtid(Source.untagged(A), 23)).hasToString(A + ":23");
            assertThat(Gtid.parse(A + ":MyTag:3")).isEqualTo(new Gtid(new Source(A, "mytag"), 3)).hasToString(A + ":mytag:3");
            assertThat(Gtid.of(UUID.fromString(A), null, 5)).hasToString(A + ":5");
            assertThat(Gtid.of(UUID.fromString(A), "", 5)).hasToString(A + ":5");
            assertThat(Gtid.of(UUID.fromString(A), "T", 5)).hasToString(A + ":t:5");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "3e11fa47-71ca-11e1-9e33-c80aa9429562", "3e11fa47-71ca-11e1-9e33-c80aa9429562:0",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2", "3e11fa47-71ca-11e1-9e33-c80aa9429562:a:b:1",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:9tag:1", "nope:1"})
        void rejectMalformedGtidsQuotingThem(String text) {
            assertThatThrownBy(() -> Gtid.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Not a MySQL GTID").hasMessageContaining("'" + text + "'");
            assertThatThrownBy(() -> MySqlGtidSet.empty().plus(text)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MySqlGtidSet.empty().contains(text)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void plusAddsOneTransactionAndLeavesTheOriginalAlone() {
            MySqlGtidSet start = set(A + ":1-3:5");
            MySqlGtidSet next = start.plus(A + ":4");
            assertThat(next).hasToString(A + ":1-5");
            assertThat(start).hasToString(A + ":1-3:5");
            assertThat(next.plus(A + ":2")).isSameAs(next);
            assertThat(next.plus(A + ":tag:6")).hasToString(A + ":1-5:tag:6");
            assertThat(MySqlGtidSet.empty().plus(B + ":1")).hasToString(B + ":1");
        }

        @Test
        void containsTellsTaggedAndUntaggedTransactionsApart() {
            MySqlGtidSet parsed = set(A + ":1-3:tag:5");
            assertThat(parsed.contains(A + ":3")).isTrue();
            assertThat(parsed.contains(A + ":4")).isFalse();
            assertThat(parsed.contains(A + ":5")).isFalse();
            assertThat(parsed.contains(A + ":tag:5")).isTrue();
            assertThat(parsed.contains(A + ":TAG:5")).isTrue();
            assertThat(parsed.contains(A + ":other:5")).isFalse();
            assertThat(parsed.contains(B + ":1")).isFalse();
        }
    }

    @Nested
    class Arithmetic {
        final MySqlGtidSet x = set(A + ":1-10:20-30:t:1-5," + B + ":1-3");
        final MySqlGtidSet y = set(A + ":5-25:t:6," + C + ":7");

        @Test
        void union() {
            assertThat(x.union(y)).hasToString(A + ":1-30:t:1-6," + B + ":1-3," + C + ":7");
            assertThat(x.union(MySqlGtidSet.empty())).isEqualTo(x);
        }

        @Test
        void subtract() {
            assertThat(x.subtract(y)).hasToString(A + ":1-4:26-30:t:1-5," + B + ":1-3");
            assertThat(y.subtract(x)).hasToString(A + ":11-19:t:6," + C + ":7");
            assertThat(x.subtract(x)).isEqualTo(MySqlGtidSet.empty());
            assertThat(set(A + ":1-10").subtract(set(A + ":3:5-6:10"))).hasToString(A + ":1-2:4:7-9");
        }

        @Test
        void intersection() {
            assertThat(x.intersection(y)).hasToString(A + ":5-10:20-25");
            assertThat(x.intersection(MySqlGtidSet.empty()).isEmpty()).isTrue();
            assertThat(set(A + ":1-3:5-7:9").intersection(set(A + ":3-9"))).hasToString(A + ":3:5-7:9");
        }

        @Test
        void containmentAndSubsets() {
            MySqlGtidSet part = set(A + ":2-9:21:t:5," + B + ":2");
            assertThat(x.contains(part)).isTrue();
            assertThat(part.isSubsetOf(x)).isTrue();
            assertThat(x.isSubsetOf(part)).isFalse();
            assertThat(x.contains(x)).isTrue();
            assertThat(x.contains(MySqlGtidSet.empty())).isTrue();
            assertThat(MySqlGtidSet.empty().contains(x)).isFalse();
            assertThat(x.contains(set(A + ":10-20"))).as("spans a gap").isFalse();
            assertThat(x.contains(set(A + ":t:1"))).isTrue();
            assertThat(x.contains(set(A + ":1:u:1"))).as("unknown tag").isFalse();
        }

        @Test
        void emptinessEqualityAndHashing() {
            assertThat(MySqlGtidSet.empty().isEmpty()).isTrue();
            assertThat(x.isEmpty()).isFalse();
            assertThat(MySqlGtidSet.empty()).hasToString("");
            MySqlGtidSet same = set(B + ":3:1-2," + A.toUpperCase() + ":20-30:1-10:T:1-5");
            assertThat(same).isEqualTo(x).hasSameHashCodeAs(x).hasToString(x.toString());
            assertThat(x).isNotEqualTo(y).isNotEqualTo(MariaDbGtidPosition.empty());
        }

        @Test
        void theAccessorsAreReadOnly() {
            assertThatThrownBy(() -> x.sources().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> x.intervals(Source.untagged(A)).clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThat(x.intervals(Source.untagged(C))).isEmpty();
        }
    }

    @Test
    void intervalsAndSourcesValidateThemselves() {
        assertThatThrownBy(() -> new Interval(0, 1)).hasMessageContaining("0-1");
        assertThatThrownBy(() -> new Interval(3, 2)).hasMessageContaining("3-2");
        assertThatThrownBy(() -> new Interval(1, Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Interval(2, 4).contains(4)).isTrue();
        assertThat(new Interval(2, 4).contains(5)).isFalse();
        assertThat(new Source(A.toUpperCase(), null)).isEqualTo(Source.untagged(A)).hasToString(A);
        assertThat(new Source(A, "X").isTagged()).isTrue();
        assertThatThrownBy(() -> new Gtid(Source.untagged(A), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
