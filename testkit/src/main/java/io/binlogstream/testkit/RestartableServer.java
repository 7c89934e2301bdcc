package io.binlogstream.testkit;

import java.time.Duration;

/**
 * A server testkit runs as a child process that tests stop, kill, freeze and start again: the signals live
 * here once. The process changes at each (re)start, so it is read once per call and may be absent.
 */
public abstract class RestartableServer implements AutoCloseable {
    private final Duration stopTimeout;
    private volatile ChildProcess process;

    protected RestartableServer(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    /** The process started last (null before the first start). */
    protected final ChildProcess process() {
        return process;
    }

    protected final void process(ChildProcess started) {
        this.process = started;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        ChildProcess p = process;
        return p != null && p.isAlive();
    }

    /** Graceful: SIGTERM, then SIGKILL after the server's stop timeout. Idempotent. */
    public void stop() {
        ChildProcess p = process;
        if (p != null) {
            p.stop(stopTimeout);
        }
    }

    /** SIGKILL: a crash, for crash tests. */
    public void kill() {
        ChildProcess p = process;
        if (p != null) {
            p.kill();
        }
    }

    /** SIGSTOP: the server freezes with its connections open and silent, as behind a network partition. */
    public void pause() {
        ChildProcess p = process;
        if (p != null) {
            p.pause();
        }
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        ChildProcess p = process;
        if (p != null) {
            p.resume();
        }
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** ", pid N" for toString(), or nothing before the first start. */
    protected final String pidSuffix() {
        ChildProcess p = process;
        return p == null ? "" : ", pid " + p.pid();
    }
}
