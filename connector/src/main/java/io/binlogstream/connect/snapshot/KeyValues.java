package io.binlogstream.connect.snapshot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Key values read from a chunk row in a form that, bound as the next chunk's lower bound, compares exactly as the
 * column does in {@code ORDER BY}: integers as Long or BigInteger (a string bound to an integer column would
 * compare as a double and lose BIGINT precision), DECIMAL as BigDecimal, binary strings as bytes, everything else
 * (character and temporal columns) as the server's text, which the server converts back in the column's own
 * collation or type and never through a client time zone.
 * ENUM and SET key columns are selected as {@code k+0} by {@link ChunkQuery}, so they arrive here as integers.
 */
final class KeyValues {
    private KeyValues() {
    }

    static List<Object> read(ResultSet rs, int count) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Object> key = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            key.add(value(rs, meta, i));
        }
        return key;
    }

    private static Object value(ResultSet rs, ResultSetMetaData meta, int column) throws SQLException {
        Object value;
        switch (meta.getColumnType(column)) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.BIT -> {
                if (meta.getColumnType(column) == Types.BIT && meta.getPrecision(column) > 1) {
                    value = rs.getBytes(column);
                } else {
                    BigDecimal number = rs.getBigDecimal(column);
                    value = number == null ? null : integer(number.toBigIntegerExact());
                }
            }
            case Types.DECIMAL, Types.NUMERIC -> value = rs.getBigDecimal(column);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> value = rs.getBytes(column);
            default -> value = rs.getString(column);
        }
        if (value == null) {
            throw new IllegalStateException("Key column " + meta.getColumnLabel(column) + " is NULL; a chunk key must be NOT NULL");
        }
        return value;
    }

    private static Object integer(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValueExact() : value;
    }

    static void bind(PreparedStatement statement, int first, List<Object> key) throws SQLException {
        for (int i = 0; i < key.size(); i++) {
            Object value = key.get(i);
            int index = first + i;
            if (value instanceof Long l) {
                statement.setLong(index, l);
            } else if (value instanceof BigInteger b) {
                statement.setBigDecimal(index, new BigDecimal(b));
            } else if (value instanceof BigDecimal d) {
                statement.setBigDecimal(index, d);
            } else if (value instanceof byte[] bytes) {
                statement.setBytes(index, bytes);
            } else if (value instanceof String s) {
                statement.setString(index, s);
            } else {
                throw new IllegalArgumentException("Key value of class " + value.getClass().getName() + " cannot bound a chunk");
            }
        }
    }
}
