package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import io.binlogstream.connect.schema.RawTableMapEventData;

/**
 * TABLE_MAP decoding that keeps the text the library decodes with the JVM's default charset: database, table
 * and column names (the server writes them in UTF-8) and the ENUM and SET values (written in the column's own
 * charset, which only the schema knows, so they stay bytes here). The library still decodes everything else.
 */
final class ExactTableMapDeserializer implements EventDataDeserializer<TableMapEventData> {
    private static final int COLUMN_NAME = 4;
    private static final int SET_STR_VALUE = 5;
    private static final int ENUM_STR_VALUE = 6;

    /** Table ids remembered at most; beyond that the cache starts over (a table id is reused rarely). */
    private static final int CACHED_TABLES = 1024;

    private final TableMapEventDataDeserializer library = new TableMapEventDataDeserializer();
    /**
     * The last TABLE_MAP of each table id, by its bytes. The server writes a TABLE_MAP before every row event, so a
     * stream of single-row statements decoded each table's full metadata (names, charsets, ENUM values) per row;
     * unchanged bytes mean an unchanged table map, and the decoded one is shared (nothing modifies it after this).
     * The same instance also lets the assembler skip rebuilding the table's schema.
     */
    private final Map<Long, Cached> cache = new HashMap<>();

    private record Cached(byte[] body, TableMapEventData decoded) {
    }

    /** The TABLE_MAP decoded last, for {@link #registered()}'s second half. */
    private TableMapEventData last;

    /** Each TABLE_MAP's body is read here and copied only when it differs from the cached one (one reader thread). */
    private byte[] bodyBuffer = new byte[512];

    /**
     * This deserializer as the binlog library must be given it so that it keeps the library from decoding every
     * TABLE_MAP a second time for itself. The library's row deserializers need a TABLE_MAP decoding of their own:
     * given any other deserializer, its EventDeserializer wraps it together with the library's (whose full metadata
     * decoding, for each of the TABLE_MAPs written before every row event, then costs more than all of this class).
     * An {@link EventDeserializer.EventDataWrapper.Deserializer} is taken as it is: both halves here give the same
     * instance, this class's decoding, which the row deserializers read too (they use only the column types and
     * metadata, copied unchanged from the library's decoding). Its events carry an {@link EventDeserializer.EventDataWrapper};
     * the live client hands its listeners the external half, and readers of binlog files must unwrap it themselves.
     */
    EventDataDeserializer<?> registered() {
        return new EventDeserializer.EventDataWrapper.Deserializer(this, in -> last);
    }

    @Override
    public TableMapEventData deserialize(ByteArrayInputStream in) throws IOException {
        int length = in.available();
        if (bodyBuffer.length < length) {
            bodyBuffer = new byte[Math.max(length, 2 * bodyBuffer.length)];
        }
        in.fill(bodyBuffer, 0, length);
        long tableId = length < 6 ? -1 : tableId(bodyBuffer);
        Cached cached = cache.get(tableId);
        if (cached != null && Arrays.equals(cached.body(), 0, cached.body().length, bodyBuffer, 0, length)) {
            last = cached.decoded();
            return last;
        }
        byte[] body = Arrays.copyOf(bodyBuffer, length);
        TableMapEventData decoded = decode(body);
        if (cache.size() >= CACHED_TABLES) {
            cache.clear();
        }
        cache.put(tableId, new Cached(body, decoded));
        last = decoded;
        return decoded;
    }

    private static long tableId(byte[] body) {
        long id = 0;
        for (int i = 0; i < 6; i++) {
            id |= (long) (body[i] & 0xFF) << (8 * i);
        }
        return id;
    }

    private TableMapEventData decode(byte[] body) throws IOException {
        TableMapEventData decoded = library.deserialize(new ByteArrayInputStream(body));
        RawTableMapEventData exact = RawTableMapEventData.copyOf(decoded);
        Reader reader = new Reader(body);
        reader.skip(6 + 2); // table id, flags
        exact.setDatabase(reader.nameWithLength());
        exact.setTable(reader.nameWithLength());
        int columns = (int) reader.packed();
        reader.skip(columns); // types
        reader.skip((int) reader.packed()); // type metadata
        reader.skip((columns + 7) / 8); // null bitmap
        while (reader.remaining() > 0) {
            int type = reader.u8();
            int length = (int) reader.packed();
            Reader field = reader.slice(length);
            switch (type) {
                case COLUMN_NAME -> {
                    List<String> names = new ArrayList<>();
                    while (field.remaining() > 0) {
                        names.add(new String(field.bytes((int) field.packed()), StandardCharsets.UTF_8));
                    }
                    if (exact.getEventMetadata() != null) {
                        exact.getEventMetadata().setColumnNames(names);
                    }
                }
                case SET_STR_VALUE -> exact.setRawSetValues(values(field));
                case ENUM_STR_VALUE -> exact.setRawEnumValues(values(field));
                default -> {
                    // decoded by the library
                }
            }
        }
        return exact;
    }

    private static List<List<byte[]>> values(Reader field) {
        List<List<byte[]>> columns = new ArrayList<>();
        while (field.remaining() > 0) {
            int count = (int) field.packed();
            List<byte[]> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(field.bytes((int) field.packed()));
            }
            columns.add(values);
        }
        return columns;
    }

    /** A cursor over the event body, reading the protocol's little-endian and length-encoded integers. */
    private static final class Reader {
        private final byte[] data;
        private int at;
        private final int end;

        Reader(byte[] data) {
            this(data, 0, data.length);
        }

        private Reader(byte[] data, int at, int end) {
            this.data = data;
            this.at = at;
            this.end = end;
        }

        int remaining() {
            return end - at;
        }

        void skip(int n) {
            at += n;
        }

        int u8() {
            return data[at++] & 0xFF;
        }

        long packed() {
            int first = u8();
            int size = first < 0xFB ? 0 : first == 0xFC ? 2 : first == 0xFD ? 3 : first == 0xFE ? 8 : -1;
            if (size < 0) {
                throw new IllegalStateException("Invalid length-encoded integer 0x" + Integer.toHexString(first) + " in TABLE_MAP");
            }
            if (size == 0) {
                return first;
            }
            long value = 0;
            for (int i = 0; i < size; i++) {
                value |= (long) u8() << (8 * i);
            }
            return value;
        }

        byte[] bytes(int n) {
            byte[] result = java.util.Arrays.copyOfRange(data, at, at + n);
            at += n;
            return result;
        }

        /** A one-byte length, the name, and its terminating zero. */
        String nameWithLength() {
            int length = u8();
            String name = new String(data, at, length, StandardCharsets.UTF_8);
            at += length + 1;
            return name;
        }

        Reader slice(int n) {
            Reader slice = new Reader(data, at, at + n);
            at += n;
            return slice;
        }
    }
}
