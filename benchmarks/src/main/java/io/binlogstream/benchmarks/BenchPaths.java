package io.binlogstream.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where every benchmark finds its plugins and writes its work and reports, from the {@code bench.plugin.*},
 * {@code bench.work.dir} and {@code bench.results.dir} properties (relative to the project root, where
 * {@code ./benchmark} runs).
 */
record BenchPaths(Path binlogstreamPlugin, Path debeziumPlugin, Path floorPlugin, Path workDir, Path resultsDir) {

    static BenchPaths fromProperties() {
        BenchPaths paths = new BenchPaths(path("bench.plugin.binlogstream", "connector/target/plugin"),
                path("bench.plugin.debezium", "benchmarks/target/plugins"), path("bench.plugin.floor", "benchmarks/target/floor-plugin"),
                path("bench.work.dir", ".benchmark"), path("bench.results.dir", "benchmarks/results"));
        for (Path p : List.of(paths.binlogstreamPlugin.resolve("binlogstream"), paths.debeziumPlugin.resolve("debezium-connector-mariadb"),
                paths.floorPlugin.resolve("floor"))) {
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(p + " is missing: build with ./mvnw -B -Pbenchmark package -DskipTests");
            }
        }
        return paths;
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath();
    }
}
