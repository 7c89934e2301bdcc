package io.binlogstream.connect.binlog;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidListEventData;
import com.github.shyiko.mysql.binlog.event.MySqlGtid;
import com.github.shyiko.mysql.binlog.event.PreviousGtidSetEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;

import io.binlogstream.connect.BinlogFixtures;
import io.binlogstream.connect.config.TableFilter;
import io.binlogstream.connect.gtid.GtidPosition;
import io.binlogstream.connect.gtid.MariaDbGtidPosition;
import io.binlogstream.connect.gtid.MySqlGtidSet;
import io.binlogstream.connect.offset.SourceOffset;
import io.binlogstream.connect.record.RecordOptions;
import io.binlogstream.connect.record.Heartbeats;

/**
 * Runs a binlog fixture file through the path live events take: the binlog library's file reader with the
 * connector's {@link EventDeserializers}, then a {@link TransactionAssembler}, which {@link BinlogReader} feeds
 * the same way from the network. It starts where a connector reading the file from its first byte would (the
 * file's Previous_gtids or GTID list, as a stored offset) and collects the records handed over.
 *
 * <p>Most MySQL fixtures were written by servers without GTIDs or with binlog_row_metadata=MINIMAL, which the
 * connector refuses (the refusals have their own tests). So that their values can still be checked end to end,
 * a test may opt into two stand-ins, which leave every value as the server wrote it:
 * <ul>
 *   <li>{@link #standInGtids()}: each ANONYMOUS_GTID event becomes a GTID event of {@link #STAND_IN_UUID},
 *       numbered from 1;</li>
 *   <li>{@link #standInColumnNames()}: a TABLE_MAP without column names gets {@code c1..cN}; types,
 *       signedness and charsets stay as the server wrote them.</li>
 * </ul>
 */
final class FixturePipeline {
    static final String SERVER = "fixtures";
    /** Marks GTIDs that no server wrote: only the stand-in for anonymous transactions uses it. */
    static final String STAND_IN_UUID = "11111111-2222-3333-4444-555555555555";

    private final String file;
    private final List<String> tableIncludes = new ArrayList<>();
    private boolean standInGtids;
    private boolean standInColumnNames;

    private FixturePipeline(String file) {
        this.file = file;
    }

    static FixturePipeline of(String file) {
        return new FixturePipeline(file);
    }

    /** Captures only tables matching {@code database\.table} patterns (default: every table, system schemas too). */
    FixturePipeline capturing(String... qualifiedTablePatterns) {
        tableIncludes.addAll(List.of(qualifiedTablePatterns));
        return this;
    }

    FixturePipeline standInGtids() {
        standInGtids = true;
        return this;
    }

    FixturePipeline standInColumnNames() {
        standInColumnNames = true;
        return this;
    }

    /**
     * What the assembler handed over, the transactions it counts as delivered after the file, and the error
     * that stopped it (null when it read the whole file). As in {@link BinlogReader}, records handed over
     * before an error are kept.
     */
    record Run(List<SourceRecord> records, GtidPosition delivered, RuntimeException failure) {
        /** The change records (tombstones excluded), in order. */
        List<SourceRecord> changes() {
            return records.stream().filter(r -> r.value() != null).toList();
        }

        Struct envelope(int change) {
            return (Struct) changes().get(change).value();
        }

        Struct after(int change) {
            return envelope(change).getStruct("after");
        }

        Struct before(int change) {
            return envelope(change).getStruct("before");
        }

        Struct source(int change) {
            return envelope(change).getStruct("source");
        }
    }

    /** Reads the whole file; an error of the connector fails the calling test with it. */
    Run run() throws IOException, InterruptedException {
        Run run = runUntilFailure();
        if (run.failure() != null) {
            throw run.failure();
        }
        return run;
    }

    /** Reads the file until the connector stops on an error, as the live reader does. */
    Run runUntilFailure() throws IOException, InterruptedException {
        // One filter for decoding and assembling, as in the live reader: rows of tables left out are not decoded.
        TableFilter filter = new TableFilter(List.of(".*"), List.of(), tableIncludes, List.of());
        List<Event> events = BinlogFixtures.events(file, filter);
        GtidPosition start = startPosition(events);
        List<SourceRecord> records = new ArrayList<>();
        TransactionAssembler assembler = new TransactionAssembler(SERVER, filter, RecordOptions.defaults(),
                SourceOffset.between(start.toString(), file, 4), start, new Heartbeats(SERVER + ".heartbeats", SERVER),
                Duration.ZERO, delivery -> records.add(delivery.record()));
        long anonymous = 0;
        for (Event event : events) {
            EventHeaderV4 header = event.getHeader();
            if (standInGtids && header.getEventType() == EventType.ANONYMOUS_GTID) {
                event = new Event(retyped(header, EventType.GTID), new GtidEventData(
                        new MySqlGtid(UUID.fromString(STAND_IN_UUID), ++anonymous), (byte) 0, 0, 0, 0, 0, 0, 0, 0));
            } else if (standInColumnNames && event.getData() instanceof TableMapEventData tableMap) {
                nameColumns(tableMap);
            } else if (standInColumnNames && event.getData() instanceof TransactionPayloadEventData payload) {
                payload.getUncompressedEvents().stream().filter(e -> e.getData() instanceof TableMapEventData)
                        .forEach(e -> nameColumns(e.getData()));
            }
            try {
                assembler.onEvent(event);
            } catch (RuntimeException e) {
                return new Run(List.copyOf(records), assembler.delivered(), e);
            }
        }
        return new Run(List.copyOf(records), assembler.delivered(), null);
    }

    /** The position before the file's first transaction, as the server wrote it at the top of the file. */
    private static GtidPosition startPosition(List<Event> events) {
        for (Event event : events) {
            EventData data = event.getData();
            if (data instanceof PreviousGtidSetEventData previous) {
                return MySqlGtidSet.parse(previous.getGtidSet());
            }
            if (data instanceof MariadbGtidListEventData list) {
                return MariaDbGtidPosition.parseBinlogState(list.getMariaGTIDSet().toSeenString());
            }
        }
        throw new IllegalStateException("The fixture has neither Previous_gtids nor a GTID list");
    }

    private static EventHeaderV4 retyped(EventHeaderV4 header, EventType type) {
        EventHeaderV4 copy = new EventHeaderV4();
        copy.setEventType(type);
        copy.setTimestamp(header.getTimestamp());
        copy.setServerId(header.getServerId());
        copy.setEventLength(header.getEventLength());
        copy.setNextPosition(header.getNextPosition());
        copy.setFlags(header.getFlags());
        return copy;
    }

    private static void nameColumns(TableMapEventData tableMap) {
        TableMapEventMetadata metadata = tableMap.getEventMetadata();
        if (metadata == null) {
            metadata = new TableMapEventMetadata();
            tableMap.setEventMetadata(metadata);
        }
        if (metadata.getColumnNames() == null) {
            metadata.setColumnNames(IntStream.rangeClosed(1, tableMap.getColumnTypes().length).mapToObj(i -> "c" + i).toList());
        }
    }
}
