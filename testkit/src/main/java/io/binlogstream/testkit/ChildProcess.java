package io.binlogstream.testkit;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One server started as a child process of this JVM, known by its pid.
 *
 * <p>Its stdout and stderr are appended to a log file (never to our stdout, which belongs to the
 * caller: {@link StackMain} prints exactly one JSON line there). Every started process is registered
 * with {@link ChildProcessReaper}, whose JVM shutdown hook stops whatever is still alive, so a test
 * JVM or the stack program that receives SIGTERM does not leave servers behind.
 *
 * <p>The wait helpers fail fast when the process exits while we wait, and every failure message
 * carries the tail of the log file: a server that does not come up almost always says why there.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long {@link #close()} lets the process shut down cleanly before it is killed. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(20);

    private static final int LOG_TAIL_LINES = 60;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final long logStartOffset;
    private final Process process;

    private ChildProcess(String name, List<String> command, Path logFile, long logStartOffset, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.logStartOffset = logStartOffset;
        this.process = process;
    }

    /** Starts describing a process; {@code name} only appears in messages and log headers. */
    public static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    /** Describes a process to start. */
    public static final class Builder {
        private final String name;
        private final List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workDir;
        private Path logFile;

        private Builder(String name, List<String> command) {
            this.name = Objects.requireNonNull(name, "name");
            this.command = List.copyOf(command);
            if (this.command.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
        }

        /** Adds (or, with a null value, removes) an environment variable of the child. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        /** The child's working directory; created if missing. Defaults to the log file's directory. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Where stdout and stderr go (appended, so a restarted server keeps its earlier log). Required. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public ChildProcess start() throws IOException {
            Objects.requireNonNull(logFile, "logFile");
            Path log = logFile.toAbsolutePath();
            Files.createDirectories(log.getParent());
            Path dir = workDir != null ? workDir : log.getParent();
            Files.createDirectories(dir);
            // Log waits only look at what this start wrote: a restarted server appends to its old log.
            long logStartOffset = Files.exists(log) ? Files.size(log) : 0;
            // A header per start makes restarts visible in the appended log.
            Files.writeString(log, "---- " + java.time.Instant.now() + " starting " + name + ": "
                            + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);

            ProcessBuilder pb = new ProcessBuilder(inOwnSession(command))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    // No one writes to the child's stdin; an open pipe could keep a server waiting.
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            // Registering under the reaper's lock means a shutdown that begins now still sees this child.
            return ChildProcessReaper.startAndRegister(() -> new ChildProcess(name, command, log, logStartOffset, pb.start()));
        }
    }

    /**
     * Runs the command in a session of its own (util-linux {@code setsid}, which execs it: the pid stays the
     * server's), so a Ctrl-C in the terminal reaches only the parent JVM, which then stops its servers in
     * order, instead of killing them all at once under a consumer still reading from them.
     */
    private static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new java.util.ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> command() {
        return command;
    }

    public Path logFile() {
        return logFile;
    }

    /** The exit code, or empty while the process runs. */
    public java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    /**
     * Asks the process to exit (SIGTERM), waits up to {@code timeout}, then kills it (SIGKILL).
     * Descendants of the child are treated the same way, since a server started through a wrapper
     * script would otherwise survive its wrapper. Returns once the process is gone. Idempotent.
     */
    public void stop(Duration timeout) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy(); // SIGTERM on Linux
        }
        descendants.forEach(ProcessHandle::destroy);
        boolean exited = waitForExit(timeout);
        if (!exited) {
            System.err.printf("[testkit] %s (pid %d) did not stop within %s, killing it%n", name, pid(), timeout);
        }
        kill(descendants);
    }

    /** Kills the process immediately (SIGKILL), like a crash or an OOM kill, and waits until it is gone. */
    public void kill() {
        kill(process.descendants().toList());
    }

    /**
     * Freezes the process (SIGSTOP) without closing anything: its sockets stay open and silent, like a server
     * behind a network partition. {@link #resume()} lets it go on.
     */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " (" + name + ") failed: " + out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    private void kill(List<ProcessHandle> descendants) {
        process.destroyForcibly(); // SIGKILL on Linux; a no-op for an exited process
        descendants.forEach(ProcessHandle::destroyForcibly);
        // SIGKILL cannot be ignored; a short wait is enough unless the process is stuck in the kernel.
        if (!waitForExit(Duration.ofSeconds(30))) {
            throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
        }
        // ProcessHandle.onExit() polls slowly for processes that are not our children, so poll here.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (descendants.stream().anyMatch(ChildProcess::isRunning) && System.nanoTime() - deadline < 0) {
            sleep(Duration.ofMillis(20));
        }
        ChildProcessReaper.unregister(this);
    }

    // Alive and not a zombie: an orphaned grandchild that was killed stays a zombie until init reaps it,
    // and a container's init may never do so, yet it holds no port and no file any more.
    private static boolean isRunning(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return h.isAlive();
        }
    }

    /** Waits for the process to exit on its own; true if it did within the timeout. */
    public boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_STOP_TIMEOUT}. */
    @Override
    public void close() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    /** A check polled by {@link #await}: true when the awaited state is reached. May throw; the last exception is reported. */
    @FunctionalInterface
    public interface Check {
        boolean test() throws Exception;
    }

    /**
     * Polls {@code check} until it returns true. Fails with the log tail when the timeout passes or
     * the process exits first, so a waiting caller never sits out the full timeout on a dead server.
     */
    public void await(String what, Duration timeout, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (check.test()) {
                    return;
                }
                last = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name + " " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (!process.isAlive()) {
                throw new ChildProcessException(name + " (pid " + pid() + ") exited with code " + process.exitValue()
                        + " while waiting for " + what + describeLast(last) + tailForMessage(), last);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ChildProcessException(name + " (pid " + pid() + ") did not reach '" + what + "' within "
                        + timeout + describeLast(last) + tailForMessage(), last);
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Waits until a TCP connection to {@code host:port} succeeds. */
    public void awaitPort(String host, int port, Duration timeout) {
        await("accepting connections on " + host + ":" + port, timeout, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return true;
            }
        });
    }

    /** Waits until a line of the log file (written since this start) contains {@code text}. */
    public void awaitLogLine(String text, Duration timeout) {
        awaitLogLine(Pattern.compile(Pattern.quote(text)), timeout);
    }

    /** Waits until a line of the log file matches {@code pattern} ({@link java.util.regex.Matcher#find()}). */
    public void awaitLogLine(Pattern pattern, Duration timeout) {
        await("log line matching /" + pattern + "/", timeout, () -> readFrom(logStartOffset).lines()
                .anyMatch(line -> pattern.matcher(line).find()));
    }

    /** Whether the log written since this start contains {@code text}, e.g. to classify a failure. */
    public boolean logContains(String text) {
        return readFrom(logStartOffset).contains(text);
    }

    /** The last {@code lines} lines of the log file (all starts), for messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** The last lines of any file, or a note why it cannot be read; never throws. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no file " + file + ")";
            }
            // Read at most the last 64 KiB: logs of long runs get large.
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long len = raf.length();
                long from = Math.max(0, len - 64 * 1024);
                byte[] buf = new byte[(int) (len - from)];
                raf.seek(from);
                raf.readFully(buf);
                List<String> all = new String(buf, StandardCharsets.UTF_8).lines().toList();
                return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
            }
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    String tailForMessage() {
        return System.lineSeparator() + "---- last lines of " + logFile + " ----" + System.lineSeparator()
                + logTail(LOG_TAIL_LINES);
    }

    private String readFrom(long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(logFile.toFile(), "r")) {
            long len = raf.length();
            if (len <= offset) {
                return "";
            }
            byte[] buf = new byte[(int) (len - offset)];
            raf.seek(offset);
            raf.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describeLast(Exception last) {
        return last == null ? "" : " (last check failed with: " + last + ")";
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + (isAlive() ? ", alive" : ", exited") + ")";
    }
}
