package io.binlogstream.testkit;

import java.util.List;

/**
 * Retries a server start that lost the race for its port.
 *
 * <p>{@link FreePorts} checks a port before the server binds it; another process on this machine
 * can take it in between. The server then exits with a bind error in its log. Rather than make
 * every test flaky by that race, the start is repeated with new ports.
 */
final class PortConflict {

    static final int ATTEMPTS = 3;

    private static final List<String> MARKERS = List.of(
            "Address already in use", // JVM BindException, MariaDB errno 98
            "BindException",
            "seems to be in use by another process"); // Quarkus

    private PortConflict() {
    }

    /** One start attempt; it picks its own ports. */
    interface Attempt<T> {
        T run() throws Exception;
    }

    /** Whether the (failed) process's log names a bind failure. */
    static boolean detected(ChildProcess p) {
        return MARKERS.stream().anyMatch(p::logContains);
    }

    /**
     * Runs {@code attempt} until it succeeds, up to {@link #ATTEMPTS} times while it fails with a
     * {@link PortConflictException}; any other failure is thrown at once.
     */
    static <T> T retry(String what, Attempt<T> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.run();
            } catch (PortConflictException e) {
                if (i >= ATTEMPTS) {
                    throw new ChildProcessException(what + ": port conflicts in " + ATTEMPTS + " attempts", e.getCause());
                }
                System.err.printf("[testkit] %s lost its port to another process, retrying with new ports%n", what);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ChildProcessException(what + " failed to start: " + e, e);
            }
        }
    }

    /**
     * Classifies a failed start: kills the process and rethrows either as a port conflict (retried)
     * or unchanged.
     */
    static RuntimeException failed(ChildProcess p, RuntimeException e) {
        boolean conflict = detected(p);
        p.kill();
        return conflict ? new PortConflictException(e) : e;
    }

    static final class PortConflictException extends RuntimeException {
        PortConflictException(Throwable cause) {
            super(cause);
        }
    }
}
