package io.binlogstream.converters.avro;

import org.apache.avro.JsonProperties;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect default values to and from the JSON form of Avro defaults.
 *
 * <p>Writing produces the Java objects Avro turns into its default JSON: bytes become an ISO-8859-1 string, as
 * the Avro specification says (Avro's own handling of {@code byte[]} would write base64, which other readers
 * misread). Reading accepts what Jackson or Avro make of that JSON. Struct defaults are not carried: Connect's
 * {@code SchemaBuilder} cannot build a struct schema with a struct default, so no Connect schema has one.
 */
final class DefaultValues {

    /** Returned when a default cannot be expressed; the schema then gets no default at all. */
    static final Object NONE = new Object();

    private DefaultValues() {
    }

    /** A Connect default as an object for {@code Schema.Field} or {@code addProp}, or {@link #NONE}. */
    static Object toAvro(Schema schema, Object value) {
        if (value == null) {
            return JsonProperties.NULL_VALUE;
        }
        String name = schema.name();
        switch (schema.type()) {
            case INT8:
            case INT16:
                return ((Number) value).intValue();
            case INT32:
                if (Date.LOGICAL_NAME.equals(name)) {
                    return Date.fromLogical(schema, (java.util.Date) value);
                }
                if (Time.LOGICAL_NAME.equals(name)) {
                    return Time.fromLogical(schema, (java.util.Date) value);
                }
                return value;
            case INT64:
                return Timestamp.LOGICAL_NAME.equals(name) ? Timestamp.fromLogical(schema, (java.util.Date) value) : value;
            case FLOAT32:
            case FLOAT64:
                // JSON has no NaN or infinity
                return Double.isFinite(((Number) value).doubleValue()) ? value : NONE;
            case BOOLEAN:
            case STRING:
                return value;
            case BYTES:
                byte[] bytes = Decimal.LOGICAL_NAME.equals(name)
                        ? Decimal.fromLogical(schema, (BigDecimal) value)
                        : bytes(value);
                return new String(bytes, StandardCharsets.ISO_8859_1);
            case ARRAY:
                List<Object> items = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    Object converted = toAvro(schema.valueSchema(), item);
                    if (converted == NONE) {
                        return NONE;
                    }
                    items.add(converted);
                }
                return items;
            case MAP:
                return mapToAvro(schema, (Map<?, ?>) value);
            default:
                return NONE;
        }
    }

    private static Object mapToAvro(Schema schema, Map<?, ?> map) {
        boolean avroMap = ConnectToAvroSchema.isAvroMap(schema);
        Map<String, Object> asObject = new LinkedHashMap<>();
        List<Object> asEntries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = toAvro(schema.valueSchema(), e.getValue());
            if (v == NONE) {
                return NONE;
            }
            if (avroMap) {
                asObject.put((String) e.getKey(), v);
            } else {
                Object k = toAvro(schema.keySchema(), e.getKey());
                if (k == NONE) {
                    return NONE;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put(ConnectProperties.MAP_ENTRY_KEY, k);
                entry.put(ConnectProperties.MAP_ENTRY_VALUE, v);
                asEntries.add(entry);
            }
        }
        return avroMap ? asObject : asEntries;
    }

    /**
     * An Avro default (as Jackson or Avro turned it into Java objects) as a value of the Connect schema, or
     * {@link #NONE}. The schema may still be a builder: only its type, name and parameters are read.
     */
    static Object toConnect(Schema schema, Object json) {
        if (json == null || json == JsonProperties.NULL_VALUE) {
            return null;
        }
        String name = schema.name();
        switch (schema.type()) {
            case INT8:
                return ((Number) json).byteValue();
            case INT16:
                return ((Number) json).shortValue();
            case INT32:
                int i = ((Number) json).intValue();
                if (Date.LOGICAL_NAME.equals(name)) {
                    return Date.toLogical(schema, i);
                }
                return Time.LOGICAL_NAME.equals(name) ? Time.toLogical(schema, i) : i;
            case INT64:
                long l = ((Number) json).longValue();
                return Timestamp.LOGICAL_NAME.equals(name) ? Timestamp.toLogical(schema, l) : l;
            case FLOAT32:
                return ((Number) json).floatValue();
            case FLOAT64:
                return ((Number) json).doubleValue();
            case BOOLEAN:
                return json;
            case STRING:
                return json.toString();
            case BYTES:
                byte[] bytes = json instanceof byte[] ? (byte[]) json : json.toString().getBytes(StandardCharsets.ISO_8859_1);
                return Decimal.LOGICAL_NAME.equals(name) ? Decimal.toLogical(schema, bytes) : bytes;
            case ARRAY:
                List<Object> items = new ArrayList<>();
                for (Object item : (List<?>) json) {
                    Object v = toConnect(schema.valueSchema(), item);
                    if (v == NONE) {
                        return NONE;
                    }
                    items.add(v);
                }
                return items;
            case MAP:
                return mapToConnect(schema, json);
            default:
                return NONE;
        }
    }

    private static Object mapToConnect(Schema schema, Object json) {
        Map<Object, Object> result = new LinkedHashMap<>();
        if (json instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> e : object.entrySet()) {
                Object v = toConnect(schema.valueSchema(), e.getValue());
                if (v == NONE) {
                    return NONE;
                }
                result.put(e.getKey().toString(), v);
            }
            return result;
        }
        for (Object entry : (List<?>) json) {
            Map<?, ?> e = (Map<?, ?>) entry;
            Object k = toConnect(schema.keySchema(), e.get(ConnectProperties.MAP_ENTRY_KEY));
            Object v = toConnect(schema.valueSchema(), e.get(ConnectProperties.MAP_ENTRY_VALUE));
            if (k == NONE || v == NONE) {
                return NONE;
            }
            result.put(k, v);
        }
        return result;
    }

    static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
