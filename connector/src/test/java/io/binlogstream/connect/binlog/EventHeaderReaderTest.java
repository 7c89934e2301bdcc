package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import io.binlogstream.connect.BinlogFixtures;

/** The one-read header gives the library's header, field for field, and leaves the stream where the library does. */
class EventHeaderReaderTest {

    @Test
    void everyHeaderOfTheFixturesIsTheLibrarys() throws IOException {
        int headers = 0;
        for (String file : BinlogFixtures.fileNames()) {
            List<String> library = headers(file, new EventHeaderV4Deserializer());
            List<String> ours = headers(file, new EventHeaderReader());
            assertThat(ours).as(file).isEqualTo(library);
            headers += ours.size();
        }
        assertThat(headers).isGreaterThan(100);
    }

    @Test
    void unsignedFieldsFlagsAndAnUnknownTypeReadAsTheLibraryReadsThem() throws IOException {
        byte[] header = {
            (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // timestamp above 2^31 seconds
            (byte) 0xEE, // no such event type
            (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // server id 4294967294
            0x13, 0x00, 0x00, (byte) 0x80, // event length above 2^31
            0x01, 0x02, 0x03, (byte) 0xFF, // next position
            (byte) 0x81, (byte) 0x80, // flags, both bytes
            0x2A // the first byte after the header
        };
        EventHeaderV4 library = new EventHeaderV4Deserializer().deserialize(new ByteArrayInputStream(header));
        ByteArrayInputStream in = new ByteArrayInputStream(header);
        EventHeaderV4 ours = new EventHeaderReader().deserialize(in);

        assertThat(ours.getEventType()).isEqualTo(EventType.UNKNOWN);
        assertThat(ours.getTimestamp()).isEqualTo(0xFFFFFFF0L * 1000L);
        assertThat(ours.getServerId()).isEqualTo(4294967294L);
        assertThat(ours.getEventLength()).isEqualTo(0x80000013L);
        assertThat(ours.getNextPosition()).isEqualTo(0xFF030201L);
        assertThat(ours.getFlags()).isEqualTo(0x8081);
        assertThat(ours.toString()).isEqualTo(library.toString());
        assertThat(in.read()).isEqualTo(0x2A);
    }

    private static List<String> headers(String file, EventHeaderDeserializer<?> headerDeserializer) throws IOException {
        return BinlogFixtures.events(file, new EventDeserializer(headerDeserializer, new NullEventDataDeserializer()))
                .stream().map(event -> event.getHeader().toString()).toList();
    }
}
