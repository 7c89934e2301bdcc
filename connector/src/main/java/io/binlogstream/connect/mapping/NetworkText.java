package io.binlogstream.connect.mapping;

import java.util.HexFormat;

/** MariaDB's UUID, INET4 and INET6 values as the server prints them, from their binary storage form. */
final class NetworkText {
    private NetworkText() {
    }

    /**
     * A UUID in RFC 4122 text. The binlog carries it in text order: the segment swap MariaDB applies to versions
     * 1 to 5 concerns its stored records, not the row image (checked against CAST(c AS CHAR) by LiveTypesTest).
     */
    static String uuid(byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
                + "-" + hex.substring(20, 32);
    }

    static String inet4(byte[] bytes) {
        return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
    }

    /**
     * An IPv6 address as MariaDB prints it: lower case, no leading zeros, the longest run of zero groups (the
     * first of equal runs, even a single group) as '::'; the last 32 bits dotted when that run is the first six
     * groups (IPv4-compatible, ::a.b.c.d with a non-zero first half of the IPv4 part) or the first five before
     * ffff (IPv4-mapped, ::ffff:a.b.c.d).
     */
    static String inet6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        boolean dotted = bestStart == 0 && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xFFFF));
        int words = dotted ? 6 : 8;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        if (dotted) {
            if (text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(bytes[12] & 0xFF).append('.').append(bytes[13] & 0xFF).append('.').append(bytes[14] & 0xFF).append('.')
                    .append(bytes[15] & 0xFF);
        }
        return text.toString();
    }
}
