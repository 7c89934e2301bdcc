package io.binlogstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Work directories for test servers under target/, kept after the run so their logs can be read. */
final class TestDirs {
    private TestDirs() {
    }

    static Path create(String name) {
        try {
            Path base = Files.createDirectories(Path.of("target", "testkit-work"));
            return Files.createTempDirectory(base.toAbsolutePath(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
