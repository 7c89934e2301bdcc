package io.binlogstream.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;

import io.binlogstream.connect.binlog.EventDeserializers;
import io.binlogstream.connect.config.TableFilter;

/**
 * The real binlog files written by MySQL and MariaDB servers, kept outside the project at
 * {@code ../shared/fixtures/binlog/} (see its README). Tests that read them are skipped, not failed, on a
 * machine without that folder.
 */
public final class BinlogFixtures {

    private BinlogFixtures() {
    }

    /** {@code ../shared/fixtures/binlog} from the project root, which the build names (else the module's parent). */
    public static Path directory() {
        Path root = Path.of(System.getProperty("binlogstream.root", ".."));
        return root.resolve("../shared/fixtures/binlog").toAbsolutePath().normalize();
    }

    /** Skips the calling test when the fixture folder is absent. */
    public static Path assumePresent() {
        Path directory = directory();
        Assumptions.assumeTrue(Files.isDirectory(directory), "binlog fixtures not found at " + directory);
        return directory;
    }

    /** The names of every binlog file in the fixture folder (not its notes), sorted; skips the calling test without it. */
    public static List<String> fileNames() throws IOException {
        try (Stream<Path> list = Files.list(assumePresent())) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".md")).sorted().toList();
        }
    }

    /** One fixture file; skips the calling test when it is absent. */
    public static Path file(String name) {
        Path path = assumePresent().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(path), "fixture missing: " + path);
        return path;
    }

    /** Every event of a fixture file, decoded by the connector's own deserializer, every table's rows included. */
    public static List<Event> events(String name) throws IOException {
        return events(name, (TableFilter) null);
    }

    /**
     * Every event of a fixture file, decoded by the connector's own deserializer as live events are: with the table
     * filter, the rows of tables it leaves out are not decoded (null: every table's are).
     */
    public static List<Event> events(String name, TableFilter captured) throws IOException {
        return events(name, EventDeserializers.create(captured));
    }

    /** Every event of a fixture file as the binlog library decodes it by default (what the connector leaves undecoded too). */
    public static List<Event> libraryEvents(String name) throws IOException {
        return events(name, new EventDeserializer());
    }

    /** Every event of a fixture file, decoded by the given deserializer. */
    public static List<Event> events(String name, EventDeserializer deserializer) throws IOException {
        List<Event> events = new ArrayList<>();
        try (BinaryLogFileReader reader = new BinaryLogFileReader(file(name).toFile(), deserializer)) {
            for (Event event = reader.readEvent(); event != null; event = reader.readEvent()) {
                // As the live client hands them to its listeners: a wrapped event's data unwrapped (TABLE_MAP's is).
                events.add(event.getData() instanceof EventDeserializer.EventDataWrapper wrapper
                        ? new Event(event.getHeader(), wrapper.getExternal()) : event);
            }
        }
        return events;
    }
}
