package io.binlogstream.connect.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import io.binlogstream.connect.tls.SslMode;
import io.binlogstream.connect.tls.TlsContext;
import io.binlogstream.connect.tls.TlsSettings;
import io.binlogstream.connect.tls.TlsSetupException;

/**
 * The connector's whole configuration: every key is declared here once, with its documentation,
 * default, validator and group. The README's reference is generated from {@link #CONFIG_DEF}.
 */
public final class BinlogConnectorConfig extends AbstractConfig {

    public static final String GROUP_CONNECTION = "Connection";
    public static final String GROUP_TOPICS = "Topics";
    public static final String GROUP_FILTERS = "Filters";
    public static final String GROUP_RECORDS = "Records";
    public static final String GROUP_READER = "Reader";
    public static final String GROUP_DELIVERY = "Delivery";

    public static final String HOSTNAME_CONFIG = "database.hostname";
    private static final String HOSTNAME_DOC = "The MySQL or MariaDB server to read the binlog from: a host name or IP "
            + "address, or several as host[:port],host[:port] (IPv6 in brackets) in order of preference. With several, "
            + "the task reads from the first that can serve its position and, when the connection is lost, moves to "
            + "another: before reading from a server it checks that the server's binlog holds every transaction "
            + "already delivered (a replica needs log_slave_updates=ON) and refuses it otherwise, naming the missing "
            + "GTIDs. List the primary and the replicas that may replace it.";
    private static final String HOSTNAME_DISPLAY = "Hostname";

    public static final String PORT_CONFIG = "database.port";
    private static final String PORT_DOC = "TCP port of the servers in database.hostname that do not name their own.";
    private static final int PORT_DEFAULT = 3306;
    private static final String PORT_DISPLAY = "Port";

    public static final String USER_CONFIG = "database.user";
    private static final String USER_DOC = "User to connect as. MariaDB 10.5+: SELECT, REPLICATION SLAVE, BINLOG "
            + "MONITOR and REPLICATION MASTER ADMIN; MySQL: SELECT, REPLICATION SLAVE, REPLICATION CLIENT. The README "
            + "says what each grant is for.";
    private static final String USER_DISPLAY = "User";

    public static final String PASSWORD_CONFIG = "database.password";
    private static final String PASSWORD_DOC = "Password of database.user.";
    private static final String PASSWORD_DISPLAY = "Password";

    public static final String SERVER_ID_CONFIG = "database.server.id";
    private static final String SERVER_ID_DOC = "Replica server id the connector presents to the server. It must "
            + "differ from the server's own server_id and from every other replica's. Default: derived from the "
            + "connector's name (a stable number between 10000 and 2^31), so two connectors with different names "
            + "do not collide.";
    private static final String SERVER_ID_DISPLAY = "Server id";
    public static final long SERVER_ID_MIN = 1;
    public static final long SERVER_ID_MAX = 4_294_967_295L;

    public static final String CONNECT_TIMEOUT_CONFIG = "database.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_DOC = "How long to wait for a connection to the server, for "
            + "validation, preflight checks and the binlog stream.";
    private static final long CONNECT_TIMEOUT_DEFAULT = 10_000L;
    private static final String CONNECT_TIMEOUT_DISPLAY = "Connect timeout (ms)";

    public static final String SSL_MODE_CONFIG = "database.ssl.mode";
    private static final String SSL_MODE_DOC = "TLS for both connections to the server, the SQL one (checks, positions) and "
            + "the binlog stream. disabled: plain TCP. required: encrypted, but the server's certificate is not checked, so "
            + "an impostor on the network could still pose as the server. verify_ca: encrypted, and the server's "
            + "certificate must be signed by a CA in database.ssl.truststore. verify_identity: as verify_ca, and the "
            + "certificate must also name database.hostname (a subject alternative name: DNS name or IP address); use "
            + "this in production. Every mode but disabled refuses a server without TLS.";
    private static final String SSL_MODE_DEFAULT = "disabled";
    private static final String SSL_MODE_DISPLAY = "TLS mode";

    public static final String SSL_TRUSTSTORE_CONFIG = "database.ssl.truststore";
    private static final String SSL_TRUSTSTORE_DOC = "The CA certificates verify_ca and verify_identity trust: path of a "
            + "PKCS12 or JKS trust store, or of a PEM file of one or more CA certificates (the server's ssl_ca file works "
            + "as it is). Empty: the JVM's default trust store. Unused by disabled and required.";
    private static final String SSL_TRUSTSTORE_DISPLAY = "Trust store";

    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "database.ssl.truststore.password";
    private static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of database.ssl.truststore (a PEM file needs none).";
    private static final String SSL_TRUSTSTORE_PASSWORD_DISPLAY = "Trust store password";

    public static final String SSL_KEYSTORE_CONFIG = "database.ssl.keystore";
    private static final String SSL_KEYSTORE_DOC = "Path of a PKCS12 or JKS key store with the client's private key and "
            + "certificate chain, presented when the server asks for one: needed when database.user is created REQUIRE "
            + "X509, ISSUER or SUBJECT. The key must have the store's password. Empty: no client certificate.";
    private static final String SSL_KEYSTORE_DISPLAY = "Key store";

    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "database.ssl.keystore.password";
    private static final String SSL_KEYSTORE_PASSWORD_DOC = "Password of database.ssl.keystore and of the key in it.";
    private static final String SSL_KEYSTORE_PASSWORD_DISPLAY = "Key store password";

    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Logical name of the source server: prefix of every topic "
            + "(<topic.prefix>.<database>.<table>) and the key of the connector's offsets, so it must stay the "
            + "same for the connector's whole life, across failovers to other servers. Letters, digits, '.', '_' "
            + "and '-' only.";
    private static final String TOPIC_PREFIX_DISPLAY = "Topic prefix";

    public static final String DATABASE_INCLUDE_CONFIG = "database.include.list";
    private static final String DATABASE_INCLUDE_DOC = "Comma-separated regular expressions matched against whole "
            + "database names; only matching databases are captured. Empty: every database except the "
            + "server's own (mysql, sys, information_schema, performance_schema). Not with database.exclude.list.";
    private static final String DATABASE_INCLUDE_DISPLAY = "Databases to include";

    public static final String DATABASE_EXCLUDE_CONFIG = "database.exclude.list";
    private static final String DATABASE_EXCLUDE_DOC = "Comma-separated regular expressions matched against whole "
            + "database names; matching databases are not captured. Not with database.include.list.";
    private static final String DATABASE_EXCLUDE_DISPLAY = "Databases to exclude";

    public static final String TABLE_INCLUDE_CONFIG = "table.include.list";
    private static final String TABLE_INCLUDE_DOC = "Comma-separated regular expressions matched against whole "
            + "'database.table' names; only matching tables are captured. Not with table.exclude.list.";
    private static final String TABLE_INCLUDE_DISPLAY = "Tables to include";

    public static final String TABLE_EXCLUDE_CONFIG = "table.exclude.list";
    private static final String TABLE_EXCLUDE_DOC = "Comma-separated regular expressions matched against whole "
            + "'database.table' names; matching tables are not captured. Not with table.include.list.";
    private static final String TABLE_EXCLUDE_DISPLAY = "Tables to exclude";

    public static final String TOMBSTONES_CONFIG = "tombstones.on.delete";
    private static final String TOMBSTONES_DOC = "Whether a delete is followed by a tombstone (same key, null "
            + "value) so that compacted topics drop the row.";
    private static final boolean TOMBSTONES_DEFAULT = true;
    private static final String TOMBSTONES_DISPLAY = "Tombstones on delete";

    public static final String TRUNCATE_HANDLING_CONFIG = "truncate.handling";
    private static final String TRUNCATE_HANDLING_DOC = "What a TRUNCATE TABLE of a captured table becomes. 'record': a "
            + "record with op=t, no key and no row images on the table's topic, where it tells consumers the table was "
            + "emptied; a compacted topic refuses a record without a key, and the task then fails on the TRUNCATE, so "
            + "use it with topics that are not compacted. 'skip': no record, a warning in the log naming the table and "
            + "the transaction's GTID (the rows already on a compacted topic stay there). 'fail': the task stops naming "
            + "the table and GTID, for an operator to decide.";
    private static final String TRUNCATE_HANDLING_DEFAULT = "record";
    private static final String TRUNCATE_HANDLING_DISPLAY = "TRUNCATE handling";

    public static final String SNAPSHOT_MODE_CONFIG = "snapshot.mode";
    private static final String SNAPSHOT_MODE_DOC = "Whether the rows that already exist are delivered before the "
            + "changes. 'initial': on a first start (no stored offset), each captured table is read in primary-key "
            + "chunks while the binlog streams, as records with op=r and source.snapshot 'true' ('last' on the last "
            + "row of a table), without locks; progress is in the offset, so a restart continues at the next chunk. "
            + "A table without a primary key is read whole in one consistent-snapshot transaction, which holds the "
            + "table's metadata lock for the whole read (an ALTER TABLE on it, and the writes queued behind that, wait "
            + "until the read ends); its changes are delivered from that read on, and a restart during it reads the "
            + "table again. "
            + "'no_data': changes only, from the current position. 'initial_only': the snapshot only; the task "
            + "reads the binlog only as far as the snapshot needs, delivers no changes, and idles once the snapshot is "
            + "done. 'when_needed': as 'initial', and also, when the stored offset can no longer be used because every "
            + "listed server purged binlogs it needs, every captured table is read again from the current position "
            + "(a warning names what was purged). Snapshots need MariaDB (exact chunk positions); on MySQL use 'no_data'. "
            + "A snapshot under way when the mode changes is finished.";
    private static final String SNAPSHOT_MODE_DEFAULT = "initial";
    private static final String SNAPSHOT_MODE_DISPLAY = "Snapshot mode";

    public static final String SNAPSHOT_CHUNK_SIZE_CONFIG = "snapshot.chunk.size";
    private static final String SNAPSHOT_CHUNK_SIZE_DOC = "Rows per snapshot chunk. Each chunk is one short "
            + "consistent-snapshot transaction, so a larger chunk holds the table's metadata lock (which an ALTER "
            + "TABLE waits for) longer, and a restart reads at most one chunk again.";
    private static final int SNAPSHOT_CHUNK_SIZE_DEFAULT = 4096;
    private static final String SNAPSHOT_CHUNK_SIZE_DISPLAY = "Snapshot chunk size";

    public static final String SNAPSHOT_REQUEST_ID_CONFIG = "snapshot.request.id";
    private static final String SNAPSHOT_REQUEST_ID_DOC = "Asks for a new snapshot of the tables in "
            + "snapshot.request.tables, while the other tables keep streaming: change this value (any text, e.g. a date "
            + "or a ticket number) in the connector's config (PUT /connectors/<name>/config) and the tasks restart and "
            + "read those tables again, in chunks and without locks, as op=r records whose event ids name the request. "
            + "Each id is carried out once: the offset keeps the last id begun (snap_req), so restarts and unrelated "
            + "config changes do not repeat it. A request made while another snapshot is under way begins after it. "
            + "Use it after adding a table to table.include.list, or to refill a topic. Empty: no request.";
    private static final String SNAPSHOT_REQUEST_ID_DISPLAY = "Snapshot request id";

    public static final String SNAPSHOT_REQUEST_TABLES_CONFIG = "snapshot.request.tables";
    private static final String SNAPSHOT_REQUEST_TABLES_DOC = "The tables a snapshot request (snapshot.request.id) "
            + "reads again: comma-separated regular expressions matched against whole 'database.table' names, as "
            + "table.include.list. Only captured tables are read. Empty: every captured table.";
    private static final String SNAPSHOT_REQUEST_TABLES_DISPLAY = "Snapshot request tables";

    public static final String MESSAGE_KEY_COLUMNS_CONFIG = "message.key.columns";
    private static final String MESSAGE_KEY_COLUMNS_DOC = "The record key's columns for chosen tables, as "
            + "<table regex>:<column>,<column>;<table regex>:<column>. The regex matches the whole database.table name "
            + "and the first matching entry wins. It overrides the primary key of the tables it names, and gives a key "
            + "to tables without one (whose records otherwise have a null key). A named column the table lacks stops "
            + "the task naming both.";
    private static final String MESSAGE_KEY_COLUMNS_DISPLAY = "Key columns";

    public static final String COLUMN_INCLUDE_CONFIG = "column.include.list";
    private static final String COLUMN_INCLUDE_DOC = "Regular expressions matching whole database.table.column names: only "
            + "those columns appear in the records' row images. Key columns cannot be left out.";
    private static final String COLUMN_INCLUDE_DISPLAY = "Columns to include";

    public static final String COLUMN_EXCLUDE_CONFIG = "column.exclude.list";
    private static final String COLUMN_EXCLUDE_DOC = "Regular expressions matching whole database.table.column names: "
            + "those columns are left out of the records' row images. Key columns cannot be left out.";
    private static final String COLUMN_EXCLUDE_DISPLAY = "Columns to exclude";
    public static final String TIME_PRECISION_MODE_CONFIG = "time.precision.mode";
    private static final String TIME_PRECISION_MODE_DOC = "How DATE, DATETIME, TIMESTAMP and TIME values are represented. "
            + "'micros' (default, lossless): DATE as days since 1970-01-01, DATETIME as wall-clock microseconds, TIMESTAMP as "
            + "microseconds since the epoch (UTC), TIME as signed microseconds (-838:59:59 to 838:59:59). 'connect': "
            + "Connect's own Date, Timestamp and Time logical types, for sinks that need them: they hold milliseconds, so "
            + "microseconds are truncated; a DATETIME becomes the Timestamp of its wall clock read as UTC; a TIME must lie "
            + "within 00:00:00 and 23:59:59.999, and a negative or longer one stops the task naming the column.";
    private static final String TIME_PRECISION_MODE_DEFAULT = "micros";
    private static final String TIME_PRECISION_MODE_DISPLAY = "Time precision mode";

    public static final String ZERO_DATE_MODE_CONFIG = "zero.date.mode";
    private static final String ZERO_DATE_MODE_DOC = "What a DATE, DATETIME or TIMESTAMP that is no date becomes: the zero "
            + "date '0000-00-00', a partial date such as '2024-00-15' or '2024-05-00' (both storable under a permissive "
            + "sql_mode), or an impossible one stored under ALLOW_INVALID_DATES. 'null' (default): the field is null, "
            + "never a wrong date. 'fail': the task stops, naming the table, column, GTID and the value as the server "
            + "prints it, so no such value passes unnoticed; fix the row (or choose 'null') and restart.";
    private static final String ZERO_DATE_MODE_DEFAULT = "null";
    private static final String ZERO_DATE_MODE_DISPLAY = "Zero dates";

    public static final String MAX_BATCH_SIZE_CONFIG = "max.batch.size";
    private static final String MAX_BATCH_SIZE_DOC = "Most records one poll() hands to Connect.";
    private static final int MAX_BATCH_SIZE_DEFAULT = 2048;
    private static final String MAX_BATCH_SIZE_DISPLAY = "Max batch size";

    public static final String MAX_QUEUE_SIZE_CONFIG = "max.queue.size";
    private static final String MAX_QUEUE_SIZE_DOC = "Most records the binlog reader may hold ahead of Connect. "
            + "When full, the reader waits, and so does the server's dump thread (back-pressure, nothing dropped).";
    private static final int MAX_QUEUE_SIZE_DEFAULT = 8192;
    private static final String MAX_QUEUE_SIZE_DISPLAY = "Max queue size";

    public static final String MAX_QUEUE_BYTES_CONFIG = "max.queue.bytes";
    private static final String MAX_QUEUE_BYTES_DOC = "Most bytes of row data the binlog reader may hold ahead of Connect, "
            + "besides max.queue.size, so a table of large rows cannot fill the worker's heap. A change counts its share "
            + "of its binlog rows event (a snapshot row: its values), so the records in memory take a few times this "
            + "(Java objects). When full, the reader waits as for max.queue.size; a single row larger than the limit "
            + "still passes, alone.";
    private static final long MAX_QUEUE_BYTES_DEFAULT = 64L * 1024 * 1024;
    private static final String MAX_QUEUE_BYTES_DISPLAY = "Max queue bytes";

    public static final String MAX_IN_FLIGHT_RECORDS_CONFIG = "max.in.flight.records";
    private static final String MAX_IN_FLIGHT_RECORDS_DOC = "Most records handed to Connect that Kafka has not acknowledged "
            + "yet; poll() hands over no more until a batch fits. Connect keeps each such record in memory, converted, and "
            + "the producer's buffer.memory bounds only their serialized bytes, so a producer that falls behind (a slow "
            + "broker, or a rate above what batch.size and Connect's one request in flight carry) would fill the worker's "
            + "heap with them; held back here, the backlog waits in the binlog instead. Not applied with exactly-once "
            + "delivery and transaction.boundary=interval or connector, where Kafka acknowledges records only when their "
            + "transaction commits. The task's in-flight-records and in-flight-wait-ms-total gauges show it at work.";
    private static final int MAX_IN_FLIGHT_RECORDS_DEFAULT = 8192;
    private static final String MAX_IN_FLIGHT_RECORDS_DISPLAY = "Max in-flight records";

    public static final String POLL_TIMEOUT_CONFIG = "poll.timeout.ms";
    private static final String POLL_TIMEOUT_DOC = "Longest poll() waits for records when the binlog is idle "
            + "before returning none, so the task stays responsive to Connect.";
    private static final long POLL_TIMEOUT_DEFAULT = 100L;
    private static final String POLL_TIMEOUT_DISPLAY = "Poll timeout (ms)";

    public static final String RECONNECT_TIMEOUT_CONFIG = "reconnect.timeout.ms";
    private static final String RECONNECT_TIMEOUT_DOC = "How long the task keeps trying to reconnect after the binlog "
            + "connection was lost (server restart, network failure) before it fails with the reason. It resumes from "
            + "the last transaction it handed over, never from the binlog library's own position. Also how long it "
            + "keeps reconnecting while every connection ends before anything new comes through it (no record, no "
            + "completed transaction, no idle heartbeat from the server, no further than before), as behind a network "
            + "path or proxy that stops or cuts large transfers.";
    private static final long RECONNECT_TIMEOUT_DEFAULT = 300_000L;
    private static final String RECONNECT_TIMEOUT_DISPLAY = "Reconnect timeout (ms)";

    public static final String RECONNECT_BACKOFF_MAX_CONFIG = "reconnect.backoff.max.ms";
    private static final String RECONNECT_BACKOFF_MAX_DOC = "Longest wait between two reconnection attempts; the wait "
            + "starts at 250 ms and doubles.";
    private static final long RECONNECT_BACKOFF_MAX_DEFAULT = 10_000L;
    private static final String RECONNECT_BACKOFF_MAX_DISPLAY = "Reconnect back-off max (ms)";

    public static final String HEARTBEAT_INTERVAL_CONFIG = "heartbeat.interval.ms";
    private static final String HEARTBEAT_INTERVAL_DOC = "How often, at most, a heartbeat record carries the offset "
            + "forward when no captured table changes (transactions on other tables still move the position), so a "
            + "restart does not re-read hours of binlog; also written once on the first start, so the start "
            + "position is stored before any change. 0 disables heartbeat records. The server is also asked to send "
            + "a heartbeat event every min(this, 10 s) while idle (every 10 s when 0), and a binlog connection silent "
            + "for three such periods is taken for dead (a network partition, a frozen server), dropped and reopened "
            + "from the offset.";
    private static final long HEARTBEAT_INTERVAL_DEFAULT = 10_000L;
    private static final String HEARTBEAT_INTERVAL_DISPLAY = "Heartbeat interval (ms)";

    public static final String HEARTBEAT_TOPICS_PREFIX_CONFIG = "heartbeat.topics.prefix";
    private static final String HEARTBEAT_TOPICS_PREFIX_DOC = "Heartbeats go to the topic <heartbeat.topics.prefix>.<topic.prefix>.";
    private static final String HEARTBEAT_TOPICS_PREFIX_DEFAULT = "__binlogstream-heartbeat";
    private static final String HEARTBEAT_TOPICS_PREFIX_DISPLAY = "Heartbeat topics prefix";

    public static final String TRANSACTION_COMMIT_RECORDS_CONFIG = "transaction.commit.records";
    private static final String TRANSACTION_COMMIT_RECORDS_DOC = "With exactly-once and transaction.boundary=connector: "
            + "a Kafka transaction is committed at the first database commit after this many records (or after "
            + "transaction.commit.interval.ms, or as soon as the connector has caught up with the binlog), so several "
            + "small database transactions share one Kafka transaction.";
    private static final int TRANSACTION_COMMIT_RECORDS_DEFAULT = 10_000;
    private static final String TRANSACTION_COMMIT_RECORDS_DISPLAY = "Records per Kafka transaction";

    public static final String TRANSACTION_COMMIT_INTERVAL_CONFIG = "transaction.commit.interval.ms";
    private static final String TRANSACTION_COMMIT_INTERVAL_DOC = "With transaction.boundary=connector: a Kafka "
            + "transaction is committed at the first database commit after it has been open this long.";
    private static final long TRANSACTION_COMMIT_INTERVAL_DEFAULT = 1_000L;
    private static final String TRANSACTION_COMMIT_INTERVAL_DISPLAY = "Kafka transaction interval (ms)";

    public static final String TRANSACTION_SPLIT_RECORDS_CONFIG = "transaction.split.records";
    private static final String TRANSACTION_SPLIT_RECORDS_DOC = "With transaction.boundary=connector: a database "
            + "transaction with more records than this is split into several Kafka transactions (at row boundaries), "
            + "so none outlives the producer's transaction.timeout.ms. The record that ends each part carries the "
            + "header binlogstream.txn.split; a read_committed consumer then sees such a transaction in parts.";
    private static final int TRANSACTION_SPLIT_RECORDS_DEFAULT = 200_000;
    private static final String TRANSACTION_SPLIT_RECORDS_DISPLAY = "Records before a split";

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(HOSTNAME_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ServerAddress.ListValidator(),
                Importance.HIGH, HOSTNAME_DOC, GROUP_CONNECTION, ++order, Width.MEDIUM, HOSTNAME_DISPLAY);
        def.define(PORT_CONFIG, Type.INT, PORT_DEFAULT, ConfigDef.Range.between(1, 65535),
                Importance.HIGH, PORT_DOC, GROUP_CONNECTION, ++order, Width.SHORT, PORT_DISPLAY);
        def.define(USER_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.HIGH, USER_DOC, GROUP_CONNECTION, ++order, Width.MEDIUM, USER_DISPLAY);
        def.define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, PASSWORD_DOC,
                GROUP_CONNECTION, ++order, Width.MEDIUM, PASSWORD_DISPLAY);
        def.define(SERVER_ID_CONFIG, Type.LONG, null, nullOr(ConfigDef.Range.between(SERVER_ID_MIN, SERVER_ID_MAX)),
                Importance.MEDIUM, SERVER_ID_DOC, GROUP_CONNECTION, ++order, Width.SHORT, SERVER_ID_DISPLAY);
        def.define(CONNECT_TIMEOUT_CONFIG, Type.LONG, CONNECT_TIMEOUT_DEFAULT, ConfigDef.Range.between(100, 600_000),
                Importance.LOW, CONNECT_TIMEOUT_DOC, GROUP_CONNECTION, ++order, Width.SHORT, CONNECT_TIMEOUT_DISPLAY);
        def.define(SSL_MODE_CONFIG, Type.STRING, SSL_MODE_DEFAULT, new SslModeValidator(),
                Importance.MEDIUM, SSL_MODE_DOC, GROUP_CONNECTION, ++order, Width.SHORT, SSL_MODE_DISPLAY);
        def.define(SSL_TRUSTSTORE_CONFIG, Type.STRING, "", Importance.MEDIUM, SSL_TRUSTSTORE_DOC,
                GROUP_CONNECTION, ++order, Width.LONG, SSL_TRUSTSTORE_DISPLAY);
        def.define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, SSL_TRUSTSTORE_PASSWORD_DOC,
                GROUP_CONNECTION, ++order, Width.MEDIUM, SSL_TRUSTSTORE_PASSWORD_DISPLAY);
        def.define(SSL_KEYSTORE_CONFIG, Type.STRING, "", Importance.MEDIUM, SSL_KEYSTORE_DOC,
                GROUP_CONNECTION, ++order, Width.LONG, SSL_KEYSTORE_DISPLAY);
        def.define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, SSL_KEYSTORE_PASSWORD_DOC,
                GROUP_CONNECTION, ++order, Width.MEDIUM, SSL_KEYSTORE_PASSWORD_DISPLAY);

        order = 0;
        def.define(TOPIC_PREFIX_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new TopicPrefixValidator(),
                Importance.HIGH, TOPIC_PREFIX_DOC, GROUP_TOPICS, ++order, Width.MEDIUM, TOPIC_PREFIX_DISPLAY);

        order = 0;
        def.define(DATABASE_INCLUDE_CONFIG, Type.LIST, "", new RegexListValidator(),
                Importance.MEDIUM, DATABASE_INCLUDE_DOC, GROUP_FILTERS, ++order, Width.LONG, DATABASE_INCLUDE_DISPLAY);
        def.define(DATABASE_EXCLUDE_CONFIG, Type.LIST, "", new RegexListValidator(),
                Importance.MEDIUM, DATABASE_EXCLUDE_DOC, GROUP_FILTERS, ++order, Width.LONG, DATABASE_EXCLUDE_DISPLAY);
        def.define(TABLE_INCLUDE_CONFIG, Type.LIST, "", new RegexListValidator(),
                Importance.MEDIUM, TABLE_INCLUDE_DOC, GROUP_FILTERS, ++order, Width.LONG, TABLE_INCLUDE_DISPLAY);
        def.define(TABLE_EXCLUDE_CONFIG, Type.LIST, "", new RegexListValidator(),
                Importance.MEDIUM, TABLE_EXCLUDE_DOC, GROUP_FILTERS, ++order, Width.LONG, TABLE_EXCLUDE_DISPLAY);

        order = 0;
        def.define(TOMBSTONES_CONFIG, Type.BOOLEAN, TOMBSTONES_DEFAULT,
                Importance.MEDIUM, TOMBSTONES_DOC, GROUP_RECORDS, ++order, Width.SHORT, TOMBSTONES_DISPLAY);
        def.define(TRUNCATE_HANDLING_CONFIG, Type.STRING, TRUNCATE_HANDLING_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("record", "skip", "fail"),
                Importance.MEDIUM, TRUNCATE_HANDLING_DOC, GROUP_RECORDS, ++order, Width.SHORT, TRUNCATE_HANDLING_DISPLAY);
        def.define(SNAPSHOT_MODE_CONFIG, Type.STRING, SNAPSHOT_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("initial", "no_data", "initial_only", "when_needed"),
                Importance.HIGH, SNAPSHOT_MODE_DOC, GROUP_RECORDS, ++order, Width.SHORT, SNAPSHOT_MODE_DISPLAY);
        def.define(SNAPSHOT_CHUNK_SIZE_CONFIG, Type.INT, SNAPSHOT_CHUNK_SIZE_DEFAULT, ConfigDef.Range.between(1, 1_000_000),
                Importance.LOW, SNAPSHOT_CHUNK_SIZE_DOC, GROUP_RECORDS, ++order, Width.SHORT, SNAPSHOT_CHUNK_SIZE_DISPLAY);
        def.define(SNAPSHOT_REQUEST_ID_CONFIG, Type.STRING, "", Importance.LOW, SNAPSHOT_REQUEST_ID_DOC, GROUP_RECORDS, ++order,
                Width.MEDIUM, SNAPSHOT_REQUEST_ID_DISPLAY);
        def.define(SNAPSHOT_REQUEST_TABLES_CONFIG, Type.LIST, "", new RegexListValidator(), Importance.LOW,
                SNAPSHOT_REQUEST_TABLES_DOC, GROUP_RECORDS, ++order, Width.LONG, SNAPSHOT_REQUEST_TABLES_DISPLAY);
        def.define(MESSAGE_KEY_COLUMNS_CONFIG, Type.STRING, "", new KeyColumns.Validator(),
                Importance.MEDIUM, MESSAGE_KEY_COLUMNS_DOC, GROUP_RECORDS, ++order, Width.LONG, MESSAGE_KEY_COLUMNS_DISPLAY);
        def.define(COLUMN_INCLUDE_CONFIG, Type.LIST, "", new RegexListValidator(),
                Importance.MEDIUM, COLUMN_INCLUDE_DOC, GROUP_RECORDS, ++order, Width.LONG, COLUMN_INCLUDE_DISPLAY);
        def.define(COLUMN_EXCLUDE_CONFIG, Type.LIST, "", new RegexListValidator(),
                Importance.MEDIUM, COLUMN_EXCLUDE_DOC, GROUP_RECORDS, ++order, Width.LONG, COLUMN_EXCLUDE_DISPLAY);
        def.define(TIME_PRECISION_MODE_CONFIG, Type.STRING, TIME_PRECISION_MODE_DEFAULT, ConfigDef.ValidString.in("micros", "connect"),
                Importance.LOW, TIME_PRECISION_MODE_DOC, GROUP_RECORDS, ++order, Width.SHORT, TIME_PRECISION_MODE_DISPLAY);
        def.define(ZERO_DATE_MODE_CONFIG, Type.STRING, ZERO_DATE_MODE_DEFAULT, ConfigDef.ValidString.in("null", "fail"),
                Importance.LOW, ZERO_DATE_MODE_DOC, GROUP_RECORDS, ++order, Width.SHORT, ZERO_DATE_MODE_DISPLAY);

        order = 0;
        def.define(MAX_BATCH_SIZE_CONFIG, Type.INT, MAX_BATCH_SIZE_DEFAULT, ConfigDef.Range.between(1, 1_000_000),
                Importance.LOW, MAX_BATCH_SIZE_DOC, GROUP_READER, ++order, Width.SHORT, MAX_BATCH_SIZE_DISPLAY);
        def.define(MAX_QUEUE_SIZE_CONFIG, Type.INT, MAX_QUEUE_SIZE_DEFAULT, ConfigDef.Range.between(1, 10_000_000),
                Importance.LOW, MAX_QUEUE_SIZE_DOC, GROUP_READER, ++order, Width.SHORT, MAX_QUEUE_SIZE_DISPLAY);
        def.define(MAX_QUEUE_BYTES_CONFIG, Type.LONG, MAX_QUEUE_BYTES_DEFAULT, ConfigDef.Range.atLeast(1024),
                Importance.LOW, MAX_QUEUE_BYTES_DOC, GROUP_READER, ++order, Width.SHORT, MAX_QUEUE_BYTES_DISPLAY);
        def.define(MAX_IN_FLIGHT_RECORDS_CONFIG, Type.INT, MAX_IN_FLIGHT_RECORDS_DEFAULT, ConfigDef.Range.between(1, 10_000_000),
                Importance.LOW, MAX_IN_FLIGHT_RECORDS_DOC, GROUP_READER, ++order, Width.SHORT, MAX_IN_FLIGHT_RECORDS_DISPLAY);
        def.define(POLL_TIMEOUT_CONFIG, Type.LONG, POLL_TIMEOUT_DEFAULT, ConfigDef.Range.between(1, 60_000),
                Importance.LOW, POLL_TIMEOUT_DOC, GROUP_READER, ++order, Width.SHORT, POLL_TIMEOUT_DISPLAY);
        def.define(RECONNECT_TIMEOUT_CONFIG, Type.LONG, RECONNECT_TIMEOUT_DEFAULT, ConfigDef.Range.between(0, 86_400_000),
                Importance.LOW, RECONNECT_TIMEOUT_DOC, GROUP_READER, ++order, Width.SHORT, RECONNECT_TIMEOUT_DISPLAY);
        def.define(RECONNECT_BACKOFF_MAX_CONFIG, Type.LONG, RECONNECT_BACKOFF_MAX_DEFAULT, ConfigDef.Range.between(250, 600_000),
                Importance.LOW, RECONNECT_BACKOFF_MAX_DOC, GROUP_READER, ++order, Width.SHORT, RECONNECT_BACKOFF_MAX_DISPLAY);

        order = 0;
        def.define(HEARTBEAT_INTERVAL_CONFIG, Type.LONG, HEARTBEAT_INTERVAL_DEFAULT, ConfigDef.Range.between(0, 86_400_000),
                Importance.MEDIUM, HEARTBEAT_INTERVAL_DOC, GROUP_DELIVERY, ++order, Width.SHORT, HEARTBEAT_INTERVAL_DISPLAY);
        def.define(HEARTBEAT_TOPICS_PREFIX_CONFIG, Type.STRING, HEARTBEAT_TOPICS_PREFIX_DEFAULT, new TopicPrefixValidator(),
                Importance.LOW, HEARTBEAT_TOPICS_PREFIX_DOC, GROUP_DELIVERY, ++order, Width.MEDIUM, HEARTBEAT_TOPICS_PREFIX_DISPLAY);
        def.define(TRANSACTION_COMMIT_RECORDS_CONFIG, Type.INT, TRANSACTION_COMMIT_RECORDS_DEFAULT, ConfigDef.Range.between(1, 100_000_000),
                Importance.LOW, TRANSACTION_COMMIT_RECORDS_DOC, GROUP_DELIVERY, ++order, Width.SHORT, TRANSACTION_COMMIT_RECORDS_DISPLAY);
        def.define(TRANSACTION_COMMIT_INTERVAL_CONFIG, Type.LONG, TRANSACTION_COMMIT_INTERVAL_DEFAULT, ConfigDef.Range.between(0, 3_600_000),
                Importance.LOW, TRANSACTION_COMMIT_INTERVAL_DOC, GROUP_DELIVERY, ++order, Width.SHORT, TRANSACTION_COMMIT_INTERVAL_DISPLAY);
        def.define(TRANSACTION_SPLIT_RECORDS_CONFIG, Type.INT, TRANSACTION_SPLIT_RECORDS_DEFAULT, ConfigDef.Range.between(1, 1_000_000_000),
                Importance.LOW, TRANSACTION_SPLIT_RECORDS_DOC, GROUP_DELIVERY, ++order, Width.SHORT, TRANSACTION_SPLIT_RECORDS_DISPLAY);
        return def;
    }

    private static ConfigDef.Validator nullOr(ConfigDef.Validator validator) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    validator.ensureValid(name, value);
                }
            }

            @Override
            public String toString() {
                return validator.toString();
            }
        };
    }

    /** Connect adds the connector's name to its config under this key. */
    public static final String CONNECTOR_NAME_KEY = "name";

    private TlsContext tls;

    public BinlogConnectorConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        checkExclusive(DATABASE_INCLUDE_CONFIG, DATABASE_EXCLUDE_CONFIG);
        checkExclusive(TABLE_INCLUDE_CONFIG, TABLE_EXCLUDE_CONFIG);
        checkExclusive(COLUMN_INCLUDE_CONFIG, COLUMN_EXCLUDE_CONFIG);
    }

    private void checkExclusive(String include, String exclude) {
        if (!getList(include).isEmpty() && !getList(exclude).isEmpty()) {
            throw new org.apache.kafka.common.config.ConfigException(exclude, getList(exclude),
                    "Set either " + include + " or " + exclude + ", not both");
        }
    }

    /** The servers of database.hostname, in order of preference. */
    public List<ServerAddress> servers() {
        return ServerAddress.parseList(getString(HOSTNAME_CONFIG), getInt(PORT_CONFIG));
    }

    public String user() {
        return getString(USER_CONFIG);
    }

    public String password() {
        Password password = getPassword(PASSWORD_CONFIG);
        return password == null ? "" : password.value();
    }

    /** The configured server id, or one derived from the connector's name. */
    public long serverId() {
        Long configured = getLong(SERVER_ID_CONFIG);
        if (configured != null) {
            return configured;
        }
        Object name = originals().get(CONNECTOR_NAME_KEY);
        return derivedServerId(name == null ? getString(TOPIC_PREFIX_CONFIG) : name.toString());
    }

    /**
     * A stable server id from a name: CRC32 folded into [10000, 2^31). Low ids are left alone because
     * servers and hand-configured replicas usually take them.
     */
    public static long derivedServerId(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return 10_000L + (crc.getValue() % (2_147_483_648L - 10_000L));
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(CONNECT_TIMEOUT_CONFIG));
    }

    public TlsSettings tlsSettings() {
        return new TlsSettings(SslMode.parse(getString(SSL_MODE_CONFIG)), getString(SSL_TRUSTSTORE_CONFIG),
                getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG), getString(SSL_KEYSTORE_CONFIG), getPassword(SSL_KEYSTORE_PASSWORD_CONFIG));
    }

    /**
     * The TLS context of this configuration, read once, so the SQL connections and the binlog stream of a task
     * share one. A store that cannot be used fails with a message naming its key.
     */
    public synchronized TlsContext tls() {
        if (tls == null) {
            try {
                tls = TlsContext.load(tlsSettings());
            } catch (TlsSetupException e) {
                throw new org.apache.kafka.common.config.ConfigException(e.getMessage());
            }
        }
        return tls;
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX_CONFIG);
    }

    public TableFilter tableFilter() {
        return new TableFilter(getList(DATABASE_INCLUDE_CONFIG), getList(DATABASE_EXCLUDE_CONFIG),
                getList(TABLE_INCLUDE_CONFIG), getList(TABLE_EXCLUDE_CONFIG));
    }

    public boolean tombstonesOnDelete() {
        return getBoolean(TOMBSTONES_CONFIG);
    }

    /** The configured snapshot.mode, lower case. */
    public String snapshotMode() {
        return getString(SNAPSHOT_MODE_CONFIG).toLowerCase(java.util.Locale.ROOT);
    }

    public int snapshotChunkSize() {
        return getInt(SNAPSHOT_CHUNK_SIZE_CONFIG);
    }

    /** The operator's snapshot request id, trimmed; null when none. */
    public String snapshotRequestId() {
        String id = getString(SNAPSHOT_REQUEST_ID_CONFIG).trim();
        return id.isEmpty() ? null : id;
    }

    /** Which captured tables a snapshot request reads: those matching snapshot.request.tables, or all when it is empty. */
    public java.util.function.Predicate<io.binlogstream.connect.schema.TableId> snapshotRequestTables() {
        List<java.util.regex.Pattern> patterns = getList(SNAPSHOT_REQUEST_TABLES_CONFIG).stream().map(String::trim)
                .filter(p -> !p.isEmpty()).map(java.util.regex.Pattern::compile).toList();
        return table -> patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(table.database() + "." + table.table()).matches());
    }

    public TruncateHandling truncateHandling() {
        return TruncateHandling.of(getString(TRUNCATE_HANDLING_CONFIG));
    }

    public KeyColumns keyColumns() {
        return KeyColumns.parse(getString(MESSAGE_KEY_COLUMNS_CONFIG));
    }

    public ColumnFilter columnFilter() {
        return new ColumnFilter(getList(COLUMN_INCLUDE_CONFIG), getList(COLUMN_EXCLUDE_CONFIG));
    }

    /** time.precision.mode and zero.date.mode. */
    public io.binlogstream.connect.mapping.MappingOptions mappingOptions() {
        return new io.binlogstream.connect.mapping.MappingOptions(
                io.binlogstream.connect.mapping.MappingOptions.TimePrecisionMode.valueOf(getString(TIME_PRECISION_MODE_CONFIG).toUpperCase(java.util.Locale.ROOT)),
                io.binlogstream.connect.mapping.MappingOptions.ZeroDateMode.valueOf(getString(ZERO_DATE_MODE_CONFIG).toUpperCase(java.util.Locale.ROOT)));
    }

    public int maxBatchSize() {
        return getInt(MAX_BATCH_SIZE_CONFIG);
    }

    public int maxQueueSize() {
        return getInt(MAX_QUEUE_SIZE_CONFIG);
    }

    public int maxInFlightRecords() {
        return getInt(MAX_IN_FLIGHT_RECORDS_CONFIG);
    }

    public long maxQueueBytes() {
        return getLong(MAX_QUEUE_BYTES_CONFIG);
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_CONFIG));
    }

    public Duration reconnectTimeout() {
        return Duration.ofMillis(getLong(RECONNECT_TIMEOUT_CONFIG));
    }

    public Duration reconnectBackoffMax() {
        return Duration.ofMillis(getLong(RECONNECT_BACKOFF_MAX_CONFIG));
    }

    /** Zero when heartbeats are off. */
    public Duration heartbeatInterval() {
        return Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_CONFIG));
    }

    public String heartbeatTopic() {
        return getString(HEARTBEAT_TOPICS_PREFIX_CONFIG) + "." + topicPrefix();
    }

    public int transactionCommitRecords() {
        return getInt(TRANSACTION_COMMIT_RECORDS_CONFIG);
    }

    public Duration transactionCommitInterval() {
        return Duration.ofMillis(getLong(TRANSACTION_COMMIT_INTERVAL_CONFIG));
    }

    public int transactionSplitRecords() {
        return getInt(TRANSACTION_SPLIT_RECORDS_CONFIG);
    }

    public static List<String> keys() {
        return List.copyOf(CONFIG_DEF.names());
    }
}
