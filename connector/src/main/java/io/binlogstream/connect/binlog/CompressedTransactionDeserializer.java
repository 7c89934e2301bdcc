package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;

import com.github.luben.zstd.ZstdInputStream;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/**
 * A MySQL compressed transaction (TRANSACTION_PAYLOAD, written with binlog_transaction_compression=ON): a
 * header of (type, length, value) fields, then the transaction's events, compressed as one block. The events
 * inside are decoded by {@code inner}, which {@link EventDeserializers} configures exactly like the
 * deserializer of uncompressed events, so a row reads the same whether or not its transaction was compressed.
 * (The binlog library's own payload deserializer decodes them with its default, lossy row deserializers.)
 * zstd comes with the binlog library (zstd-jni, its compile dependency), at the version it was built with.
 */
final class CompressedTransactionDeserializer implements EventDataDeserializer<TransactionPayloadEventData> {
    private static final int HEADER_END = 0;
    private static final int PAYLOAD_SIZE = 1;
    private static final int COMPRESSION_TYPE = 2;
    private static final int UNCOMPRESSED_SIZE = 3;

    private static final int ZSTD = 0;
    private static final int NONE = 255;

    private final EventDeserializer inner;

    /** @param inner decodes the events inside; it never sees a FORMAT_DESCRIPTION, so it expects no checksums, as written */
    CompressedTransactionDeserializer(EventDeserializer inner) {
        this.inner = inner;
    }

    @Override
    public TransactionPayloadEventData deserialize(ByteArrayInputStream in) throws IOException {
        long payloadSize = -1;
        long uncompressedSize = -1;
        int compression = -1;
        while (true) {
            int field = in.readPackedInteger();
            if (field == HEADER_END) {
                break;
            }
            // Each value is itself a packed integer, written in exactly 'length' bytes.
            ByteArrayInputStream value = new ByteArrayInputStream(in.read(in.readPackedInteger()));
            switch (field) {
                case PAYLOAD_SIZE -> payloadSize = value.readPackedLong();
                case COMPRESSION_TYPE -> compression = (int) value.readPackedLong();
                case UNCOMPRESSED_SIZE -> uncompressedSize = value.readPackedLong();
                default -> {
                    // A field a newer server added: its length let us step over it.
                }
            }
        }
        if (payloadSize < 0 || payloadSize > Integer.MAX_VALUE) {
            throw new IOException("Compressed transaction without a usable payload size (" + payloadSize + ")");
        }
        TransactionPayloadEventData data = new TransactionPayloadEventData();
        data.setPayloadSize((int) payloadSize);
        data.setCompressionType(compression);
        data.setUncompressedSize(uncompressedSize < 0 ? payloadSize : uncompressedSize);
        data.setPayload(in.read((int) payloadSize));
        data.setUncompressedEvents(events(data.getPayload(), compression));
        return data;
    }

    private ArrayList<Event> events(byte[] payload, int compression) throws IOException {
        ArrayList<Event> events = new ArrayList<>();
        try (InputStream decompressed = decompress(payload, compression)) {
            ByteArrayInputStream stream = new ByteArrayInputStream(decompressed);
            for (Event event = inner.nextEvent(stream); event != null; event = inner.nextEvent(stream)) {
                // A TABLE_MAP's data comes wrapped (ExactTableMapDeserializer.registered): handed on unwrapped, as the
                // client hands on the events outside, and as the library expects of the events inside.
                events.add(event.getData() instanceof EventDeserializer.EventDataWrapper wrapper
                        ? new Event(event.getHeader(), wrapper.getExternal()) : event);
            }
        }
        return events;
    }

    private static InputStream decompress(byte[] payload, int compression) throws IOException {
        java.io.ByteArrayInputStream bytes = new java.io.ByteArrayInputStream(payload);
        return switch (compression) {
            case ZSTD -> new ZstdInputStream(bytes);
            case NONE -> bytes;
            default -> throw new IOException("Compressed transaction with compression type " + compression
                    + ", which the connector cannot decompress (MySQL writes 0, zstd)");
        };
    }
}
