package io.binlogstream.connect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ServerTextDecoderTest {
    /** latin1_swedish_ci, MariaDB's default collation of latin1. */
    private static final int LATIN1 = 8;

    @Test
    void latin1TextWithoutOverriddenCodesDecodesAsJavaDoes() {
        byte[] text = "plain text, caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(CollationCharsets.decode(LATIN1, text)).isEqualTo("plain text, caf\u00e9");
    }

    @Test
    void latin1OverriddenCodesStillGetTheServersText() {
        // 0x81 has no character in windows-1252; the server gives U+0081. 0x80 is the euro sign in both.
        byte[] text = {'a', (byte) 0x81, 'b', (byte) 0x80};
        assertThat(CollationCharsets.decode(LATIN1, text)).isEqualTo("a\u0081b\u20ac");
    }

    @Test
    void anOverriddenCodeIsFoundWhereverItFallsAmongAsciiBytes() {
        // ASCII is passed over eight bytes at a time: the code at each position, inside a word and in the tail.
        for (int at = 0; at < 21; at++) {
            byte[] text = "abcdefghijklmnopqrstu".getBytes(StandardCharsets.US_ASCII);
            text[at] = (byte) 0x81;
            StringBuilder expected = new StringBuilder("abcdefghijklmnopqrstu");
            expected.setCharAt(at, '\u0081');
            assertThat(CollationCharsets.decode(LATIN1, text)).as("0x81 at %d", at).isEqualTo(expected.toString());
        }
    }
}
