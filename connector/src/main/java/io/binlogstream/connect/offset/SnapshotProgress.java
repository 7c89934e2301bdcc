package io.binlogstream.connect.offset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.binlogstream.connect.schema.TableId;

/**
 * How far a snapshot run got: which run it is, which tables it covers, and the table and key of the last row of
 * the last chunk delivered, so a restarted task reads the next chunk from there. Null {@code encodedKey}: the
 * table's snapshot began and no chunk was delivered. The key is held in its stored form, so two progresses are
 * equal exactly when their offsets are.
 *
 * <p>{@code run} names the run ({@link #INITIAL_RUN}, an operator's request, a recovery from purged binlogs); it is
 * part of each snapshot row's event id, so rows of two runs are never taken for duplicates of each other.
 * {@code tables} is the run's fixed table list, or null when the run covers every captured table (resolved again
 * on a restart, in the same sorted order).
 *
 * <p>The key travels through Connect's offset storage as JSON, which would turn bytes into base64 text and big
 * integers into doubles; so each key value is stored as a tagged string that gives back exactly the Java value the
 * chunk query binds: {@code i:} integer (Long or BigInteger), {@code d:} DECIMAL, {@code x:} bytes in hex,
 * {@code s:} text (character and temporal columns, as the server wrote them). In the offset map the values are one
 * string ({@link OffsetLists}): Connect refuses an offset whose values are not primitives.
 */
public record SnapshotProgress(String run, List<TableId> tables, TableId table, List<String> encodedKey) {
    /** The run of {@code snapshot.mode=initial} on a first start. */
    public static final String INITIAL_RUN = "initial";

    public SnapshotProgress {
        if (run == null || run.isEmpty()) {
            throw new IllegalArgumentException("Snapshot progress needs a run id");
        }
        if (table == null) {
            throw new IllegalArgumentException("Snapshot progress needs a table");
        }
        tables = tables == null ? null : List.copyOf(tables);
        if (encodedKey != null) {
            encodedKey = List.copyOf(encodedKey);
            decodeKey(encodedKey); // refuse a malformed key here, not when a restarted task binds it
        }
    }

    /** The initial run's progress after a delivered chunk whose last row has this key (null: none delivered yet). */
    public static SnapshotProgress after(TableId table, List<Object> lastKey) {
        return new SnapshotProgress(INITIAL_RUN, null, table, lastKey == null ? null : encodeKey(lastKey));
    }

    /** This run's progress after a delivered chunk of {@code table} whose last row has this key (null: none yet). */
    public SnapshotProgress at(TableId table, List<Object> lastKey) {
        return new SnapshotProgress(run, tables, table, lastKey == null ? null : encodeKey(lastKey));
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
