package io.binlogstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.binlogstream.testkit.Stack;

/**
 * Every kind of schema change while a writer keeps writing, through a real worker with exactly-once, the real
 * registry at BACKWARD and restarts placed between an ALTER and the rows before it. Each row carries the number of
 * the write that produced it and the "epoch" (schema generation) it was written under, so the exact field set,
 * values and types of every record are known; a record decoded with any other schema than that of its own moment
 * fails the test.
 *
 * <p>The sequence: add column; connector stopped, then drop column and INT→BIGINT while it is stopped (the rows
 * written before each of them are read after them); rename column and a SIGKILL of the worker right after it; a new
 * primary key, which the registry refuses on the key subject (the task fails naming it; the operator sets the key
 * subject to NONE and restarts the task); connector stopped again, RENAME TABLE, CREATE TABLE + rows + INT to VARCHAR
 * + rows + DROP TABLE while it is stopped (the registry refuses INT to VARCHAR on the value subject, handled the same
 * way); TRUNCATE TABLE.
 */
class SchemaChangeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CONNECTOR = "evolve-cdc";
    private static final String DB = "evolve";
    private static final String PREFIX = "evolve";
    private static final String FIRST = "t";
    private static final String RENAMED = "t2";
    private static final String SIDE = "side";
    /** Pause between two writes: about 30 writes a second, so every phase of the sequence holds rows. */
    private static final long WRITE_PAUSE_MS = 30;
    /** How long the writer runs between two steps of the sequence. */
    private static final long PHASE_MS = 800;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.get();
    }

    /** Epochs of the table: each schema change the sequence makes to it starts the next one. */
    static final int ADDED = 1, DROPPED = 2, WIDENED = 3, RENAMED_COLUMN = 4, NEW_KEY = 5, RENAMED_TABLE = 6;

    /** The table's columns under an epoch, in table order: what a record's row images must hold exactly. */
    static List<String> columns(int epoch) {
        List<String> columns = new ArrayList<>(List.of("id", "seq", "op_no", "epoch"));
        if (epoch < DROPPED) {
            columns.add("note");
        }
        columns.add("n");
        if (epoch >= ADDED) {
            columns.add(epoch < RENAMED_COLUMN ? "extra" : "label");
        }
        return columns;
    }

    static String table(int epoch) {
        return epoch < RENAMED_TABLE ? FIRST : RENAMED;
    }

    static String topic(String table) {
        return PREFIX + "." + DB + "." + table;
    }

    /** The value a write puts in a column: derived from the write's number, typed as the column is under the epoch. */
    static Object value(String column, int opNo, int epoch) {
        return switch (column) {
            case "note" -> "note-" + opNo;
            // Past INT's range once the column is a BIGINT, so a record decoded as INT could not hold it.
            case "n" -> epoch < WIDENED ? (Object) (opNo * 7) : (Object) (3_000_000_000L + opNo);
            case "extra", "label" -> "x-" + opNo;
            default -> throw new IllegalArgumentException(column);
        };
    }

    /** One write: its number, the row's sequence number, the epoch and table it was made under, c or u. */
    record Write(int opNo, int seq, int epoch, String table, String op, int beforeOpNo, int beforeEpoch) {
    }

    /**
     * Writes one row change at a time, each its own transaction, while the main thread changes the schema. A write
     * and a DDL statement never run at the same instant (they share {@link #lock}), which is what lets each write
     * know the exact schema it ran under; between DDL statements the writer runs freely, so rows sit right before
     * and right after every change in the binlog, while the connector streams, stops, fails and restarts.
     */
    static final class Writer implements Runnable {
        final ReentrantLock lock = new ReentrantLock(true);
        final List<Write> writes = new ArrayList<>();
        /** Index in {@link #writes} of the first write after the TRUNCATE; -1 before it. */
        int truncatedAt = -1;
        private int epoch;
        private final Map<Integer, int[]> live = new LinkedHashMap<>(); // seq -> {last opNo, last epoch}
        private final Random random = new Random(4);
        private volatile boolean running = true;
        private volatile Throwable failure;
        private final Thread thread = new Thread(this, "schema-change-writer");

        void start() {
            thread.start();
        }

        /** Runs DDL between two writes and moves the writer on to {@code nextEpoch}. */
        void ddl(int nextEpoch, String... sql) {
            lock.lock();
            try {
                stack.mariaDb().execute(sql);
                epoch = nextEpoch;
            } finally {
                lock.unlock();
            }
        }

        void truncate() {
            lock.lock();
            try {
                stack.mariaDb().execute("TRUNCATE TABLE " + DB + "." + table(epoch));
                live.clear();
                truncatedAt = writes.size();
            } finally {
                lock.unlock();
            }
        }

        int count() {
            lock.lock();
            try {
                return writes.size();
            } finally {
                lock.unlock();
            }
        }

        List<Write> finish() throws InterruptedException {
            running = false;
            thread.join(10_000);
            assertThat(failure).as("the writer failed").isNull();
            return writes;
        }

        @Override
        public void run() {
            try (Connection connection = stack.mariaDb().adminConnection(); Statement statement = connection.createStatement()) {
                while (running) {
                    lock.lock();
                    try {
                        write(statement);
                    } finally {
                        lock.unlock();
                    }
                    Thread.sleep(WRITE_PAUSE_MS);
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        private void write(Statement statement) throws SQLException {
            int opNo = writes.size() + 1;
            List<String> valueColumns = columns(epoch).subList(4, columns(epoch).size());
            String table = DB + "." + table(epoch);
            if (opNo % 4 == 0 && !live.isEmpty()) {
                List<Integer> seqs = new ArrayList<>(live.keySet());
                int seq = seqs.get(random.nextInt(seqs.size()));
                StringBuilder sql = new StringBuilder("UPDATE " + table + " SET op_no = " + opNo + ", epoch = " + epoch);
                for (String column : valueColumns) {
                    sql.append(", ").append(column).append(" = ").append(literal(value(column, opNo, epoch)));
                }
                statement.executeUpdate(sql.append(" WHERE seq = ").append(seq).toString());
                int[] before = live.put(seq, new int[] {opNo, epoch});
                writes.add(new Write(opNo, seq, epoch, table(epoch), "u", before[0], before[1]));
            } else {
                int seq = opNo;
                StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + String.join(", ", columns(epoch))
                        + ") VALUES (" + (100_000 + seq) + ", " + seq + ", " + opNo + ", " + epoch);
                for (String column : valueColumns) {
                    sql.append(", ").append(literal(value(column, opNo, epoch)));
                }
                statement.executeUpdate(sql.append(')').toString());
                live.put(seq, new int[] {opNo, epoch});
                writes.add(new Write(opNo, seq, epoch, table(epoch), "c", 0, 0));
            }
        }

        private static String literal(Object value) {
            return value instanceof String s ? "'" + s + "'" : value.toString();
        }
    }

    @Test
    void everyRecordDecodesWithTheSchemaOfItsOwnMoment() throws Exception {
        long started = System.nanoTime();
        stack.mariaDb().execute("CREATE DATABASE " + DB,
                "CREATE TABLE " + DB + "." + FIRST + " (id INT PRIMARY KEY, seq INT NOT NULL, op_no INT NOT NULL, "
                        + "epoch INT NOT NULL, note VARCHAR(20), n INT)");
        // Apicurio's ccompat API answers NONE when no rule is set, which would let every change through; a
        // production registry (Confluent's default) checks BACKWARD, so the subjects are set to it before first use.
        String globalDefault = registry("GET", "/config", null).path("compatibilityLevel").asText();
        assertThat(globalDefault).as("the README says what the registry does by default").isEqualTo("NONE");
        for (String table : List.of(FIRST, RENAMED, SIDE)) {
            for (String kind : List.of("key", "value")) {
                setCompatibility(topic(table) + "-" + kind, "BACKWARD");
            }
        }

        Map<String, String> config = ConnectorConfigs.avro(stack, PREFIX, DB);
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "connector");
        // A SIGKILLed task leaves its Kafka transaction open, and the restarted worker's read_committed read of the
        // offsets topic waits until the broker aborts it: transaction.timeout.ms, 60 s by default. The connector
        // commits at least every second, so 10 s is ample and keeps the restart short.
        config.put("producer.override.transaction.timeout.ms", "10000");
        stack.rest().createConnector(CONNECTOR, config);
        stack.rest().awaitConnectorRunning(CONNECTOR, TIMEOUT);
        stack.mariaDb().awaitBinlogClients(1, TIMEOUT);
        // Changes stream once the first position is stored (README, "First start").
        StoredOffsets.await(stack.rest(), CONNECTOR, null, TIMEOUT);
        phase("connector running", started);

        Writer writer = new Writer();
        writer.start();
        Thread.sleep(PHASE_MS);
        writer.ddl(ADDED, "ALTER TABLE " + DB + ".t ADD COLUMN extra VARCHAR(20)");
        Thread.sleep(PHASE_MS);

        // Stopped: the rows written now are read only after the DROP COLUMN and the MODIFY that follow them.
        stack.rest().stop(CONNECTOR);
        stack.rest().awaitStopped(CONNECTOR, TIMEOUT);
        int stoppedAt = writer.count();
        Thread.sleep(PHASE_MS);
        int beforeDrop = writer.count();
        writer.ddl(DROPPED, "ALTER TABLE " + DB + ".t DROP COLUMN note");
        Thread.sleep(PHASE_MS);
        int beforeWiden = writer.count();
        writer.ddl(WIDENED, "ALTER TABLE " + DB + ".t MODIFY n BIGINT");
        Thread.sleep(PHASE_MS);
        stack.rest().resume(CONNECTOR);
        stack.rest().awaitConnectorRunning(CONNECTOR, TIMEOUT);
        phase("resumed after DROP COLUMN and MODIFY made while stopped", started);
        Thread.sleep(PHASE_MS);

        // A SIGKILL right after the ALTER: whatever the task had not committed is read again after the restart.
        writer.ddl(RENAMED_COLUMN, "ALTER TABLE " + DB + ".t RENAME COLUMN extra TO label");
        stack.worker(0).kill();
        Thread.sleep(PHASE_MS);
        stack.worker(0).restart();
        stack.rest().awaitConnectorRunning(CONNECTOR, TIMEOUT);
        phase("running again after the worker was killed right after RENAME COLUMN", started);
        Thread.sleep(PHASE_MS);

        // A new primary key is a new key schema that BACKWARD refuses (the new key's field has no default), so the
        // task must fail naming the key subject; the operator's way on is NONE on that subject and a task restart.
        String keySubject = topic(FIRST) + "-key";
        writer.ddl(NEW_KEY, "ALTER TABLE " + DB + ".t DROP PRIMARY KEY, ADD PRIMARY KEY (seq)");
        String trace = stack.rest().awaitTaskFailed(CONNECTOR, TIMEOUT);
        assertThat(trace).contains("subject '" + keySubject + "'").contains("incompatible").contains("PUT /config/" + keySubject);
        phase("task failed on the new primary key, naming " + keySubject, started);
        setCompatibility(keySubject, "NONE");
        stack.rest().restartTask(CONNECTOR, 0);
        awaitTaskNotFailed();
        stack.rest().awaitConnectorRunning(CONNECTOR, TIMEOUT);
        Thread.sleep(PHASE_MS);

        // Stopped again: the rows of t written before the RENAME TABLE, and all of a table created and dropped, are
        // read when neither table exists any more under that name. The side table's INT to VARCHAR is a type change
        // Avro cannot promote, so BACKWARD refuses it on the value subject, the same way on as for a new key.
        stack.rest().stop(CONNECTOR);
        stack.rest().awaitStopped(CONNECTOR, TIMEOUT);
        Thread.sleep(PHASE_MS);
        writer.ddl(RENAMED_TABLE, "RENAME TABLE " + DB + ".t TO " + DB + "." + RENAMED);
        stack.mariaDb().execute("CREATE TABLE " + DB + "." + SIDE + " (k VARCHAR(8) PRIMARY KEY, v INT)",
                "INSERT INTO " + DB + "." + SIDE + " VALUES ('a', 1)",
                "ALTER TABLE " + DB + "." + SIDE + " MODIFY v VARCHAR(10)",
                "INSERT INTO " + DB + "." + SIDE + " VALUES ('b', 'two'), ('c', 'three')");
        Thread.sleep(PHASE_MS);
        stack.mariaDb().execute("DROP TABLE " + DB + "." + SIDE);
        stack.rest().resume(CONNECTOR);
        String sideSubject = topic(SIDE) + "-value";
        trace = stack.rest().awaitTaskFailed(CONNECTOR, TIMEOUT);
        assertThat(trace).contains("subject '" + sideSubject + "'").contains("incompatible");
        phase("task failed on INT to VARCHAR, naming " + sideSubject, started);
        setCompatibility(sideSubject, "NONE");
        stack.rest().restartTask(CONNECTOR, 0);
        awaitTaskNotFailed();
        stack.rest().awaitConnectorRunning(CONNECTOR, TIMEOUT);
        Thread.sleep(PHASE_MS);

        writer.truncate();
        Thread.sleep(PHASE_MS);
        List<Write> writes = writer.finish();
        int truncatedAt = writer.truncatedAt;
        phase(writes.size() + " writes made", started);

        int expected = writes.size() + 1 + 3; // every write, the TRUNCATE's op=t record, the side table's 3 rows
        List<DecodedChange> read = DecodedChange.read(stack.kafka().bootstrapServers(), stack.registry().url(),
                List.of(topic(FIRST), topic(RENAMED), topic(SIDE)), expected, TIMEOUT);
        phase(read.size() + " records read back", started);

        Set<String> ids = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (DecodedChange change : read) {
            if (!ids.add(change.eventId())) {
                duplicates.add(change.eventId());
            }
        }
        assertThat(duplicates).as("no record twice (exactly once through stops, a kill and a failed task)").isEmpty();
        assertThat(read).hasSize(expected);

        // Each topic holds its writes in commit order; t2's op=t record sits exactly between the rows before the
        // TRUNCATE and those after it.
        List<DecodedChange> onFirst = onTopic(read, topic(FIRST));
        List<DecodedChange> onRenamed = onTopic(read, topic(RENAMED));
        List<Write> toFirst = writes.stream().filter(w -> w.table().equals(FIRST)).toList();
        List<Write> toRenamed = writes.stream().filter(w -> w.table().equals(RENAMED)).toList();
        int truncateIndex = (int) writes.subList(0, truncatedAt).stream().filter(w -> w.table().equals(RENAMED)).count();
        assertThat(onFirst).hasSize(toFirst.size());
        assertThat(onRenamed).hasSize(toRenamed.size() + 1);
        DecodedChange truncate = onRenamed.get(truncateIndex);
        assertThat(truncate.op()).isEqualTo("t");
        assertThat(truncate.key()).isNull();
        assertThat(truncate.before()).isNull();
        assertThat(truncate.after()).isNull();
        assertThat(truncate.value().getStruct("source").getString("table")).isEqualTo(RENAMED);
        List<DecodedChange> renamedRows = new ArrayList<>(onRenamed);
        renamedRows.remove(truncateIndex);
        for (int i = 0; i < toFirst.size(); i++) {
            check(toFirst.get(i), onFirst.get(i));
        }
        for (int i = 0; i < toRenamed.size(); i++) {
            check(toRenamed.get(i), renamedRows.get(i));
        }

        List<DecodedChange> side = onTopic(read, topic(SIDE));
        assertThat(side).extracting(c -> c.key().getString("k")).containsExactly("a", "b", "c");
        assertThat(side).extracting(c -> c.after().get("v")).containsExactly(1, "two", "three");

        // The registry holds one version per schema the table had: the value subject gains none for the new key
        // (the row's columns did not change), the key subject one after the operator allowed it.
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (String table : List.of(FIRST, RENAMED, SIDE)) {
            for (String kind : List.of("key", "value")) {
                String subject = topic(table) + "-" + kind;
                versions.put(subject, registry("GET", "/subjects/" + subject + "/versions", null).size());
            }
        }
        assertThat(versions).isEqualTo(Map.of(topic(FIRST) + "-key", 2, topic(FIRST) + "-value", 5,
                topic(RENAMED) + "-key", 1, topic(RENAMED) + "-value", 1, topic(SIDE) + "-key", 1, topic(SIDE) + "-value", 2));
        JsonNode valueVersions = registry("GET", "/subjects/" + topic(FIRST) + "-value/versions", null);
        for (int epoch = 0; epoch < NEW_KEY; epoch++) {
            assertThat(rowFieldNames(schema(topic(FIRST) + "-value", valueVersions.get(epoch).asInt())))
                    .as("version %d of the value subject", epoch + 1).isEqualTo(columns(epoch));
        }
        JsonNode keyVersions = registry("GET", "/subjects/" + topic(FIRST) + "-key/versions", null);
        assertThat(fieldNames(schema(topic(FIRST) + "-key", keyVersions.get(0).asInt()))).containsExactly("id");
        assertThat(fieldNames(schema(topic(FIRST) + "-key", keyVersions.get(1).asInt()))).containsExactly("seq");
        assertThat(fieldNames(schema(topic(RENAMED) + "-key", 1))).containsExactly("seq");

        long updates = writes.stream().filter(w -> w.op().equals("u")).count();
        System.err.printf("[it] schema changes: %d writes (%d inserts, %d updates; %d on %s, %d on %s), %d records read, "
                        + "%d duplicates; %d rows written while stopped before DROP COLUMN, %d before MODIFY; registry "
                        + "default compatibility %s, versions %s; %.1f s%n",
                writes.size(), writes.size() - updates, updates, toFirst.size(), FIRST, toRenamed.size(), RENAMED, read.size(),
                duplicates.size(), beforeDrop - stoppedAt, beforeWiden - stoppedAt, globalDefault, versions,
                (System.nanoTime() - started) / 1e9);
        stack.rest().deleteConnector(CONNECTOR);
    }

    /** A record against the write it came from: op, key, and row images with exactly the epoch's fields and values. */
    private static void check(Write write, DecodedChange change) {
        String what = "write " + write.opNo() + " (epoch " + write.epoch() + ", " + write.op() + ")";
        assertThat(change.op()).as(what).isEqualTo(write.op());
        Struct key = change.key();
        if (write.epoch() < NEW_KEY) {
            assertThat(fieldNames(key)).as(what + " key").containsExactly("id");
            assertThat(key.get("id")).as(what + " key").isEqualTo(100_000 + write.seq());
        } else {
            assertThat(fieldNames(key)).as(what + " key").containsExactly("seq");
            assertThat(key.get("seq")).as(what + " key").isEqualTo(write.seq());
        }
        Struct after = change.after();
        List<String> columns = columns(write.epoch());
        assertThat(fieldNames(after)).as(what + " after's fields").isEqualTo(columns);
        Map<String, Object> expected = new HashMap<>();
        expected.put("id", 100_000 + write.seq());
        expected.put("seq", write.seq());
        expected.put("op_no", write.opNo());
        expected.put("epoch", write.epoch());
        for (String column : columns.subList(4, columns.size())) {
            expected.put(column, value(column, write.opNo(), write.epoch()));
        }
        // Equal maps of boxed values also compare types: an Integer where a Long belongs is a difference.
        assertThat(values(after)).as(what + " after").isEqualTo(expected);
        if (write.op().equals("u")) {
            // The before image is decoded with the schema of the update's moment, whatever epoch last wrote the row.
            Struct before = change.before();
            assertThat(fieldNames(before)).as(what + " before's fields").isEqualTo(columns);
            assertThat(before.get("op_no")).as(what + " before").isEqualTo(write.beforeOpNo());
            assertThat(before.get("epoch")).as(what + " before").isEqualTo(write.beforeEpoch());
            Object n = value("n", write.beforeOpNo(), write.beforeEpoch());
            assertThat(before.get("n")).as(what + " before.n, typed as now")
                    .isEqualTo(write.epoch() >= WIDENED ? (Object) ((Number) n).longValue() : n);
        } else {
            assertThat(change.before()).as(what + " before").isNull();
        }
        assertThat(change.value().getStruct("source").getString("table")).isEqualTo(write.table());
    }

    /** The status topic may still show the failure for a moment after a task restart; wait that out. */
    private static void awaitTaskNotFailed() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode task = stack.rest().connectorStatus(CONNECTOR).path("tasks").path(0);
            if (!task.isMissingNode() && !"FAILED".equals(task.path("state").asText())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task of " + CONNECTOR + " still FAILED after its restart");
    }

    private static List<DecodedChange> onTopic(List<DecodedChange> changes, String topic) {
        return changes.stream().filter(c -> c.topic().equals(topic)).toList();
    }

    private static List<String> fieldNames(Struct struct) {
        return struct.schema().fields().stream().map(Field::name).toList();
    }

    private static Map<String, Object> values(Struct struct) {
        Map<String, Object> values = new HashMap<>();
        for (Field field : struct.schema().fields()) {
            values.put(field.name(), struct.get(field));
        }
        return values;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * The field names of the envelope's row record, from "before", where Avro defines it ("after" only names it),
     * as a union with null or as the record itself.
     */
    private static List<String> rowFieldNames(JsonNode envelope) {
        for (JsonNode field : envelope.path("fields")) {
            if (field.path("name").asText().equals("before")) {
                JsonNode type = field.path("type");
                if (type.isArray()) {
                    for (JsonNode branch : type) {
                        if (branch.isObject()) {
                            type = branch;
                        }
                    }
                }
                List<String> names = new ArrayList<>();
                type.path("fields").forEach(f -> names.add(f.path("name").asText()));
                return names;
            }
        }
        throw new AssertionError("no before field in " + envelope);
    }

    /** The Avro schema a subject's version holds. */
    private static JsonNode schema(String subject, int version) throws Exception {
        return MAPPER.readTree(registry("GET", "/subjects/" + subject + "/versions/" + version, null).path("schema").asText());
    }

    private static List<String> fieldNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.path("fields").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    private static void setCompatibility(String subject, String level) throws Exception {
        registry("PUT", "/config/" + subject, "{\"compatibility\":\"" + level + "\"}");
    }

    /** A call to the registry's Confluent-compatible API; fails on any status but 200. */
    private static JsonNode registry(String method, String path, String body) throws Exception {
        HttpResponse<String> response = registryCall(method, path, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> registryCall(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.registry().url() + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void phase(String what, long sinceNanos) {
        System.err.printf("[it] %s: %.1f s%n", what, (System.nanoTime() - sinceNanos) / 1e9);
    }
}
