package io.binlogstream.demo;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** Renders decoded Connect keys and values as one compact, readable JSON-like line. */
final class ChangePrinter {
    private ChangePrinter() {
    }

    static String render(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Struct struct) {
            out.append('{');
            boolean first = true;
            for (Field field : struct.schema().fields()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(field.name()).append(": ");
                append(out, readable(field.schema(), struct.get(field)));
            }
            out.append('}');
        } else if (value instanceof String text) {
            out.append('"').append(text.replace("\"", "\\\"")).append('"');
        } else if (value instanceof byte[] bytes) {
            out.append("0x").append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            out.append("0x").append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toPlainString());
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append(map);
        } else {
            out.append(value);
        }
    }

    /** binlogstream's temporal values are numbers; show them as dates and times. */
    private static Object readable(Schema schema, Object value) {
        if (value == null || schema.name() == null) {
            return value;
        }
        return switch (schema.name()) {
            case "io.binlogstream.time.Date" -> LocalDate.ofEpochDay(((Number) value).longValue());
            case "io.binlogstream.time.LocalMicroTimestamp" -> LocalDateTime.ofEpochSecond(
                    Math.floorDiv(((Number) value).longValue(), 1_000_000L),
                    (int) Math.floorMod(((Number) value).longValue(), 1_000_000L) * 1000, ZoneOffset.UTC);
            case "io.binlogstream.time.MicroTimestamp" -> Instant.EPOCH.plus(((Number) value).longValue(), ChronoUnit.MICROS);
            default -> value;
        };
    }

    /** The envelope without the bulky source block: op, before, after, and the GTID. */
    static String renderChange(String topic, Object key, Struct envelope) {
        if (envelope == null) {
            return String.format("%-24s %s key=%s (tombstone)", topic, "-", render(key));
        }
        Struct source = envelope.getStruct("source");
        return String.format("%-24s %s key=%s before=%s after=%s gtid=%s", topic, envelope.getString("op"), render(key),
                render(envelope.get("before")), render(envelope.get("after")), source.getString("gtid"));
    }
}
