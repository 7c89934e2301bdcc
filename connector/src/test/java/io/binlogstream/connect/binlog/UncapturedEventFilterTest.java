package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.binlogstream.connect.config.TableFilter;

/**
 * The filter on packets built here as the server sends them (3-byte length, sequence, status byte, v4 event header,
 * body, checksum). The library's reading of what comes out, on real binlogs, is {@link FixtureUncapturedEventFilterTest}'s
 * and LiveBinlogReaderTest's.
 */
class UncapturedEventFilterTest {
    private static final int MARIADB_GTID = 162;
    private static final int MYSQL_GTID = 33;
    private static final int MYSQL_ANONYMOUS_GTID = 34;
    private static final int MYSQL_GTID_TAGGED = 42;
    private static final int TABLE_MAP = 19;
    private static final int WRITE_V1 = 23;
    private static final int UPDATE_V1 = 24;
    private static final int WRITE_V2 = 30;
    private static final int DELETE_V2 = 32;
    private static final int PARTIAL_UPDATE = 39;
    private static final int XID = 16;

    /** Captures the database {@code shop} only. */
    private static final TableFilter SHOP = new TableFilter(List.of("shop"), List.of(), List.of(), List.of());

    @Test
    void dropsTheTableMapsAndRowsOfTablesLeftOutAndNothingElse() throws IOException {
        byte[] gtid = event(MARIADB_GTID, new byte[13]);
        byte[] ordersMap = tableMap(1, "shop", "orders");
        byte[] ordersRows = rows(WRITE_V2, 1, 40);
        byte[] noiseMap = tableMap(2, "other", "noise");
        byte[] xid = event(XID, new byte[8]);
        byte[] in = concat(gtid, ordersMap, ordersRows, noiseMap, rows(WRITE_V2, 2, 40), rows(UPDATE_V1, 2, 80),
                rows(DELETE_V2, 2, 40), rows(PARTIAL_UPDATE, 2, 30), rows(WRITE_V1, 1, 20), xid);

        Filtered out = filter(in, UncapturedEventFilter.BUFFER);

        assertThat(out.bytes()).isEqualTo(concat(gtid, ordersMap, ordersRows, rows(WRITE_V1, 1, 20), xid));
        assertThat(out.dropped()).isEqualTo(5);
    }

    @Test
    void handsOnTheSameWhateverPiecesTheServerSendsItIn() throws IOException {
        byte[] ordersMap = tableMap(1, "shop", "orders");
        byte[] small = rows(WRITE_V2, 1, 40);
        byte[] large = rows(UPDATE_V1, 1, 3000); // several times the smallest buffer
        byte[] xid = event(XID, new byte[8]);
        byte[] in = concat(ordersMap, small, tableMap(2, "other", "noise"), rows(WRITE_V2, 2, 40), rows(WRITE_V2, 2, 4000),
                large, rows(DELETE_V2, 2, 700), xid, ordersMap, large, tableMap(2, "other", "noise"), rows(WRITE_V2, 2, 2500), xid);
        byte[] expected = concat(ordersMap, small, large, xid, ordersMap, large, xid);

        java.util.Random random = new java.util.Random(42);
        for (int run = 0; run < 200; run++) {
            int maxPiece = 1 + random.nextInt(run < 100 ? 8 : 2000);
            UncapturedEventFilter filter = new UncapturedEventFilter(new Pieces(in, maxPiece, random.nextLong()), SHOP,
                    UncapturedEventFilter.DECIDE + random.nextInt(2000));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[1 + random.nextInt(600)];
            boolean singleBytes = random.nextBoolean();
            for (int n = singleBytes ? filter.read() : filter.read(chunk, 0, chunk.length); n >= 0;
                 n = singleBytes ? filter.read() : filter.read(chunk, 0, chunk.length)) {
                if (singleBytes) {
                    out.write(n);
                } else {
                    out.write(chunk, 0, n);
                }
            }
            assertThat(out.toByteArray()).as("run %d, pieces up to %d bytes", run, maxPiece).isEqualTo(expected);
            assertThat(filter.dropped()).isEqualTo(1 + 3 + 1 + 1);
        }
    }

    @ParameterizedTest(name = "event type {0}")
    @ValueSource(ints = {MARIADB_GTID, MYSQL_GTID, MYSQL_ANONYMOUS_GTID, MYSQL_GTID_TAGGED})
    void forgetsTheTablesLeftOutAtEachTransaction(int gtidType) throws IOException {
        byte[] gtid = event(gtidType, new byte[13]);
        byte[] rowsWithoutTheirMap = rows(WRITE_V2, 2, 20); // the assembler refuses these: they must reach it
        byte[] in = concat(gtid, tableMap(2, "other", "noise"), rows(WRITE_V2, 2, 20), gtid, rowsWithoutTheirMap);

        Filtered out = filter(in, UncapturedEventFilter.BUFFER);

        assertThat(out.bytes()).isEqualTo(concat(gtid, gtid, rowsWithoutTheirMap));
        assertThat(out.dropped()).isEqualTo(2);
    }

    @Test
    void followsATableIdFromOneTableToAnother() throws IOException {
        byte[] ordersMap = tableMap(7, "shop", "orders");
        byte[] ordersRows = rows(WRITE_V2, 7, 30);
        byte[] in = concat(tableMap(7, "other", "noise"), rows(WRITE_V2, 7, 30), ordersMap, ordersRows,
                tableMap(7, "other", "noise"), rows(WRITE_V2, 7, 30));

        Filtered out = filter(in, UncapturedEventFilter.BUFFER);

        assertThat(out.bytes()).isEqualTo(concat(ordersMap, ordersRows));
        assertThat(out.dropped()).isEqualTo(4);
    }

    @Test
    void passesWhatItCannotDecideOnAndDropsEventsLargerThanItsBuffer() throws IOException {
        byte[] error = packet(concat(new byte[] {(byte) 0xFF, 0x28, 0x04}, "#HY000 gone".getBytes(StandardCharsets.US_ASCII)));
        byte[] end = packet(new byte[] {(byte) 0xFE, 0, 0, 0, 0});
        byte[] unmapped = rows(WRITE_V2, 99, 20);
        byte[] ordersMap = tableMap(1, "shop", "orders");
        byte[] largeCaptured = rows(WRITE_V2, 1, 5000); // larger than the 1 KiB buffer below
        byte[] namesCutShort = event(TABLE_MAP, concat(tableId(2), new byte[] {1, 0, 5}, "oth".getBytes(StandardCharsets.UTF_8)));
        byte[] rowsAfterIt = rows(WRITE_V2, 2, 20);
        byte[] in = concat(tableMap(2, "other", "noise"), unmapped, rows(WRITE_V2, 2, 5000), ordersMap, largeCaptured,
                rows(WRITE_V2, 2, 20), error, namesCutShort, rowsAfterIt, end);

        Filtered out = filter(in, 1024);

        assertThat(out.bytes()).isEqualTo(concat(unmapped, ordersMap, largeCaptured, error, namesCutShort, rowsAfterIt, end));
        assertThat(out.dropped()).isEqualTo(3);
    }

    @Test
    void dropsOrPassesAnEventSplitInPiecesWithAllItsPieces() throws IOException {
        byte[] lastPiece = tableMap(3, "other", "more"); // a continuation that looks like a TABLE_MAP left out
        byte[] droppedSplit = split(rows(WRITE_V2, 2, 100));
        byte[] passedSplit = split(rows(WRITE_V2, 1, 100));
        byte[] ordersMap = tableMap(1, "shop", "orders");
        byte[] emptyPiece = {0, 0, 0, 9}; // a 16 MiB piece exactly: the next piece is empty
        byte[] in = concat(tableMap(2, "other", "noise"), droppedSplit, emptyPiece, ordersMap, passedSplit, lastPiece,
                tableMap(3, "other", "more"), rows(WRITE_V2, 3, 20), ordersMap, passedSplit, emptyPiece);

        Filtered out = filter(in, 4096);

        assertThat(Arrays.equals(out.bytes(), concat(ordersMap, passedSplit, lastPiece, ordersMap, passedSplit, emptyPiece))).isTrue();
        assertThat(out.dropped()).isEqualTo(1 + 1 + 2);
    }

    /** A first piece of 16 MiB (the longest a packet can be) beginning with this packet's payload. */
    private static byte[] split(byte[] head) {
        byte[] piece = new byte[4 + 0xFFFFFF];
        System.arraycopy(head, 0, piece, 0, head.length);
        piece[0] = (byte) 0xFF;
        piece[1] = (byte) 0xFF;
        piece[2] = (byte) 0xFF;
        return piece;
    }

    @Test
    void aStreamEndingInsideAPacketEndsWithAnEofAsTheLibrarysOwnReadingWould() throws IOException {
        byte[] ordersMap = tableMap(1, "shop", "orders");
        byte[] noiseMap = tableMap(2, "other", "noise");
        byte[] captured = rows(WRITE_V2, 1, 3000);
        byte[] leftOut = rows(WRITE_V2, 2, 3000);
        // Each cut stream, and what comes out before the EOF: whole packets, and of a packet being passed on, what arrived.
        Map<byte[], byte[]> cuts = new java.util.LinkedHashMap<>();
        cuts.put(concat(ordersMap, Arrays.copyOf(captured, 2)), ordersMap);                     // inside a packet header
        cuts.put(concat(ordersMap, Arrays.copyOf(captured, 30)), ordersMap);                    // before the decision
        cuts.put(concat(ordersMap, Arrays.copyOf(captured, 2000)), concat(ordersMap, Arrays.copyOf(captured, 2000))); // passing it on
        cuts.put(concat(noiseMap, Arrays.copyOf(leftOut, 30)), new byte[0]);                     // before the decision to drop it
        cuts.put(concat(noiseMap, Arrays.copyOf(leftOut, 2000)), new byte[0]);                   // while passing over it
        for (Map.Entry<byte[], byte[]> cut : cuts.entrySet()) {
            UncapturedEventFilter filter = new UncapturedEventFilter(new java.io.ByteArrayInputStream(cut.getKey()), SHOP, 1024);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[100];
            assertThatThrownBy(() -> {
                for (int n = filter.read(chunk, 0, chunk.length); n >= 0; n = filter.read(chunk, 0, chunk.length)) {
                    out.write(chunk, 0, n);
                }
            }).isInstanceOf(EOFException.class);
            assertThat(out.toByteArray()).isEqualTo(cut.getValue());
        }
        UncapturedEventFilter whole = new UncapturedEventFilter(new java.io.ByteArrayInputStream(ordersMap), SHOP);
        assertThat(whole.readAllBytes()).as("the end between packets is a clean one").isEqualTo(ordersMap);
        assertThat(whole.read()).isEqualTo(-1);
    }

    @Test
    void aReadTimeoutFailsTheConnectionAsASocketErrorWhichTheLibraryReportsAsALostConnection() throws IOException {
        byte[] ordersMap = tableMap(7, "shop", "orders");
        byte[] captured = rows(WRITE_V2, 7, 5000);
        byte[] noiseMap = tableMap(8, "other", "noise");
        byte[] leftOut = rows(WRITE_V2, 8, 5000);
        // What the server sent before it fell silent, what came out of it, and whether the silence fell inside an event.
        record Stall(byte[] sent, byte[] handedOn, boolean insideEvent) {
        }
        byte[] partOfCaptured = concat(ordersMap, Arrays.copyOf(captured, 1500));
        List<Stall> stalls = List.of(
                new Stall(partOfCaptured, partOfCaptured, true),                               // passing an event on
                new Stall(concat(noiseMap, Arrays.copyOf(leftOut, 1500)), new byte[0], true), // passing over a dropped one
                new Stall(concat(ordersMap, Arrays.copyOf(captured, 2)), ordersMap, true),    // inside a packet header
                new Stall(ordersMap, ordersMap, false),                                       // between events: idle
                // after the first 16 MiB piece of a split event, passed and dropped: the next piece is still to come
                new Stall(concat(ordersMap, split(captured)), concat(ordersMap, split(captured)), true),
                new Stall(concat(noiseMap, split(leftOut)), new byte[0], true));
        for (Stall stall : stalls) {
            AtomicInteger timedOutReads = new AtomicInteger();
            // The server sends these bytes, then nothing until the read times out.
            InputStream server = new SequenceInputStream(new java.io.ByteArrayInputStream(stall.sent()), new InputStream() {
                @Override
                public int read() throws IOException {
                    timedOutReads.incrementAndGet();
                    throw new SocketTimeoutException("Read timed out");
                }
            });
            UncapturedEventFilter filter = new UncapturedEventFilter(server, SHOP, 1024);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[100];
            Throwable failure = catchThrowable(() -> {
                for (int n = filter.read(chunk, 0, chunk.length); n >= 0; n = filter.read(chunk, 0, chunk.length)) {
                    out.write(chunk, 0, n);
                }
            });
            // The library rethrows a socket error from inside an event (a lost connection); a timeout as such it would
            // take for an event it cannot decode.
            assertThat(failure).isInstanceOf(SocketException.class).isInstanceOf(StalledConnection.class)
                    .hasCauseInstanceOf(SocketTimeoutException.class).hasMessageContaining("read timeout");
            assertThat(((StalledConnection) failure).insideEvent()).isEqualTo(stall.insideEvent());
            assertThat(out.toByteArray()).as("what arrived was handed on").isEqualTo(stall.handedOn());
            // The library skips to the event's end after a failure: that fails at once, without waiting for the server
            // again (and without its buffered stream handing out again what it had handed on).
            assertThatThrownBy(filter::read).isSameAs(failure);
            assertThatThrownBy(() -> filter.skip(100)).isSameAs(failure);
            assertThat(timedOutReads.get()).as("the server's stream not read again after the timeout").isEqualTo(1);
        }
    }

    private record Filtered(byte[] bytes, long dropped) {
    }

    private static Filtered filter(byte[] in, int buffer) throws IOException {
        UncapturedEventFilter filter = new UncapturedEventFilter(new java.io.ByteArrayInputStream(in), SHOP, buffer);
        byte[] out = filter.readAllBytes();
        assertThat(filter.read()).isEqualTo(-1);
        return new Filtered(out, filter.dropped());
    }

    private static byte[] tableMap(long tableId, String database, String table) {
        byte[] db = database.getBytes(StandardCharsets.UTF_8);
        byte[] name = table.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(tableId(tableId));
        body.writeBytes(new byte[] {1, 0}); // flags
        body.write(db.length);
        body.writeBytes(db);
        body.write(0);
        body.write(name.length);
        body.writeBytes(name);
        body.write(0);
        body.writeBytes(new byte[] {2, 8, 15, 2, (byte) 0xF0, 0, 0}); // columns, types, metadata, null bitmap
        return event(TABLE_MAP, body.toByteArray());
    }

    private static byte[] rows(int type, long tableId, int rowBytes) {
        byte[] body = new byte[6 + rowBytes];
        System.arraycopy(tableId(tableId), 0, body, 0, 6);
        Arrays.fill(body, 6, body.length, (byte) 0x5A);
        return event(type, body);
    }

    /** A packet holding an event: status byte 0, v4 header, body and a (made-up) CRC32 checksum. */
    private static byte[] event(int type, byte[] body) {
        int length = 19 + body.length + 4;
        byte[] payload = new byte[1 + length];
        payload[0] = 0;
        payload[1 + 4] = (byte) type;
        payload[1 + 5] = 1; // server id
        payload[1 + 9] = (byte) length;
        payload[1 + 10] = (byte) (length >> 8);
        System.arraycopy(body, 0, payload, 1 + 19, body.length);
        Arrays.fill(payload, payload.length - 4, payload.length, (byte) 0xC5);
        return packet(payload);
    }

    private static byte[] packet(byte[] payload) {
        byte[] packet = new byte[4 + payload.length];
        packet[0] = (byte) payload.length;
        packet[1] = (byte) (payload.length >> 8);
        packet[2] = (byte) (payload.length >> 16);
        packet[3] = 3; // sequence: the library does not read it in the binlog stream
        System.arraycopy(payload, 0, packet, 4, payload.length);
        return packet;
    }

    private static byte[] tableId(long id) {
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (id >> (8 * i));
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A server whose bytes arrive in pieces of 1 to {@code maxPiece} bytes per read. */
    private static final class Pieces extends InputStream {
        private final byte[] bytes;
        private final int maxPiece;
        private final java.util.Random random;
        private int at;

        Pieces(byte[] bytes, int maxPiece, long seed) {
            this.bytes = bytes;
            this.maxPiece = maxPiece;
            this.random = new java.util.Random(seed);
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, bytes.length - at), 1 + random.nextInt(maxPiece));
            System.arraycopy(bytes, at, into, offset, n);
            at += n;
            return n;
        }
    }
}
