package io.binlogstream.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the Kafka broker and Connect worker JVMs.
 *
 * <p>Both run on {@link Artifacts#serverClasspath()} with the same {@code java} as this JVM. Their
 * SLF4J binding is slf4j-simple, which writes to stderr; {@link ChildProcess} sends that to the
 * server's log file. Temporary files go to the server's own directory, so concurrent runs on the
 * machine do not share them and a work directory holds everything a run left behind.
 */
final class ServerJvm {

    private ServerJvm() {
    }

    static List<String> command(List<String> jvmArgs, Path serverDir, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Artifacts.javaExecutable().toString());
        cmd.addAll(jvmArgs);
        cmd.add("-Djava.io.tmpdir=" + serverDir.resolve("tmp"));
        cmd.add("-Djava.awt.headless=true");
        // A JVM that ran out of memory is better dead (a visible failure) than limping.
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        cmd.add("-Dorg.slf4j.simpleLogger.showShortLogName=true");
        cmd.add("-cp");
        cmd.add(Artifacts.serverClasspath());
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Writes a properties file in a stable order (java.util.Properties would shuffle it and add a date). */
    static void writeProperties(Path file, java.util.Map<String, String> props) throws java.io.IOException {
        StringBuilder sb = new StringBuilder("# written by the binlogstream testkit\n");
        props.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, sb.toString());
    }
}
