package io.binlogstream.benchmarks;

import java.time.Duration;

/**
 * Runs {@link #tick()} every period on a daemon thread while a measurement lasts: the loop the worker's samplers
 * and probes share. {@link #stopTicking()} ends it and waits briefly for a tick in progress.
 */
abstract class PeriodicDaemon {
    private final Duration period;
    private final Thread thread;
    private volatile boolean running = true;

    PeriodicDaemon(String name, Duration period) {
        this.period = period;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    /** One period's work; not called again once stopped. */
    abstract void tick();

    final void startTicking() {
        thread.start();
    }

    final void stopTicking() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop from inside a tick (its work cannot be done at all). */
    final void giveUp() {
        running = false;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                tick();
            }
        }
    }
}
