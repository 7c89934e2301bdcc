package io.binlogstream.connect.mapping;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * From a MySQL/MariaDB collation id (as TABLE_MAP carries it) to the Java charset that decodes the column's
 * bytes. An explicit table rather than the JDBC driver's guess: MySQL's {@code latin1} is windows-1252, and
 * {@code ucs2}/{@code utf16}/{@code utf32} are big-endian without a byte-order mark. A charset with no Java
 * decoder is an error naming it, never a lossy guess.
 */
public final class CollationCharsets {
    /** Collation id of the binary pseudo-charset: the column holds bytes, not text. */
    public static final int BINARY = 63;

    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("ascii", "US-ASCII"), Map.entry("big5", "Big5"),
            Map.entry("cp1250", "windows-1250"), Map.entry("cp1251", "windows-1251"),
            Map.entry("cp1256", "windows-1256"), Map.entry("cp1257", "windows-1257"),
            Map.entry("cp850", "IBM850"), Map.entry("cp852", "IBM852"), Map.entry("cp866", "IBM866"),
            Map.entry("cp932", "windows-31j"), Map.entry("eucjpms", "x-eucJP-Open"), Map.entry("euckr", "EUC-KR"),
            Map.entry("gb2312", "GB2312"), Map.entry("gbk", "GBK"), Map.entry("gb18030", "GB18030"),
            Map.entry("greek", "ISO-8859-7"), Map.entry("hebrew", "ISO-8859-8"),
            Map.entry("koi8r", "KOI8-R"), Map.entry("koi8u", "KOI8-U"),
            Map.entry("latin1", "windows-1252"), Map.entry("latin2", "ISO-8859-2"),
            Map.entry("latin5", "ISO-8859-9"), Map.entry("latin7", "ISO-8859-13"),
            Map.entry("macce", "x-MacCentralEurope"), Map.entry("macroman", "x-MacRoman"),
            Map.entry("sjis", "Shift_JIS"), Map.entry("tis620", "TIS-620"),
            Map.entry("ucs2", "UTF-16BE"), Map.entry("ujis", "EUC-JP"),
            Map.entry("utf16", "UTF-16BE"), Map.entry("utf16le", "UTF-16LE"), Map.entry("utf32", "UTF-32BE"),
            Map.entry("utf8mb3", "UTF-8"), Map.entry("utf8", "UTF-8"), Map.entry("utf8mb4", "UTF-8"));

    /** First id of each range -> (last id, MySQL charset name). */
    private static final TreeMap<Integer, Map.Entry<Integer, String>> RANGES = load();

    private CollationCharsets() {
    }

    /** The MySQL charset name of a collation id. */
    public static String charsetName(int collationId) {
        Map.Entry<Integer, Map.Entry<Integer, String>> range = RANGES.floorEntry(collationId);
        if (range == null || collationId > range.getValue().getKey()) {
            throw new UnsupportedCharsetException("Unknown collation id " + collationId
                    + ": the connector's collation table does not list it");
        }
        return range.getValue().getValue();
    }

    /** The Java charset decoding a collation's bytes; null for the binary collation (63). */
    public static Charset javaCharset(int collationId) {
        if (collationId == BINARY) {
            return null;
        }
        String name = charsetName(collationId);
        String javaName = JAVA_NAMES.get(name);
        if (javaName == null || !Charset.isSupported(javaName)) {
            throw new UnsupportedCharsetException("Charset '" + name + "' (collation id " + collationId
                    + ") has no Java decoder; convert the column to utf8mb4 or exclude it");
        }
        return Charset.forName(javaName);
    }

    private static final Map<Integer, ServerTextDecoder> DECODERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The text the server gives for a character column's bytes (see {@link ServerTextDecoder}). */
    public static String decode(int collationId, byte[] bytes) {
        return decoder(collationId).decode(bytes);
    }

    /** The decoder of a collation's text, for a column's converter to hold (one look-up per column, not per value). */
    static ServerTextDecoder decoder(int collationId) {
        ServerTextDecoder decoder = DECODERS.get(collationId);
        if (decoder == null) {
            decoder = new ServerTextDecoder(charsetName(collationId), javaCharset(collationId));
            DECODERS.put(collationId, decoder);
        }
        return decoder;
    }

    /** Whether the collation's bytes can be decoded (binary counts: they stay bytes). */
    public static boolean hasDecoder(int collationId) {
        try {
            javaCharset(collationId);
            return true;
        } catch (UnsupportedCharsetException e) {
            return false;
        }
    }

    private static TreeMap<Integer, Map.Entry<Integer, String>> load() {
        TreeMap<Integer, Map.Entry<Integer, String>> ranges = new TreeMap<>();
        try (InputStream in = CollationCharsets.class.getResourceAsStream("collations.tsv")) {
            if (in == null) {
                throw new IllegalStateException("collations.tsv is missing from the connector jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                ranges.put(Integer.parseInt(fields[0]), Map.entry(Integer.parseInt(fields[1]), fields[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ranges;
    }

    /** A column's charset cannot be decoded; the task stops rather than emit wrong text. */
    public static final class UnsupportedCharsetException extends RuntimeException {
        public UnsupportedCharsetException(String message) {
            super(message);
        }
    }
}
