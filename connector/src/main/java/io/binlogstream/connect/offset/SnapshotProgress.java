package io.binlogstream.connect.offset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.binlogstream.connect.schema.TableId;

/**
 * How far the snapshot of one table got: the key of the last row of the last chunk delivered, so a restarted
 * task reads the next chunk from there. Null {@code encodedKey}: the table's snapshot began and no chunk was delivered.
 * The key is held in its stored form, so two progresses are equal exactly when their offsets are.
 *
 * <p>The key travels through Connect's offset storage as JSON, which would turn bytes into base64 text and big
 * integers into doubles; so each key value is stored as a tagged string that gives back exactly the Java value the
 * chunk query binds: {@code i:} integer (Long or BigInteger), {@code d:} DECIMAL, {@code x:} bytes in hex,
 * {@code s:} text (character and temporal columns, as the server wrote them). In the offset map the values are one
 * string ({@link #joinKey}): Connect refuses an offset whose values are not primitives.
 */
public record SnapshotProgress(TableId table, List<String> encodedKey) {

    public SnapshotProgress {
        if (table == null) {
            throw new IllegalArgumentException("Snapshot progress needs a table");
        }
        if (encodedKey != null) {
            encodedKey = List.copyOf(encodedKey);
            decodeKey(encodedKey); // refuse a malformed key here, not when a restarted task binds it
        }
    }

    /** After a delivered chunk whose last row has this key (null: none delivered yet). */
    public static SnapshotProgress after(TableId table, List<Object> lastKey) {
        return new SnapshotProgress(table, lastKey == null ? null : encodeKey(lastKey));
    }

    /** The key to read the next chunk after, as the chunk query binds it; null: from the table's start. */
    public List<Object> lastKey() {
        return encodedKey == null ? null : decodeKey(encodedKey);
    }

    public static List<String> encodeKey(List<Object> key) {
        List<String> encoded = new ArrayList<>(key.size());
        for (Object value : key) {
            if (value instanceof Long || value instanceof BigInteger) {
                encoded.add("i:" + value);
            } else if (value instanceof BigDecimal d) {
                encoded.add("d:" + d.toPlainString());
            } else if (value instanceof byte[] bytes) {
                encoded.add("x:" + HexFormat.of().formatHex(bytes));
            } else if (value instanceof String s) {
                encoded.add("s:" + s);
            } else {
                throw new IllegalArgumentException("Key value of class " + (value == null ? "null" : value.getClass().getName())
                        + " cannot be stored in an offset");
            }
        }
        return encoded;
    }

    /**
     * The encoded key as one string, as Connect's offset store needs it (an offset value must be a primitive, never a
     * list): the tagged values joined by {@code ,}, with {@code %} and {@code ,} inside a value written {@code %25} and
     * {@code %2C}, so values of composite keys cannot run into each other. Snapshot event ids use the same form.
     */
    public static String joinKey(List<String> encoded) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < encoded.size(); i++) {
            if (i > 0) {
                joined.append(',');
            }
            joined.append(encoded.get(i).replace("%", "%25").replace(",", "%2C"));
        }
        return joined.toString();
    }

    /** The encoded key values {@link #joinKey} joined; refuses an escape it never writes. */
    public static List<String> splitKey(String joined) {
        List<String> encoded = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == ',') {
                encoded.add(value.toString());
                value.setLength(0);
            } else if (c == '%') {
                String escape = joined.substring(i, Math.min(joined.length(), i + 3));
                switch (escape) {
                    case "%25" -> value.append('%');
                    case "%2C" -> value.append(',');
                    default -> throw new IllegalArgumentException("Snapshot key '" + joined + "' has an unknown escape '" + escape + "'");
                }
                i += 2;
            } else {
                value.append(c);
            }
        }
        encoded.add(value.toString());
        return encoded;
    }

    public static List<Object> decodeKey(List<?> encoded) {
        List<Object> key = new ArrayList<>(encoded.size());
        for (Object item : encoded) {
            String text = item == null ? "" : item.toString();
            if (text.length() < 2 || text.charAt(1) != ':') {
                throw new IllegalArgumentException("Snapshot key value '" + text + "' has no type tag (i:, d:, x:, s:)");
            }
            String body = text.substring(2);
            key.add(switch (text.charAt(0)) {
                case 'i' -> {
                    BigInteger integer = new BigInteger(body);
                    yield integer.bitLength() < 64 ? (Object) integer.longValueExact() : integer;
                }
                case 'd' -> new BigDecimal(body);
                case 'x' -> HexFormat.of().parseHex(body);
                case 's' -> body;
                default -> throw new IllegalArgumentException("Snapshot key value '" + text + "' has an unknown type tag");
            });
        }
        return key;
    }
}
