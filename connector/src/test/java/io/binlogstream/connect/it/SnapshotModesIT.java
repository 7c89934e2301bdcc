package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.binlogstream.testkit.Stack;

/**
 * The snapshot modes and requests through a real worker: the default {@code initial}, an operator's request for
 * chosen tables (carried out once, the other tables untouched), {@code initial_only} (rows, then no changes) and
 * {@code when_needed} (binlogs purged under a stopped connector: every table read again, the topic equal to the table).
 */
class SnapshotModesIT {
    private static final Duration READ = Duration.ofMinutes(1);
    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    @Test
    void anOperatorRequestReadsTheChosenTablesAgainOnce() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE req", "CREATE TABLE req.a (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE req.b (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO req.a SELECT seq, CONCAT('a', seq) FROM req.seq_1_to_100",
                "INSERT INTO req.b SELECT seq, CONCAT('b', seq) FROM req.seq_1_to_50");
        Map<String, String> config = ConnectorConfigs.avro(stack, "req", "req");
        stack.rest().createConnector("req-cdc", config); // snapshot.mode left at its default, initial
        stack.rest().awaitConnectorRunning("req-cdc", Duration.ofMinutes(2));
        assertThat(read("req.req.a", 100)).extracting(DecodedChange::eventId).allMatch(id -> id.startsWith("snapshot:initial:req.a:"));
        assertThat(read("req.req.b", 50)).extracting(DecodedChange::op).containsOnly("r");
        stack.mariaDb().execute("INSERT INTO req.a VALUES (101, 'a101')");

        config.put("snapshot.request.id", "2026-11-21 refill b");
        config.put("snapshot.request.tables", "req\\.b");
        stack.rest().createConnector("req-cdc", config);
        List<DecodedChange> b = read("req.req.b", 100);
        assertThat(b).hasSize(100);
        List<DecodedChange> again = b.subList(50, 100);
        assertThat(again).extracting(DecodedChange::op).containsOnly("r");
        assertThat(again).extracting(DecodedChange::eventId)
                .allMatch(id -> id.startsWith("snapshot:request-2026-11-21 refill b:req.b:i:")).doesNotHaveDuplicates();
        assertThat(again.get(49).value().getStruct("source").getString("snapshot")).isEqualTo("last");
        assertThat(latestById(b)).isEqualTo(table("req.b"));
        List<DecodedChange> a = read("req.req.a", 101);
        assertThat(a).as("the other table is not read again").hasSize(101);
        assertThat(a.get(100).op()).isEqualTo("c");
        awaitStoredRequest("req-cdc", "2026-11-21 refill b");

        // A restart with the same request in the config does not carry it out again; changes keep flowing.
        stack.rest().restart("req-cdc", true);
        stack.rest().awaitConnectorRunning("req-cdc", Duration.ofMinutes(1));
        stack.mariaDb().execute("INSERT INTO req.b VALUES (51, 'b51')");
        List<DecodedChange> afterRestart = read("req.req.b", 101);
        assertThat(afterRestart).hasSize(101);
        assertThat(afterRestart.get(100).op()).isEqualTo("c");
        stack.rest().deleteConnector("req-cdc");
    }

    @Test
    void initialOnlyDeliversTheRowsAndThenNoChanges() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE only1", "CREATE TABLE only1.t (id INT PRIMARY KEY, v INT)",
                "INSERT INTO only1.t SELECT seq, seq * 2 FROM only1.seq_1_to_200");
        Map<String, String> config = ConnectorConfigs.avro(stack, "only1", "only1");
        config.put("snapshot.mode", "initial_only");
        stack.rest().createConnector("only-cdc", config);
        stack.rest().awaitConnectorRunning("only-cdc", Duration.ofMinutes(2));
        List<DecodedChange> rows = read("only1.only1.t", 200);
        assertThat(rows).hasSize(200).extracting(DecodedChange::op).containsOnly("r");
        assertThat(latestById(rows)).isEqualTo(table("only1.t"));

        stack.mariaDb().execute("INSERT INTO only1.t VALUES (201, 0)", "UPDATE only1.t SET v = -1 WHERE id = 1", "DELETE FROM only1.t WHERE id = 2");
        stack.rest().restart("only-cdc", true);
        stack.rest().awaitConnectorRunning("only-cdc", Duration.ofMinutes(1));
        stack.mariaDb().execute("INSERT INTO only1.t VALUES (202, 0)");
        // Any change record would show up as a 201st record within a few seconds (the insert after the restart too).
        assertThat(DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), List.of("only1.only1.t"), 201,
                Duration.ofSeconds(10))).as("no change is delivered, before or after a restart").hasSize(200);
        assertThat(stack.rest().connectorStatus("only-cdc").path("tasks").path(0).path("state").asText()).isEqualTo("RUNNING");
        stack.rest().deleteConnector("only-cdc");
    }

    @Test
    void whenNeededReadsEveryTableAgainAfterItsBinlogsWerePurged() throws Exception {
        stack.mariaDb().execute("CREATE DATABASE needed", "CREATE TABLE needed.t (id INT PRIMARY KEY, v INT)",
                "INSERT INTO needed.t SELECT seq, seq FROM needed.seq_1_to_30");
        Map<String, String> config = ConnectorConfigs.avro(stack, "needed", "needed");
        config.put("snapshot.mode", "when_needed");
        stack.rest().createConnector("needed-cdc", config);
        stack.rest().awaitConnectorRunning("needed-cdc", Duration.ofMinutes(2));
        assertThat(read("needed.needed.t", 30)).hasSize(30);
        stack.mariaDb().execute("INSERT INTO needed.t VALUES (31, 31)");
        StoredOffsets.await(stack.rest(), "needed-cdc", stack.mariaDb().gtidBinlogPos(), Duration.ofMinutes(1));

        stack.rest().stop("needed-cdc");
        stack.rest().awaitStopped("needed-cdc", Duration.ofMinutes(1));
        // Changes the connector never saw, whose binlogs are then purged: only a new snapshot can deliver their result.
        stack.mariaDb().execute("INSERT INTO needed.t SELECT seq, seq FROM needed.seq_32_to_40", "DELETE FROM needed.t WHERE id = 1",
                "UPDATE needed.t SET v = -5 WHERE id = 5");
        Binlogs.rotateAndPurge(stack.mariaDb());
        stack.rest().resume("needed-cdc");
        stack.rest().awaitConnectorRunning("needed-cdc", Duration.ofMinutes(1));

        // 31 records before (30 op=r, 1 op=c), then the 39 rows the table holds now, read again.
        List<DecodedChange> all = read("needed.needed.t", 31 + 39);
        assertThat(all).hasSize(70);
        List<DecodedChange> recovery = all.subList(31, 70);
        assertThat(recovery).extracting(DecodedChange::eventId).allMatch(id -> id.startsWith("snapshot:recovery-"));
        // Replayed as a compacted topic, the topic still holds the deleted row 1 (its delete was purged): consumers
        // are told in the worker log; what the new run guarantees is that every row the table holds is current.
        Map<Integer, String> latest = latestById(all);
        Map<Integer, String> current = table("needed.t");
        assertThat(latest).containsAllEntriesOf(current);
        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());

        stack.mariaDb().execute("INSERT INTO needed.t VALUES (41, 41)");
        assertThat(read("needed.needed.t", 71).get(70).op()).as("streaming again").isEqualTo("c");
        stack.rest().deleteConnector("needed-cdc");
    }

    private static List<DecodedChange> read(String topic, int count) {
        return DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(), List.of(topic), count, READ);
    }

    /** The topic replayed as compaction would keep it: the latest value of column v per id (a delete removes the id). */
    private static Map<Integer, String> latestById(List<DecodedChange> changes) {
        Map<Integer, String> latest = new TreeMap<>();
        for (DecodedChange change : changes) {
            if (change.value() == null) {
                continue;
            }
            Struct image = change.after() != null ? change.after() : change.before();
            int id = image.getInt32("id");
            if (change.after() == null) {
                latest.remove(id);
            } else {
                latest.put(id, String.valueOf(change.after().get("v")));
            }
        }
        return latest;
    }

    /** The table's column v by id, as text. */
    private static Map<Integer, String> table(String table) {
        Map<Integer, String> rows = new TreeMap<>();
        for (Map<String, Object> row : stack.mariaDb().query("SELECT id, v FROM " + table)) {
            rows.put(((Number) row.get("id")).intValue(), String.valueOf(row.get("v")));
        }
        return rows;
    }

    private void awaitStoredRequest(String connector, String request) throws InterruptedException {
        long deadline = System.nanoTime() + READ.toNanos();
        JsonNode offsets = null;
        while (System.nanoTime() < deadline) {
            offsets = stack.rest().offsets(connector);
            for (JsonNode entry : offsets.path("offsets")) {
                if (request.equals(entry.path("offset").path("snap_req").asText(null))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("offset of " + connector + " never carried snap_req=" + request + ": " + offsets);
    }
}
