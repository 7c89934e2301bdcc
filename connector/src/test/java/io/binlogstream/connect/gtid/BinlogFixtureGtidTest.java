package io.binlogstream.connect.gtid;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.GtidTaggedEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidListEventData;
import com.github.shyiko.mysql.binlog.event.MySqlGtid;
import com.github.shyiko.mysql.binlog.event.PreviousGtidSetEventData;

import io.binlogstream.connect.BinlogFixtures;
import io.binlogstream.connect.gtid.MySqlGtidSet.Gtid;
import io.binlogstream.connect.gtid.MySqlGtidSet.Interval;
import io.binlogstream.connect.gtid.MySqlGtidSet.Source;

/**
 * The GTID notation of real binlog files, read with the connector's own deserializer, through this package.
 * The files live outside the project (see {@code ../shared/fixtures/binlog/README.md}); without them these
 * tests are skipped.
 */
class BinlogFixtureGtidTest {
    static final String TAGGED_UUID = "55778904-0299-11f1-b1b8-4ef0c4956feb";

    @BeforeAll
    static void findFixtures() {
        BinlogFixtures.assumePresent();
    }

    static List<Event> events(String file) throws IOException {
        return BinlogFixtures.events(file);
    }

    static List<Event> ofType(List<Event> events, EventType type) {
        return events.stream().filter(e -> e.getHeader().getEventType() == type).toList();
    }

    static MySqlGtidSet previousGtids(List<Event> events) {
        List<Event> previous = ofType(events, EventType.PREVIOUS_GTIDS);
        assertThat(previous).hasSize(1);
        return MySqlGtidSet.parse(((PreviousGtidSetEventData) previous.get(0).getData()).getGtidSet());
    }

    /** The GTID of a GTID or GTID_TAGGED event, from the library's structured form (not its text). */
    static Gtid gtidOf(Event event) {
        MySqlGtid gtid = event.getData() instanceof GtidTaggedEventData tagged
                ? tagged.getMySqlGtid()
                : ((GtidEventData) event.getData()).getMySqlGtid();
        return Gtid.of(gtid.getServerId(), gtid.getTag(), gtid.getTransactionId());
    }

    /** The set after the file: its Previous_gtids plus each transaction, each of which must be new. */
    static MySqlGtidSet foldGtids(List<Event> events) {
        MySqlGtidSet set = previousGtids(events);
        for (Event event : events) {
            EventType type = event.getHeader().getEventType();
            if (type == EventType.GTID || type == EventType.GTID_TAGGED) {
                Gtid gtid = gtidOf(event);
                assertThat(set.contains(gtid)).as("%s repeats a transaction", gtid).isFalse();
                set = set.plus(gtid);
            }
        }
        return set;
    }

    @Test
    void taggedPreviousGtidsAndTaggedGtidEventOfMySql96() throws IOException {
        List<Event> events = events("binlog_transaction_with_GTID_TAG.000001");

        MySqlGtidSet previous = previousGtids(events);
        assertThat(previous.sources()).containsExactly(
                entry(Source.untagged(TAGGED_UUID), List.of(new Interval(1, 13))),
                entry(new Source(TAGGED_UUID, "mytag"), List.of(new Interval(1, 2))));
        assertThat(previous).hasToString(TAGGED_UUID + ":1-13:mytag:1-2");

        List<Event> tagged = ofType(events, EventType.GTID_TAGGED);
        assertThat(tagged).hasSize(1);
        MySqlGtid raw = ((GtidTaggedEventData) tagged.get(0).getData()).getMySqlGtid();
        assertThat(raw.getTag()).isEqualTo("mytag");
        assertThat(raw.getTransactionId()).isEqualTo(3);
        assertThat(raw.getServerId()).isEqualTo(UUID.fromString(TAGGED_UUID));
        Gtid gtid = gtidOf(tagged.get(0));
        assertThat(gtid).hasToString(TAGGED_UUID + ":mytag:3");
        assertThat(Gtid.parse(((GtidTaggedEventData) tagged.get(0).getData()).getGtid())).isEqualTo(gtid);

        assertThat(previous.contains(gtid)).isFalse();
        assertThat(foldGtids(events)).hasToString(TAGGED_UUID + ":1-13:mytag:1-3");
    }

    @Test
    void untaggedPreviousGtidsOfMySql80() throws IOException {
        assertThat(previousGtids(events("binlog_transaction_previous_GTID_no_tag.000001")))
                .isEqualTo(MySqlGtidSet.parse("b9b88c66-0755-11f1-9899-4a9da94c4d71:1-2"))
                .hasToString("b9b88c66-0755-11f1-9899-4a9da94c4d71:1-2");
    }

    @Test
    void gtidEventsAddUpFromThePreviousGtids() throws IOException {
        // The fixture README says 1-3, but the file holds five transactions (mariadb-binlog lists five
        // GTID events too, at 157, 493, 791, 1560 and 2659).
        List<Event> events = events("mysql-enum-string-set.000001");
        assertThat(previousGtids(events).isEmpty()).isTrue();
        MySqlGtidSet after = foldGtids(events);
        assertThat(after).hasToString("93e95066-a2f4-11ec-9b69-9657f0ae95e2:1-5");
        assertThat(after.contains(MySqlGtidSet.parse("93e95066-a2f4-11ec-9b69-9657f0ae95e2:1-3"))).isTrue();

        assertThat(foldGtids(events("mysql-8.0.31-gtid-compressed.000057")))
                .hasToString("76f3e7be-6720-11ed-9cad-0242ac110002:1-13");
    }

    static Stream<String> mysqlFiles() throws IOException {
        Path dir = BinlogFixtures.directory();
        if (!Files.isDirectory(dir)) {
            return Stream.of("absent"); // skipped by findFixtures' assumption
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.endsWith(".md") && !name.startsWith("mariadb"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("mysqlFiles")
    void everyMySqlFixturesGtidsParseAndNeverRepeat(String file) throws IOException {
        List<Event> events = events(file);
        MySqlGtidSet after = foldGtids(events);
        assertThat(after.contains(previousGtids(events))).isTrue();
        assertThat(MySqlGtidSet.parse(after.toString())).isEqualTo(after);
    }

    @Test
    void mariaDbGtidsTakeTheServerIdFromTheEventHeader() throws IOException {
        List<Event> events = events("mariadb-bin.000001");

        // The GTID list at the start of the first binlog: the state before it, empty on a new server.
        List<Event> lists = ofType(events, EventType.MARIADB_GTID_LIST);
        assertThat(lists).hasSize(1);
        MariaDbGtidPosition before = MariaDbGtidPosition.parseBinlogState(
                ((MariadbGtidListEventData) lists.get(0).getData()).getMariaGTIDSet().toSeenString());
        assertThat(before.isEmpty()).isTrue();

        // The GTID event carries domain and sequence; the server id is the event header's (the library's
        // MariadbGtidEventData leaves its own serverId at 0, so its toString prints 0-0-1).
        List<MariaDbGtidPosition.Gtid> gtids = new ArrayList<>();
        for (Event event : ofType(events, EventType.MARIADB_GTID)) {
            MariadbGtidEventData data = event.getData();
            EventHeaderV4 header = event.getHeader();
            gtids.add(new MariaDbGtidPosition.Gtid(data.getDomainId(), header.getServerId(), data.getSequence()));
        }
        assertThat(gtids).map(Object::toString).containsExactly("0-1-1", "0-1-2");

        MariaDbGtidPosition position = before;
        for (MariaDbGtidPosition.Gtid gtid : gtids) {
            assertThat(position.contains(gtid)).isFalse();
            position = position.plus(gtid);
        }
        assertThat(position).hasToString("0-1-2");
        assertThat(MariaDbGtidResumeCheck.purged(before, MariaDbGtidPosition.parse("0-1-1"))).isEmpty();
        assertThat(MariaDbGtidResumeCheck.missingOnServer(position, MariaDbGtidPosition.parse("0-1-1"))).isEmpty();
        assertThat(MariaDbGtidResumeCheck.missingOnServer(position, MariaDbGtidPosition.parse("0-1-3")))
                .map(Object::toString).containsExactly("domain 0: this server is at 0-1-2, the offset needs 0-1-3 (missing: sequence number 3)");
    }
}
