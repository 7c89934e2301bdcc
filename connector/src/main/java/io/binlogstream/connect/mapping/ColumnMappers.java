package io.binlogstream.connect.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.StringJoiner;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import io.binlogstream.connect.schema.ColumnDef;
import io.binlogstream.connect.schema.ExtendedType;

/**
 * The design's value table in code: each column type to a Connect schema and a cell converter, lossless.
 * Cells arrive as the binlog library (with {@code TemporalDecoder} and byte-array strings) decodes them.
 */
public final class ColumnMappers {

    private ColumnMappers() {
    }

    public static ColumnMapping forColumn(ColumnDef column) {
        return forColumn(column, null, MappingOptions.DEFAULT);
    }

    /**
     * @param extended what the information_schema catalog says the column really is (MariaDB UUID, INET4, INET6,
     *                 JSON), or null: its storage form alone decides
     */
    public static ColumnMapping forColumn(ColumnDef column, ExtendedType extended, MappingOptions options) {
        if (extended != null) {
            return extended(column, extended);
        }
        return switch (column.type()) {
            case TINY -> column.unsigned()
                    ? mapping(SchemaBuilder::int16, cell -> (short) (((Number) cell).intValue() & 0xFF))
                    : mapping(SchemaBuilder::int8, cell -> ((Number) cell).byteValue());
            case SHORT -> column.unsigned()
                    ? mapping(SchemaBuilder::int32, cell -> ((Number) cell).intValue() & 0xFFFF)
                    : mapping(SchemaBuilder::int16, cell -> ((Number) cell).shortValue());
            case INT24 -> column.unsigned()
                    ? mapping(SchemaBuilder::int32, cell -> ((Number) cell).intValue() & 0xFFFFFF)
                    : mapping(SchemaBuilder::int32, ColumnMappers::int32);
            case LONG -> column.unsigned()
                    ? mapping(SchemaBuilder::int64, cell -> ((Number) cell).longValue() & 0xFFFFFFFFL)
                    : mapping(SchemaBuilder::int32, ColumnMappers::int32);
            case LONGLONG -> column.unsigned()
                    ? mapping(() -> SemanticTypes.decimal(20, 0),
                            cell -> new BigDecimal(new BigInteger(Long.toUnsignedString(((Number) cell).longValue()))))
                    : mapping(SchemaBuilder::int64, ColumnMappers::int64);
            case FLOAT -> mapping(SchemaBuilder::float32, cell -> ((Number) cell).floatValue());
            case DOUBLE -> mapping(SchemaBuilder::float64, cell -> ((Number) cell).doubleValue());
            case NEWDECIMAL -> decimal(column);
            case YEAR -> mapping(() -> SemanticTypes.named(Schema.Type.INT16, SemanticTypes.YEAR),
                    cell -> ((Number) cell).shortValue());
            case DATE, NEWDATE -> TemporalMappings.date(options);
            case DATETIME, DATETIME_V2 -> TemporalMappings.dateTime(options);
            case TIMESTAMP, TIMESTAMP_V2 -> TemporalMappings.timestamp(options);
            case TIME, TIME_V2 -> TemporalMappings.time(options);
            case BIT -> bits(column);
            case STRING, VARCHAR, VAR_STRING, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB -> character(column);
            case ENUM -> enumeration(column);
            case SET -> set(column);
            case JSON -> mapping(() -> SemanticTypes.named(Schema.Type.STRING, SemanticTypes.JSON),
                    cell -> MySqlJsonText.toText((byte[]) cell));
            case GEOMETRY -> geometry();
            case VECTOR -> vector();
            default -> throw new UnsupportedColumnTypeException("Column " + column.name() + " has type " + column.type()
                    + ", which binlogstream cannot decode yet");
        };
    }

    private static ColumnMapping extended(ColumnDef column, ExtendedType type) {
        return switch (type) {
            case UUID -> mapping(() -> SemanticTypes.named(Schema.Type.STRING, SemanticTypes.UUID),
                    cell -> NetworkText.uuid(padded((byte[]) cell, 16)));
            case INET4 -> mapping(() -> SemanticTypes.named(Schema.Type.STRING, SemanticTypes.INET4),
                    cell -> NetworkText.inet4(padded((byte[]) cell, 4)));
            case INET6 -> mapping(() -> SemanticTypes.named(Schema.Type.STRING, SemanticTypes.INET6),
                    cell -> NetworkText.inet6(padded((byte[]) cell, 16)));
            case JSON -> {
                ServerTextDecoder text = CollationCharsets.decoder(column.collation());
                yield mapping(() -> SemanticTypes.named(Schema.Type.STRING, SemanticTypes.JSON),
                        cell -> text.decode((byte[]) cell));
            }
        };
    }

    /** A BINARY(n) value as stored: the binlog drops its trailing zero bytes. */
    private static byte[] padded(byte[] bytes, int length) {
        return bytes.length >= length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** A cell as an Integer: the decoder's own Integer as it is (no second boxing), any other number converted. */
    static Object int32(Object cell) {
        return cell instanceof Integer ? cell : ((Number) cell).intValue();
    }

    /** A cell as a Long: the decoder's own Long as it is (no second boxing), any other number converted. */
    static Object int64(Object cell) {
        return cell instanceof Long ? cell : ((Number) cell).longValue();
    }

    private static ColumnMapping mapping(java.util.function.Supplier<SchemaBuilder> schema, CellConverter converter) {
        return new ColumnMapping(schema, converter);
    }

    private static ColumnMapping decimal(ColumnDef column) {
        int precision = column.meta() & 0xFF;
        int scale = column.meta() >> 8;
        return mapping(() -> SemanticTypes.decimal(precision, scale), cell -> ((BigDecimal) cell).setScale(scale));
    }

    private static ColumnMapping bits(ColumnDef column) {
        int width = (column.meta() >> 8) * 8 + (column.meta() & 0xFF);
        if (width == 1) {
            return mapping(SchemaBuilder::bool, cell -> ((BitSet) cell).get(0));
        }
        int length = (width + 7) / 8;
        return mapping(() -> SemanticTypes.named(Schema.Type.BYTES, SemanticTypes.BITS).parameter(SemanticTypes.LENGTH, Integer.toString(width)),
                cell -> {
                    // BitSet bytes are little-endian; BIT values are written big-endian, at the column's full width.
                    byte[] littleEndian = ((BitSet) cell).toByteArray();
                    byte[] bigEndian = new byte[length];
                    for (int i = 0; i < littleEndian.length && i < length; i++) {
                        bigEndian[length - 1 - i] = littleEndian[i];
                    }
                    return bigEndian;
                });
    }

    private static ColumnMapping character(ColumnDef column) {
        Charset charset = CollationCharsets.javaCharset(column.collation());
        if (charset != null) {
            ServerTextDecoder text = CollationCharsets.decoder(column.collation());
            return mapping(SchemaBuilder::string, cell -> text.decode((byte[]) cell));
        }
        boolean fixedLength = column.type() == com.github.shyiko.mysql.binlog.event.deserialization.ColumnType.STRING;
        int length = column.length();
        if (fixedLength) {
            // The binlog drops BINARY(n)'s trailing zero bytes; the column's value keeps them.
            return mapping(SchemaBuilder::bytes, cell -> {
                byte[] bytes = (byte[]) cell;
                return bytes.length >= length ? bytes : Arrays.copyOf(bytes, length);
            });
        }
        return mapping(SchemaBuilder::bytes, cell -> cell);
    }

    private static ColumnMapping enumeration(ColumnDef column) {
        List<String> values = column.values();
        return mapping(() -> SemanticTypes.named(Schema.Type.STRING, SemanticTypes.ENUM)
                .parameter(SemanticTypes.ALLOWED_VALUES, String.join(",", values)), cell -> {
                    int index = ((Number) cell).intValue();
                    // Index 0 is the empty string MySQL stores for an invalid value under permissive sql_mode.
                    return index == 0 ? "" : values.get(index - 1);
                });
    }

    private static ColumnMapping set(ColumnDef column) {
        List<String> values = column.values();
        return mapping(() -> SemanticTypes.named(Schema.Type.STRING, SemanticTypes.SET)
                .parameter(SemanticTypes.ALLOWED_VALUES, String.join(",", values)), cell -> {
                    long bits = ((Number) cell).longValue();
                    StringJoiner joined = new StringJoiner(",");
                    for (int i = 0; i < values.size(); i++) {
                        if ((bits & (1L << i)) != 0) {
                            joined.add(values.get(i));
                        }
                    }
                    return joined.toString();
                });
    }

    private static ColumnMapping geometry() {
        // Value fields are optional and Connect compares struct schemas structurally, so build the same shape.
        // Geometry cannot be part of a primary key, so the key form never occurs.
        Schema structSchema = SemanticTypes.geometry().optional().build();
        return mapping(SemanticTypes::geometry, cell -> {
            // MySQL's internal geometry: a 4-byte little-endian SRID followed by standard WKB.
            byte[] bytes = (byte[]) cell;
            int srid = ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            return new Struct(structSchema).put("srid", srid).put("wkb", Arrays.copyOfRange(bytes, 4, bytes.length));
        });
    }

    private static ColumnMapping vector() {
        return mapping(SemanticTypes::vector, cell -> {
            // MySQL stores a VECTOR as its FLOAT32 elements, little-endian, one after the other.
            byte[] bytes = (byte[]) cell;
            if (bytes.length % Float.BYTES != 0) {
                throw new IllegalArgumentException("VECTOR value of " + bytes.length + " bytes is not a whole number of FLOAT32s");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            List<Float> floats = new ArrayList<>(bytes.length / Float.BYTES);
            while (buffer.hasRemaining()) {
                floats.add(buffer.getFloat());
            }
            return floats;
        });
    }

    /** A column type the connector has no mapping for: the task stops naming the column. */
    public static final class UnsupportedColumnTypeException extends RuntimeException {
        public UnsupportedColumnTypeException(String message) {
            super(message);
        }
    }
}
