package io.binlogstream.connect.binlog;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.binlogstream.connect.config.TableFilter;

/**
 * The server's binlog stream (after the dump request: one packet per event) with the TABLE_MAP and rows events of
 * tables the filters leave out taken out before the binlog library reads it.
 *
 * <p>Why: the server sends every table's events, and the library turns each into objects (a header, an event, for a
 * TABLE_MAP a copy of its body and a wrapper) before the connector can tell it is not wanted. For a table the
 * connector does not capture that was most of what its rows cost (W6: 1.2-1.7 µs per row, a seventh of a captured
 * change). Here such an event is recognised in the packet itself (its type, its table id, for a TABLE_MAP the
 * database and table names) and passed over in the buffer it was read into.
 *
 * <p>Which events: a TABLE_MAP whose table the {@link TableFilter} leaves out (the same test the assembler makes),
 * and the rows events (WRITE, UPDATE, DELETE in both versions, MySQL's PARTIAL_UPDATE) whose table id such a
 * TABLE_MAP named last in the same transaction (the assembler too forgets table ids at each GTID), whatever their size (one split in 16 MiB packets is dropped with all its pieces). Everything
 * else passes unchanged, byte for byte: other events, error and end packets, rows events of a table id no TABLE_MAP
 * named (the assembler refuses them, as without this filter), and the events inside MySQL's compressed transactions
 * (whose payload this filter does not open; the library's own skipping of uncaptured rows,
 * {@link ExactRowDeserializers.Capture}, covers those). Dropping whole events is safe for the library: in the binlog
 * stream it reads no packet's sequence number, and the connector's positions come from the events it does see (GTID,
 * XID, rows).
 *
 * <p>A connection that ends inside a packet ends it with an {@link EOFException}, as the library's own reading
 * would: the library then reports a communication failure and the reader reconnects, instead of the library
 * decoding a cut-off event (for a dropped table, without the TABLE_MAP it needs, which would fail the task).
 *
 * <p>A read that times out (the server silent for the reader's read timeout: a partition, a frozen server, a path
 * that stops large transfers) fails the connection with a {@link StalledConnection}, a socket error, and so does every
 * read after it. The library reports a socket error as a communication failure wherever it happens and the reader
 * reconnects; a timeout as such, inside an event, it would report as an event it could not decode, which fails the
 * task. And no read may follow a timeout: the library's own buffered socket stream drops its read position before it
 * reads, so after a failed read it would hand out bytes already handed on; and the library skips to an event's end
 * after a failure, which would wait out the timeout again.
 *
 * <p>One reader thread reads it, through the library's stream. A decision waits only for the first bytes of the
 * packet (at most {@link #DECIDE}), so an event is handed on as soon as it arrives, and no event needs to fit in the
 * buffer.
 */
final class UncapturedEventFilter extends InputStream {
    /** A packet's own header: its length in 3 bytes and a sequence number. */
    private static final int PACKET_HEADER = 4;
    /** The length of a packet followed by another one that continues it. */
    private static final int SPLIT_PACKET = 0xFFFFFF;
    /** The v4 event header, which follows the packet's status byte (0 for an event). */
    private static final int EVENT_HEADER = 19;
    private static final int TYPE_OFFSET = 1 + 4; // status byte, timestamp
    private static final int BODY_OFFSET = 1 + EVENT_HEADER;
    private static final int TABLE_ID_LENGTH = 6;

    private static final int TABLE_MAP = 19;
    private static final int MYSQL_GTID = 33;
    private static final int MYSQL_ANONYMOUS_GTID = 34;
    private static final int MYSQL_GTID_TAGGED = 42;
    private static final int MARIADB_GTID = 162;
    private static final int WRITE_ROWS_V1 = 23;
    private static final int DELETE_ROWS_V1 = 25;
    private static final int WRITE_ROWS_V2 = 30;
    private static final int DELETE_ROWS_V2 = 32;
    private static final int PARTIAL_UPDATE_ROWS = 39;

    /**
     * The bytes of a packet a decision needs at most: packet header, status byte, event header, table id and flags, and
     * a TABLE_MAP's two names (each a length byte, at most 255 bytes and a zero). Only these are waited for; the rest
     * of a packet passes or is passed over as it arrives, whatever its size.
     */
    static final int DECIDE = PACKET_HEADER + BODY_OFFSET + TABLE_ID_LENGTH + 2 + 2 * (1 + 255 + 1);
    /** How much is read from the server at a time. */
    static final int BUFFER = 64 * 1024;

    private static final int WHOLE = 0;
    private static final int PASSED_PIECES = 1;
    private static final int DROPPED_PIECES = 2;
    /** Table names remembered at most; beyond that the memo starts over. */
    private static final int NAMES = 1024;

    /** A table id's last TABLE_MAP: its names as the packet holds them, and the filter's answer. */
    private record Table(byte[] names, boolean captured) {
    }

    private final InputStream in;
    private final TableFilter filter;
    private final byte[] buffer;
    /**
     * The filter's answer by table id and names, so that the names are decoded and matched only when an id's names
     * change (the server writes a TABLE_MAP before every statement's rows). Only a memo: what is dropped is decided
     * by {@link #leftOut}.
     */
    private final Map<Long, Table> names = new HashMap<>();
    /** The table ids whose last TABLE_MAP in the current transaction named a table left out. */
    private final Set<Long> leftOut = new HashSet<>();

    /** {@code buffer[position, limit)} is read from the server and neither handed on nor dropped yet. */
    private int position;
    private int limit;
    /** {@code buffer[position, passEnd)} may be handed on. */
    private int passEnd;
    /** Bytes of a packet being passed through that are still to come from the server. */
    private long passBeyond;
    /** Whether the next packet continues a split one, and if so whether that one was dropped or passed. */
    private int continuation = WHOLE;
    /** Events dropped; written by the reader thread only. */
    private volatile long dropped;
    /** Set once a read timed out: the connection is lost, and every later read fails with it. Reader thread only. */
    private StalledConnection lost;

    UncapturedEventFilter(InputStream in, TableFilter filter) {
        this(in, filter, BUFFER);
    }

    /** @param bufferSize how much is read at a time, at least {@link #DECIDE} (tests use small ones) */
    UncapturedEventFilter(InputStream in, TableFilter filter, int bufferSize) {
        if (bufferSize < DECIDE) {
            throw new IllegalArgumentException("A buffer of " + bufferSize + " bytes cannot hold the " + DECIDE + " a decision may need");
        }
        this.in = in;
        this.filter = filter;
        this.buffer = new byte[bufferSize];
    }

    /** The TABLE_MAP and rows events taken out so far. */
    long dropped() {
        return dropped;
    }

    @Override
    public int read() throws IOException {
        if (position == passEnd && !next()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == passEnd && !next()) {
            return -1;
        }
        int n = Math.min(length, passEnd - position);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return passEnd - position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Makes bytes ready to hand on; false at the end of the stream (between packets). */
    private boolean next() throws IOException {
        if (passBeyond > 0) {
            if (!ensure(1)) {
                throw cutShort();
            }
            pass(passBeyond);
            return true;
        }
        while (true) {
            if (!ensure(PACKET_HEADER)) {
                if (limit == position) {
                    return false;
                }
                throw cutShort();
            }
            int length = u24(position);
            long packet = PACKET_HEADER + (long) length;
            boolean drop;
            if (continuation != WHOLE) {
                drop = continuation == DROPPED_PIECES;
            } else {
                int decide = (int) Math.min(packet, DECIDE);
                if (!ensure(decide)) {
                    throw cutShort();
                }
                drop = drops(position + PACKET_HEADER, decide - PACKET_HEADER);
                if (drop) {
                    dropped++;
                }
            }
            continuation = length != SPLIT_PACKET ? WHOLE : drop ? DROPPED_PIECES : PASSED_PIECES;
            if (!drop) {
                pass(packet);
                return true;
            }
            discard(packet);
        }
    }

    /** Hands on up to {@code bytes} of a packet passing through, as many as the buffer holds. */
    private void pass(long bytes) {
        int now = (int) Math.min(bytes, limit - position);
        passEnd = position + now;
        passBeyond = bytes - now;
    }

    /** Passes over a dropped packet, reading the part of it still to come. */
    private void discard(long bytes) throws IOException {
        long left = bytes;
        while (true) {
            int now = (int) Math.min(left, limit - position);
            position += now;
            passEnd = position;
            left -= now;
            if (left == 0) {
                return;
            }
            position = 0;
            limit = 0;
            passEnd = 0;
            int read = readFromServer(0, true);
            if (read < 0) {
                throw cutShort();
            }
            limit = read;
        }
    }

    /** Reads what the server has sent into the buffer from {@code at} on, as much as fits. */
    private int readFromServer(int at, boolean insideEvent) throws IOException {
        if (lost != null) {
            throw lost;
        }
        try {
            return in.read(buffer, at, buffer.length - at);
        } catch (SocketTimeoutException e) {
            lost = new StalledConnection(e, insideEvent);
            throw lost;
        }
    }

    private static EOFException cutShort() {
        return new EOFException("The binlog stream ended inside an event's packet");
    }

    /** Reads until {@code n} bytes from {@code position} on are in the buffer; false if the stream ends first. */
    private boolean ensure(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        if (position + n > buffer.length) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            passEnd -= position;
            position = 0;
        }
        while (limit - position < n) {
            // Between packets (nothing of the next one read yet) a silence is an idle connection's; else it falls inside an event.
            int read = readFromServer(limit, limit > position || passBeyond > 0 || continuation != WHOLE);
            if (read < 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }

    /** Whether the packet with this payload (of which {@code length} bytes are in the buffer) is an event of a table left out. */
    private boolean drops(int payload, int length) {
        if (length < BODY_OFFSET + TABLE_ID_LENGTH || buffer[payload] != 0) {
            return false; // an error or end packet, or too short to be one of the events dropped
        }
        int type = buffer[payload + TYPE_OFFSET] & 0xFF;
        int body = payload + BODY_OFFSET;
        if (type == TABLE_MAP) {
            long tableId = u48(body);
            boolean drop = leavesOut(tableId, body, payload + length);
            if (drop) {
                leftOut.add(tableId);
            } else {
                leftOut.remove(tableId);
            }
            return drop;
        }
        if ((type >= WRITE_ROWS_V1 && type <= DELETE_ROWS_V1) || (type >= WRITE_ROWS_V2 && type <= DELETE_ROWS_V2)
                || type == PARTIAL_UPDATE_ROWS) {
            return !leftOut.isEmpty() && leftOut.contains(u48(body));
        }
        if (type == MARIADB_GTID || type == MYSQL_GTID || type == MYSQL_ANONYMOUS_GTID || type == MYSQL_GTID_TAGGED) {
            leftOut.clear(); // a transaction begins: its rows need TABLE_MAPs of its own
        }
        return false;
    }

    /**
     * Whether a TABLE_MAP (as far as {@code end}) names a table left out. Its body begins with the table id (6 bytes),
     * flags (2), then the database and the table name, each as a length byte, the name and a zero.
     */
    private boolean leavesOut(long tableId, int body, int end) {
        int names = body + TABLE_ID_LENGTH + 2;
        int database = names + 1;
        int tableLength = names < end ? database + (buffer[names] & 0xFF) + 1 : end;
        int namesEnd = tableLength < end ? tableLength + 1 + (buffer[tableLength] & 0xFF) : end + 1;
        if (namesEnd > end) {
            return false; // names cut short: the library gets this TABLE_MAP (and refuses it, or not), and the id's rows
        }
        Table table = this.names.get(tableId);
        if (table == null || !Arrays.equals(table.names(), 0, table.names().length, buffer, names, namesEnd)) {
            String db = new String(buffer, database, buffer[names] & 0xFF, StandardCharsets.UTF_8);
            String name = new String(buffer, tableLength + 1, buffer[tableLength] & 0xFF, StandardCharsets.UTF_8);
            table = new Table(Arrays.copyOfRange(buffer, names, namesEnd), filter.includes(db, name));
            if (this.names.size() >= NAMES) {
                this.names.clear();
            }
            this.names.put(tableId, table);
        }
        return !table.captured();
    }

    private int u24(int at) {
        return (buffer[at] & 0xFF) | (buffer[at + 1] & 0xFF) << 8 | (buffer[at + 2] & 0xFF) << 16;
    }

    private long u48(int at) {
        long value = 0;
        for (int i = 0; i < TABLE_ID_LENGTH; i++) {
            value |= (buffer[at + i] & 0xFFL) << (8 * i);
        }
        return value;
    }
}
