package io.binlogstream.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.binlogstream.testkit.MariaDbServer;

/**
 * Where one W1 run's rows sit in the server's binlog: the position before the writer started and after it
 * finished (nothing else writes meanwhile), so the binlog ceiling can read exactly that run again.
 */
record BinlogRange(Position start, Position end) {
    /** A binlog file and a byte offset in it. */
    record Position(String file, long pos) {
    }

    /** The server's current write position ({@code SHOW BINLOG STATUS}, MariaDB's name for SHOW MASTER STATUS). */
    static Position current(MariaDbServer db) {
        Map<String, Object> row = db.query("SHOW BINLOG STATUS").get(0);
        return new Position((String) row.get("File"), ((Number) row.get("Position")).longValue());
    }

    /** The files from the start's to the end's, in order (more than one if the binlog rotated during the run). */
    List<String> files(MariaDbServer db) {
        List<String> files = new ArrayList<>();
        boolean in = false;
        for (Map<String, Object> row : db.query("SHOW BINARY LOGS")) {
            String name = (String) row.get("Log_name");
            in |= name.equals(start.file);
            if (in) {
                files.add(name);
            }
            if (name.equals(end.file)) {
                break;
            }
        }
        return files;
    }

    /** Binlog bytes of the range (exact within one file; across files it counts each file's whole tail). */
    long bytes(MariaDbServer db) {
        if (start.file.equals(end.file)) {
            return end.pos - start.pos;
        }
        long total = 0;
        for (Map<String, Object> row : db.query("SHOW BINARY LOGS")) {
            String name = (String) row.get("Log_name");
            long size = ((Number) row.get("File_size")).longValue();
            if (name.equals(start.file)) {
                total += size - start.pos;
            } else if (name.equals(end.file)) {
                total += end.pos;
            } else if (name.compareTo(start.file) > 0 && name.compareTo(end.file) < 0) {
                total += size;
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return start.file + ":" + start.pos + " to " + end.file + ":" + end.pos;
    }
}
