package io.binlogstream.converters.avro;

import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what Avro's GenericDatumReader read (with the writer's schema, no logical-type conversions) into the
 * Connect value of the schema {@link AvroToConnectSchema} made of that Avro schema. Record fields correspond by
 * position, since the Connect struct was made field by field from the Avro record.
 */
public final class AvroToConnectValue {

    private AvroToConnectValue() {
    }

    public static Object convert(Schema schema, Object datum) {
        if (datum == null) {
            return null;
        }
        String name = schema.name();
        switch (schema.type()) {
            case INT8:
                return ((Integer) datum).byteValue();
            case INT16:
                return ((Integer) datum).shortValue();
            case INT32:
                if (Date.LOGICAL_NAME.equals(name)) {
                    return Date.toLogical(schema, (Integer) datum);
                }
                return Time.LOGICAL_NAME.equals(name) ? Time.toLogical(schema, (Integer) datum) : datum;
            case INT64:
                return Timestamp.LOGICAL_NAME.equals(name) ? Timestamp.toLogical(schema, (Long) datum) : datum;
            case FLOAT32:
            case FLOAT64:
            case BOOLEAN:
                return datum;
            case STRING:
                return datum.toString();
            case BYTES:
                byte[] bytes = datum instanceof GenericFixed fixed ? fixed.bytes() : DefaultValues.bytes(datum);
                if (Decimal.LOGICAL_NAME.equals(name)) {
                    return new BigDecimal(new BigInteger(bytes), scale(schema));
                }
                return bytes;
            case ARRAY:
                List<?> items = (List<?>) datum;
                List<Object> list = new ArrayList<>(items.size());
                for (Object item : items) {
                    list.add(convert(schema.valueSchema(), item));
                }
                return list;
            case MAP:
                return map(schema, datum);
            case STRUCT:
                return struct(schema, (IndexedRecord) datum);
            default:
                throw new DataException("Connect schema type " + schema.type() + " is not supported");
        }
    }

    private static Map<Object, Object> map(Schema schema, Object datum) {
        Map<Object, Object> result = new LinkedHashMap<>();
        if (datum instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                result.put(e.getKey().toString(), convert(schema.valueSchema(), e.getValue()));
            }
            return result;
        }
        // a map with non-string keys, written as an array of {key, value} records
        for (Object entry : (List<?>) datum) {
            IndexedRecord record = (IndexedRecord) entry;
            result.put(convert(schema.keySchema(), record.get(0)), convert(schema.valueSchema(), record.get(1)));
        }
        return result;
    }

    private static Struct struct(Schema schema, IndexedRecord record) {
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            struct.put(field, convert(field.schema(), record.get(field.index())));
        }
        return struct;
    }

    private static int scale(Schema decimal) {
        String scale = decimal.parameters() == null ? null : decimal.parameters().get(Decimal.SCALE_FIELD);
        if (scale == null) {
            throw new DataException("Decimal schema without the " + Decimal.SCALE_FIELD + " parameter");
        }
        return Integer.parseInt(scale);
    }

}
