package io.binlogstream.converters.avro;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Compiles a Connect schema and its Avro schema (from {@link ConnectToAvroSchema}) into a {@link ValueWriter}
 * that writes Connect values straight to an Avro encoder.
 *
 * <p>Why not GenericData: building a GenericRecord per row (and per nested struct) only to walk it again costs
 * an allocation per field and a schema lookup per value. The compiled writer decides everything that depends on
 * the schema once (types, union branch indexes, decimal scale, logical conversions) and then only walks the
 * Struct. It writes exactly what Avro's GenericDatumWriter would for the same data.
 */
public final class ConnectAvroWriter {

    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    private ConnectAvroWriter() {
    }

    public static ValueWriter compile(Schema connect, org.apache.avro.Schema avro) {
        Object dflt = connect.defaultValue();
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            int nullIndex = avro.getTypes().get(0).getType() == org.apache.avro.Schema.Type.NULL ? 0 : 1;
            int valueIndex = 1 - nullIndex;
            ValueWriter inner = base(connect, avro.getTypes().get(valueIndex));
            return (value, out) -> {
                Object v = value == null ? dflt : value;
                if (v == null) {
                    out.writeIndex(nullIndex);
                } else {
                    out.writeIndex(valueIndex);
                    inner.write(v, out);
                }
            };
        }
        ValueWriter inner = base(connect, avro);
        return (value, out) -> {
            Object v = value == null ? dflt : value;
            if (v == null) {
                throw new ValueException("", "null for a required " + describe(connect), null);
            }
            inner.write(v, out);
        };
    }

    private static ValueWriter base(Schema connect, org.apache.avro.Schema avro) {
        String name = connect.name();
        switch (connect.type()) {
            case INT8:
                return (v, out) -> out.writeInt((Byte) v);
            case INT16:
                return (v, out) -> out.writeInt((Short) v);
            case INT32:
                if (Date.LOGICAL_NAME.equals(name)) {
                    return (v, out) -> out.writeInt(days((java.util.Date) v));
                }
                if (Time.LOGICAL_NAME.equals(name)) {
                    return (v, out) -> out.writeInt(millisOfDay((java.util.Date) v));
                }
                return (v, out) -> out.writeInt((Integer) v);
            case INT64:
                if (Timestamp.LOGICAL_NAME.equals(name)) {
                    return (v, out) -> out.writeLong(((java.util.Date) v).getTime());
                }
                return (v, out) -> out.writeLong((Long) v);
            case FLOAT32:
                return (v, out) -> out.writeFloat((Float) v);
            case FLOAT64:
                return (v, out) -> out.writeDouble((Double) v);
            case BOOLEAN:
                return (v, out) -> out.writeBoolean((Boolean) v);
            case STRING:
                return (v, out) -> out.writeString((String) v);
            case BYTES:
                if (Decimal.LOGICAL_NAME.equals(name) && avro.getLogicalType() instanceof org.apache.avro.LogicalTypes.Decimal d) {
                    return decimal(d.getScale(), d.getPrecision());
                }
                return (v, out) -> {
                    if (v instanceof byte[] b) {
                        out.writeBytes(b);
                    } else {
                        out.writeBytes(((ByteBuffer) v).duplicate());
                    }
                };
            case ARRAY:
                return array(connect, avro);
            case MAP:
                return avro.getType() == org.apache.avro.Schema.Type.MAP ? map(connect, avro) : mapEntries(connect, avro);
            case STRUCT:
                return struct(connect, avro);
            default:
                throw new DataException("Connect schema type " + connect.type() + " has no Avro mapping");
        }
    }

    private static ValueWriter decimal(int scale, int precision) {
        return (v, out) -> {
            BigDecimal d = (BigDecimal) v;
            if (d.scale() != scale) {
                try {
                    d = d.setScale(scale, RoundingMode.UNNECESSARY);
                } catch (ArithmeticException e) {
                    throw new DataException("decimal " + d + " does not fit scale " + scale + " without rounding");
                }
            }
            if (d.precision() > precision) {
                throw new DataException("decimal " + d + " has more than the schema's " + precision + " digits");
            }
            out.writeBytes(d.unscaledValue().toByteArray());
        };
    }

    private static ValueWriter array(Schema connect, org.apache.avro.Schema avro) {
        ValueWriter items = compile(connect.valueSchema(), avro.getElementType());
        return (v, out) -> {
            List<?> list = (List<?>) v;
            out.writeArrayStart();
            out.setItemCount(list.size());
            for (Object item : list) {
                out.startItem();
                items.write(item, out);
            }
            out.writeArrayEnd();
        };
    }

    private static ValueWriter map(Schema connect, org.apache.avro.Schema avro) {
        ValueWriter values = compile(connect.valueSchema(), avro.getValueType());
        return (v, out) -> {
            Map<?, ?> map = (Map<?, ?>) v;
            out.writeMapStart();
            out.setItemCount(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.startItem();
                if (e.getKey() == null) {
                    throw new DataException("null map key for a required string key");
                }
                out.writeString((String) e.getKey());
                values.write(e.getValue(), out);
            }
            out.writeMapEnd();
        };
    }

    /** A map with non-string keys: an array of {key, value} records. */
    private static ValueWriter mapEntries(Schema connect, org.apache.avro.Schema avro) {
        org.apache.avro.Schema entry = avro.getElementType();
        ValueWriter keys = compile(connect.keySchema(), entry.getField(ConnectProperties.MAP_ENTRY_KEY).schema());
        ValueWriter values = compile(connect.valueSchema(), entry.getField(ConnectProperties.MAP_ENTRY_VALUE).schema());
        return (v, out) -> {
            Map<?, ?> map = (Map<?, ?>) v;
            out.writeArrayStart();
            out.setItemCount(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.startItem();
                keys.write(e.getKey(), out);
                values.write(e.getValue(), out);
            }
            out.writeArrayEnd();
        };
    }

    private static ValueWriter struct(Schema connect, org.apache.avro.Schema avro) {
        List<Field> fieldList = connect.fields();
        List<org.apache.avro.Schema.Field> avroFields = avro.getFields();
        if (fieldList.size() != avroFields.size()) {
            throw new DataException("Avro record " + avro.getFullName() + " does not match Connect struct " + connect.name());
        }
        Field[] fields = fieldList.toArray(new Field[0]);
        ValueWriter[] writers = new ValueWriter[fields.length];
        for (int i = 0; i < fields.length; i++) {
            writers[i] = compile(fields[i].schema(), avroFields.get(i).schema());
        }
        return (v, out) -> {
            Struct struct = (Struct) v;
            // the writer is compiled for one schema; an equal one has the same field positions
            if (struct.schema() != connect && !struct.schema().equals(connect)) {
                throw new DataException("a Struct of schema " + describe(struct.schema()) + " where " + describe(connect) + " was expected");
            }
            for (int i = 0; i < fields.length; i++) {
                Object fieldValue = struct.get(fields[i]);
                try {
                    writers[i].write(fieldValue, out);
                } catch (RuntimeException e) {
                    throw ValueException.of(fields[i].name(), fieldValue, e);
                }
            }
        };
    }

    private static int days(java.util.Date date) {
        long millis = date.getTime();
        if (millis % MILLIS_PER_DAY != 0) {
            throw new DataException("Connect Date " + date.toInstant() + " is not midnight UTC");
        }
        return (int) (millis / MILLIS_PER_DAY);
    }

    private static int millisOfDay(java.util.Date time) {
        long millis = time.getTime();
        if (millis < 0 || millis >= MILLIS_PER_DAY) {
            throw new DataException("Connect Time " + time.toInstant() + " is outside 00:00..24:00 of 1970-01-01");
        }
        return (int) millis;
    }

    static String describe(Schema schema) {
        return schema.name() != null ? schema.type() + " " + schema.name() : schema.type().toString();
    }
}
