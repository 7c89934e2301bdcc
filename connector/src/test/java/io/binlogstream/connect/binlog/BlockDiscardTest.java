package io.binlogstream.connect.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

/** Discarding reads exactly the bytes asked for, across more than one buffer, and stops at the event's end. */
class BlockDiscardTest {
    private static final int BODY = 20_000; // more than two of its buffers

    @Test
    void theRestOfAnEventBodyIsReadAndTheNextEventStartsAfterIt() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bodyThen((byte) 0x5A));
        in.enterBlock(BODY);
        assertThat(in.read()).isEqualTo(0); // a deserializer read the start of the body
        new BlockDiscard().rest(in);

        assertThat(in.available()).isZero();
        in.skipToTheEndOfTheBlock();
        assertThat(in.read()).isEqualTo(0x5A);
        assertThat(in.getPosition()).isEqualTo(BODY + 1);
    }

    @Test
    void aCountOfBytesIsReadPastAndNoMore() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bodyThen((byte) 0x5A));
        in.enterBlock(BODY);
        new BlockDiscard().skip(in, BODY - 1);

        assertThat(in.read()).isEqualTo((BODY - 1) % 251);
        assertThat(in.available()).isZero();
    }

    private static byte[] bodyThen(byte next) {
        byte[] bytes = new byte[BODY + 1];
        for (int i = 0; i < BODY; i++) {
            bytes[i] = (byte) (i % 251);
        }
        bytes[BODY] = next;
        return bytes;
    }
}
