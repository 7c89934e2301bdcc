package io.binlogstream.connect.binlog;

import java.io.IOException;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * Reads the rest of an event's body into a reused buffer and drops it. The library's reader skips an event's unread
 * bytes with {@code InputStream.skip}, which allocates a fresh buffer on every call; for the rows of a table the
 * connector does not capture, nearly the whole event is such bytes, and an event the connector does not use is
 * nothing but. One instance per reader thread; only ever inside an event body (a block of the stream).
 */
final class BlockDiscard {
    private static final int BUFFER = 8192;

    private final byte[] buffer = new byte[BUFFER];

    /** Consumes what is left of the event body the stream is positioned in (its block). */
    void rest(ByteArrayInputStream in) throws IOException {
        for (int left = in.available(); left > 0; left = in.available()) {
            in.fill(buffer, 0, Math.min(left, BUFFER));
        }
    }

    /** For events the connector does not use: no data, the body read past. */
    EventDataDeserializer<EventData> deserializer() {
        return in -> {
            rest(in);
            return null;
        };
    }

    /** Consumes {@code n} bytes of the event body. */
    void skip(ByteArrayInputStream in, int n) throws IOException {
        for (int left = n; left > 0; left -= BUFFER) {
            in.fill(buffer, 0, Math.min(left, BUFFER));
        }
    }
}
