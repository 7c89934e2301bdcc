package io.binlogstream.connect.mapping;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Decodes a charset's bytes into the text the server itself gives for them. Java's charset does the work, except
 * for the codes where MariaDB's own table differs from Java's ({@code charset-overrides.tsv}, generated from the
 * server by {@code LiveCharsetTableTest}): MySQL's latin1 maps 0x81 to U+0081 where windows-1252 has no character,
 * sjis maps 0x815F to '\' where Java gives U+FF3C; a code neither can convert becomes '?' as the server prints it.
 * Multi-byte text is cut into the charset's own sequences so an override never matches across two characters.
 */
final class ServerTextDecoder {
    /** charset name -> code bytes (as an int: one or two bytes) -> the server's text. */
    private static final Map<String, Map<Integer, String>> OVERRIDES = load();
    /** Eight bytes of a byte array at a time, for the ASCII test (any byte order: the mask has every byte's top bit). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final Charset charset;
    private final String name;
    private final Map<Integer, String> overrides;
    /**
     * The first bytes of every overridden code. Text holding none of them (nearly all text: latin1's overrides are
     * five C1 codes) needs no per-character look-up and decodes in one call; a trailing byte that happens to match
     * only sends the text down the exact path, which gives the same result.
     */
    private final boolean[] overrideLead = new boolean[256];
    /** Whether every overridden code starts above 0x7F, so that ASCII bytes can be passed over eight at a time. */
    private final boolean asciiNeverOverridden;
    /** Whether the charset is a Unicode one, whose U+FFFD is a character and stays (see {@link #javaText}). */
    private final boolean unicode;

    ServerTextDecoder(String name, Charset charset) {
        this.name = name;
        this.charset = charset;
        this.overrides = OVERRIDES.getOrDefault(name, Map.of());
        this.unicode = unicode(charset);
        boolean ascii = true;
        for (int code : overrides.keySet()) {
            int lead = (code & 0x10000) != 0 ? (code >> 8) & 0xFF : code & 0xFF;
            overrideLead[lead] = true;
            ascii &= lead >= 0x80;
        }
        this.asciiNeverOverridden = ascii;
    }

    String decode(byte[] bytes) {
        if (overrides.isEmpty() || !mayHoldOverride(bytes)) {
            String text = new String(bytes, 0, bytes.length, charset);
            return unicode ? text : text.replace('\uFFFD', '?');
        }
        StringBuilder text = new StringBuilder(bytes.length);
        int runStart = 0;
        int i = 0;
        while (i < bytes.length) {
            int length = Math.min(sequenceLength(bytes, i), bytes.length - i);
            String replacement = length <= 2 ? overrides.get(code(bytes, i, length)) : null;
            if (replacement != null) {
                text.append(javaText(charset, bytes, runStart, i - runStart)).append(replacement);
                runStart = i + length;
            }
            i += length;
        }
        return text.append(javaText(charset, bytes, runStart, bytes.length - runStart)).toString();
    }

    private boolean mayHoldOverride(byte[] bytes) {
        int i = 0;
        if (asciiNeverOverridden) {
            // Most text is ASCII throughout: a byte-by-byte look-up was the largest cost of decoding latin1 text.
            while (i + 8 <= bytes.length && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
            }
        }
        for (; i < bytes.length; i++) {
            if (overrideLead[bytes[i] & 0xFF]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Java's decoding, with the server's mark for a code it cannot convert: '?' where Java writes U+FFFD. Unicode
     * charsets are left alone (U+FFFD is a character there, and their codes all convert).
     */
    static String javaText(Charset charset, byte[] bytes, int offset, int length) {
        String text = new String(bytes, offset, length, charset);
        return unicode(charset) ? text : text.replace('\uFFFD', '?');
    }

    private static boolean unicode(Charset charset) {
        return charset.name().startsWith("UTF");
    }

    private static int code(byte[] bytes, int at, int length) {
        return length == 1 ? (bytes[at] & 0xFF) : 0x10000 | ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    /** How many bytes the character starting at {@code at} takes in this charset. */
    private int sequenceLength(byte[] bytes, int at) {
        int b = bytes[at] & 0xFF;
        return switch (name) {
            case "sjis", "cp932" -> (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC) ? 2 : 1;
            case "big5", "gbk", "gb2312", "euckr" -> b >= 0x81 && b <= 0xFE ? 2 : 1;
            case "ujis", "eucjpms" -> b == 0x8F ? 3 : (b == 0x8E || (b >= 0xA1 && b <= 0xFE)) ? 2 : 1;
            case "gb18030" -> b >= 0x81 && b <= 0xFE
                    ? (at + 1 < bytes.length && (bytes[at + 1] & 0xFF) >= 0x30 && (bytes[at + 1] & 0xFF) <= 0x39 ? 4 : 2) : 1;
            default -> 1;
        };
    }

    private static Map<String, Map<Integer, String>> load() {
        Map<String, Map<Integer, String>> all = new HashMap<>();
        try (InputStream in = ServerTextDecoder.class.getResourceAsStream("charset-overrides.tsv")) {
            if (in == null) {
                return all;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                byte[] code = HexFormat.of().parseHex(fields[1]);
                StringBuilder text = new StringBuilder();
                for (String cp : fields[2].isEmpty() ? new String[0] : fields[2].split(" ")) {
                    text.appendCodePoint(Integer.parseInt(cp, 16));
                }
                all.computeIfAbsent(fields[0], k -> new HashMap<>()).put(code(code, 0, code.length), text.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
