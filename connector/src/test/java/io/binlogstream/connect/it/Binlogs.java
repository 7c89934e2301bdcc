package io.binlogstream.connect.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.binlogstream.testkit.MariaDbServer;

/** Binlog housekeeping the end-to-end tests do on the shared server. */
final class Binlogs {
    private Binlogs() {
    }

    /**
     * Starts a new binlog file and purges every older one; returns the new file's name. MariaDB keeps a binlog that a
     * connected reader (another test's connector on the shared server) still reads; such readers move on to the new
     * file within moments, so this purges until the old files are gone.
     */
    static String rotateAndPurge(MariaDbServer db) throws InterruptedException {
        db.execute("FLUSH BINARY LOGS");
        List<Map<String, Object>> logs = db.query("SHOW BINARY LOGS");
        String newest = logs.get(logs.size() - 1).values().iterator().next().toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            db.execute("PURGE BINARY LOGS TO '" + newest + "'");
            String oldest = db.query("SHOW BINARY LOGS").get(0).values().iterator().next().toString();
            if (oldest.equals(newest)) {
                return newest;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("binlogs before " + newest + " still there after 30 s: oldest " + oldest);
            }
            Thread.sleep(200);
        }
    }
}
