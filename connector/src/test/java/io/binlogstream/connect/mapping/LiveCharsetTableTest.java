package io.binlogstream.connect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.binlogstream.testkit.MariaDbServer;

/**
 * The connector's text decoding against the server's own conversion to Unicode, for every single-byte code and
 * every two-byte code of every charset the server offers and Java can decode: each code's text is what
 * {@code CONVERT(... USING utf8mb4)} gives. Two-byte codes the server cannot convert (it prints '?') are not
 * characters of the charset and are left out; a single byte the server cannot convert is stored all the same and
 * decodes to '?' as the server prints it. Where Java's charset differs from the server's (MySQL's latin1 maps
 * 0x81 to U+0081, sjis maps 0x815F to '\'), {@code charset-overrides.tsv} holds the server's answer; run with
 * {@code -Dbinlogstream.updateCharsets=true} to regenerate it from the server.
 */
class LiveCharsetTableTest {
    @TempDir
    static Path workDir;
    static MariaDbServer server;

    @BeforeAll
    static void start() {
        server = MariaDbServer.start(workDir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyCodeDecodesAsTheServerConvertsIt() throws Exception {
        Map<String, Map<String, String>> serverTexts = new TreeMap<>();
        try (Connection c = server.adminConnection(); Statement s = c.createStatement()) {
            List<String[]> charsets = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT cs.CHARACTER_SET_NAME, cs.MAXLEN, co.ID FROM information_schema.CHARACTER_SETS cs"
                    + " JOIN information_schema.COLLATIONS co ON co.COLLATION_NAME = cs.DEFAULT_COLLATE_NAME ORDER BY 1")) {
                while (rs.next()) {
                    charsets.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] charset : charsets) {
                int maxLen = Integer.parseInt(charset[1]);
                int collation = Integer.parseInt(charset[2]);
                // Fixed-width Unicode charsets and UTF-8 decode exactly in Java; binary stays bytes.
                if (charset[0].equals("binary") || charset[0].startsWith("utf") || charset[0].equals("ucs2")
                        || !CollationCharsets.hasDecoder(collation)) {
                    continue;
                }
                String codes = maxLen == 1 ? "mysql.seq_0_to_255 WHERE seq >= 0"
                        : "mysql.seq_33024_to_65278 WHERE seq % 256 >= 64 AND seq % 256 <> 127";
                int width = maxLen == 1 ? 2 : 4;
                Map<String, String> texts = new TreeMap<>();
                try (ResultSet rs = s.executeQuery("SELECT LPAD(HEX(seq), " + width + ", '0'), CONVERT(CAST(UNHEX(LPAD(HEX(seq), " + width
                        + ", '0')) AS CHAR CHARACTER SET " + charset[0] + ") USING utf8mb4) FROM " + codes)) {
                    while (rs.next()) {
                        if ((charset[0].equals("ujis") || charset[0].equals("eucjpms")) && rs.getString(1).startsWith("8F")) {
                            continue; // the lead byte of a three-byte character, not a whole code
                        }
                        if (maxLen > 1 && rs.getString(2).contains("?")) {
                            continue; // not a character of the charset: the server refuses it in strict mode
                        }
                        texts.put(charset[0] + "\t" + rs.getString(1), rs.getString(2));
                    }
                }
                serverTexts.put(charset[0] + "\t" + collation, texts);
            }
        }
        if (Boolean.getBoolean("binlogstream.updateCharsets")) {
            write(serverTexts);
        }
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Map<String, String>> charset : serverTexts.entrySet()) {
            int collation = Integer.parseInt(charset.getKey().split("\t")[1]);
            for (Map.Entry<String, String> code : charset.getValue().entrySet()) {
                byte[] bytes = java.util.HexFormat.of().parseHex(code.getKey().split("\t")[1]);
                String ours = CollationCharsets.decode(collation, bytes);
                checked++;
                if (!ours.equals(code.getValue())) {
                    mismatches.add(code.getKey() + ": server " + code.getValue() + ", connector " + ours);
                }
            }
        }
        assertThat(checked).isGreaterThan(100_000);
        assertThat(mismatches).as("codes decoded differently from the server").isEmpty();
    }

    /** The codes where Java's charset disagrees with the server, as the server converts them. */
    private static void write(Map<String, Map<String, String>> serverTexts) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# charset, code (hex), the server's Unicode text for it (code points, hex). Generated by LiveCharsetTableTest");
        lines.add("# from MariaDB's CONVERT(... USING utf8mb4): only where Java's own charset decodes the code differently.");
        for (Map.Entry<String, Map<String, String>> charset : serverTexts.entrySet()) {
            String name = charset.getKey().split("\t")[0];
            java.nio.charset.Charset javaCharset = CollationCharsets.javaCharset(Integer.parseInt(charset.getKey().split("\t")[1]));
            for (Map.Entry<String, String> code : charset.getValue().entrySet()) {
                byte[] bytes = java.util.HexFormat.of().parseHex(code.getKey().split("\t")[1]);
                if (!ServerTextDecoder.javaText(javaCharset, bytes, 0, bytes.length).equals(code.getValue())) {
                    lines.add(name + "\t" + code.getKey().split("\t")[1] + "\t"
                            + code.getValue().codePoints().mapToObj(cp -> String.format("%04X", cp)).collect(Collectors.joining(" ")));
                }
            }
        }
        Path file = Path.of(System.getProperty("binlogstream.root", "."), "connector/src/main/resources/io/binlogstream/connect/mapping/charset-overrides.tsv");
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
