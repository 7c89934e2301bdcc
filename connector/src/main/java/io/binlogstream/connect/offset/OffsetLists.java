package io.binlogstream.connect.offset;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists of strings as one offset string. Connect's offset storage takes only primitive values (a list is refused when
 * the offset is flushed, and that failure kills the task), so a list is written as its items joined by {@code ,}, with
 * {@code %} and {@code ,} inside an item escaped as {@code %25} and {@code %2C}. Splitting gives back the items exactly.
 */
public final class OffsetLists {

    private OffsetLists() {
    }

    public static String join(List<String> items) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(escape(items.get(i)));
        }
        return text.toString();
    }

    /** The escaped form of one item (also used where an item is written next to other text, as in event ids). */
    public static String escape(String item) {
        return item.replace("%", "%25").replace(",", "%2C");
    }

    public static List<String> split(String text) {
        List<String> items = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = text.indexOf(',', start);
            items.add(unescape(text.substring(start, comma < 0 ? text.length() : comma)));
            if (comma < 0) {
                return items;
            }
            start = comma + 1;
        }
    }

    private static String unescape(String item) {
        if (item.indexOf('%') < 0) {
            return item;
        }
        StringBuilder out = new StringBuilder(item.length());
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == '%') {
                String code = item.substring(i + 1, Math.min(item.length(), i + 3));
                switch (code) {
                    case "25" -> out.append('%');
                    case "2C" -> out.append(',');
                    default -> throw new IllegalArgumentException("Offset list item '" + item + "' has an unknown escape '%" + code + "'");
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
